/**
 * The `relations` of a native JSONL line (see `jsonl.ts`): read with every
 * problem named by its field, checked against the line's spans and the
 * schema, and written in canonical form.
 * @internal
 */
import { validateRelations } from '@glossa/core';
import { jsonString, jsonStringRepeated } from './jsonquote.js';
import { annotationFields, optionalString, readSource, readStatus, reportUnknownKeys } from './jsonl-fields.js';
import type { JsonlParseOptions, Report } from './jsonl-fields.js';
import { describeJson, isRecord } from './json-values.js';
import { compareCorpusRelations, SHARED_LAYER } from './model.js';
import type { CorpusRelation, CorpusSpan } from './model.js';

const RELATION_KEYS = ['id', 'from', 'to', 'label', 'directed', 'annotator', 'author', 'status', 'note', 'source'] as const;

/** A relation's field that must be a non-empty string; `undefined` (after reporting) otherwise. */
function requiredString(record: Readonly<Record<string, unknown>>, key: 'from' | 'to' | 'label', at: string, report: Report): string | undefined {
  const value = record[key];
  if (typeof value === 'string' && value !== '') return value;
  const expected = key === 'label' ? 'the relation label id' : `the id of the span the relation ${key === 'from' ? 'starts from' : 'points to'}`;
  report(`${at}.${key}`, `expected ${expected} as a non-empty string, got ${describeJson(value)}`);
  return undefined;
}

/**
 * Reads the `relations` of a line. Each relation's fields are checked, then
 * all of them together against the line's spans and, when given, the
 * schema (`validateRelations`): an end that is no span of the relation's
 * layer, an id used twice in a layer, an unknown label, a direction or ends
 * the label does not allow are errors naming the relation's field.
 */
export function readJsonlRelations(raw: unknown, docId: string, spans: readonly CorpusSpan[], options: JsonlParseOptions, report: Report): CorpusRelation[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    report('relations', `expected an array of relations, got ${describeJson(raw)}`);
    return [];
  }
  const relations: CorpusRelation[] = [];
  const places: string[] = [];
  raw.forEach((rawRelation: unknown, i) => {
    const at = `relations[${i}]`;
    if (!isRecord(rawRelation)) {
      report(at, `expected a relation object with from, to and label, got ${describeJson(rawRelation)}`);
      return;
    }
    let valid = reportUnknownKeys(rawRelation, RELATION_KEYS, `${at}.`, report);
    const field = (key: 'id' | 'annotator' | 'author' | 'note', allowEmpty: boolean): string | undefined => {
      const read = optionalString(rawRelation, key, at, allowEmpty, report);
      if (!read.ok) valid = false;
      return read.value;
    };
    const id = field('id', false) ?? `${docId}:r${i}`;
    const layer = field('annotator', false) ?? SHARED_LAYER;
    const author = field('author', false) ?? layer;
    const note = field('note', true) ?? '';
    const from = requiredString(rawRelation, 'from', at, report);
    const to = requiredString(rawRelation, 'to', at, report);
    const label = requiredString(rawRelation, 'label', at, report);
    const directed = rawRelation['directed'] ?? true;
    if (typeof directed !== 'boolean') {
      report(`${at}.directed`, `expected true or false, got ${describeJson(directed)}`);
      valid = false;
    }
    const status = readStatus(rawRelation['status'], `${at}.status`, report);
    const source = readSource(rawRelation['source'], `${at}.source`, report);
    if (!valid || from === undefined || to === undefined || label === undefined || typeof directed !== 'boolean' || status === undefined || source === undefined) return;
    relations.push({ id, from, to, label, directed, author, status, note, created: options.created ?? 0, source, layer });
    places.push(at);
  });
  for (const error of validateRelations(relations, spans, options.schema)) {
    const at = places[error.index] as string;
    report(`${at}${error.path.slice(`relations[${error.index}]`.length)}`, error.detail);
  }
  return relations.sort(compareCorpusRelations);
}

/**
 * The relations a line writes: those of the written layers whose ends are
 * both written spans, in canonical order (layer, then id).
 */
export function writtenRelations(relations: readonly CorpusRelation[], spans: readonly CorpusSpan[], layers: ReadonlySet<string> | undefined): CorpusRelation[] {
  if (relations.length === 0) return [];
  const written = new Set(spans.map((s) => `${s.layer}\u0000${s.id}`));
  const live = (r: CorpusRelation): boolean => written.has(`${r.layer}\u0000${r.from}`) && written.has(`${r.layer}\u0000${r.to}`);
  return relations.filter((r) => (layers === undefined || layers.has(r.layer)) && live(r)).sort(compareCorpusRelations);
}

/** A relation as a JSON object in canonical form (the text `JSON.stringify` gives for such an object). */
export function relationObject(r: CorpusRelation): string {
  let object = `{"id":${jsonString(r.id)},"from":${jsonString(r.from)},"to":${jsonString(r.to)},"label":${jsonStringRepeated(r.label)}`;
  if (!r.directed) object += ',"directed":false';
  object += annotationFields(r.layer, r.author ?? r.layer, r.status ?? 'proposed', r.note ?? '', r.source ?? 'import');
  return `${object}}`;
}

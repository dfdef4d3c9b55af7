/**
 * doccano sequence-labeling JSONL: `{"id","text","label":[[start,end,label]]}`,
 * offsets in code points; a document with relations is written as a
 * relation-enabled project exports it, `{"id","text","entities":[{"id",
 * "label","start_offset","end_offset"}],"relations":[{"id","from_id",
 * "to_id","type"}]}` (entity and relation ids numbered from 1 in each line).
 * A folder with one `<annotator>.jsonl` per annotator (as doccano exports a
 * non-collaborative project), or `all.jsonl` when consolidated. doccano
 * relations always go from one entity to the other: a relation is read
 * with its label's direction, and fragments are lost (the covering span is
 * written).
 */
import { OffsetIndex, relationLabelById, validateRelations } from '@glossa/core';
import type { LabelSchema } from '@glossa/core';
import type { ExportContext, ExportSink, FormatAdapter, ImportContext, ImportInput, ImportResult } from './adapter.js';
import { runExport } from './exporter.js';
import { safeFileName, splitPath } from './files.js';
import { decodeFiles, gatheredDocuments, importedSpan, isSpanLabel, spanLabelList } from './input.js';
import type { CorpusDocument, CorpusRelation, CorpusSpan, FormatIssue } from './model.js';
import type { ExportLayer } from './prepare.js';
import { relationsInSpanOrder } from './prepare-relations.js';
import { FileFanout } from './sink.js';
import { recordDirectionsFromSchema, recordUncarried, SPANS_AND_RELATIONS } from './uncarried.js';

/** The file of a consolidated export. */
export const DOCCANO_ALL = 'all.jsonl';

/** One line: `label` tuples, or `entities` and `relations` when the layer has relations. */
function doccanoRecord(id: string, text: string, index: OffsetIndex, layer: ExportLayer): Record<string, unknown> {
  if (layer.relations.length === 0) return { id, text, label: layer.spans.map((s) => [index.toCodePoint(s.start), index.toCodePoint(s.end), s.label] as const) };
  const entityIds = new Map(layer.spans.map((s, i) => [s.id, i + 1]));
  return {
    id,
    text,
    entities: layer.spans.map((s, i) => ({ id: i + 1, label: s.label, start_offset: index.toCodePoint(s.start), end_offset: index.toCodePoint(s.end) })),
    relations: relationsInSpanOrder(layer).map((r, i) => ({ id: i + 1, from_id: entityIds.get(r.from), to_id: entityIds.get(r.to), type: r.label })),
  };
}

async function exportDoccano(docs: AsyncIterable<CorpusDocument>, ctx: ExportContext, sink: ExportSink) {
  return runExport('doccano', docs, ctx, sink, async (documents, run) => {
    const fanout = new FileFanout(run.sink);
    for await (const doc of documents) {
      const index = new OffsetIndex(doc.text);
      for (const layer of doc.layers) {
        recordUncarried(doc.id, layer, SPANS_AND_RELATIONS, run.losses);
        recordDirectionsFromSchema(doc.id, layer, ctx.schema, run.losses);
        const path = run.consolidated ? DOCCANO_ALL : `${safeFileName(layer.name)}.jsonl`;
        await fanout.write(path, `${JSON.stringify(doccanoRecord(doc.id, doc.text, index, layer))}\n`);
      }
    }
    await fanout.close();
  });
}

/**
 * Reads doccano JSONL files: each file is one annotator (its stem), except
 * `all.jsonl` and `admin.jsonl`-style collaborative files, which use the
 * context layer. Labels may be `[s,e,l]` or `{start_offset,end_offset,label}`;
 * `entities` is read like `label` (an entity's `id` is its span's id), and
 * `relations` (`{id, from_id, to_id, type}`) join entities of the line.
 * Documents of several files are merged by id.
 */
async function importDoccano(input: ImportInput, ctx: ImportContext): Promise<ImportResult> {
  const issues: FormatIssue[] = [];
  const docs = new Map<string, { text: string; spans: CorpusSpan[]; relations: CorpusRelation[]; file: string; line: number }>();
  for (const { file, text: content } of decodeFiles(input.files, ctx, issues)) {
    const stem = splitPath(file.path).stem;
    const layer = stem === 'all' ? (ctx.layer ?? 'shared') : stem;
    const seenInFile = new Map<string, number>();
    content.split('\n').forEach((raw, i) => {
      const line = i + 1;
      if (raw.trim() === '') return;
      const at = (field: string | undefined, message: string): void => {
        issues.push({ file: file.path, line, ...(field === undefined ? {} : { field }), message });
      };
      let record: unknown;
      try {
        record = JSON.parse(raw);
      } catch (e) {
        at(undefined, `not valid JSON (${(e as Error).message}): expected one JSON object per line`);
        return;
      }
      if (typeof record !== 'object' || record === null || Array.isArray(record)) return at(undefined, 'expected a JSON object');
      const r = record as Record<string, unknown>;
      if (typeof r['text'] !== 'string') return at('text', 'expected a string');
      const text = r['text'];
      const id = typeof r['id'] === 'string' || typeof r['id'] === 'number' ? String(r['id']) : `${stem}-${line}`;
      const first = seenInFile.get(id);
      if (first !== undefined) return at('id', `duplicate document id '${id}' (first on line ${first})`);
      seenInFile.set(id, line);
      const index = new OffsetIndex(text);
      const rawLabels = r['label'] ?? r['entities'] ?? [];
      if (!Array.isArray(rawLabels)) return at('label', 'expected an array of [start, end, label]');
      const spans: CorpusSpan[] = [];
      const entities = r['label'] === undefined && r['entities'] !== undefined ? 'entities' : 'label';
      rawLabels.forEach((entry: unknown, k) => {
        const field = `${entities}[${k}]`;
        let s: unknown, e: unknown, l: unknown;
        let spanId = `${layer}-${k + 1}`;
        if (Array.isArray(entry)) [s, e, l] = entry as unknown[];
        else if (typeof entry === 'object' && entry !== null) {
          const o = entry as Record<string, unknown>;
          [s, e, l] = [o['start_offset'], o['end_offset'], o['label']];
          if (typeof o['id'] === 'number' || typeof o['id'] === 'string') spanId = String(o['id']);
        } else return at(field, 'expected [start, end, label] or {start_offset, end_offset, label}');
        if (!Number.isInteger(s) || !Number.isInteger(e) || typeof l !== 'string') return at(field, 'expected integer start and end and a string label');
        const start = s as number;
        const end = e as number;
        if (!(start >= 0 && start < end)) return at(field, `expected 0 ≤ start < end, got [${start}, ${end})`);
        if (end > index.codePointLength) return at(field, `end ${end} is past the end of the text (${index.codePointLength} code points)`);
        if (!isSpanLabel(ctx.schema, l)) return at(field, `unknown label '${l}': expected one of ${spanLabelList(ctx.schema)}`);
        spans.push(importedSpan({ id: spanId, start: index.toUtf16(start), end: index.toUtf16(end), label: l, layer }));
      });
      const relations = readDoccanoRelations(r['relations'], spans, layer, ctx.schema, at);
      const prev = docs.get(id);
      if (prev === undefined) docs.set(id, { text, spans, relations, file: file.path, line });
      else if (prev.text !== text) at('text', `document '${id}' has a different text than in ${prev.file}:${prev.line}`);
      else {
        prev.spans.push(...spans);
        prev.relations.push(...relations);
      }
    });
  }
  if (issues.length > 0) return { ok: false, errors: issues };
  return { ok: true, value: gatheredDocuments(docs) };
}

/**
 * The `relations` of a line, `[{id, from_id, to_id, type}]`, between the
 * line's entities: the label `type` a relation label of the schema, the
 * direction the label's, the ends checked (`validateRelations`).
 */
function readDoccanoRelations(raw: unknown, spans: readonly CorpusSpan[], layer: string, schema: LabelSchema, at: (field: string | undefined, message: string) => void): CorpusRelation[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    at('relations', 'expected an array of {id, from_id, to_id, type}');
    return [];
  }
  const relations: CorpusRelation[] = [];
  const fields: string[] = [];
  raw.forEach((entry: unknown, k) => {
    const field = `relations[${k}]`;
    const o = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? (entry as Record<string, unknown>) : undefined;
    const isId = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';
    if (o === undefined || !isId(o['from_id']) || !isId(o['to_id']) || typeof o['type'] !== 'string') return at(field, 'expected {id, from_id, to_id, type}: entity ids and the relation label');
    const label = o['type'];
    const definition = relationLabelById(schema, label);
    if (definition === undefined) {
      const known = (schema.relationLabels ?? []).map((l) => l.id);
      return at(`${field}.type`, `unknown relation label '${label}': expected one of ${known.length === 0 ? '(the schema has no relation labels)' : known.join(', ')}`);
    }
    const id = isId(o['id']) ? String(o['id']) : `${layer}-r${k + 1}`;
    relations.push({ id, from: String(o['from_id']), to: String(o['to_id']), label, directed: definition.directed, author: layer, status: 'proposed', note: '', created: 0, source: 'import', layer });
    fields.push(field);
  });
  for (const error of validateRelations(relations, spans, schema)) at(fields[error.index], error.detail);
  return relations;
}

/** doccano sequence-labeling JSONL. */
export const doccanoFormat: FormatAdapter = {
  name: 'doccano',
  description: 'doccano sequence-labeling JSONL ({text, label: [[start, end, label]]}, or entities and relations), one file per annotator',
  consumers: 'doccano (Dataset → Import, "Sequence Labeling", JSONL), scripts reading doccano exports',
  kind: 'folder',
  export: exportDoccano,
  import: importDoccano,
};

/**
 * The checks every imported document passes before anything is written:
 * well-formed text and strings in every field, metadata no deeper than a
 * room holds, valid document and layer ids, spans and document labels
 * valid against the project's schema. Problems are issues naming the file,
 * the record and the field.
 */
import { validateDocumentLabels, validateSpans, type LabelSchema } from '@glossa/core';
import { MAX_VALUE_DEPTH, isRoomId } from '@glossa/collab';
import type { CorpusDocument, CorpusSpan, FormatIssue } from '@glossa/formats';

/** What a valid project, document or layer id is, for messages. */
export const ID_EXPECTATION = "1–128 characters of letters, digits, '.', '_' and '-', starting with a letter, digit or '_'";

/** The layers a document has spans or document labels in, sorted. */
export function layersOf(doc: CorpusDocument): string[] {
  const layers = new Set<string>(doc.spans.map((s) => s.layer));
  for (const [layer, labels] of Object.entries(doc.labels)) if (Object.keys(labels).length > 0) layers.add(layer);
  return [...layers].sort();
}

/**
 * The UTF-16 offset of the first unpaired surrogate of `text`, or -1. Yjs
 * stores text as UTF-8, which cannot hold one: it would come back as U+FFFD.
 */
export function firstLoneSurrogate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return i;
    } else if (code >= 0xdc00 && code <= 0xdfff) return i;
  }
  return -1;
}

/** `unpaired surrogate U+D800 at code point 2; …` for the first unpaired surrogate of `text` at UTF-16 offset `at`. */
export function loneSurrogateMessage(text: string, at: number): string {
  const codePoint = Array.from(text.slice(0, at)).length;
  const unit = text.charCodeAt(at).toString(16).toUpperCase();
  return `unpaired surrogate U+${unit} at code point ${codePoint}; expected well-formed Unicode text`;
}

/** A value that cannot be stored as it is: where it is (a field path) and why. */
interface ValueProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * The first string (key or value) of `value` that is not well-formed
 * Unicode, or the first place it nests deeper than `MAX_VALUE_DEPTH`, with
 * its path below `field` (`meta.source.tags[2]`); undefined when it can be
 * stored exactly. `depth` is the nesting of `value` itself. Never recurses
 * past the depth limit, so any depth of input is safe.
 */
export function firstValueProblem(value: unknown, field: string, depth = 0): ValueProblem | undefined {
  if (depth > MAX_VALUE_DEPTH) {
    return { field, message: `value nested deeper than ${MAX_VALUE_DEPTH} levels of arrays and objects; expected at most ${MAX_VALUE_DEPTH}, the limit of a room` };
  }
  if (typeof value === 'string') {
    const at = firstLoneSurrogate(value);
    return at < 0 ? undefined : { field, message: loneSurrogateMessage(value, at) };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = firstValueProblem(value[i], `${field}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const [key, entry] of Object.entries(value)) {
    const problem = firstKeyProblem(key, field) ?? firstValueProblem(entry, fieldPath(field, key), depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/** `meta.title`, or `meta["a b"]` for a key that is not a plain name. */
function fieldPath(field: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${field}.${key}` : `${field}[${JSON.stringify(key)}]`;
}

/** The problem of an object key that is not well-formed Unicode. */
function firstKeyProblem(key: string, field: string): ValueProblem | undefined {
  const at = firstLoneSurrogate(key);
  return at < 0 ? undefined : { field: fieldPath(field, key), message: `the key has an ${loneSurrogateMessage(key, at)}` };
}

/**
 * Adds an issue for every field of `doc` that cannot be stored exactly: a
 * string that is not well-formed Unicode (Yjs stores strings as UTF-8, so
 * an unpaired surrogate would come back as U+FFFD and two ids could become
 * one) or metadata nested deeper than a room holds. Such input is refused
 * with its path, never altered.
 */
function checkStorable(doc: CorpusDocument, file: string, issues: FormatIssue[]): void {
  const record = doc.id;
  const add = (problem: ValueProblem | undefined): void => {
    if (problem) issues.push({ file, record, ...problem });
  };
  add(firstValueProblem(doc.id, 'id'));
  add(firstValueProblem(doc.text, 'text'));
  const records: readonly [string, readonly object[]][] = [
    ['spans', doc.spans],
    ['relations', doc.relations ?? []],
  ];
  for (const [field, list] of records) {
    list.forEach((entry, index) => {
      for (const [key, value] of Object.entries(entry)) add(firstValueProblem(value, `${field}[${index}].${key}`));
    });
  }
  add(firstValueProblem(doc.labels, 'labels'));
  // A metadata value is stored in the `meta` map: it is at depth 0, as in a room update.
  for (const [key, value] of Object.entries(doc.meta)) add(firstKeyProblem(key, 'meta') ?? firstValueProblem(value, fieldPath('meta', key)));
}

/** Checks one document against the schema (strings, metadata, ids, text, layer names, spans, document labels), adding what is wrong to `issues`. */
export function checkDocument(doc: CorpusDocument, file: string, schema: LabelSchema, issues: FormatIssue[]): void {
  const record = doc.id;
  checkStorable(doc, file, issues);
  if (!isRoomId(doc.id)) {
    issues.push({ file, record, field: 'id', message: `${JSON.stringify(doc.id)} is not a valid document id; expected ${ID_EXPECTATION}` });
  }
  for (const layer of layersOf(doc)) {
    if (!isRoomId(layer)) issues.push({ file, record, field: 'annotator', message: `${JSON.stringify(layer)} is not a valid layer name; expected ${ID_EXPECTATION}` });
  }
  const byLayer = new Map<string, CorpusSpan[]>();
  for (const span of doc.spans) {
    const spans = byLayer.get(span.layer);
    if (spans === undefined) byLayer.set(span.layer, [span]);
    else spans.push(span);
  }
  for (const [layer, spans] of byLayer) {
    for (const error of validateSpans(doc.text, spans, schema)) {
      issues.push({ file, record, field: `layer ${layer}: spans[${error.index}]`, message: error.message });
    }
  }
  for (const [layer, labels] of Object.entries(doc.labels)) {
    for (const error of validateDocumentLabels(labels, schema)) issues.push({ file, record, field: `layer ${layer}: labels`, message: error.message });
  }
}

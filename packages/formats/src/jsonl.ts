/**
 * Native span JSONL: Glossa's own line-per-document format, lossless for
 * spans (fragments included), relations, layers and document labels. This
 * module holds the format's description and its reader; `jsonl-write.ts`
 * writes it, `jsonl-relations.ts` reads and writes its relations.
 *
 * Each line is one JSON object:
 *
 * ```json
 * {"id":"d1","text":"Ban 😀 all spam now",
 *  "spans":[{"id":"s1","start":0,"end":9,"label":"HATE","annotator":"alice","status":"accepted","note":"…","source":"human"},
 *           {"id":"s2","start":0,"end":14,"fragments":[[0,3],[10,14]],"label":"SPAM","annotator":"alice","source":"model:tagger","score":0.82,"modelVersion":"3f2a"}],
 *  "relations":[{"id":"r1","from":"s1","to":"s2","label":"cites","annotator":"alice","source":"human"}],
 *  "labels":{"toxicity":"TOXIC"},"annotatorLabels":{"alice":{"topics":["spam","hate"]}},"meta":{"title":"…"}}
 * ```
 *
 * - `start`/`end` are **Unicode code points** (Python string indices), start
 *   inclusive, end exclusive, `0 ≤ start < end ≤` the text's length.
 * - `fragments` (a discontinuous span) lists at least two `[start, end]`
 *   pairs in code points, sorted, with text between each and the next; the
 *   first starts at `start` and the last ends at `end`, so a reader that
 *   ignores fragments sees the covering span.
 * - A span's `annotator` is its layer; without it the span is in the `shared`
 *   layer. `author` (an extension) names who made a span when that differs
 *   from its layer, as in the shared layer; it defaults to the layer.
 *   `status` defaults to `proposed`, `note` to the empty string, `source`
 *   (`human`, `import`, `model` or `model:<recommender>`) to `import`, and a
 *   missing `id` to `<document id>:<index in the spans array>`. Span ids are
 *   unique per layer. `score` (0 to 1) and `modelVersion` are a model's, for
 *   spans a recommender proposed.
 * - `relations` join two spans of one layer: `from` and `to` are span ids
 *   of the relation's `annotator` (default `shared`), `label` a relation
 *   label, `directed` defaults to `true`; `author`, `status`, `note`,
 *   `source` and a missing `id` (`<document id>:r<index>`) as for spans. A
 *   relation whose end is no span of its layer (dangling) is an error on
 *   reading and is never written.
 * - `labels` holds the document labels of the `shared` layer, a group id
 *   mapped to a value or a list of values. `annotatorLabels` (an extension)
 *   holds the document labels of other layers, keyed by annotator.
 * - `meta` is free-form.
 * - The text is kept exactly: a CRLF inside it stays a CRLF (JSON escapes it as
 *   `\r\n`). Normalizing line breaks is the caller's decision, made before
 *   serializing, never here.
 *
 * The canonical form, which {@link serializeJsonlLine} writes, has keys in
 * the order `id, text, spans, relations, labels, annotatorLabels, meta`; in a
 * span `id, start, end, fragments, label, annotator, author, status, note,
 * source, score, modelVersion`; in a relation `id, from, to, label,
 * directed, annotator, author, status, note, source`. Spans are in canonical
 * order ({@link compareCorpusSpans}), relations by (layer, id); `spans` is
 * always present, `relations` only when there is one; `annotator` is
 * omitted for the shared layer; `author`, `status`, `note`, `source` and
 * `directed` are omitted when they hold their defaults, `fragments`, `score`
 * and `modelVersion` when absent; empty `labels`, `annotatorLabels` and
 * `meta` are omitted; label groups, annotators and `meta` keys sorted
 * (recursively for `meta`); no spaces. Parsing a canonical line and
 * serializing it again gives the same bytes. Creation times are not part of
 * the format: a parsed span or relation gets `created` from the options
 * (default 0).
 *
 * Format version {@link JSONL_FORMAT_VERSION}. Version 1 had no fragments,
 * relations, sources, scores or model versions; a version 1 file reads the
 * same in version 2 (its spans get the defaults, `source: import`). A
 * version 1 reader refuses unknown keys, so it reads a version 2 line only
 * when the line uses none of them (no fragment, relation, score or model
 * version, every span from an import).
 */
import { labelById, OffsetIndex, fail, fragmentsProblem, ok, validateDocumentLabels } from '@glossa/core';
import type { DocumentLabels, LabelSchema, Result, SpanFragment } from '@glossa/core';
import { optionalString, readSource, readStatus, reportUnknownKeys } from './jsonl-fields.js';
import type { JsonlParseOptions, Report } from './jsonl-fields.js';
import { readJsonlRelations } from './jsonl-relations.js';
import { describeJson, isRecord } from './json-values.js';
import { compareCorpusSpans, SHARED_LAYER } from './model.js';
import type { CorpusDocument, CorpusSpan, FormatIssue } from './model.js';

export type { JsonlParseOptions } from './jsonl-fields.js';

/** The version of the JSONL format this code reads and writes (see the module comment). */
export const JSONL_FORMAT_VERSION = 2;

/** The result of parsing a whole JSONL file. */
export interface JsonlParseResult {
  /** The documents of every line that parsed, in file order. */
  readonly documents: CorpusDocument[];
  /** Every problem found, in file order. */
  readonly issues: FormatIssue[];
}

const DOCUMENT_KEYS = ['id', 'text', 'spans', 'relations', 'labels', 'annotatorLabels', 'meta'] as const;
const SPAN_KEYS = ['id', 'start', 'end', 'fragments', 'label', 'annotator', 'author', 'status', 'note', 'source', 'score', 'modelVersion'] as const;
const MAX_LISTED_LABELS = 12;

/**
 * Parses one line of span JSONL into a corpus document with UTF-16 offsets.
 *
 * @param line the line, without its line break.
 * @param lineNumber the 1-based line number used in issues.
 * @returns the document, or every problem of the line, each naming the line
 *   and the field (`corpus.jsonl:3: spans[1].end: 57 is past the end of the
 *   text (52 code points)` once formatted with `formatIssue`).
 */
export function parseJsonlLine(line: string, lineNumber: number, options: JsonlParseOptions = {}): Result<CorpusDocument, FormatIssue> {
  const issues: FormatIssue[] = [];
  const report = (field: string | undefined, message: string): void => {
    issues.push({ ...(options.file === undefined ? {} : { file: options.file }), line: lineNumber, ...(field === undefined ? {} : { field }), message });
  };

  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    report(undefined, `invalid JSON (${error instanceof Error ? error.message : String(error)}); expected one JSON object per line`);
    return fail(issues);
  }
  if (!isRecord(json)) {
    report(undefined, `expected a JSON object with "id" and "text", got ${describeJson(json)}`);
    return fail(issues);
  }
  reportUnknownKeys(json, DOCUMENT_KEYS, '', report);

  const id = json['id'];
  if (typeof id !== 'string' || id === '') report('id', `expected the document id as a non-empty string, got ${describeJson(id)}`);
  const text = json['text'];
  if (typeof text !== 'string') report('text', `expected the document text as a string, got ${describeJson(text)}`);
  const meta = json['meta'];
  if (meta !== undefined && !isRecord(meta)) report('meta', `expected an object, got ${describeJson(meta)}`);

  const docId = typeof id === 'string' ? id : '';
  const index = typeof text === 'string' ? new OffsetIndex(text) : undefined;
  const spans = readSpans(json['spans'], docId, index, options, report);
  const relations = spans === undefined ? [] : readJsonlRelations(json['relations'], docId, spans, options, report);
  const labels = readAllLabels(json, options.schema, report);

  if (issues.length > 0 || typeof text !== 'string' || spans === undefined) return fail(issues);
  const doc: CorpusDocument = { id: docId, text, spans: spans.sort(compareCorpusSpans), labels, meta: isRecord(meta) ? meta : {} };
  return ok(relations.length === 0 ? doc : { ...doc, relations });
}

/**
 * Parses a whole span JSONL file. Blank lines are skipped; every problem of
 * every line is collected, and a line whose document id was already used is
 * reported and left out.
 */
export function parseJsonl(text: string, options: JsonlParseOptions = {}): JsonlParseResult {
  const documents: CorpusDocument[] = [];
  const issues: FormatIssue[] = [];
  const firstLineOfId = new Map<string, number>();
  const lines = text.split('\n');
  lines.forEach((rawLine, i) => {
    const line = i === 0 && rawLine.startsWith('\uFEFF') ? rawLine.slice(1) : rawLine;
    if (line.trim() === '') return;
    const lineNumber = i + 1;
    const result = parseJsonlLine(line, lineNumber, options);
    if (!result.ok) {
      issues.push(...result.errors);
      return;
    }
    const first = firstLineOfId.get(result.value.id);
    if (first !== undefined) {
      issues.push({
        ...(options.file === undefined ? {} : { file: options.file }),
        line: lineNumber,
        field: 'id',
        message: `duplicate document id ${JSON.stringify(result.value.id)} (first on line ${first}); expected each document once`,
      });
      return;
    }
    firstLineOfId.set(result.value.id, lineNumber);
    documents.push(result.value);
  });
  return { documents, issues };
}

function readSpans(
  raw: unknown,
  docId: string,
  index: OffsetIndex | undefined,
  options: JsonlParseOptions,
  report: Report,
): CorpusSpan[] | undefined {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    report('spans', `expected an array of spans, got ${describeJson(raw)}`);
    return undefined;
  }
  const spans: CorpusSpan[] = [];
  const firstIndexOfId = new Map<string, number>();
  raw.forEach((rawSpan: unknown, i) => {
    const at = `spans[${i}]`;
    if (!isRecord(rawSpan)) {
      report(at, `expected a span object with start, end and label, got ${describeJson(rawSpan)}`);
      return;
    }
    let valid = reportUnknownKeys(rawSpan, SPAN_KEYS, `${at}.`, report);
    const field = (key: string, allowEmpty: boolean): string | undefined => {
      const read = optionalString(rawSpan, key, at, allowEmpty, report);
      if (!read.ok) valid = false;
      return read.value;
    };
    const id = field('id', false) ?? `${docId}:${i}`;
    const layer = field('annotator', false) ?? SHARED_LAYER;
    const author = field('author', false) ?? layer;
    const note = field('note', true) ?? '';
    const modelVersion = field('modelVersion', false);
    const source = readSource(rawSpan['source'], `${at}.source`, report);
    if (source === undefined) valid = false;
    const score = rawSpan['score'];
    if (score !== undefined && !(typeof score === 'number' && score >= 0 && score <= 1)) {
      report(`${at}.score`, `expected a number from 0 to 1, got ${describeJson(score)}`);
      valid = false;
    }

    const label = rawSpan['label'];
    if (typeof label !== 'string' || label === '') {
      report(`${at}.label`, `expected the label id as a non-empty string, got ${describeJson(label)}`);
      valid = false;
    } else if (options.schema !== undefined && labelById(options.schema, label) === undefined) {
      report(`${at}.label`, `unknown label ${JSON.stringify(label)}; expected one of the schema's span labels (${listLabels(options.schema)})`);
      valid = false;
    }

    const status = readStatus(rawSpan['status'], `${at}.status`, report);
    if (status === undefined) valid = false;

    const start = readOffset(rawSpan['start'], `${at}.start`, index, report);
    const end = readOffset(rawSpan['end'], `${at}.end`, index, report);
    let fragments: readonly SpanFragment[] | undefined;
    if (start === undefined || end === undefined) valid = false;
    else if (start >= end) {
      report(`${at}.end`, start === end ? `empty span (start = end = ${end}); expected start < end` : `${end} is before start ${start}; expected start < end`);
      valid = false;
    } else if (rawSpan['fragments'] !== undefined) {
      const problem = fragmentsProblem(start, end, rawSpan['fragments']);
      if (problem === undefined) fragments = rawSpan['fragments'] as readonly SpanFragment[];
      else {
        report(`${at}.fragments${problem.index === undefined ? '' : `[${problem.index}]`}`, `${problem.message} (code points)`);
        valid = false;
      }
    }

    const key = `${layer}\u0000${id}`;
    const first = firstIndexOfId.get(key);
    if (first !== undefined) {
      report(`${at}.id`, `duplicate span id ${JSON.stringify(id)} in layer ${JSON.stringify(layer)} (first at spans[${first}]); expected ids unique per layer`);
      valid = false;
    } else firstIndexOfId.set(key, i);

    if (!valid || index === undefined || start === undefined || end === undefined || typeof label !== 'string' || source === undefined || status === undefined) return;
    spans.push({
      id,
      start: index.toUtf16(start),
      end: index.toUtf16(end),
      ...(fragments === undefined ? {} : { fragments: fragments.map(([from, to]): SpanFragment => [index.toUtf16(from), index.toUtf16(to)]) }),
      label,
      author,
      status,
      note,
      created: options.created ?? 0,
      source,
      ...(typeof score === 'number' ? { score } : {}),
      ...(modelVersion === undefined ? {} : { modelVersion }),
      layer,
    });
  });
  return spans;
}

/** Validates a code point offset; `undefined` (after reporting) when it is not usable. */
function readOffset(value: unknown, field: string, index: OffsetIndex | undefined, report: Report): number | undefined {
  if (value === undefined) {
    report(field, 'missing; expected a non-negative integer (code points)');
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    report(field, `expected a non-negative integer (code points), got ${describeJson(value)}`);
    return undefined;
  }
  if (value < 0) {
    report(field, `${value} is negative; expected a non-negative integer (code points)`);
    return undefined;
  }
  if (index !== undefined && value > index.codePointLength) {
    report(field, `${value} is past the end of the text (${index.codePointLength} code points)`);
    return undefined;
  }
  return value;
}

function readAllLabels(json: Readonly<Record<string, unknown>>, schema: LabelSchema | undefined, report: Report): Record<string, DocumentLabels> {
  const result: [string, DocumentLabels][] = [];
  const shared = readLabels(json['labels'], 'labels', schema, report);
  if (shared !== undefined && Object.keys(shared).length > 0) result.push([SHARED_LAYER, shared]);

  const rawOthers = json['annotatorLabels'];
  if (rawOthers === undefined) return Object.fromEntries(result);
  if (!isRecord(rawOthers)) {
    report('annotatorLabels', `expected an object mapping annotators to their document labels, got ${describeJson(rawOthers)}`);
    return Object.fromEntries(result);
  }
  for (const [annotator, raw] of Object.entries(rawOthers)) {
    const field = `annotatorLabels.${annotator}`;
    if (annotator === SHARED_LAYER || annotator === '') {
      report(field, annotator === '' ? 'expected a non-empty annotator id' : `the shared layer's document labels go in "labels"`);
      continue;
    }
    const labels = readLabels(raw, field, schema, report);
    if (labels !== undefined && Object.keys(labels).length > 0) result.push([annotator, labels]);
  }
  return Object.fromEntries(result);
}

function readLabels(raw: unknown, field: string, schema: LabelSchema | undefined, report: Report): DocumentLabels | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) {
    report(field, `expected an object mapping document-label groups to a value or a list of values, got ${describeJson(raw)}`);
    return undefined;
  }
  // Entries and Object.fromEntries, never assignment: a group named "__proto__" stays a plain key.
  const entries: [string, string | readonly string[]][] = [];
  let valid = true;
  for (const [group, value] of Object.entries(raw)) {
    if (typeof value === 'string' && value !== '') entries.push([group, value]);
    else if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string' && v !== '')) entries.push([group, [...value]]);
    else {
      report(`${field}.${group}`, `expected a non-empty string or an array of non-empty strings, got ${describeJson(value)}`);
      valid = false;
    }
  }
  if (!valid) return undefined;
  const labels: DocumentLabels = Object.fromEntries(entries);
  if (schema !== undefined) {
    const errors = validateDocumentLabels(labels, schema);
    for (const error of errors) report(`${field}.${error.group}`, error.message);
    if (errors.length > 0) return undefined;
  }
  return labels;
}

function listLabels(schema: LabelSchema): string {
  const ids = schema.labels.map((label) => label.id);
  if (ids.length === 0) return 'the schema has none';
  return ids.length <= MAX_LISTED_LABELS ? ids.join(', ') : `${ids.slice(0, MAX_LISTED_LABELS).join(', ')}, … ${ids.length - MAX_LISTED_LABELS} more`;
}

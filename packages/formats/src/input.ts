/**
 * Shared checks of importers: size limit, strict UTF-8 decoding naming the
 * bad byte, line-break normalization with offset mapping, label lookups and
 * span construction.
 */
import type { DocumentLabels, LabelSchema, SpanFragment } from '@glossa/core';
import type { ImportContext, ImportFile, ImportResult } from './adapter.js';
import { DEFAULT_MAX_IMPORT_BYTES } from './adapter.js';
import type { CorpusDocument, CorpusRelation, CorpusSpan, FormatIssue } from './model.js';
import { compareCorpusRelations, compareCorpusSpans, SHARED_LAYER } from './model.js';

/** Strict UTF-8 that keeps a byte-order mark in the text (it is removed, or not, by `decodeFile`). */
const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** How a file is decoded. */
export interface DecodeOptions {
  /** Keep a leading byte-order mark in the text (formats whose text is kept exactly). @default false */
  readonly keepByteOrderMark?: boolean;
}

/**
 * Decodes a file's bytes as UTF-8 after checking the size limit. Returns
 * the text (a leading byte-order mark removed unless `keepByteOrderMark`)
 * or an issue naming the file and, for invalid UTF-8, the offset of the
 * first bad byte.
 */
export function decodeFile(file: ImportFile, ctx: ImportContext, options: DecodeOptions = {}): { text: string } | { issue: FormatIssue } {
  const limit = ctx.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  if (file.bytes.length > limit) {
    return { issue: { file: file.path, message: `file is ${file.bytes.length} bytes, over the import limit of ${limit} bytes` } };
  }
  try {
    const text = fatalDecoder.decode(file.bytes);
    return { text: text.charCodeAt(0) === 0xfeff && options.keepByteOrderMark !== true ? text.slice(1) : text };
  } catch {
    const offset = firstInvalidUtf8Byte(file.bytes);
    return { issue: { file: file.path, message: `invalid UTF-8 at byte offset ${offset}: expected a UTF-8 text file` } };
  }
}

/**
 * Decodes files one by one ({@link decodeFile}), yielding each file that
 * decodes with its text; a file that does not is reported in `issues` and
 * skipped.
 */
export function* decodeFiles(files: readonly ImportFile[], ctx: ImportContext, issues: FormatIssue[], options: DecodeOptions = {}): Generator<{ file: ImportFile; text: string }> {
  for (const file of files) {
    const decoded = decodeFile(file, ctx, options);
    if ('issue' in decoded) issues.push(decoded.issue);
    else yield { file, text: decoded.text };
  }
}

/** An importer's answer: every issue when there is any (never a partial result), otherwise the documents. */
export function importResult(issues: FormatIssue[], documents: CorpusDocument[]): ImportResult {
  return issues.length > 0 ? { ok: false, errors: issues } : { ok: true, value: documents };
}

/** What an importer gathered of one document, from one or several files. */
export interface GatheredDocument {
  readonly text: string;
  readonly spans: CorpusSpan[];
  readonly relations: CorpusRelation[];
  readonly labels?: Record<string, DocumentLabels>;
}

/** The documents an importer gathered, by id, as corpus documents: spans and relations in canonical order, no metadata. */
export function gatheredDocuments(docs: ReadonlyMap<string, GatheredDocument>): CorpusDocument[] {
  return [...docs.entries()].map(([id, d]): CorpusDocument => ({
    id,
    text: d.text,
    spans: d.spans.sort(compareCorpusSpans),
    ...(d.relations.length === 0 ? {} : { relations: d.relations.sort(compareCorpusRelations) }),
    labels: d.labels ?? {},
    meta: {},
  }));
}

/** The offset of the first byte that is not part of a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Replaces CRLF and lone CR line breaks by LF, returning the new text and a
 * function mapping UTF-16 offsets of the old text to the new one.
 */
export function normalizeLineBreaks(text: string): {
  /** The text with LF line breaks only. */
  text: string;
  /** Maps a UTF-16 offset of the old text to the new one. */
  map: (offset: number) => number;
} {
  if (!text.includes('\r')) return { text, map: (o) => o };
  const removedBefore: number[] = []; // positions (old) of removed CRs, ascending
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r') {
      if (text[i + 1] === '\n') {
        removedBefore.push(i);
        continue;
      }
      out += '\n';
      continue;
    }
    out += c;
  }
  return {
    text: out,
    map: (offset) => {
      let lo = 0;
      let hi = removedBefore.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((removedBefore[mid] as number) < offset) lo = mid + 1;
        else hi = mid;
      }
      return offset - lo;
    },
  };
}

/** Splits a text into lines (LF or CRLF), without the breaks. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Whether a label id is a span label of the schema. */
export function isSpanLabel(schema: LabelSchema, label: string): boolean {
  return schema.labels.some((l) => l.id === label);
}

/** The span label ids of a schema, for messages. */
export function spanLabelList(schema: LabelSchema): string {
  const ids = schema.labels.map((l) => l.id);
  return ids.length > 12 ? `${ids.slice(0, 12).join(', ')}, …` : ids.join(', ');
}

/**
 * Maps flat document-label values (`["TOXIC"]`) to their groups: each
 * value must belong to exactly one of the schema's document-label groups.
 * Returns the labels, or the message for the first value that belongs to
 * no group or to several, or that is a second value of a single-choice
 * group. `groupField` names the field of the format that could name the
 * group (W3C `glossa:group`), for the message about a value of several
 * groups.
 */
export function groupDocumentLabels(schema: LabelSchema, values: readonly string[], groupField?: string): { labels: DocumentLabels } | { error: string } {
  const out: Record<string, string | string[]> = {};
  for (const value of values) {
    const groups = schema.documentLabels.filter((g) => g.values.includes(value));
    const group = groups[0];
    if (group === undefined) {
      const allowed = schema.documentLabels.flatMap((g) => g.values);
      return { error: `unknown document label '${value}': expected one of ${allowed.join(', ') || '(the schema has no document labels)'}` };
    }
    if (groups.length > 1) {
      const expected = groupField === undefined ? 'a schema whose document-label values belong to one group each' : `"${groupField}" naming one`;
      return { error: `document label '${value}' is a value of several groups (${groups.map((g) => g.id).join(', ')}): expected ${expected}` };
    }
    if (group.choice === 'single') {
      const prev = out[group.id];
      if (prev !== undefined && prev !== value) return { error: `document-label group '${group.id}' takes one value, got '${String(prev)}' and '${value}'` };
      out[group.id] = value;
    } else {
      const prev = out[group.id];
      const list = Array.isArray(prev) ? prev : [];
      if (!list.includes(value)) list.push(value);
      out[group.id] = list.sort();
    }
  }
  return { labels: out };
}

/** Flattens document labels to their values, sorted by group then value. */
export function flattenDocumentLabels(labels: DocumentLabels): string[] {
  return Object.keys(labels)
    .sort()
    .flatMap((g) => {
      const v = labels[g] as string | readonly string[];
      return typeof v === 'string' ? [v] : [...v].sort();
    });
}

/** The fields of an imported span that files may leave out. */
export interface ImportedSpanFields {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly label: string;
  readonly layer?: string;
  readonly status?: CorpusSpan['status'];
  readonly note?: string;
  readonly author?: string;
  readonly created?: number;
  readonly fragments?: readonly SpanFragment[];
  readonly score?: number;
}

/** Builds a span with import defaults: author = layer, status `proposed`, no note, created 0, source `import`. */
export function importedSpan(fields: ImportedSpanFields): CorpusSpan {
  const layer = fields.layer ?? SHARED_LAYER;
  return {
    id: fields.id,
    start: fields.start,
    end: fields.end,
    ...(fields.fragments === undefined ? {} : { fragments: fields.fragments }),
    ...(fields.score === undefined ? {} : { score: fields.score }),
    label: fields.label,
    layer,
    author: fields.author ?? layer,
    status: fields.status ?? 'proposed',
    note: fields.note ?? '',
    created: fields.created ?? 0,
    source: 'import',
  };
}

/** Finds duplicate values, returning each duplicate once. */
export function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) dup.add(v);
    seen.add(v);
  }
  return [...dup];
}

/**
 * brat standoff: `<doc>.txt` and `<doc>.ann` (T lines with code point
 * offsets, `#` AnnotatorNotes for notes, `A` Status lines for statuses),
 * document labels in `<doc>.labels.json`. One sub-folder per annotator when
 * not consolidated.
 */
import { OffsetIndex } from '@glossa/core';
import type { ExportContext, ExportSink, FormatAdapter, ImportContext, ImportInput, ImportResult } from './adapter.js';
import { runExport } from './exporter.js';
import { safeFileName, splitPath } from './files.js';
import { decodeFiles, flattenDocumentLabels, groupDocumentLabels, importedSpan, isSpanLabel, normalizeLineBreaks, spanLabelList } from './input.js';
import type { CorpusDocument, CorpusSpan, FormatIssue } from './model.js';
import { compareCorpusSpans } from './model.js';
import type { ExportLayer } from './prepare.js';
import { ANNOTATION_STATUSES } from '@glossa/core';
import type { AnnotationStatus, DocumentLabels } from '@glossa/core';

/** The `.ann` content of one layer. Spans crossing line breaks are written as fragments split at the breaks. */
export function bratAnn(text: string, layer: ExportLayer): string {
  const index = new OffsetIndex(text);
  let out = '';
  let notes = 0;
  let attrs = 0;
  layer.spans.forEach((s, i) => {
    const t = `T${i + 1}`;
    const fragments: [number, number][] = [];
    let from = s.start;
    for (let nl = text.indexOf('\n', from); nl >= 0 && nl < s.end; nl = text.indexOf('\n', from)) {
      if (nl > from) fragments.push([from, nl]);
      from = nl + 1;
    }
    if (s.end > from) fragments.push([from, s.end]);
    if (fragments.length === 0) fragments.push([s.start, s.end]);
    const offsets = fragments.map(([a, b]) => `${index.toCodePoint(a)} ${index.toCodePoint(b)}`).join(';');
    out += `${t}\t${s.label} ${offsets}\t${fragments.map(([a, b]) => text.slice(a, b)).join(' ')}\n`;
    if (s.status !== 'proposed') out += `A${++attrs}\tStatus ${t} ${s.status}\n`;
    if (s.note !== '') out += `#${++notes}\tAnnotatorNotes ${t}\t${s.note.replace(/[\t\r\n]+/g, ' ')}\n`;
  });
  return out;
}

async function exportBrat(docs: AsyncIterable<CorpusDocument>, ctx: ExportContext, sink: ExportSink) {
  return runExport('brat', docs, ctx, sink, async (documents, run) => {
    for await (const doc of documents) {
      const name = safeFileName(doc.id);
      for (const layer of doc.layers) {
        const dir = run.consolidated ? '' : `${safeFileName(layer.name)}/`;
        await run.sink.writeFile(`${dir}${name}.txt`, doc.text);
        await run.sink.writeFile(`${dir}${name}.ann`, bratAnn(doc.text, layer));
        if (Object.keys(layer.labels).length > 0) await run.sink.writeFile(`${dir}${name}.labels.json`, `${JSON.stringify(flattenDocumentLabels(layer.labels))}\n`);
      }
    }
  });
}

/** What a file of a brat folder holds, by its name: text, annotations, document labels, or nothing brat reads. */
function bratFileKind(path: string): 'txt' | 'ann' | 'labels' | undefined {
  const { ext, base } = splitPath(path);
  return base.endsWith('.labels.json') ? 'labels' : ext === '.txt' ? 'txt' : ext === '.ann' ? 'ann' : undefined;
}

/**
 * Reads brat folders: `.txt`/`.ann` pairs by base name (a sub-folder names
 * the annotator), with brat's checks: line prefix, offsets within the text
 * (code points, text read with LF line breaks), fragment text equal to the
 * text field, known labels, unique ids, targets of `A` and `#` lines.
 */
async function importBrat(input: ImportInput, ctx: ImportContext): Promise<ImportResult> {
  const issues: FormatIssue[] = [];
  const byKey = new Map<string, { txt?: string; ann?: string; labels?: string; dir: string; stem: string; annPath?: string; labelsPath?: string }>();
  for (const { file, text: content } of decodeFiles(input.files.filter((f) => bratFileKind(f.path) !== undefined), ctx, issues)) {
    const { dir, stem, base } = splitPath(file.path);
    const kind = bratFileKind(file.path);
    const docStem = kind === 'labels' ? base.slice(0, -'.labels.json'.length) : stem;
    const key = `${dir}/${docStem}`;
    const entry = byKey.get(key) ?? { dir, stem: docStem };
    if (kind === 'txt') entry.txt = content;
    else if (kind === 'ann') {
      entry.ann = content;
      entry.annPath = file.path;
    } else {
      entry.labels = content;
      entry.labelsPath = file.path;
    }
    byKey.set(key, entry);
  }
  const docs = new Map<string, { text: string; spans: CorpusSpan[]; labels: Record<string, DocumentLabels> }>();
  for (const [key, e] of [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (e.txt === undefined) {
      issues.push({ file: e.annPath ?? e.labelsPath ?? key, message: `no ${e.stem}.txt beside it: expected a .txt file with the same base name` });
      continue;
    }
    const layer = e.dir === '' ? (ctx.layer ?? 'shared') : (e.dir.split('/').pop() as string);
    const text = normalizeLineBreaks(e.txt).text;
    const spans = e.ann === undefined ? [] : parseAnn(e.ann, text, layer, e.annPath ?? key, ctx, issues);
    const doc = docs.get(e.stem) ?? { text, spans: [], labels: {} };
    if (doc.text !== text) issues.push({ file: `${key}.txt`, message: `the text differs from another annotator's ${e.stem}.txt: expected the same text in every folder` });
    doc.spans.push(...spans);
    if (e.labels !== undefined) {
      const values = parseLabelList(e.labels);
      if (values === undefined) issues.push({ file: e.labelsPath, message: 'expected a JSON array of document-label values' });
      else {
        const grouped = groupDocumentLabels(ctx.schema, values);
        if ('error' in grouped) issues.push({ file: e.labelsPath, message: grouped.error });
        else doc.labels[layer] = grouped.labels;
      }
    }
    docs.set(e.stem, doc);
  }
  if (issues.length > 0) return { ok: false, errors: issues };
  return { ok: true, value: [...docs.entries()].map(([id, d]) => ({ id, text: d.text, spans: d.spans.sort(compareCorpusSpans), labels: d.labels, meta: {} })) };
}

function parseLabelList(text: string): string[] | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
  } catch {
    return undefined;
  }
}

function parseAnn(ann: string, text: string, layer: string, file: string, ctx: ImportContext, issues: FormatIssue[]): CorpusSpan[] {
  const index = new OffsetIndex(text);
  const spans = new Map<string, { start: number; end: number; label: string; status: AnnotationStatus; note: string }>();
  const ids = new Set<string>();
  ann.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (l.trim() === '') return;
    const at = (field: string | undefined, message: string): void => void issues.push({ file, line, ...(field === undefined ? {} : { field }), message });
    const [id, data, tail] = l.split('\t');
    if (id === undefined || data === undefined) return at(undefined, 'expected ID<TAB>DATA');
    if (id !== '*' && ids.has(id)) return at('id', `duplicate annotation id '${id}'`);
    ids.add(id);
    if (id.startsWith('T')) {
      const m = /^(\S+) (\d+ \d+(?:;\d+ \d+)*)$/.exec(data);
      if (m === null) return at('data', `expected 'LABEL start end[;start end…]', got '${data}'`);
      const label = m[1] as string;
      if (!isSpanLabel(ctx.schema, label)) return at('label', `unknown label '${label}': expected one of ${spanLabelList(ctx.schema)}`);
      const fragments = (m[2] as string).split(';').map((f) => f.split(' ').map(Number) as [number, number]);
      for (const [a, b] of fragments) {
        if (a > b) return at('offsets', `start ${a} is after end ${b}`);
        if (b > index.codePointLength) return at('offsets', `end ${b} is past the end of the text (${index.codePointLength} code points)`);
      }
      const quote = fragments.map(([a, b]) => text.slice(index.toUtf16(a), index.toUtf16(b))).join(' ');
      if (tail !== undefined && tail !== quote) return at('text', `text '${tail}' does not match the text at the offsets: '${quote}'`);
      const first = fragments[0] as [number, number];
      const last = fragments[fragments.length - 1] as [number, number];
      spans.set(id, { start: index.toUtf16(first[0]), end: index.toUtf16(last[1]), label, status: 'proposed', note: '' });
    } else if (id.startsWith('A') || id.startsWith('M')) {
      const [name, target, value] = data.split(' ');
      const span = target === undefined ? undefined : spans.get(target);
      if (span === undefined) return at('target', `unknown target '${target ?? ''}': expected the id of an earlier T line`);
      if (name === 'Status') {
        if (!ANNOTATION_STATUSES.includes(value as AnnotationStatus)) return at('value', `unknown status '${value ?? ''}': expected ${ANNOTATION_STATUSES.join(', ')}`);
        span.status = value as AnnotationStatus;
      }
    } else if (id.startsWith('#')) {
      const [, target] = data.split(' ');
      const span = target === undefined ? undefined : spans.get(target);
      if (span === undefined) return at('target', `unknown target '${target ?? ''}': expected the id of an earlier T line`);
      span.note = tail ?? '';
    } else if (!/^[RENM*]/.test(id)) {
      return at('id', `unknown annotation type '${id}': expected an id starting with T, R, E, A, M, N, # or *`);
    }
  });
  return [...spans.entries()].map(([id, s]) => importedSpan({ id, ...s, layer }));
}

/** brat standoff. */
export const bratFormat: FormatAdapter = {
  name: 'brat',
  description: 'brat standoff: <doc>.txt + <doc>.ann (T lines in code points, # notes, A status), one folder per annotator',
  consumers: 'brat and INCEpTION (brat import), the `brat_parser`/`bratreader` Python readers, PubTator converters',
  kind: 'folder',
  export: exportBrat,
  import: importBrat,
};

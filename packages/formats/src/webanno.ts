/**
 * WebAnno TSV 3.3 (INCEpTION): one file per document (`<annotator>/<doc>.tsv`
 * when not consolidated), a span layer `webanno.custom.Span|label`, offsets
 * in UTF-16 code units, `[N]` ids on multi-token and stacked annotations,
 * reserved characters backslash-escaped (FORMATS.md §9).
 */
import type { ExportContext, ExportSink, FormatAdapter, ImportContext, ImportInput, ImportResult } from './adapter.js';
import { runExport } from './exporter.js';
import { safeFileName, splitPath } from './files.js';
import { decodeFiles, importedSpan, isSpanLabel, spanLabelList } from './input.js';
import type { CorpusDocument, CorpusSpan, FormatIssue } from './model.js';
import { compareCorpusSpans } from './model.js';
import type { ExportDocument, ExportLayer } from './prepare.js';
import type { LossRecorder } from './report.js';
import { splitSentences } from './sentences.js';
import { alignSpan } from './tagging.js';
import { tokenize } from './tokenizer.js';
import { recordUncarried } from './uncarried.js';

/** The span layer and feature written in the header. */
export const WEBANNO_LAYER = 'webanno.custom.Span|label';

/** Escapes WebAnno TSV reserved characters: `\ [ ] | _ -> ; TAB LF *`. */
export function escapeTsv(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/->/g, '\\->').replace(/([[\]|_;*])/g, '\\$1').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Undoes `escapeTsv`. */
export function unescapeTsv(value: string): string {
  return value.replace(/\\(->|[\\[\]|_;*]|t|n|r)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c));
}

/** The TSV of one document layer. */
export function webannoTsv(doc: Pick<ExportDocument, 'id' | 'text'>, layer: ExportLayer, losses: LossRecorder): string {
  recordUncarried(doc.id, layer, { notes: false, statuses: false, documentLabels: false, fragments: false, relations: false, relationNotes: false, relationStatuses: false, scores: false, modelVersions: false }, losses);
  const tokens = tokenize(doc.text);
  const perToken: { label: string; n: number }[][] = tokens.map(() => []);
  const aligned: { first: number; last: number; label: string }[] = [];
  for (const s of layer.spans) {
    const a = alignSpan(tokens, s, { document: doc.id, layer: layer.name }, losses);
    if (a !== undefined) aligned.push({ first: a.first, last: a.last, label: s.label });
  }
  const stacked = (c: { first: number; last: number }): boolean => aligned.some((o) => o !== c && o.first < c.last && c.first < o.last);
  let next = 1;
  for (const c of aligned) {
    const n = c.last - c.first > 1 || stacked(c) ? next++ : 0;
    for (let i = c.first; i < c.last; i++) (perToken[i] as { label: string; n: number }[]).push({ label: c.label, n });
  }
  let out = `#FORMAT=WebAnno TSV 3.3\n#T_SP=${WEBANNO_LAYER}\n\n\n`;
  splitSentences(doc.text, tokens).forEach((s, si) => {
    const first = tokens[s.first] as { start: number };
    const last = tokens[s.last - 1] as { end: number };
    out += `#Text=${escapeTsv(doc.text.slice(first.start, last.end))}\n`;
    for (let i = s.first; i < s.last; i++) {
      const t = tokens[i] as { start: number; end: number; text: string };
      const anns = perToken[i] as { label: string; n: number }[];
      const value = anns.length === 0 ? '_' : anns.map((a) => `${escapeTsv(a.label)}${a.n === 0 ? '' : `[${a.n}]`}`).join('|');
      out += `${si + 1}-${i - s.first + 1}\t${t.start}-${t.end}\t${escapeTsv(t.text)}\t${value}\n`;
    }
    out += '\n';
  });
  return out;
}

async function exportWebanno(docs: AsyncIterable<CorpusDocument>, ctx: ExportContext, sink: ExportSink) {
  return runExport('webanno', docs, ctx, sink, async (documents, run) => {
    for await (const doc of documents) {
      for (const layer of doc.layers) {
        const dir = run.consolidated ? '' : `${safeFileName(layer.name)}/`;
        await run.sink.writeFile(`${dir}${safeFileName(doc.id)}.tsv`, webannoTsv(doc, layer, run.losses));
      }
    }
  });
}

/**
 * Reads WebAnno TSV 3.3 files: the first span layer's first feature is the
 * label. The text is rebuilt from the sentences at their UTF-16 offsets
 * (gaps filled with spaces, a line break between sentences). A sub-folder
 * names the annotator.
 */
async function importWebanno(input: ImportInput, ctx: ImportContext): Promise<ImportResult> {
  const issues: FormatIssue[] = [];
  const docs = new Map<string, { text: string; spans: CorpusSpan[]; file: string }>();
  for (const { file, text: content } of decodeFiles(input.files.filter((f) => f.path.endsWith('.tsv')), ctx, issues)) {
    const { dir, stem } = splitPath(file.path);
    const layer = dir === '' ? (ctx.layer ?? 'shared') : (dir.split('/').pop() as string);
    const lines = content.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    const at = (line: number, field: string | undefined, message: string): void => void issues.push({ file: file.path, line, ...(field === undefined ? {} : { field }), message });
    if (lines[0] !== '#FORMAT=WebAnno TSV 3.3') {
      at(1, undefined, `expected '#FORMAT=WebAnno TSV 3.3', got '${lines[0] ?? ''}'`);
      continue;
    }
    let text = '';
    const open = new Map<string, { start: number; end: number; label: string; line: number }>();
    const spans: { start: number; end: number; label: string; line: number }[] = [];
    let sentenceText: string | undefined;
    let failed = false;
    let lastEnd = 0;
    lines.forEach((line, i) => {
      if (line.startsWith('#Text=')) {
        sentenceText = unescapeTsv(line.slice(6));
        return;
      }
      if (line === '' || line.startsWith('#')) return;
      const cols = line.split('\t');
      const m = /^(\d+)-(\d+)(?:\.\d+)?$/.exec(cols[0] ?? '');
      const o = /^(\d+)-(\d+)$/.exec(cols[1] ?? '');
      if (m === null || o === null || cols.length < 4) {
        failed = true;
        return at(i + 1, undefined, `expected 'sentence-token<TAB>begin-end<TAB>token<TAB>label', got '${line}'`);
      }
      const begin = Number(o[1]);
      const end = Number(o[2]);
      const token = unescapeTsv(cols[2] as string);
      if (end - begin !== token.length) {
        failed = true;
        return at(i + 1, 'offsets', `token '${token}' has ${token.length} UTF-16 units but offsets ${begin}-${end}`);
      }
      if (begin < lastEnd) {
        failed = true;
        return at(i + 1, 'offsets', `begin ${begin} is before the end of the previous token (${lastEnd}): expected ascending offsets`);
      }
      lastEnd = end;
      if (sentenceText !== undefined) {
        // A new sentence: place its whole text, after a line break.
        if (text.length > 0 && begin > text.length) text += '\n';
        text += ' '.repeat(Math.max(0, begin - text.length));
        if (!sentenceText.startsWith(token)) {
          failed = true;
          return at(i + 1, 'token', `token '${token}' does not start the sentence text '${sentenceText}'`);
        }
        text += sentenceText;
        sentenceText = undefined;
      } else if (text.slice(begin, end) !== token) {
        failed = true;
        return at(i + 1, 'token', `token '${token}' does not match the sentence text at ${begin}-${end} ('${text.slice(begin, end)}')`);
      }
      const value = cols[3] as string;
      if (value === '_' || value === '*') return;
      for (const part of value.split(/(?<!\\)\|/)) {
        const pm = /^(.*?)(?:\[(\d+)\])?$/.exec(part) as RegExpExecArray;
        const label = unescapeTsv(pm[1] as string);
        if (!isSpanLabel(ctx.schema, label)) {
          failed = true;
          at(i + 1, 'label', `unknown label '${label}': expected one of ${spanLabelList(ctx.schema)}`);
          continue;
        }
        if (pm[2] === undefined) spans.push({ start: begin, end, label, line: i + 1 });
        else {
          const key = pm[2];
          const prev = open.get(key);
          if (prev === undefined) {
            const s = { start: begin, end, label, line: i + 1 };
            open.set(key, s);
            spans.push(s);
          } else prev.end = end;
        }
      }
    });
    if (failed) continue;
    const id = stem;
    const prev = docs.get(id);
    const built = spans.map((s, k) => importedSpan({ id: `${layer}-${k + 1}`, start: s.start, end: s.end, label: s.label, layer }));
    if (prev === undefined) docs.set(id, { text, spans: built, file: file.path });
    else if (prev.text !== text) at(1, undefined, `the text differs from ${prev.file}: expected the same document text for every annotator`);
    else prev.spans.push(...built);
  }
  if (issues.length > 0) return { ok: false, errors: issues };
  return { ok: true, value: [...docs.entries()].map(([id, d]) => ({ id, text: d.text, spans: d.spans.sort(compareCorpusSpans), labels: {}, meta: {} })) };
}

/** WebAnno TSV 3.3. */
export const webannoFormat: FormatAdapter = {
  name: 'webanno',
  description: 'WebAnno TSV 3.3 (UTF-16 offsets, stacked [N] ids, escaping), one file per document and annotator',
  consumers: 'INCEpTION and WebAnno (import as "WebAnno TSV v3"), DKPro Core readers',
  kind: 'folder',
  export: exportWebanno,
  import: importWebanno,
};

/**
 * CoNLL-2003 column format: `token -X- _ TAG` per line, a blank line after
 * each sentence, `-DOCSTART- -X- -X- O` and a blank line before each document.
 */
import type { ExportContext, FormatAdapter, ImportContext, ImportInput, ImportResult, TagScheme } from './adapter.js';
import { runExport, sidecarName, mainFileName } from './exporter.js';
import { decodeFiles, importResult, importedSpan, isSpanLabel, spanLabelList, splitLines } from './input.js';
import type { CorpusDocument, CorpusSpan, FormatIssue } from './model.js';
import { compareCorpusSpans } from './model.js';
import type { ExportDocument, ExportLayer } from './prepare.js';
import type { LossRecorder } from './report.js';
import { FileFanout } from './sink.js';
import { chunksFromSpans, chunksFromTags, tagChunks } from './tagging.js';
import { splitSentences } from './sentences.js';
import { tokenize } from './tokenizer.js';
import { recordUncarried } from './uncarried.js';

/** The line that starts each document. */
export const CONLL_DOCSTART = '-DOCSTART- -X- -X- O';
const EXTENSION = '.conll';

/**
 * The CoNLL lines of one document layer, ending with a blank line. Overlaps,
 * spans off token boundaries, notes, statuses and document labels are recorded.
 */
export function conllDocument(doc: Pick<ExportDocument, 'id' | 'text'>, layer: ExportLayer, scheme: TagScheme, losses: LossRecorder): string {
  recordUncarried(doc.id, layer, { notes: false, statuses: false, documentLabels: false }, losses);
  const tokens = tokenize(doc.text);
  const chunks = chunksFromSpans(tokens, layer.spans, losses, doc.id);
  const tags = tagChunks(tokens.length, chunks, scheme);
  const keep = chunks.map((c) => ({ start: tokens[c.first]?.start ?? 0, end: tokens[c.last - 1]?.end ?? 0 }));
  let out = `${CONLL_DOCSTART}\n\n`;
  for (const s of splitSentences(doc.text, tokens, keep)) {
    for (let i = s.first; i < s.last; i++) out += `${(tokens[i] as { text: string }).text} -X- _ ${tags[i] as string}\n`;
    out += '\n';
  }
  return out;
}

async function exportConll(docs: AsyncIterable<CorpusDocument>, ctx: ExportContext, sink: Parameters<NonNullable<FormatAdapter['export']>>[2]) {
  return runExport('conll', docs, ctx, sink, async (documents, run) => {
    const scheme = ctx.scheme ?? 'bio';
    const main = mainFileName(ctx, EXTENSION);
    const fanout = new FileFanout(run.sink);
    if (run.consolidated) fanout.open(main);
    for await (const doc of documents) {
      for (const layer of doc.layers) {
        const path = run.consolidated ? main : sidecarName(main, EXTENSION, `.${layer.name}${EXTENSION}`);
        await fanout.write(path, conllDocument(doc, layer, scheme, run.losses));
      }
    }
    await fanout.close();
  });
}

/**
 * Reads CoNLL files: documents split at `-DOCSTART-` lines, the first column
 * the token, the last the tag (BIO, IOB1 or BIOES). A document's text is its
 * tokens joined by spaces, its sentences joined by line breaks. Documents are
 * named `<file stem>-<n>`; a file `<stem>.<layer>.conll` gives that layer.
 */
async function importConll(input: ImportInput, ctx: ImportContext): Promise<ImportResult> {
  const issues: FormatIssue[] = [];
  const documents: CorpusDocument[] = [];
  for (const { file, text: content } of decodeFiles(input.files, ctx, issues)) {
    const base = file.path.split('/').pop() ?? file.path;
    const parts = base.replace(/\.(conll|txt|iob|bio)$/i, '').split('.');
    const stem = parts[0] as string;
    const layer = parts.length > 1 ? (parts[parts.length - 1] as string) : (ctx.layer ?? 'shared');
    const lines = splitLines(content);
    let current: { startLine: number; sentences: { token: string; tag: string; line: number }[][] } | undefined;
    const finish = (): void => {
      if (current === undefined) return;
      const doc = conllToDocument(`${stem}-${documents.length + 1}`, current.sentences, layer, file.path, ctx, issues);
      if (doc !== undefined) documents.push(doc);
      current = undefined;
    };
    let sentence: { token: string; tag: string; line: number }[] = [];
    lines.forEach((raw, i) => {
      const line = raw.trim();
      if (line.startsWith('-DOCSTART-')) {
        if (sentence.length > 0) current?.sentences.push(sentence);
        sentence = [];
        finish();
        current = { startLine: i + 1, sentences: [] };
        return;
      }
      if (line === '') {
        if (sentence.length > 0) {
          if (current === undefined) current = { startLine: i + 1, sentences: [] };
          current.sentences.push(sentence);
        }
        sentence = [];
        return;
      }
      const cols = line.split(/[ \t]+/);
      if (cols.length < 2) {
        issues.push({ file: file.path, line: i + 1, message: `expected at least two columns (token … tag), got '${line}'` });
        return;
      }
      sentence.push({ token: cols[0] as string, tag: cols[cols.length - 1] as string, line: i + 1 });
    });
    if (sentence.length > 0) {
      if (current === undefined) current = { startLine: lines.length, sentences: [] };
      current.sentences.push(sentence);
    }
    finish();
  }
  return importResult(issues, documents);
}

function conllToDocument(
  id: string,
  sentences: { token: string; tag: string; line: number }[][],
  layer: string,
  file: string,
  ctx: ImportContext,
  issues: FormatIssue[],
): CorpusDocument | undefined {
  let text = '';
  const spans: CorpusSpan[] = [];
  let failed = false;
  sentences.forEach((sentence, si) => {
    if (si > 0) text += '\n';
    const offsets: { start: number; end: number }[] = [];
    sentence.forEach((t, ti) => {
      if (ti > 0) text += ' ';
      offsets.push({ start: text.length, end: text.length + t.token.length });
      text += t.token;
    });
    const decoded = chunksFromTags(sentence.map((t) => t.tag));
    if ('error' in decoded) {
      issues.push({ file, line: sentence[decoded.index]?.line, field: 'tag', message: decoded.error });
      failed = true;
      return;
    }
    for (const c of decoded.chunks) {
      if (!isSpanLabel(ctx.schema, c.label)) {
        issues.push({ file, line: sentence[c.first]?.line, field: 'tag', message: `unknown label '${c.label}': expected one of ${spanLabelList(ctx.schema)}` });
        failed = true;
        continue;
      }
      const start = (offsets[c.first] as { start: number }).start;
      const end = (offsets[c.last - 1] as { end: number }).end;
      spans.push(importedSpan({ id: `${id}-${spans.length + 1}`, start, end, label: c.label, layer }));
    }
  });
  if (failed) return undefined;
  return { id, text, spans: spans.sort(compareCorpusSpans), labels: {}, meta: {} };
}

/** CoNLL-2003 (IOB2 by default; BIOES or IOB1 with `scheme`). */
export const conllFormat: FormatAdapter = {
  name: 'conll',
  description: 'CoNLL-2003 columns: one token per line, IOB2 tags (or BIOES, IOB1), sentences from the tokenizer',
  consumers: '`spacy convert -c ner`, NLTK ConllCorpusReader, the Hugging Face conll2003 loader, seqeval',
  kind: 'file',
  extension: EXTENSION,
  export: exportConll,
  import: importConll,
};

/**
 * CoNLL-2003 column format: `token -X- _ TAG` per line, a blank line after
 * each sentence, `-DOCSTART- -X- -X- O` and a blank line before each document.
 */
import type { ExportContext, FormatAdapter, ImportContext, ImportInput, ImportResult, TagScheme } from './adapter.js';
import { runExport, sidecarName, mainFileName } from './exporter.js';
import { decodeFiles, importResult, importedSpan, isSpanLabel, spanLabelList, splitLines } from './input.js';
import type { CorpusDocument, CorpusSpan, FormatIssue } from './model.js';
import { SHARED_LAYER, compareCorpusSpans } from './model.js';
import type { ExportDocument, ExportLayer } from './prepare.js';
import { isConsolidated } from './prepare.js';
import type { LossRecorder } from './report.js';
import { FileFanout } from './sink.js';
import { chunksFromSpans, chunksFromTags, tagChunks } from './tagging.js';
import { splitSentences } from './sentences.js';
import { tokenize } from './tokenizer.js';
import { recordUncarried } from './uncarried.js';

/** The line that starts each document. */
export const CONLL_DOCSTART = '-DOCSTART- -X- -X- O';

/**
 * The lines that start each document: `-DOCSTART-` and a blank line. Alone
 * they are a document without tokens, written in an annotator's file where
 * the annotator has no layer, so that the n-th document of every
 * annotator's file is the same document.
 */
const DOCUMENT_START = `${CONLL_DOCSTART}\n\n`;
const EXTENSION = '.conll';

/**
 * The CoNLL lines of one document layer, ending with a blank line. Overlaps,
 * spans off token boundaries, notes, statuses and document labels are recorded.
 */
export function conllDocument(doc: Pick<ExportDocument, 'id' | 'text'>, layer: ExportLayer, scheme: TagScheme, losses: LossRecorder): string {
  return conllDocumentLayers(doc, [layer], scheme, losses)[0] as string;
}

/**
 * The CoNLL lines of several layers of one document, one string per layer:
 * the same tokens and the same sentences in each (a sentence boundary
 * inside a span of any layer is dropped), so the files of several
 * annotators line up row by row.
 */
export function conllDocumentLayers(doc: Pick<ExportDocument, 'id' | 'text'>, layers: readonly ExportLayer[], scheme: TagScheme, losses: LossRecorder): string[] {
  const tokens = tokenize(doc.text);
  const keep: { start: number; end: number }[] = [];
  const tagged = layers.map((layer) => {
    recordUncarried(doc.id, layer, { notes: false, statuses: false, documentLabels: false, fragments: false, relations: false, relationNotes: false, relationStatuses: false, scores: false, modelVersions: false }, losses);
    const chunks = chunksFromSpans(tokens, layer.spans, losses, doc.id);
    for (const c of chunks) keep.push({ start: tokens[c.first]?.start ?? 0, end: tokens[c.last - 1]?.end ?? 0 });
    return tagChunks(tokens.length, chunks, scheme);
  });
  const sentences = splitSentences(doc.text, tokens, keep);
  return tagged.map((tags) => {
    let out = DOCUMENT_START;
    for (const s of sentences) {
      for (let i = s.first; i < s.last; i++) out += `${(tokens[i] as { text: string }).text} -X- _ ${tags[i] as string}\n`;
      out += '\n';
    }
    return out;
  });
}

async function exportConll(docs: AsyncIterable<CorpusDocument>, ctx: ExportContext, sink: Parameters<NonNullable<FormatAdapter['export']>>[2]) {
  return runExport('conll', docs, ctx, sink, async (documents, run) => {
    const scheme = ctx.scheme ?? 'bio';
    const main = mainFileName(ctx, EXTENSION);
    const fanout = new FileFanout(run.sink);
    if (run.consolidated) fanout.open(main);
    // Per annotator file, the number of documents written to it (placeholders included).
    const written = new Map<string, number>();
    let position = 0;
    for await (const doc of documents) {
      position++;
      const lines = conllDocumentLayers(doc, doc.layers, scheme, run.losses);
      for (const [k, layer] of doc.layers.entries()) {
        const path = run.consolidated ? main : sidecarName(main, EXTENSION, `.${layer.name}${EXTENSION}`);
        // Documents this annotator has no layer in are empty, so the n-th document is the n-th of every file.
        let before = written.get(path) ?? 0;
        if (!run.consolidated && before < position - 1) {
          await fanout.write(path, DOCUMENT_START.repeat(position - 1 - before));
          before = position - 1;
        }
        await fanout.write(path, lines[k] as string);
        written.set(path, before + 1);
      }
    }
    await fanout.close();
  });
}

/** A document of one CoNLL file: its sentences of tokens and tags, and where it starts. */
interface ConllBlock {
  readonly line: number;
  readonly sentences: { token: string; tag: string; line: number }[][];
}

/**
 * The document-id stem and the layer a CoNLL file name gives:
 * `<stem>.<annotator>.conll` (as the exporter writes per annotator) is
 * `<stem>` in layer `<annotator>`; `<stem>.conll` is `<stem>` in the
 * default layer.
 */
export function conllFileNaming(path: string, defaultLayer: string): { stem: string; layer: string } {
  const base = path.split('/').pop() ?? path;
  const parts = base.replace(/\.(conll|txt|iob|bio)$/i, '').split('.');
  if (parts.length < 2) return { stem: parts[0] as string, layer: defaultLayer };
  return { stem: parts.slice(0, -1).join('.'), layer: parts[parts.length - 1] as string };
}

/**
 * Reads CoNLL files: documents split at `-DOCSTART-` lines, the first column
 * the token, the last the tag (BIO, IOB1 or BIOES). A document's text is its
 * tokens joined by spaces, its sentences joined by line breaks. Documents
 * are numbered per file, `<stem>-<n>`; a file `<stem>.<annotator>.conll`
 * gives its spans to that layer, so the n-th document of every annotator's
 * file is one document with a layer per annotator (their texts must agree).
 * A document without tokens holds no layer (the exporter writes one where
 * an annotator has no layer); it is an empty document only when it has no
 * tokens in any file.
 */
async function importConll(input: ImportInput, ctx: ImportContext): Promise<ImportResult> {
  const issues: FormatIssue[] = [];
  // Per document id: the document read so far (undefined while every block of it was empty), its first file, and the file of each layer.
  const byId = new Map<string, { doc?: CorpusDocument; file?: string; readonly layers: Map<string, string> }>();
  for (const { file, text: content } of decodeFiles(input.files, ctx, issues)) {
    const { stem, layer } = conllFileNaming(file.path, ctx.layer ?? SHARED_LAYER);
    let n = 0;
    for (const block of conllBlocks(content, file.path, issues)) {
      const id = `${stem}-${++n}`;
      let entry = byId.get(id);
      if (entry === undefined) byId.set(id, (entry = { layers: new Map<string, string>() }));
      const twice = entry.layers.get(layer);
      if (twice !== undefined) {
        issues.push({ file: file.path, line: block.line, message: `document ${id} of layer '${layer}' is also in ${twice}: expected one file per annotator` });
        continue;
      }
      entry.layers.set(layer, file.path);
      if (block.sentences.length === 0) continue;
      const doc = conllToDocument(id, block.sentences, layer, file.path, ctx, issues);
      if (doc === undefined) continue;
      if (entry.doc === undefined) {
        entry.doc = doc;
        entry.file = file.path;
      } else if (entry.doc.text !== doc.text) {
        issues.push({ file: file.path, line: block.line, message: `document ${id} has other tokens than in ${entry.file ?? ''}: expected the same documents in the same order in every annotator's file` });
      } else {
        entry.doc = { ...entry.doc, spans: [...entry.doc.spans, ...doc.spans].sort(compareCorpusSpans) };
      }
    }
  }
  const documents = [...byId.entries()].map(([id, e]): CorpusDocument => e.doc ?? { id, text: '', spans: [], labels: {}, meta: {} });
  return importResult(issues, documents);
}

/** Splits a CoNLL file into documents at `-DOCSTART-` lines (a file without one is one document). */
function conllBlocks(content: string, file: string, issues: FormatIssue[]): ConllBlock[] {
  const blocks: ConllBlock[] = [];
  const lines = splitLines(content);
  let current: ConllBlock | undefined;
  let sentence: { token: string; tag: string; line: number }[] = [];
  const endSentence = (): void => {
    const first = sentence[0];
    if (first === undefined) return;
    if (current === undefined) blocks.push((current = { line: first.line, sentences: [] }));
    current.sentences.push(sentence);
    sentence = [];
  };
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line.startsWith('-DOCSTART-')) {
      endSentence();
      blocks.push((current = { line: i + 1, sentences: [] }));
      return;
    }
    if (line === '') return endSentence();
    const cols = line.split(/[ \t]+/);
    if (cols.length < 2) {
      issues.push({ file, line: i + 1, message: `expected at least two columns (token … tag), got '${line}'` });
      return;
    }
    sentence.push({ token: cols[0] as string, tag: cols[cols.length - 1] as string, line: i + 1 });
  });
  endSentence();
  return blocks;
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
  // Consolidated, every document goes to the main file; otherwise each annotator gets a file.
  singleFile: (ctx) => (isConsolidated(ctx) ? mainFileName(ctx, EXTENSION) : undefined),
  export: exportConll,
  import: importConll,
};

/**
 * CoNLL-2003 column format: `token -X- _ TAG` per line, a blank line after
 * each sentence, `-DOCSTART- -X- -X- O` and a blank line before each document.
 */
import type { ExportContext, ExportSink, FormatAdapter, ImportContext, ImportInput, ImportResult, TagScheme } from './adapter.js';
import { ExportLayoutError, isFileLayout, mainFileName, runExport, sidecarName } from './exporter.js';
import { decodeFiles, importResult, importedSpan, isSpanLabel, spanLabelList, splitLines } from './input.js';
import type { CorpusDocument, CorpusSpan, FormatIssue } from './model.js';
import { SHARED_LAYER, compareCorpusSpans } from './model.js';
import type { ExportDocument, ExportLayer } from './prepare.js';
import type { LossRecorder } from './report.js';
import { FileFanout } from './sink.js';
import { chunksFromSpans, chunksFromTags, tagChunks } from './tagging.js';
import { splitSentences } from './sentences.js';
import { tokenize } from './tokenizer.js';
import { recordUncarried } from './uncarried.js';

/** The line that starts each document. */
export const CONLL_DOCSTART = '-DOCSTART- -X- -X- O';

/** The lines that start each document: `-DOCSTART-` and a blank line. */
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
  const tagged = tagDocument(doc, layers, scheme, losses);
  return layers.map((_, k) => conllLines(tagged, [k]));
}

/**
 * The CoNLL lines of one document with a tag column per layer, in the
 * order given (`token -X- _ TAG₁ TAG₂ …`), ending with a blank line.
 */
export function conllDocumentColumns(doc: Pick<ExportDocument, 'id' | 'text'>, layers: readonly ExportLayer[], scheme: TagScheme, losses: LossRecorder): string {
  return conllLines(
    tagDocument(doc, layers, scheme, losses),
    layers.map((_, k) => k),
  );
}

/** A document's tokens, its sentences (never splitting a span of any layer) and the tags of each layer. */
interface TaggedDocument {
  readonly tokens: readonly { readonly text: string }[];
  readonly sentences: readonly { readonly first: number; readonly last: number }[];
  readonly tags: readonly (readonly string[])[];
}

function tagDocument(doc: Pick<ExportDocument, 'id' | 'text'>, layers: readonly ExportLayer[], scheme: TagScheme, losses: LossRecorder): TaggedDocument {
  const tokens = tokenize(doc.text);
  const keep: { start: number; end: number }[] = [];
  const tags = layers.map((layer) => {
    recordUncarried(doc.id, layer, { notes: false, statuses: false, documentLabels: false, fragments: false, relations: false, relationNotes: false, relationStatuses: false, scores: false, modelVersions: false }, losses);
    const chunks = chunksFromSpans(tokens, layer.spans, losses, doc.id);
    for (const c of chunks) keep.push({ start: tokens[c.first]?.start ?? 0, end: tokens[c.last - 1]?.end ?? 0 });
    return tagChunks(tokens.length, chunks, scheme);
  });
  return { tokens, sentences: splitSentences(doc.text, tokens, keep), tags };
}

/** `-DOCSTART-`, then a line per token with the tags of `columns` (indexes into `tagged.tags`), a blank line after each sentence. */
function conllLines(tagged: TaggedDocument, columns: readonly number[]): string {
  let out = DOCUMENT_START;
  for (const s of tagged.sentences) {
    for (let i = s.first; i < s.last; i++) out += `${(tagged.tokens[i] as { text: string }).text} -X- _ ${columns.map((k) => tagged.tags[k]?.[i] as string).join(' ')}\n`;
    out += '\n';
  }
  return out;
}

/**
 * The layers of a document in the order of `names`: a layer the document
 * lacks is empty (its tags all `O`).
 * @throws ExportLayoutError when the document has spans or labels in a layer not among `names` (a caller's `ctx.layers` that leaves one out).
 */
function layersNamed(doc: ExportDocument, names: readonly string[], main: string): ExportLayer[] {
  const stray = doc.layers.find((l) => !names.includes(l.name) && (l.spans.length > 0 || Object.keys(l.labels).length > 0));
  if (stray !== undefined) {
    throw new ExportLayoutError(
      'conll',
      `conll: cannot write ${main}: document ${doc.id} has layer ${stray.name}, which is not among the layers of the export (${names.join(', ')}), so it has no tag column; ` +
        'consolidate the layers into one column, export only some layers, or write the folder form',
    );
  }
  return names.map((name) => doc.layers.find((l) => l.name === name) ?? { name, spans: [], relations: [], labels: {} });
}

/**
 * Consolidated, every document goes to one file with one tag column. Not
 * consolidated (the default for CoNLL: a gold layer is one layer more,
 * rather than replacing the others where a document has one), every layer
 * of the export has its tag column in the one file, or (the folder form)
 * its file `<stem>.<layer>.conll`. Every document appears once in each
 * file, with all its tokens: `O` where a layer has no span. The layers are
 * `ctx.layers`; without them the documents are read first to find them.
 */
async function exportConll(docs: AsyncIterable<CorpusDocument>, ctx: ExportContext, sink: ExportSink) {
  const layered: ExportContext = ctx.consolidation === undefined ? { ...ctx, consolidation: 'none' } : ctx;
  return runExport('conll', docs, layered, sink, async (documents, run) => {
    const scheme = ctx.scheme ?? 'bio';
    const main = mainFileName(ctx, EXTENSION);
    const fanout = new FileFanout(run.sink);
    const oneFile = run.consolidated || isFileLayout(ctx);
    const fileOf = (layer: string): string => sidecarName(main, EXTENSION, `.${layer}${EXTENSION}`);
    let source: AsyncIterable<ExportDocument> | Iterable<ExportDocument> = documents;
    let names: readonly string[] = [];
    if (!run.consolidated) {
      if (ctx.layers !== undefined && ctx.layers.length > 0) names = ctx.layers;
      else {
        const all: ExportDocument[] = [];
        for await (const doc of documents) all.push(doc);
        names = layerNames(all);
        source = all;
      }
    }
    if (oneFile) fanout.open(main);
    else for (const name of names) fanout.open(fileOf(name));
    for await (const doc of source) {
      if (!/\S/u.test(doc.text)) {
        run.losses.record('empty-document', { document: doc.id, detail: 'no tokens: a document needs at least one token line' });
        continue;
      }
      if (run.consolidated) {
        await fanout.write(main, conllDocumentColumns(doc, doc.layers, scheme, run.losses));
        continue;
      }
      const layers = layersNamed(doc, names, main);
      if (oneFile) await fanout.write(main, conllDocumentColumns(doc, layers, scheme, run.losses));
      else {
        const lines = conllDocumentLayers(doc, layers, scheme, run.losses);
        for (const [k, layer] of layers.entries()) await fanout.write(fileOf(layer.name), lines[k] as string);
      }
    }
    await fanout.close();
  });
}

/** The names of the layers with spans or document labels in any of the documents, sorted; the first document's when none has any. */
function layerNames(docs: readonly ExportDocument[]): string[] {
  const names = new Set(docs.flatMap((doc) => doc.layers.filter((l) => l.spans.length > 0 || Object.keys(l.labels).length > 0).map((l) => l.name)));
  return names.size > 0 ? [...names].sort() : (docs[0]?.layers.map((l) => l.name) ?? []);
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
 * A document without tokens holds no layer (files that number documents
 * per annotator may hold one where an annotator had none); it is an empty
 * document only when it has no tokens in any file.
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
  // One file: every document in it, with a tag column per layer unless consolidated; the folder form has a file per layer.
  singleFile: (ctx) => (isFileLayout(ctx) ? mainFileName(ctx, EXTENSION) : undefined),
  export: exportConll,
  import: importConll,
};

/**
 * W3C Web Annotation as one JSON-LD file: an AnnotationCollection whose one
 * AnnotationPage is embedded as `first` (and named as `last`), holding the
 * annotations of every document (as the folder form's pages hold them), and the documents' texts as `glossa:texts`, one `Text` resource
 * per document with its IRI (the targets' source) and its text as `value`.
 * The annotations stream; the texts are held until the end of the file.
 */
import type { ExportContext, ExportSink } from './adapter.js';
import { mainFileName, runExport } from './exporter.js';
import { safeFileName } from './files.js';
import { isRecord } from './json-values.js';
import type { CorpusDocument } from './model.js';
import type { ExportReport } from './report.js';
import type { ExportDocument } from './prepare.js';
import { documentBase, safeDecode } from './w3c-iri.js';
import { GLOSSA_W3C_CONTEXT } from './w3c-types.js';

/** The extension of the one-file form. */
export const W3C_FILE_EXTENSION = '.jsonld';

/** A document's text in the one-file form. */
interface EmbeddedText {
  readonly id: string;
  readonly type: 'Text';
  readonly value: string;
}

/**
 * Writes the one-file form of a W3C export (`layout` `file`) as
 * `ctx.fileName`, each document's annotations made by `annotations` (the
 * folder form's `w3cAnnotations`, given its document IRI).
 */
export async function exportW3cFile(
  docs: AsyncIterable<CorpusDocument>,
  ctx: ExportContext,
  sink: ExportSink,
  annotations: (doc: ExportDocument, source: string) => readonly unknown[],
): Promise<ExportReport> {
  const base = documentBase(ctx);
  const collection = `${base}annotations`;
  const page = `${collection}/page/1`;
  return runExport('w3c', docs, ctx, sink, async (documents, run) => {
    async function* content(): AsyncGenerator<string> {
      const head = { '@context': GLOSSA_W3C_CONTEXT, id: collection, type: 'AnnotationCollection', label: `${ctx.project ?? 'project'} annotations` };
      yield `${JSON.stringify(head).slice(0, -1)},"first":${JSON.stringify({ id: page, type: 'AnnotationPage', partOf: collection, startIndex: 0 }).slice(0, -1)},"items":[`;
      const texts: EmbeddedText[] = [];
      let total = 0;
      for await (const doc of documents) {
        const source = `${base}${encodeURIComponent(doc.id)}`;
        texts.push({ id: source, type: 'Text', value: doc.text });
        for (const item of annotations(doc, source)) yield `${total++ === 0 ? '' : ','}\n${JSON.stringify(item)}`;
      }
      yield `\n]},"last":${JSON.stringify(page)},"total":${total},"glossa:texts":[`;
      for (const [k, text] of texts.entries()) yield `${k === 0 ? '' : ','}\n${JSON.stringify(text)}`;
      yield '\n]}\n';
    }
    await run.sink.writeFile(mainFileName(ctx, W3C_FILE_EXTENSION), content());
  });
}

/**
 * The texts a one-file W3C export embeds (`glossa:texts`), keyed as the
 * folder form's `texts/<doc>.txt` are (the document id of the IRI, made
 * safe as a file name); none for any other JSON.
 */
export function embeddedW3cTexts(json: unknown): [string, string][] {
  if (!isRecord(json) || !Array.isArray(json['glossa:texts'])) return [];
  return json['glossa:texts'].filter(isRecord).flatMap((text): [string, string][] => {
    const { id, value } = text;
    return typeof id === 'string' && typeof value === 'string' ? [[safeFileName(safeDecode(id.split(/[:/]/).pop() ?? '')), value]] : [];
  });
}

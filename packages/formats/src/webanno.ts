/**
 * WebAnno TSV 3.3 (INCEpTION): one file per document (`<annotator>/<doc>.tsv`
 * when not consolidated), a span layer `webanno.custom.Span|label`, a
 * relation layer `webanno.custom.Relation|label|BT_webanno.custom.Span` when
 * a layer has relations, offsets in UTF-16 code units, `[N]` ids on
 * multi-token and stacked annotations, reserved characters backslash-escaped
 * (FORMATS.md §9). Written by `webanno-write.ts`, read by `webanno-read.ts`.
 * WebAnno TSV has no discontinuous spans (a span's covering span is written)
 * and its relations always go from governor to dependent (a relation is
 * read with its label's direction).
 */
import type { ExportContext, ExportSink, FormatAdapter } from './adapter.js';
import { runExport } from './exporter.js';
import { safeFileName } from './files.js';
import type { CorpusDocument } from './model.js';
import { importWebanno } from './webanno-read.js';
import { webannoTsv } from './webanno-write.js';

export { escapeTsv, unescapeTsv, WEBANNO_LAYER, WEBANNO_RELATION_LAYER } from './webanno-tsv.js';
export { webannoTsv } from './webanno-write.js';

async function exportWebanno(docs: AsyncIterable<CorpusDocument>, ctx: ExportContext, sink: ExportSink) {
  return runExport('webanno', docs, ctx, sink, async (documents, run) => {
    for await (const doc of documents) {
      for (const layer of doc.layers) {
        const dir = run.consolidated ? '' : `${safeFileName(layer.name)}/`;
        await run.sink.writeFile(`${dir}${safeFileName(doc.id)}.tsv`, webannoTsv(doc, layer, run.losses, ctx.schema));
      }
    }
  });
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

/**
 * spaCy `Doc.to_json()` objects, one per document, in a JSON array
 * (FORMATS.md §1b). `kb_id` is always present; cats are written as floats.
 */
import type { ExportContext, ExportSink, FormatAdapter } from './adapter.js';
import { mainFileName, runExport } from './exporter.js';
import type { CorpusDocument } from './model.js';
import type { ExportDocument } from './prepare.js';
import type { LossRecorder } from './report.js';
import { spacyDoc } from './spacydoc.js';

/** Writes a number as a JSON float: `1` → `1.0`. */
export function jsonFloat(value: number): string {
  const s = JSON.stringify(value);
  return Number.isInteger(value) ? `${s}.0` : s;
}

/** One document as `Doc.to_json()` would write it (offsets in code points). */
export function spacyJsonDoc(doc: ExportDocument, consolidated: boolean, ctx: ExportContext, losses: LossRecorder): string {
  const d = spacyDoc(doc, consolidated, ctx.schema, ctx.ents === true, losses);
  const json: Record<string, unknown> = {
    text: doc.text,
    cats: '\u0000cats',
    tokens: d.tokens.map((t, id) => ({ id, start: t.cpStart, end: t.cpEnd })),
    spans: Object.fromEntries(d.spanGroups.map((g) => [g.key, g.spans.map((s) => ({ start: s.startChar, end: s.endChar, label: s.label, kb_id: '' }))])),
  };
  if (d.ents !== undefined) json['ents'] = d.ents.map((e) => ({ start: e.startChar, end: e.endChar, label: e.label }));
  const cats = `{${[...d.cats].map(([k, v]) => `${JSON.stringify(k)}:${jsonFloat(v)}`).join(',')}}`;
  return JSON.stringify(json).replace('"\\u0000cats"', cats);
}

async function exportSpacyJson(docs: AsyncIterable<CorpusDocument>, ctx: ExportContext, sink: ExportSink) {
  return runExport('spacy-json', docs, ctx, sink, async (documents, run) => {
    async function* lines(): AsyncGenerator<string> {
      let first = true;
      yield '[';
      for await (const doc of documents) {
        yield `${first ? '\n' : ',\n'}${spacyJsonDoc(doc, run.consolidated, ctx, run.losses)}`;
        first = false;
      }
      yield '\n]\n';
    }
    await run.sink.writeFile(mainFileName(ctx, '.json'), lines());
  });
}

/** spaCy `Doc.to_json()` array. */
export const spacyJsonFormat: FormatAdapter = {
  name: 'spacy-json',
  description: 'spaCy Doc.to_json() objects in a JSON array: tokens, spans (sc or sc_<annotator>) with kb_id, float cats',
  consumers: '`Doc(nlp.vocab).from_json(obj)` then `DocBin` (spaCy ≥ 3.4), any JSON reader',
  kind: 'file',
  extension: '.json',
  singleFile: (ctx) => mainFileName(ctx, '.json'),
  export: exportSpacyJson,
};

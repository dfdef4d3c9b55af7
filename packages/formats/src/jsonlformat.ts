/**
 * The native JSONL format as an adapter: every layer, status, note,
 * fragment, relation, source, score and document label, offsets in code
 * points (see `jsonl.ts`).
 */
import type { ExportContext, ExportSink, FormatAdapter, ImportContext, ImportInput, ImportResult } from './adapter.js';
import { mainFileName, runExport } from './exporter.js';
import { decodeFiles, importResult } from './input.js';
import { parseJsonl } from './jsonl.js';
import { serializeJsonlLine } from './jsonl-write.js';
import type { CorpusDocument, FormatIssue } from './model.js';
import { compareCorpusRelations, compareCorpusSpans } from './model.js';
import type { ExportDocument } from './prepare.js';

/** Turns a prepared document back into a corpus document (layers named as prepared). */
export function toCorpusDocument(doc: ExportDocument): CorpusDocument {
  const only = doc.layers.length === 1 ? doc.layers[0] : undefined;
  const spans =
    only !== undefined && only.spans.every((s) => s.layer === only.name)
      ? only.spans
      : doc.layers.flatMap((l) => l.spans.map((s) => (s.layer === l.name ? s : { ...s, layer: l.name }))).sort(compareCorpusSpans);
  const labels = Object.fromEntries(doc.layers.filter((l) => Object.keys(l.labels).length > 0).map((l) => [l.name, l.labels]));
  const relations = doc.layers.flatMap((l) => l.relations.map((r) => (r.layer === l.name ? r : { ...r, layer: l.name }))).sort(compareCorpusRelations);
  return { id: doc.id, text: doc.text, spans, ...(relations.length === 0 ? {} : { relations }), labels, meta: doc.meta };
}

async function exportJsonl(docs: AsyncIterable<CorpusDocument>, ctx: ExportContext, sink: ExportSink) {
  return runExport('jsonl', docs, ctx, sink, async (documents, run) => {
    async function* lines(): AsyncGenerator<string> {
      for await (const doc of documents) yield `${serializeJsonlLine(toCorpusDocument(doc))}\n`;
    }
    await run.sink.writeFile(mainFileName(ctx, '.jsonl'), lines());
  }, { lineBreaks: 'exact' });
}

async function importJsonl(input: ImportInput, ctx: ImportContext): Promise<ImportResult> {
  const issues: FormatIssue[] = [];
  const documents: CorpusDocument[] = [];
  const seen = new Map<string, string>();
  for (const { file, text: content } of decodeFiles(input.files, ctx, issues)) {
    const parsed = parseJsonl(content, { schema: ctx.schema, file: file.path, ...(ctx.created === undefined ? {} : { created: ctx.created }) });
    issues.push(...parsed.issues);
    for (const d of parsed.documents) {
      const first = seen.get(d.id);
      if (first !== undefined) issues.push({ file: file.path, field: 'id', message: `duplicate document id '${d.id}' (first in ${first})` });
      seen.set(d.id, file.path);
      documents.push(d);
    }
  }
  return importResult(issues, documents);
}

/** Glossa's native span JSONL. */
export const jsonlFormat: FormatAdapter = {
  name: 'jsonl',
  description: 'Glossa span JSONL: one document per line, every layer, status, note, fragment, relation, source and document label; code point offsets',
  consumers: '`glossa import`, `datasets.load_dataset("json")`, pandas `read_json(lines=True)`, jq',
  kind: 'file',
  extension: '.jsonl',
  singleFile: (ctx) => mainFileName(ctx, '.jsonl'),
  export: exportJsonl,
  import: importJsonl,
  fileImport: 'documents-per-file',
};

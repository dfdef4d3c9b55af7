/**
 * CSV: one row per span, `doc_id,annotator,start,end,label,text,status,note`,
 * offsets in code points, RFC 4180 quoting, CRLF row ends.
 */
import { OffsetIndex } from '@glossa/core';
import type { ExportContext, ExportSink, FormatAdapter } from './adapter.js';
import { mainFileName, runExport } from './exporter.js';
import type { CorpusDocument } from './model.js';
import { recordUncarried } from './uncarried.js';

/** The header row. */
export const CSV_HEADER = ['doc_id', 'annotator', 'start', 'end', 'label', 'text', 'status', 'note'] as const;

/** Quotes a field when it holds a comma, quote, CR or LF (RFC 4180), doubling quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV record ending in CRLF. */
export function csvRow(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

async function exportCsv(docs: AsyncIterable<CorpusDocument>, ctx: ExportContext, sink: ExportSink) {
  return runExport('csv', docs, ctx, sink, async (documents, run) => {
    async function* rows(): AsyncGenerator<string> {
      yield csvRow(CSV_HEADER);
      for await (const doc of documents) {
        const index = new OffsetIndex(doc.text);
        let out = '';
        for (const layer of doc.layers) {
          recordUncarried(doc.id, layer, { notes: true, statuses: true, documentLabels: false, fragments: false, relations: false, relationNotes: false, relationStatuses: false, scores: false, modelVersions: false }, run.losses);
          for (const s of layer.spans) {
            out += csvRow([doc.id, layer.name, String(index.toCodePoint(s.start)), String(index.toCodePoint(s.end)), s.label, doc.text.slice(s.start, s.end), s.status, s.note]);
          }
        }
        if (out !== '') yield out;
      }
    }
    await run.sink.writeFile(mainFileName(ctx, '.csv'), rows());
  });
}

/** CSV, one row per span. */
export const csvFormat: FormatAdapter = {
  name: 'csv',
  description: 'CSV, one row per span: doc_id, annotator, start, end (code points), label, text, status, note',
  consumers: 'spreadsheets, `pandas.read_csv`, R `read.csv`',
  kind: 'file',
  extension: '.csv',
  singleFile: (ctx) => mainFileName(ctx, '.csv'),
  export: exportCsv,
};

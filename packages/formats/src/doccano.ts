/**
 * doccano sequence-labeling JSONL: `{"id","text","label":[[start,end,label]]}`,
 * offsets in code points. A folder with one `<annotator>.jsonl` per
 * annotator (as doccano exports a non-collaborative project), or `all.jsonl`
 * when consolidated.
 */
import { OffsetIndex } from '@glossa/core';
import type { ExportContext, ExportSink, FormatAdapter, ImportContext, ImportInput, ImportResult } from './adapter.js';
import { runExport } from './exporter.js';
import { safeFileName, splitPath } from './files.js';
import { decodeFiles, importedSpan, isSpanLabel, spanLabelList } from './input.js';
import type { CorpusDocument, CorpusSpan, FormatIssue } from './model.js';
import { compareCorpusSpans } from './model.js';
import { FileFanout } from './sink.js';
import { recordUncarried } from './uncarried.js';

/** The file of a consolidated export. */
export const DOCCANO_ALL = 'all.jsonl';

async function exportDoccano(docs: AsyncIterable<CorpusDocument>, ctx: ExportContext, sink: ExportSink) {
  return runExport('doccano', docs, ctx, sink, async (documents, run) => {
    const fanout = new FileFanout(run.sink);
    for await (const doc of documents) {
      const index = new OffsetIndex(doc.text);
      for (const layer of doc.layers) {
        recordUncarried(doc.id, layer, { notes: false, statuses: false, documentLabels: false, fragments: false, relations: false, relationNotes: false, relationStatuses: false, scores: false, modelVersions: false }, run.losses);
        const label = layer.spans.map((s) => [index.toCodePoint(s.start), index.toCodePoint(s.end), s.label] as const);
        const path = run.consolidated ? DOCCANO_ALL : `${safeFileName(layer.name)}.jsonl`;
        await fanout.write(path, `${JSON.stringify({ id: doc.id, text: doc.text, label })}\n`);
      }
    }
    await fanout.close();
  });
}

/**
 * Reads doccano JSONL files: each file is one annotator (its stem), except
 * `all.jsonl` and `admin.jsonl`-style collaborative files, which use the
 * context layer. Labels may be `[s,e,l]` or `{start_offset,end_offset,label}`;
 * `entities` is read like `label`. Documents of several files are merged by id.
 */
async function importDoccano(input: ImportInput, ctx: ImportContext): Promise<ImportResult> {
  const issues: FormatIssue[] = [];
  const docs = new Map<string, { text: string; spans: CorpusSpan[]; file: string; line: number }>();
  for (const { file, text: content } of decodeFiles(input.files, ctx, issues)) {
    const stem = splitPath(file.path).stem;
    const layer = stem === 'all' ? (ctx.layer ?? 'shared') : stem;
    const seenInFile = new Map<string, number>();
    content.split('\n').forEach((raw, i) => {
      const line = i + 1;
      if (raw.trim() === '') return;
      const at = (field: string | undefined, message: string): void => {
        issues.push({ file: file.path, line, ...(field === undefined ? {} : { field }), message });
      };
      let record: unknown;
      try {
        record = JSON.parse(raw);
      } catch (e) {
        at(undefined, `not valid JSON (${(e as Error).message}): expected one JSON object per line`);
        return;
      }
      if (typeof record !== 'object' || record === null || Array.isArray(record)) return at(undefined, 'expected a JSON object');
      const r = record as Record<string, unknown>;
      if (typeof r['text'] !== 'string') return at('text', 'expected a string');
      const text = r['text'];
      const id = typeof r['id'] === 'string' || typeof r['id'] === 'number' ? String(r['id']) : `${stem}-${line}`;
      const first = seenInFile.get(id);
      if (first !== undefined) return at('id', `duplicate document id '${id}' (first on line ${first})`);
      seenInFile.set(id, line);
      const index = new OffsetIndex(text);
      const rawLabels = r['label'] ?? r['entities'] ?? [];
      if (!Array.isArray(rawLabels)) return at('label', 'expected an array of [start, end, label]');
      const spans: CorpusSpan[] = [];
      rawLabels.forEach((entry: unknown, k) => {
        const field = `label[${k}]`;
        let s: unknown, e: unknown, l: unknown;
        if (Array.isArray(entry)) [s, e, l] = entry as unknown[];
        else if (typeof entry === 'object' && entry !== null) {
          const o = entry as Record<string, unknown>;
          [s, e, l] = [o['start_offset'], o['end_offset'], o['label']];
        } else return at(field, 'expected [start, end, label] or {start_offset, end_offset, label}');
        if (!Number.isInteger(s) || !Number.isInteger(e) || typeof l !== 'string') return at(field, 'expected integer start and end and a string label');
        const start = s as number;
        const end = e as number;
        if (!(start >= 0 && start < end)) return at(field, `expected 0 ≤ start < end, got [${start}, ${end})`);
        if (end > index.codePointLength) return at(field, `end ${end} is past the end of the text (${index.codePointLength} code points)`);
        if (!isSpanLabel(ctx.schema, l)) return at(field, `unknown label '${l}': expected one of ${spanLabelList(ctx.schema)}`);
        spans.push(importedSpan({ id: `${layer}-${k + 1}`, start: index.toUtf16(start), end: index.toUtf16(end), label: l, layer }));
      });
      const prev = docs.get(id);
      if (prev === undefined) docs.set(id, { text, spans, file: file.path, line });
      else if (prev.text !== text) at('text', `document '${id}' has a different text than in ${prev.file}:${prev.line}`);
      else prev.spans.push(...spans);
    });
  }
  if (issues.length > 0) return { ok: false, errors: issues };
  return {
    ok: true,
    value: [...docs.entries()].map(([id, d]) => ({ id, text: d.text, spans: d.spans.sort(compareCorpusSpans), labels: {}, meta: {} })),
  };
}

/** doccano sequence-labeling JSONL. */
export const doccanoFormat: FormatAdapter = {
  name: 'doccano',
  description: 'doccano sequence-labeling JSONL ({text, label: [[start, end, label]]}), one file per annotator',
  consumers: 'doccano (Dataset → Import, "Sequence Labeling", JSONL), scripts reading doccano exports',
  kind: 'folder',
  export: exportDoccano,
  import: importDoccano,
};

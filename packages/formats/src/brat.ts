/**
 * brat standoff: `<doc>.txt` and `<doc>.ann` (see `brat-ann.ts`: T lines
 * with code point offsets and fragments, R and `*` relation lines, `#`
 * AnnotatorNotes for notes, `A` Status lines for statuses), document labels
 * in `<doc>.labels.json`. One sub-folder per annotator when not
 * consolidated.
 */
import type { DocumentLabels } from '@glossa/core';
import type { ExportContext, ExportSink, FormatAdapter, ImportContext, ImportInput, ImportResult } from './adapter.js';
import { bratAnn, parseAnn } from './brat-ann.js';
import { runExport } from './exporter.js';
import { safeFileName, splitPath } from './files.js';
import { decodeFiles, flattenDocumentLabels, gatheredDocuments, groupDocumentLabels, normalizeLineBreaks } from './input.js';
import type { CorpusDocument, CorpusRelation, CorpusSpan, FormatIssue } from './model.js';
import { LossRecorder } from './report.js';
import { recordDirectionsFromSchema, recordUncarried } from './uncarried.js';

export { bratAnn } from './brat-ann.js';

async function exportBrat(docs: AsyncIterable<CorpusDocument>, ctx: ExportContext, sink: ExportSink) {
  return runExport('brat', docs, ctx, sink, async (documents, run) => {
    for await (const doc of documents) {
      const name = safeFileName(doc.id);
      for (const layer of doc.layers) {
        const dir = run.consolidated ? '' : `${safeFileName(layer.name)}/`;
        const carries = { notes: true, statuses: true, documentLabels: true, fragments: true, relations: true, relationNotes: true, relationStatuses: true, scores: false, modelVersions: false };
        recordUncarried(doc.id, layer, carries, run.losses);
        recordDirectionsFromSchema(doc.id, layer, ctx.schema, run.losses);
        await run.sink.writeFile(`${dir}${name}.txt`, doc.text);
        await run.sink.writeFile(`${dir}${name}.ann`, bratAnn(doc.text, layer, ctx.schema, { document: doc.id, recorder: run.losses }));
        if (Object.keys(layer.labels).length > 0) await run.sink.writeFile(`${dir}${name}.labels.json`, `${JSON.stringify(flattenDocumentLabels(layer.labels))}\n`);
      }
    }
  });
}

/** What a file of a brat folder holds, by its name: text, annotations, document labels, or nothing brat reads. */
function bratFileKind(path: string): 'txt' | 'ann' | 'labels' | undefined {
  const { ext, base } = splitPath(path);
  return base.endsWith('.labels.json') ? 'labels' : ext === '.txt' ? 'txt' : ext === '.ann' ? 'ann' : undefined;
}

/**
 * Reads brat folders: `.txt`/`.ann` pairs by base name (a sub-folder names
 * the annotator), with brat's checks: line prefix, offsets within the text
 * (code points, text read with LF line breaks), fragment text equal to the
 * text field, known labels, unique ids, targets of `A`, `#`, `R` and `*`
 * lines. Events, normalizations and attributes other than `Status` are
 * counted in the result's `losses`.
 */
async function importBrat(input: ImportInput, ctx: ImportContext): Promise<ImportResult> {
  const issues: FormatIssue[] = [];
  const byKey = new Map<string, { txt?: string; ann?: string; labels?: string; dir: string; stem: string; annPath?: string; labelsPath?: string }>();
  for (const { file, text: content } of decodeFiles(input.files.filter((f) => bratFileKind(f.path) !== undefined), ctx, issues)) {
    const { dir, stem, base } = splitPath(file.path);
    const kind = bratFileKind(file.path);
    const docStem = kind === 'labels' ? base.slice(0, -'.labels.json'.length) : stem;
    const key = `${dir}/${docStem}`;
    const entry = byKey.get(key) ?? { dir, stem: docStem };
    if (kind === 'txt') entry.txt = content;
    else if (kind === 'ann') {
      entry.ann = content;
      entry.annPath = file.path;
    } else {
      entry.labels = content;
      entry.labelsPath = file.path;
    }
    byKey.set(key, entry);
  }
  const docs = new Map<string, { text: string; spans: CorpusSpan[]; relations: CorpusRelation[]; labels: Record<string, DocumentLabels> }>();
  const losses = new LossRecorder();
  for (const [key, e] of [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (e.txt === undefined) {
      issues.push({ file: e.annPath ?? e.labelsPath ?? key, message: `no ${e.stem}.txt beside it: expected a .txt file with the same base name` });
      continue;
    }
    const layer = e.dir === '' ? (ctx.layer ?? 'shared') : (e.dir.split('/').pop() as string);
    const text = normalizeLineBreaks(e.txt).text;
    const parsed = e.ann === undefined ? { spans: [], relations: [] } : parseAnn(e.ann, text, layer, e.annPath ?? key, e.stem, ctx, issues, losses);
    const doc = docs.get(e.stem) ?? { text, spans: [], relations: [], labels: {} };
    if (doc.text !== text) issues.push({ file: `${key}.txt`, message: `the text differs from another annotator's ${e.stem}.txt: expected the same text in every folder` });
    doc.spans.push(...parsed.spans);
    doc.relations.push(...parsed.relations);
    if (e.labels !== undefined) {
      const values = parseLabelList(e.labels);
      if (values === undefined) issues.push({ file: e.labelsPath, message: 'expected a JSON array of document-label values' });
      else {
        const grouped = groupDocumentLabels(ctx.schema, values);
        if ('error' in grouped) issues.push({ file: e.labelsPath, message: grouped.error });
        else doc.labels[layer] = grouped.labels;
      }
    }
    docs.set(e.stem, doc);
  }
  if (issues.length > 0) return { ok: false, errors: issues };
  return { ok: true, value: gatheredDocuments(docs), losses: losses.entries() };
}

function parseLabelList(text: string): string[] | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/** brat standoff. */
export const bratFormat: FormatAdapter = {
  name: 'brat',
  description: 'brat standoff: <doc>.txt + <doc>.ann (T lines in code points with fragments, R and * relations, # notes, A status), one folder per annotator',
  consumers: 'brat and INCEpTION (brat import), the `brat_parser`/`bratreader` Python readers, PubTator converters',
  kind: 'folder',
  export: exportBrat,
  import: importBrat,
};

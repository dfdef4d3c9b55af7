/**
 * Hugging Face datasets folder: `data/<split>-00000-of-00001.jsonl` (or
 * `.parquet`) and a README.md dataset card. Span rows by default,
 * token-classification rows with `tokens: true`. When the schema declares
 * relation labels, span rows have a `relations` column: `{from, to, label,
 * directed}` with `from` and `to` the positions of the relation's spans in
 * the row's `spans`. Fragments are lost (the covering span is written), as
 * are relations in token rows.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { ExportContext, ExportSink, FormatAdapter } from './adapter.js';
import type { CardFeature, CardSplit } from './card.js';
import { datasetCard } from './card.js';
import { OffsetIndex } from '@glossa/core';
import { runExport } from './exporter.js';
import { flattenDocumentLabels } from './input.js';
import type { CorpusDocument } from './model.js';
import type { ExportDocument, ExportLayer } from './prepare.js';
import { describeConsolidation, exportedLabels, splitNames } from './prepare.js';
import { relationsInSpanOrder } from './prepare-relations.js';
import type { LossRecorder } from './report.js';
import { FileFanout } from './sink.js';
import { chunksFromSpans, tagChunks, tagNames } from './tagging.js';
import { tokenize } from './tokenizer.js';
import { recordUncarried } from './uncarried.js';

/** A relation of a span row: the positions of its ends in the row's `spans`. */
export interface HfRelation {
  readonly from: number;
  readonly to: number;
  readonly label: string;
  readonly directed: boolean;
}

/** A span row: one (document, annotator) pair, offsets in code points. */
export interface HfSpanRow {
  readonly id: string;
  readonly annotator?: string;
  readonly text: string;
  readonly spans: readonly { readonly start: number; readonly end: number; readonly label: string }[];
  /** Present when the schema declares relation labels. */
  readonly relations?: readonly HfRelation[];
  readonly labels: readonly string[];
}

/** A token-classification row: tokens and tag ids (ClassLabel). */
export interface HfTokenRow {
  readonly id: string;
  readonly annotator?: string;
  readonly tokens: readonly string[];
  readonly ner_tags: readonly number[];
  readonly labels: readonly string[];
}

/** What span rows carry of a layer (`relations`: whether the rows have a relations column). */
function spanRowCarries(relations: boolean) {
  return { notes: false, statuses: false, documentLabels: true, fragments: false, relations, relationNotes: false, relationStatuses: false, scores: false, modelVersions: false } as const;
}

/**
 * The span row of one document layer, with a `relations` column when
 * `withRelations` (the schema declares relation labels). Notes, statuses,
 * fragments, scores and, without the column, relations are recorded as lost.
 */
export function hfSpanRow(doc: ExportDocument, layer: ExportLayer, consolidated: boolean, losses: LossRecorder, withRelations = false): HfSpanRow {
  recordUncarried(doc.id, layer, spanRowCarries(withRelations), losses);
  const index = new OffsetIndex(doc.text);
  const spans = layer.spans.map((s) => ({ start: index.toCodePoint(s.start), end: index.toCodePoint(s.end), label: s.label }));
  const position = new Map(layer.spans.map((s, i) => [s.id, i]));
  const relations = withRelations
    ? { relations: relationsInSpanOrder(layer).map((r) => ({ from: position.get(r.from) as number, to: position.get(r.to) as number, label: r.label, directed: r.directed })) }
    : {};
  const labels = flattenDocumentLabels(layer.labels);
  return consolidated ? { id: doc.id, text: doc.text, spans, ...relations, labels } : { id: doc.id, annotator: layer.name, text: doc.text, spans, ...relations, labels };
}

/** The token row of one document layer; overlaps and off-boundary spans are recorded. */
export function hfTokenRow(doc: ExportDocument, layer: ExportLayer, consolidated: boolean, tagIds: ReadonlyMap<string, number>, ctx: ExportContext, losses: LossRecorder): HfTokenRow {
  recordUncarried(doc.id, layer, { notes: false, statuses: false, documentLabels: true, fragments: false, relations: false, relationNotes: false, relationStatuses: false, scores: false, modelVersions: false }, losses);
  const tokens = tokenize(doc.text);
  const tags = tagChunks(tokens.length, chunksFromSpans(tokens, layer.spans, losses, doc.id), ctx.scheme ?? 'bio');
  const row = { id: doc.id, tokens: tokens.map((t) => t.text), ner_tags: tags.map((t) => tagIds.get(t) as number), labels: flattenDocumentLabels(layer.labels) };
  return consolidated ? row : { id: doc.id, annotator: layer.name, tokens: row.tokens, ner_tags: row.ner_tags, labels: row.labels };
}

/** The columns of the rows, for the card and the Parquet metadata (`relations` for span rows when `withRelations`). */
export function hfFeatures(tokenRows: boolean, consolidated: boolean, names: readonly string[], withRelations = false): CardFeature[] {
  const head: CardFeature[] = [{ name: 'id', dtype: 'string' }, ...(consolidated ? [] : [{ name: 'annotator', dtype: 'string' } as const])];
  if (tokenRows) return [...head, { name: 'tokens', list: 'string' }, { name: 'ner_tags', classLabels: names }, { name: 'labels', list: 'string' }];
  return [
    ...head,
    { name: 'text', dtype: 'string' },
    {
      name: 'spans',
      structList: [
        { name: 'start', dtype: 'int32' },
        { name: 'end', dtype: 'int32' },
        { name: 'label', dtype: 'string' },
      ],
    },
    ...(withRelations
      ? [
          {
            name: 'relations',
            structList: [
              { name: 'from', dtype: 'int32' },
              { name: 'to', dtype: 'int32' },
              { name: 'label', dtype: 'string' },
              { name: 'directed', dtype: 'bool' },
            ],
          } as const,
        ]
      : []),
    { name: 'labels', list: 'string' },
  ];
}

/** The `huggingface` Parquet key-value metadata: `{"info":{"features":…}}` (datasets `Features.to_dict()`). */
export function hfFeaturesJson(features: readonly CardFeature[]): string {
  const value = (dtype: string): Record<string, string> => ({ dtype, _type: 'Value' });
  const out: Record<string, unknown> = {};
  for (const f of features) {
    if ('dtype' in f) out[f.name] = value(f.dtype);
    else if ('list' in f) out[f.name] = { feature: value(f.list), _type: 'List' };
    else if ('classLabels' in f) out[f.name] = { feature: { names: [...f.classLabels], _type: 'ClassLabel' }, _type: 'List' };
    else out[f.name] = { feature: Object.fromEntries(f.structList.map((c) => [c.name, value(c.dtype)])), _type: 'List' };
  }
  return JSON.stringify({ info: { features: out } });
}

type ParquetSchemaElement = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>[number];

/** Writes rows as Parquet with 3-level lists and the `huggingface` metadata. The whole file is built in memory. */
export function hfParquet(rows: readonly (HfSpanRow | HfTokenRow)[], features: readonly CardFeature[]): Uint8Array {
  const str = (name: string): ParquetSchemaElement => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' });
  const schema: ParquetSchemaElement[] = [{ name: 'root', num_children: features.length }];
  for (const f of features) {
    if ('dtype' in f) schema.push(f.dtype === 'string' ? str(f.name) : { name: f.name, type: f.dtype === 'int32' ? 'INT32' : 'INT64', repetition_type: 'REQUIRED' });
    else {
      schema.push({ name: f.name, repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 }, { name: 'list', repetition_type: 'REPEATED', num_children: 1 });
      if ('list' in f) schema.push(str('element'));
      else if ('classLabels' in f) schema.push({ name: 'element', type: 'INT64', repetition_type: 'REQUIRED' });
      else {
        schema.push({ name: 'element', repetition_type: 'REQUIRED', num_children: f.structList.length });
        for (const c of f.structList) schema.push(c.dtype === 'string' ? str(c.name) : { name: c.name, type: c.dtype === 'bool' ? 'BOOLEAN' : 'INT32', repetition_type: 'REQUIRED' });
      }
    }
  }
  const columnData = features.map((f) => ({
    name: f.name,
    data: rows.map((r) => {
      const v = (r as unknown as Record<string, unknown>)[f.name];
      return 'classLabels' in f ? (v as number[]).map((n) => BigInt(n)) : v;
    }),
  }));
  const buffer = parquetWriteBuffer({ schema, columnData, kvMetadata: [{ key: 'huggingface', value: hfFeaturesJson(features) }] });
  return new Uint8Array(buffer);
}

async function exportHf(docs: AsyncIterable<CorpusDocument>, ctx: ExportContext, sink: ExportSink) {
  const tokenRows = ctx.tokens === true;
  const parquet = ctx.parquet === true;
  const labels = exportedLabels(ctx.schema, ctx);
  const names = tagNames(labels, ctx.scheme ?? 'bio');
  const withRelations = !tokenRows && (ctx.schema.relationLabels ?? []).length > 0;
  const tagIds = new Map(names.map((n, i) => [n, i]));
  const splits = splitNames(ctx);
  const ext = parquet ? 'parquet' : 'jsonl';
  const path = (split: string): string => `data/${split}-00000-of-00001.${ext}`;
  let features: CardFeature[] = [];
  const counts = new Map<string, { rows: number; bytes: number }>(splits.map((s) => [s, { rows: 0, bytes: 0 }]));
  const annotators: Record<string, number> = {};
  let consolidated = false;
  const report = await runExport('hf', docs, ctx, sink, async (documents, run) => {
    consolidated = run.consolidated;
    features = hfFeatures(tokenRows, consolidated, names, withRelations);
    const fanout = new FileFanout(run.sink);
    const buffered = new Map<string, (HfSpanRow | HfTokenRow)[]>(splits.map((s) => [s, []]));
    if (!parquet) for (const s of splits) fanout.open(path(s));
    for await (const doc of documents) {
      const count = counts.get(doc.split) as { rows: number; bytes: number };
      for (const layer of doc.layers) {
        const row = tokenRows ? hfTokenRow(doc, layer, consolidated, tagIds, ctx, run.losses) : hfSpanRow(doc, layer, consolidated, run.losses, withRelations);
        count.rows++;
        if (!consolidated) annotators[layer.name] = (annotators[layer.name] ?? 0) + 1;
        if (parquet) (buffered.get(doc.split) as (HfSpanRow | HfTokenRow)[]).push(row);
        else {
          const line = `${JSON.stringify(row)}\n`;
          count.bytes += Buffer.byteLength(line);
          await fanout.write(path(doc.split), line);
        }
      }
    }
    if (parquet) {
      for (const s of splits) {
        const bytes = hfParquet(buffered.get(s) as (HfSpanRow | HfTokenRow)[], features);
        (counts.get(s) as { bytes: number }).bytes = bytes.length;
        await run.sink.writeFile(path(s), bytes);
      }
    }
    await fanout.close();
  });
  const cardSplits: CardSplit[] = splits.map((s) => ({ name: s, numExamples: counts.get(s)?.rows ?? 0, numBytes: counts.get(s)?.bytes ?? 0, path: `data/${s}-*` }));
  const card = datasetCard({
    project: ctx.project ?? 'project',
    schema: ctx.schema,
    labels,
    features,
    splits: cardSplits,
    tokenRows,
    scheme: ctx.scheme ?? 'bio',
    annotators: consolidated ? undefined : annotators,
    consolidation: describeConsolidation(ctx),
    agreement: ctx.agreement,
    losses: report.losses,
    options: ctx.card,
  });
  const cardBytes = new TextEncoder().encode(card);
  await sink.writeFile('README.md', cardBytes);
  return { ...report, files: [...report.files, { path: 'README.md', bytes: cardBytes.length }].sort((a, b) => (a.path < b.path ? -1 : 1)) };
}

/** Hugging Face datasets folder with a dataset card. */
export const hfFormat: FormatAdapter = {
  name: 'hf',
  description: 'Hugging Face datasets folder: span rows (code points) or token-classification rows, JSONL or Parquet, with a dataset card',
  consumers: '`datasets.load_dataset("path/to/folder")`, the Hugging Face Hub viewer, pandas/DuckDB (JSONL, Parquet)',
  kind: 'folder',
  export: exportHf,
};

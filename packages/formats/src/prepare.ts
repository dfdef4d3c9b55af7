/**
 * The steps every export shares, applied document by document: LF line
 * breaks (except for the native JSONL), drop spans with unknown labels,
 * filter by status, leave out excluded labels (and cut boilerplate text),
 * keep the relations whose ends are exported (`prepare-relations.ts`),
 * consolidate layers, assign the split.
 */
import type { AnnotationStatus, DocumentLabels, LabelSchema } from '@glossa/core';
import type { ExportContext } from './adapter.js';
import { consolidateLayers } from './consolidate.js';
import { withLfLineBreaks } from './linebreaks.js';
import type { CorpusDocument, CorpusRelation, CorpusSpan } from './model.js';
import { GOLD_LAYER, SHARED_LAYER, compareCorpusSpans } from './model.js';
import { exportedRelations, layerRelations } from './prepare-relations.js';
import type { LossRecorder } from './report.js';
import { moveSpan } from './span-offsets.js';
import { TRAIN_ONLY, assignSplit, assignSplits } from './splits.js';

/** One layer of a prepared document. */
export interface ExportLayer {
  /** The annotator (layer) name, or the consolidation method's name. */
  readonly name: string;
  readonly spans: readonly CorpusSpan[];
  /** The live relations: both ends are spans of `spans`. Dangling ones were recorded and left out. */
  readonly relations: readonly CorpusRelation[];
  readonly labels: DocumentLabels;
}

/** A document ready for an exporter: filtered, consolidated, in its split. */
export interface ExportDocument {
  readonly id: string;
  readonly text: string;
  readonly meta: Readonly<Record<string, unknown>>;
  /** At least one layer; exactly one when the export is consolidated. */
  readonly layers: readonly ExportLayer[];
  /** The split the document belongs to. */
  readonly split: string;
}

/** How an export treats a text's line breaks. */
export interface PrepareOptions {
  /**
   * `lf`: CRLF and lone CR become LF and offsets move with the text, for
   * every format read back by tools that translate line breaks; `exact`:
   * the text is kept as it is (the native JSONL). @default 'lf'
   */
  readonly lineBreaks?: 'lf' | 'exact';
}

/** The statuses exported by default. */
export const DEFAULT_EXPORT_STATUSES: readonly AnnotationStatus[] = ['proposed', 'accepted'];

/** Whether an export merges annotators into one layer (an explicit method other than `none`). */
export function isConsolidated(ctx: ExportContext): boolean {
  return ctx.consolidation !== undefined && ctx.consolidation !== 'none';
}

/** The consolidation in words, for reports and cards. */
export function describeConsolidation(ctx: ExportContext): string {
  switch (ctx.consolidation) {
    case undefined:
      return 'gold layer where a document has one, otherwise every annotator separately';
    case 'none':
      return 'none: every annotator separately';
    case 'gold':
      return 'gold: the curated layer only';
    case 'majority':
      return 'majority: a span is kept when more than half of the annotators have an overlapping span with the same label; boundaries chosen by most annotators';
    case 'union':
      return 'union: every span of any annotator';
    case 'intersection':
      return 'intersection: spans every annotator marked exactly';
  }
}

/** The split names an export writes, in order. */
export function splitNames(ctx: ExportContext): string[] {
  return (ctx.splits?.shares ?? TRAIN_ONLY).map((s) => s.name);
}

/**
 * Prepares documents for export. Memory stays bounded by one document,
 * except with stratified splits, which need every document's stratum first
 * and so hold the whole corpus.
 */
export async function* prepareDocuments(docs: AsyncIterable<CorpusDocument>, ctx: ExportContext, losses: LossRecorder, options: PrepareOptions = {}): AsyncGenerator<ExportDocument> {
  const splits = ctx.splits;
  const filters = exportFilters(ctx, options);
  if (splits?.stratifyBy !== undefined) {
    const group = splits.stratifyBy;
    const prepared: Omit<ExportDocument, 'split'>[] = [];
    for await (const doc of docs) prepared.push(prepareFiltered(doc, ctx, filters, losses));
    const assigned = assignSplits(
      prepared.map((d) => ({ id: d.id, stratum: stratumOf(d, group) })),
      splits,
    );
    for (const d of prepared) yield { ...d, split: assigned.get(d.id) as string };
    return;
  }
  for await (const doc of docs) {
    const d = prepareFiltered(doc, ctx, filters, losses);
    yield { ...d, split: splits === undefined ? (TRAIN_ONLY[0]?.name as string) : assignSplit(d.id, splits) };
  }
}

function stratumOf(doc: Omit<ExportDocument, 'split'>, group: string): string | undefined {
  for (const layer of doc.layers) {
    const v = layer.labels[group];
    if (v !== undefined) return typeof v === 'string' ? v : [...v].sort().join('+');
  }
  return undefined;
}

/** What an export keeps, worked out once per export: per label id, whether it is exported or excluded (absent: unknown), the statuses, and whether texts get LF line breaks. */
interface ExportFilters {
  readonly labels: ReadonlyMap<string, 'export' | 'exclude'>;
  readonly statuses: ReadonlySet<AnnotationStatus>;
  readonly lfLineBreaks: boolean;
}

function exportFilters(ctx: ExportContext, options: PrepareOptions): ExportFilters {
  const exclude = (excludeFromExport: boolean | undefined): boolean => ctx.includeExcluded !== true && excludeFromExport === true;
  return {
    labels: new Map(ctx.schema.labels.map((l) => [l.id, exclude(l.excludeFromExport) ? 'exclude' : 'export'])),
    statuses: new Set(ctx.statuses ?? DEFAULT_EXPORT_STATUSES),
    lfLineBreaks: options.lineBreaks !== 'exact',
  };
}

/** Prepares one document (see `prepareDocuments`). */
export function prepareDocument(doc: CorpusDocument, ctx: ExportContext, losses: LossRecorder, options: PrepareOptions = {}): Omit<ExportDocument, 'split'> {
  return prepareFiltered(doc, ctx, exportFilters(ctx, options), losses);
}

function prepareFiltered(source: CorpusDocument, ctx: ExportContext, filters: ExportFilters, losses: LossRecorder): Omit<ExportDocument, 'split'> {
  const { labels: labelFilter, statuses } = filters;
  const doc = filters.lfLineBreaks ? withLfLineBreaks(source) : source;
  const useGold = ctx.consolidation === 'gold' || (ctx.consolidation === undefined && hasGold(doc));
  const gold = useGold && hasGold(doc);

  const all = doc.spans;
  // The kept spans: the document's own array while every span is kept, a copy from the first one left out.
  let kept: CorpusSpan[] | undefined;
  const cuts: { start: number; end: number }[] = [];
  for (let i = 0; i < all.length; i++) {
    const s = all[i] as CorpusSpan;
    const verdict = labelFilter.get(s.label);
    let keep = false;
    if (verdict === undefined) {
      losses.record('unknown-label', { document: doc.id, layer: s.layer, span: s.id, detail: `label '${s.label}' is not in the schema` });
    } else if (!statuses.has(s.status)) {
      losses.record('status-filter', { document: doc.id, layer: s.layer, span: s.id, detail: `${s.label} [${s.start},${s.end}) has status ${s.status}` });
    } else if (verdict === 'exclude') {
      if (ctx.stripBoilerplate === true && (!useGold || s.layer === GOLD_LAYER)) cuts.push({ start: s.start, end: s.end });
      else losses.record('excluded-label', { document: doc.id, layer: s.layer, span: s.id, detail: `${s.label} [${s.start},${s.end}) is excluded from export` });
    } else {
      keep = !gold || s.layer === GOLD_LAYER;
    }
    if (keep) kept?.push(s);
    else kept ??= all.slice(0, i);
  }
  let spans: readonly CorpusSpan[] = kept ?? all;
  let labels: Record<string, DocumentLabels> = { ...doc.labels };
  if (useGold) {
    if (gold) {
      labels = doc.labels[GOLD_LAYER] === undefined ? {} : { [GOLD_LAYER]: doc.labels[GOLD_LAYER] };
    } else {
      losses.record('no-gold', { document: doc.id, detail: 'no gold layer: exported without spans or labels' });
      spans = [];
      labels = {};
    }
  }

  let text = doc.text;
  if (cuts.length > 0) {
    const stripped = stripRanges(doc.text, cuts, spans);
    text = stripped.text;
    for (const s of stripped.changed) losses.record('boilerplate-cut', { document: doc.id, layer: s.layer, span: s.id, detail: `${s.label} [${s.start},${s.end}) overlaps cut boilerplate` });
    spans = stripped.spans;
  }

  const relations = exportedRelations(doc, spans, { ctx, statuses, useGold }, losses);
  const layers = buildLayers(doc.id, spans, relations, labels, ctx, losses);
  return { id: doc.id, text, meta: doc.meta, layers };
}

function hasGold(doc: CorpusDocument): boolean {
  return doc.spans.some((s) => s.layer === GOLD_LAYER) || doc.labels[GOLD_LAYER] !== undefined;
}

function buildLayers(
  docId: string,
  spans: readonly CorpusSpan[],
  relations: readonly CorpusRelation[],
  labels: Record<string, DocumentLabels>,
  ctx: ExportContext,
  losses: LossRecorder,
): ExportLayer[] {
  const method = ctx.consolidation;
  if (method === 'majority' || method === 'union' || method === 'intersection') {
    const merged = consolidateLayers(method, spans, labels, method, relations);
    for (const s of merged.dropped) losses.record('consolidation', { document: docId, layer: s.layer, span: s.id, detail: `${s.label} [${s.start},${s.end}) not kept by ${method}` });
    for (const r of merged.droppedRelations) losses.record('consolidation', { document: docId, layer: r.layer, relation: r.id, detail: `relation ${r.label} ${r.from} → ${r.to} not kept by ${method}` });
    for (const r of merged.danglingRelations) {
      losses.record('dangling-relation', { document: docId, layer: r.layer, relation: r.id, detail: `relation ${r.label} ${r.from} → ${r.to}: the span of an end was not kept by ${method}` });
    }
    return [{ name: method, spans: merged.spans, relations: merged.relations, labels: merged.labels }];
  }
  if (method === 'gold') {
    return [{ name: GOLD_LAYER, spans, relations: layerRelations(relations, GOLD_LAYER), labels: labels[GOLD_LAYER] ?? {} }];
  }
  const names = new Set<string>([...spans.map((s) => s.layer), ...Object.keys(labels)]);
  if (names.size === 0) names.add(SHARED_LAYER);
  return [...names].sort().map((name) => ({ name, spans: spans.filter((s) => s.layer === name), relations: layerRelations(relations, name), labels: labels[name] ?? {} }));
}

/**
 * Cuts ranges out of a text and maps spans onto the shorter text. A span
 * inside a cut is removed; a span overlapping a cut is shortened (a
 * fragment inside a cut is removed, fragments whose gap is cut are joined).
 * Both are returned in `changed`.
 */
export function stripRanges(
  text: string,
  ranges: readonly { start: number; end: number }[],
  spans: readonly CorpusSpan[],
): { text: string; spans: CorpusSpan[]; changed: CorpusSpan[] } {
  // Merge the ranges.
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: { start: number; end: number }[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ start: r.start, end: r.end });
  }
  let out = '';
  let from = 0;
  for (const r of merged) {
    out += text.slice(from, r.start);
    from = r.end;
  }
  out += text.slice(from);
  const map = (pos: number): number => {
    let removed = 0;
    for (const r of merged) {
      if (r.start >= pos) break;
      removed += Math.min(pos, r.end) - r.start;
    }
    return pos - removed;
  };
  const kept: CorpusSpan[] = [];
  const changed: CorpusSpan[] = [];
  for (const s of spans) {
    const touched = merged.some((r) => r.start < s.end && s.start < r.end);
    if (touched) changed.push(s);
    const moved = moveSpan(s, map, map);
    if (moved !== undefined) kept.push(moved);
  }
  return { text: out, spans: kept.sort(compareCorpusSpans), changed };
}

/** The span labels of a schema that an export keeps, in schema order. */
export function exportedLabels(schema: LabelSchema, ctx: ExportContext): string[] {
  return schema.labels.filter((l) => ctx.includeExcluded === true || l.excludeFromExport !== true).map((l) => l.id);
}

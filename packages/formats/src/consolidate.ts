/**
 * Consolidation: turning the layers of several annotators into the one layer
 * a dataset carries. Pure functions over spans and document labels.
 */
import type { DocumentLabels } from '@glossa/core';
import type { CorpusSpan } from './model.js';
import { GOLD_LAYER, compareCorpusSpans } from './model.js';

/**
 * How layers are consolidated:
 * - `none`: every layer is exported as its own annotator;
 * - `gold`: the gold layer only;
 * - `majority`: a span is kept when more than half of the document's annotators have a
 *   span with the same label overlapping it; the kept span has the boundaries most
 *   annotators chose exactly (ties: earliest start, then shortest);
 * - `union`: every distinct (start, end, label) of any annotator;
 * - `intersection`: the (start, end, label) every annotator has exactly.
 */
export type ConsolidationMethod = 'none' | 'gold' | 'majority' | 'union' | 'intersection';

/** Every consolidation method. */
export const CONSOLIDATION_METHODS: readonly ConsolidationMethod[] = ['none', 'gold', 'majority', 'union', 'intersection'];

/** The result of consolidating one document's layers. */
export interface ConsolidatedLayer {
  readonly spans: CorpusSpan[];
  readonly labels: DocumentLabels;
  /** Spans of annotators not carried into the result (majority, intersection). */
  readonly dropped: CorpusSpan[];
}

/**
 * The annotator layers of a document: every layer with spans or document
 * labels, except gold, sorted.
 */
export function annotatorLayers(spans: readonly CorpusSpan[], labels: Readonly<Record<string, DocumentLabels>>): string[] {
  const layers = new Set<string>();
  for (const s of spans) layers.add(s.layer);
  for (const l of Object.keys(labels)) layers.add(l);
  layers.delete(GOLD_LAYER);
  return [...layers].sort();
}

/**
 * Consolidates spans and document labels of the annotator layers into one
 * layer named `layer`. `method` must not be `none` or `gold` (those keep
 * layers as they are).
 * @throws RangeError for `none` or `gold`.
 */
export function consolidateLayers(
  method: 'majority' | 'union' | 'intersection',
  spans: readonly CorpusSpan[],
  labels: Readonly<Record<string, DocumentLabels>>,
  layer: string,
): ConsolidatedLayer {
  if ((method as string) === 'none' || (method as string) === 'gold') {
    throw new RangeError(`consolidateLayers merges annotators; '${method}' keeps layers as they are`);
  }
  const annotators = annotatorLayers(spans, labels);
  const own = spans.filter((s) => s.layer !== GOLD_LAYER);
  const result =
    method === 'union' ? unionSpans(own) : method === 'intersection' ? intersectSpans(own, annotators.length) : majoritySpans(own, annotators.length);
  const kept = new Set(result.map(boundaryKey));
  const merged = result.map((s) => ({ ...s, layer })).sort(compareCorpusSpans);
  const dropped = own.filter((s) => !kept.has(boundaryKey(s)));
  return { spans: merged, labels: consolidateLabels(method, annotators, labels), dropped };
}

function boundaryKey(s: { start: number; end: number; label: string }): string {
  return `${s.start}:${s.end}:${s.label}`;
}

/** Groups spans by exact (start, end, label); each group lists distinct layers. */
function byBoundary(spans: readonly CorpusSpan[]): Map<string, { span: CorpusSpan; layers: Set<string> }> {
  const groups = new Map<string, { span: CorpusSpan; layers: Set<string> }>();
  for (const s of [...spans].sort(compareCorpusSpans)) {
    const key = boundaryKey(s);
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { span: s, layers: new Set([s.layer]) });
    else g.layers.add(s.layer);
  }
  return groups;
}

function unionSpans(spans: readonly CorpusSpan[]): CorpusSpan[] {
  return [...byBoundary(spans).values()].map((g) => g.span);
}

function intersectSpans(spans: readonly CorpusSpan[], annotators: number): CorpusSpan[] {
  if (annotators === 0) return [];
  return [...byBoundary(spans).values()].filter((g) => g.layers.size === annotators).map((g) => g.span);
}

function majoritySpans(spans: readonly CorpusSpan[], annotators: number): CorpusSpan[] {
  const groups = [...byBoundary(spans).values()];
  // Supporters of a candidate: annotators with a same-label span overlapping it.
  const candidates = groups
    .map((g) => {
      const supporters = new Set<string>();
      for (const s of spans) {
        if (s.label === g.span.label && s.start < g.span.end && g.span.start < s.end) supporters.add(s.layer);
      }
      return { span: g.span, exactVotes: g.layers.size, supporters: supporters.size };
    })
    .filter((c) => c.supporters * 2 > annotators)
    .sort(
      (a, b) =>
        b.exactVotes - a.exactVotes || a.span.start - b.span.start || a.span.end - b.span.end || (a.span.label < b.span.label ? -1 : a.span.label > b.span.label ? 1 : 0),
    );
  // Greedy: the best-voted candidate wins; same-label candidates overlapping it are merged into it.
  const chosen: CorpusSpan[] = [];
  for (const c of candidates) {
    if (chosen.some((s) => s.label === c.span.label && s.start < c.span.end && c.span.start < s.end)) continue;
    chosen.push(c.span);
  }
  return chosen;
}

/** Consolidates document labels group by group, the same way as spans (majority: more than half of the annotators). */
function consolidateLabels(
  method: 'majority' | 'union' | 'intersection',
  annotators: readonly string[],
  labels: Readonly<Record<string, DocumentLabels>>,
): DocumentLabels {
  const votes = new Map<string, Map<string, number>>();
  const single = new Set<string>();
  for (const a of annotators) {
    for (const [group, value] of Object.entries(labels[a] ?? {})) {
      if (typeof value === 'string') single.add(group);
      let counts = votes.get(group);
      if (counts === undefined) {
        counts = new Map();
        votes.set(group, counts);
      }
      for (const v of typeof value === 'string' ? [value] : value) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
  }
  const out: Record<string, string | readonly string[]> = {};
  for (const group of [...votes.keys()].sort()) {
    const counts = votes.get(group) as Map<string, number>;
    const threshold = (n: number): boolean => (method === 'union' ? n > 0 : method === 'intersection' ? n === annotators.length : n * 2 > annotators.length);
    const values = [...counts.entries()]
      .filter(([, n]) => threshold(n))
      .sort(([va, a], [vb, b]) => b - a || (va < vb ? -1 : va > vb ? 1 : 0))
      .map(([v]) => v);
    if (values.length === 0) continue;
    out[group] = single.has(group) ? (values[0] as string) : values.sort();
  }
  return out;
}

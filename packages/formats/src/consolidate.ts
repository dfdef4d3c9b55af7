/**
 * Consolidation: turning the layers of several annotators into the one layer
 * a dataset carries. Pure functions over spans and document labels.
 */
import type { DocumentLabels } from '@glossa/core';
import type { CorpusRelation, CorpusSpan } from './model.js';
import { GOLD_LAYER, compareCorpusRelations, compareCorpusSpans } from './model.js';

/**
 * How layers are consolidated:
 * - `none`: every layer is exported as its own annotator;
 * - `gold`: the gold layer only;
 * - `majority`: a span is kept when more than half of the document's annotators have a
 *   span with the same label overlapping it; the kept span has the boundaries most
 *   annotators chose exactly (ties: earliest start, then shortest);
 * - `union`: every distinct (start, end, label) of any annotator;
 * - `intersection`: the (start, end, label) every annotator has exactly.
 *
 * A discontinuous span is distinct from the contiguous span covering it
 * (its fragments are part of its boundaries). Relations are consolidated
 * the same way: a relation is the same as another when it has the same
 * label and direction and its ends have the same boundaries (undirected
 * ends either way round); it is kept when enough annotators have it
 * (union: one; majority: more than half; intersection: all), and then
 * joins the kept spans with those boundaries.
 */
export type ConsolidationMethod = 'none' | 'gold' | 'majority' | 'union' | 'intersection';

/** Every consolidation method. */
export const CONSOLIDATION_METHODS: readonly ConsolidationMethod[] = ['none', 'gold', 'majority', 'union', 'intersection'];

/** The result of consolidating one document's layers. */
export interface ConsolidatedLayer {
  /** The kept spans, in layer `layer`; ids made unique where two annotators' spans had the same id (`<annotator>:<id>`). */
  readonly spans: CorpusSpan[];
  readonly labels: DocumentLabels;
  /** Spans of annotators not carried into the result (majority, intersection). */
  readonly dropped: CorpusSpan[];
  /** The kept relations, in layer `layer`, their ends the kept spans. */
  readonly relations: CorpusRelation[];
  /** Relations of annotators not carried into the result: too few annotators have them. */
  readonly droppedRelations: CorpusRelation[];
  /** Relations enough annotators have, left out because the span of an end was not kept. */
  readonly danglingRelations: CorpusRelation[];
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
  relations: readonly CorpusRelation[] = [],
): ConsolidatedLayer {
  if ((method as string) === 'none' || (method as string) === 'gold') {
    throw new RangeError(`consolidateLayers merges annotators; '${method}' keeps layers as they are`);
  }
  const annotators = annotatorLayers(spans, labels);
  const own = spans.filter((s) => s.layer !== GOLD_LAYER);
  const result =
    method === 'union' ? unionSpans(own) : method === 'intersection' ? intersectSpans(own, annotators.length) : majoritySpans(own, annotators.length);
  const kept = new Set(result.map(boundaryKey));
  const used = new Set<string>();
  const keptIds = new Map<string, string>();
  const merged = result
    .sort(compareCorpusSpans)
    .map((s) => {
      const id = used.has(s.id) ? `${s.layer}:${s.id}` : s.id;
      used.add(id);
      keptIds.set(boundaryKey(s), id);
      return { ...s, id, layer };
    })
    .sort(compareCorpusSpans);
  const dropped = own.filter((s) => !kept.has(boundaryKey(s)));
  const votes = (count: number): boolean => (method === 'union' ? count > 0 : method === 'intersection' ? count === annotators.length : count * 2 > annotators.length);
  return { spans: merged, labels: consolidateLabels(method, annotators, labels), dropped, ...consolidateRelations(own, relations, keptIds, votes, layer) };
}

/** A span's boundaries: (start, end, label) and its fragments, if any. */
function boundaryKey(s: Pick<CorpusSpan, 'start' | 'end' | 'label' | 'fragments'>): string {
  const base = `${s.start}:${s.end}:${s.label}`;
  return s.fragments === undefined ? base : `${base}:${s.fragments.map(([a, b]) => `${a}-${b}`).join(',')}`;
}

/**
 * Relations kept by their annotators' votes (see the module comment),
 * their ends pointed at the kept spans (`keptIds`: boundary key → id).
 */
function consolidateRelations(
  own: readonly CorpusSpan[],
  relations: readonly CorpusRelation[],
  keptIds: ReadonlyMap<string, string>,
  votes: (count: number) => boolean,
  layer: string,
): Pick<ConsolidatedLayer, 'relations' | 'droppedRelations' | 'danglingRelations'> {
  const spanKeys = new Map(own.map((s) => [`${s.layer}\u0000${s.id}`, boundaryKey(s)]));
  const groups = new Map<string, { relation: CorpusRelation; ends: readonly [string, string]; layers: Set<string>; members: CorpusRelation[] }>();
  for (const r of [...relations].sort(compareCorpusRelations)) {
    if (r.layer === GOLD_LAYER) continue;
    const from = spanKeys.get(`${r.layer}\u0000${r.from}`);
    const to = spanKeys.get(`${r.layer}\u0000${r.to}`);
    if (from === undefined || to === undefined) continue;
    const ends = (r.directed || from <= to ? [from, to] : [to, from]) as readonly [string, string];
    const key = `${r.label}\u0000${r.directed}\u0000${ends[0]}\u0000${ends[1]}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { relation: r, ends, layers: new Set([r.layer]), members: [r] });
    else {
      group.layers.add(r.layer);
      group.members.push(r);
    }
  }
  const kept: CorpusRelation[] = [];
  const droppedRelations: CorpusRelation[] = [];
  const danglingRelations: CorpusRelation[] = [];
  for (const { relation, ends, layers, members } of groups.values()) {
    if (!votes(layers.size)) {
      droppedRelations.push(...members);
      continue;
    }
    const from = keptIds.get(ends[0]);
    const to = keptIds.get(ends[1]);
    if (from === undefined || to === undefined) danglingRelations.push(...members);
    else kept.push({ ...relation, from, to, layer });
  }
  return { relations: kept.sort(compareCorpusRelations), droppedRelations, danglingRelations };
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

/**
 * What the curator's decisions put into the gold layer: spans with the
 * layers that agreed on them (their provenance). Pure functions; writing the
 * plans into the gold room is `gold-layer.ts`'s job.
 */
import type { LayerSpan, SpanCandidate, SpanCluster } from './disagreements.js';
import { spanKey } from './disagreements.js';

/** A span to put into gold, in UTF-16 code units, with the layers it came from. */
export interface GoldPlan {
  readonly start: number;
  readonly end: number;
  readonly label: string;
  /** The source layers that agreed on it, sorted and distinct. */
  readonly provenance: readonly string[];
}

/** A span already in gold (only what the plans compare). */
export interface GoldSpanLike {
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

function sortedDistinct(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Accepting one candidate: its boundaries and label, from the layers that have it exactly. */
export function acceptCandidate(candidate: SpanCandidate): GoldPlan {
  return { start: candidate.start, end: candidate.end, label: candidate.label, provenance: sortedDistinct(candidate.layers) };
}

/**
 * Merging spans of one label: the union of their boundaries (they must
 * overlap, or touch, as one stretch of text), from every layer involved.
 * @throws RangeError when there are no spans, their labels differ, or they
 * do not form one stretch of text.
 */
export function mergeSpans(spans: readonly LayerSpan[]): GoldPlan {
  const first = spans[0];
  if (first === undefined) throw new RangeError('merging needs at least one span');
  const label = first.label;
  const other = spans.find((span) => span.label !== label);
  if (other !== undefined) throw new RangeError(`merging needs spans of one label; got "${label}" and "${other.label}"`);
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  let end = (sorted[0] as LayerSpan).end;
  for (const span of sorted.slice(1)) {
    if (span.start > end) throw new RangeError(`spans [${(sorted[0] as LayerSpan).start}, ${end}) and [${span.start}, ${span.end}) do not overlap; merge only spans of one stretch of text`);
    end = Math.max(end, span.end);
  }
  return { start: (sorted[0] as LayerSpan).start, end, label, provenance: sortedDistinct(spans.map((span) => span.layer)) };
}

/**
 * The merges a cluster offers: for each label used by spans of at least two
 * different boundaries, the union of that label's spans when they form one
 * stretch of text.
 */
export function mergeOptions(cluster: SpanCluster): GoldPlan[] {
  const byLabel = new Map<string, LayerSpan[]>();
  for (const span of cluster.spans) byLabel.set(span.label, [...(byLabel.get(span.label) ?? []), span]);
  const plans: GoldPlan[] = [];
  for (const spans of byLabel.values()) {
    if (new Set(spans.map(spanKey)).size < 2) continue;
    try {
      plans.push(mergeSpans(spans));
    } catch (error) {
      // Same label on two separate stretches of one cluster: nothing to merge into one span.
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return plans;
}

/**
 * The candidates at least `minimum` layers have exactly, across clusters,
 * that gold does not hold yet (same start, end and label) and that were not
 * rejected (`isRejected` true for every span behind the candidate).
 * @throws RangeError when `minimum` is not a positive integer.
 */
export function agreedPlans(
  clusters: readonly SpanCluster[],
  minimum: number,
  gold: readonly GoldSpanLike[],
  isRejected: (span: LayerSpan) => boolean = () => false,
): GoldPlan[] {
  if (!Number.isInteger(minimum) || minimum < 1) throw new RangeError(`the number of agreeing annotators must be a positive integer, got ${minimum}`);
  const inGold = new Set(gold.map(spanKey));
  const plans: GoldPlan[] = [];
  for (const cluster of clusters) {
    for (const candidate of cluster.candidates) {
      if (candidate.layers.length >= minimum && !inGold.has(spanKey(candidate)) && !candidate.spans.every(isRejected)) {
        inGold.add(spanKey(candidate));
        plans.push(acceptCandidate(candidate));
      }
    }
  }
  return plans;
}

/** Whether gold holds a span overlapping the cluster's text. */
export function clusterHasGold(cluster: SpanCluster, gold: readonly GoldSpanLike[]): boolean {
  return gold.some((span) => span.start < cluster.end && cluster.start < span.end);
}

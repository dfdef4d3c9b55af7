/**
 * Where the annotators of a document disagree. The spans of every source
 * layer are grouped into clusters of overlapping spans; a cluster is a
 * disagreement when one of its spans is not matched exactly (same start, end
 * and label) by every annotator who has the document. Pure functions over
 * UTF-16 offsets, no Yjs, no DOM.
 */

/** A span of one source layer, in UTF-16 code units of the document's text. */
export interface LayerSpan {
  /** The layer it belongs to (an annotator's id, or `shared`). */
  readonly layer: string;
  /** Its id inside the layer. */
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

/** Why a cluster is a disagreement. */
export type DisagreementKind =
  /** Two annotators used the same label on overlapping text with different boundaries. */
  | 'boundaries'
  /** Two annotators used different labels on overlapping text. */
  | 'labels'
  /** A span that some annotators do not have at all (nothing of theirs overlaps it). */
  | 'missing';

/** One distinct (start, end, label) of a cluster and the layers that have exactly it. */
export interface SpanCandidate {
  readonly start: number;
  readonly end: number;
  readonly label: string;
  /** The layers with exactly this span, sorted. */
  readonly layers: readonly string[];
  /** The spans behind it, one per layer, in the order of `layers`. */
  readonly spans: readonly LayerSpan[];
}

/** A maximal group of spans connected by overlap, across all source layers. */
export interface SpanCluster {
  /** `<start>-<end>` of the cluster: stable while the spans do not change. */
  readonly key: string;
  /** The smallest start of its spans. */
  readonly start: number;
  /** The largest end of its spans. */
  readonly end: number;
  /** Its spans, sorted by (start, end, label, layer). */
  readonly spans: readonly LayerSpan[];
  /** Its distinct spans, most agreed first, then by (start, end, label). */
  readonly candidates: readonly SpanCandidate[];
  /** Whether every annotator who has the document has every span of the cluster exactly. */
  readonly agreed: boolean;
  /** Why it is a disagreement, sorted; empty when it is agreed. */
  readonly kinds: readonly DisagreementKind[];
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders spans by start, end, label, then layer. */
export function compareLayerSpans(a: LayerSpan, b: LayerSpan): number {
  return a.start - b.start || a.end - b.end || compareStrings(a.label, b.label) || compareStrings(a.layer, b.layer) || compareStrings(a.id, b.id);
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** The key of a (start, end, label) triple. */
export function spanKey(span: { readonly start: number; readonly end: number; readonly label: string }): string {
  return `${span.start}:${span.end}:${span.label}`;
}

/**
 * Groups the spans of the source layers of one document into clusters and
 * says, for each, whether the annotators agree and why not.
 *
 * @param layers The spans of each annotator who has the document, by layer
 *   id. An annotator with an empty list has the document and marked nothing:
 *   every span of the others is then missing for them.
 * @throws RangeError when a span's range is empty or reversed, or a span is
 *   filed under a layer other than its own.
 */
export function clusterSpans(layers: Readonly<Record<string, readonly LayerSpan[]>>): SpanCluster[] {
  const annotators = Object.keys(layers).sort(compareStrings);
  const all: LayerSpan[] = [];
  for (const layer of annotators) {
    for (const span of layers[layer] ?? []) {
      if (span.layer !== layer) throw new RangeError(`span "${span.id}" says it belongs to layer "${span.layer}" but is listed under "${layer}"`);
      if (!Number.isInteger(span.start) || !Number.isInteger(span.end) || span.start < 0 || span.end <= span.start) {
        throw new RangeError(`span "${span.id}" of layer "${layer}": [${span.start}, ${span.end}) is not a non-empty range`);
      }
      all.push(span);
    }
  }
  all.sort(compareLayerSpans);
  const groups: LayerSpan[][] = [];
  let current: LayerSpan[] = [];
  let reach = -1;
  for (const span of all) {
    if (current.length > 0 && span.start >= reach) {
      groups.push(current);
      current = [];
    }
    current.push(span);
    reach = current.length === 1 ? span.end : Math.max(reach, span.end);
  }
  if (current.length > 0) groups.push(current);
  return groups.map((spans) => describeCluster(spans, annotators));
}

function describeCluster(spans: readonly LayerSpan[], annotators: readonly string[]): SpanCluster {
  const byKey = new Map<string, LayerSpan[]>();
  for (const span of spans) {
    const key = spanKey(span);
    byKey.set(key, [...(byKey.get(key) ?? []), span]);
  }
  const candidates: SpanCandidate[] = [...byKey.values()].map((group) => {
    // One span per layer: a layer holding the same span twice agrees once.
    const perLayer = new Map<string, LayerSpan>();
    for (const span of group) if (!perLayer.has(span.layer)) perLayer.set(span.layer, span);
    const layers = [...perLayer.keys()].sort(compareStrings);
    const first = group[0] as LayerSpan;
    return { start: first.start, end: first.end, label: first.label, layers, spans: layers.map((layer) => perLayer.get(layer) as LayerSpan) };
  });
  candidates.sort((a, b) => b.layers.length - a.layers.length || a.start - b.start || a.end - b.end || compareStrings(a.label, b.label));
  const unmatched = candidates.filter((candidate) => candidate.layers.length < annotators.length);
  const kinds = new Set<DisagreementKind>();
  for (const candidate of unmatched) {
    for (const other of annotators) {
      if (candidate.layers.includes(other)) continue;
      const theirs = spans.filter((span) => span.layer === other && overlaps(span, candidate));
      if (theirs.length === 0) kinds.add('missing');
      else if (theirs.some((span) => span.label === candidate.label)) kinds.add('boundaries');
      else kinds.add('labels');
    }
  }
  const start = Math.min(...spans.map((span) => span.start));
  const end = Math.max(...spans.map((span) => span.end));
  return { key: `${start}-${end}`, start, end, spans, candidates, agreed: unmatched.length === 0, kinds: [...kinds].sort(compareStrings) };
}

/** The clusters where the annotators disagree. */
export function disagreements(clusters: readonly SpanCluster[]): SpanCluster[] {
  return clusters.filter((cluster) => !cluster.agreed);
}

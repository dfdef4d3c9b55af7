/**
 * Relations between spans: which are live (both ends exist) and which are
 * dangling, and which span labels a relation label may join.
 */
import type { RelationAnnotation, RelationLabelDefinition } from './types.js';

/** Anything that says whether a span id exists: a `SpanSet`, a `Set` or a `Map` of ids. */
export interface SpanIds {
  has(id: string): boolean;
}

/** Relations split by whether their ends exist, each list in the order given. */
export interface ClassifiedRelations<R> {
  /** Relations whose `from` and `to` are both spans of the layer. */
  readonly live: R[];
  /** Relations with at least one end missing: kept, listed for curation, never exported. */
  readonly dangling: R[];
}

/** Whether both ends of a relation are spans of `spans`. */
export function isLiveRelation(relation: Pick<RelationAnnotation, 'from' | 'to'>, spans: SpanIds): boolean {
  return spans.has(relation.from) && spans.has(relation.to);
}

/**
 * Splits relations into live and dangling ones given the spans of their
 * layer. A caller that keeps orphaned spans (whose text was deleted) passes
 * only the spans that are not orphaned, so that a relation to an orphan is
 * dangling.
 *
 * @example
 * const { live, dangling } = classifyRelations(relations, SpanSet.create(spans));
 */
export function classifyRelations<R extends Pick<RelationAnnotation, 'from' | 'to'>>(relations: Iterable<R>, spans: SpanIds): ClassifiedRelations<R> {
  const live: R[] = [];
  const dangling: R[] = [];
  for (const relation of relations) (isLiveRelation(relation, spans) ? live : dangling).push(relation);
  return { live, dangling };
}

/**
 * Whether a relation label may join a span labelled `fromLabel` to one
 * labelled `toLabel`: the label's `sourceLabels` (when given) include the
 * first and its `targetLabels` (when given) the second. An undirected label
 * also allows the ends the other way round.
 */
export function relationEndsAllowed(label: Pick<RelationLabelDefinition, 'directed' | 'sourceLabels' | 'targetLabels'>, fromLabel: string, toLabel: string): boolean {
  const fits = (a: string, b: string): boolean =>
    (label.sourceLabels === undefined || label.sourceLabels.includes(a)) && (label.targetLabels === undefined || label.targetLabels.includes(b));
  return fits(fromLabel, toLabel) || (!label.directed && fits(toLabel, fromLabel));
}

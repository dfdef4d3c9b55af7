/**
 * Relations in curation: reading each source layer's relations (live and
 * dangling) with their ends, and the curator's decisions on them, written
 * to the gold layer room with @glossa/collab under the curator's origin.
 *
 * - Accepting a live relation copies it into gold between gold spans with
 *   its ends' ranges and labels (adding those spans, with provenance, when
 *   gold lacks them), in one transaction; the gold relation's `Y.Map`
 *   holds `provenance`, the layers that agreed on it (as gold annotations
 *   do). Accepting the same relation from another layer merges that
 *   layer into its provenance.
 * - Rejecting a relation records `{ decision: 'rejected', by, at }` under
 *   `<layer>:<relation id>` in the gold room's `curation` map (as rejected
 *   spans are).
 */
import * as Y from 'yjs';
import { RELATIONS_MAP, createRelation, localOrigin, resolveLayer, resolveRelations } from '@glossa/collab';
import type { RelationAnnotation, SpanAnnotation } from '@glossa/core';
import { CURATION_MAP, PROVENANCE_KEY, addGoldSpans } from './gold-layer.js';
import type { GoldWriter } from './gold-layer.js';

/** One source layer's relation with its ends as the layer resolves them. */
export interface LayerRelation {
  readonly layer: string;
  readonly relation: RelationAnnotation;
  /** The source span it starts from, or `null` when that end is deleted or orphaned. */
  readonly from: SpanAnnotation | null;
  /** The source span it points to, or `null` when that end is deleted or orphaned. */
  readonly to: SpanAnnotation | null;
}

/** The key under which a decision on a source relation is recorded. */
export function relationDecisionKey(relation: Pick<LayerRelation, 'layer'> & { readonly relation: Pick<RelationAnnotation, 'id'> }): string {
  return `${relation.layer}:${relation.relation.id}`;
}

/** The relations of one layer doc against its spans (resolved with the content), live ones first, each group sorted by id. */
export function readLayerRelations(layer: string, doc: Y.Doc, content: Y.Doc): LayerRelation[] {
  const resolved = resolveLayer(doc, content);
  const spans = new Map(resolved.spans.map((span) => [span.id, span]));
  const orphans = new Set(resolved.orphans.map((orphan) => orphan.annotation.id));
  const relations = resolveRelations(doc, spans, orphans);
  return [
    ...relations.live.map((relation) => ({ layer, relation, from: spans.get(relation.from) ?? null, to: spans.get(relation.to) ?? null })),
    ...relations.dangling.map(({ relation }) => ({ layer, relation, from: spans.get(relation.from) ?? null, to: spans.get(relation.to) ?? null })),
  ];
}

/** The layers a gold relation's provenance names. */
function readRelationProvenance(gold: Y.Doc, id: string): string[] {
  const entry = gold.getMap<unknown>(RELATIONS_MAP).get(id);
  if (!(entry instanceof Y.Map)) return [];
  const value: unknown = (entry as Y.Map<unknown>).get(PROVENANCE_KEY);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The gold relations with their provenance, by id. */
export function readGoldRelationProvenance(gold: Y.Doc): ReadonlyMap<string, readonly string[]> {
  return new Map([...gold.getMap<unknown>(RELATIONS_MAP).keys()].map((id) => [id, readRelationProvenance(gold, id)]));
}

/**
 * Accepts a live source relation into gold (see the module comment);
 * returns the gold relation's id.
 * @throws RangeError when an end of the relation is deleted (a dangling relation cannot be accepted).
 */
export function acceptRelation(writer: GoldWriter, item: LayerRelation): string {
  const { from, to, relation, layer } = item;
  if (from === null || to === null) throw new RangeError(`relation ${relation.id} of ${layer} has an end that is deleted; it cannot go into gold`);
  const origin = localOrigin(writer.user);
  let id = '';
  writer.gold.transact(() => {
    const [goldFrom, goldTo] = addGoldSpans(writer, [
      { start: from.start, end: from.end, label: from.label, provenance: [layer] },
      { start: to.start, end: to.end, label: to.label, provenance: [layer] },
    ]);
    if (goldFrom === undefined || goldTo === undefined) throw new RangeError('gold did not take the ends of the relation');
    id = createRelation(
      writer.gold,
      { from: goldFrom, to: goldTo, label: relation.label, directed: relation.directed, author: writer.user, status: 'accepted', note: relation.note ?? '', source: 'human' },
      origin,
    );
    const entry = writer.gold.getMap<unknown>(RELATIONS_MAP).get(id);
    const provenance = [...new Set([...readRelationProvenance(writer.gold, id), layer])].sort();
    if (entry instanceof Y.Map) (entry as Y.Map<unknown>).set(PROVENANCE_KEY, provenance);
    writer.gold.getMap<unknown>(CURATION_MAP).delete(relationDecisionKey(item));
  }, origin);
  return id;
}

/** Rejects a source relation (live or dangling): records the decision in the gold room. */
export function rejectRelation(writer: GoldWriter, item: LayerRelation): void {
  writer.gold.transact(() => {
    writer.gold.getMap<unknown>(CURATION_MAP).set(relationDecisionKey(item), { decision: 'rejected', by: writer.user, at: Date.now() });
  }, localOrigin(writer.user));
}

/** Takes back the rejection of a source relation. */
export function unrejectRelation(writer: GoldWriter, item: LayerRelation): void {
  writer.gold.transact(() => {
    writer.gold.getMap<unknown>(CURATION_MAP).delete(relationDecisionKey(item));
  }, localOrigin(writer.user));
}

/**
 * The gold relation matching `item`, if gold holds one: same label and
 * direction between gold spans with the ranges and labels of its ends.
 */
export function goldMatch(item: LayerRelation, goldSpans: readonly SpanAnnotation[], goldRelations: readonly RelationAnnotation[]): RelationAnnotation | undefined {
  const { from, to, relation } = item;
  if (from === null || to === null) return undefined;
  const same = (span: SpanAnnotation | undefined, end: SpanAnnotation): boolean => span !== undefined && span.start === end.start && span.end === end.end && span.label === end.label;
  const byId = new Map(goldSpans.map((span) => [span.id, span]));
  return goldRelations.find((gold) => {
    if (gold.label !== relation.label || gold.directed !== relation.directed) return false;
    const a = byId.get(gold.from);
    const b = byId.get(gold.to);
    return (same(a, from) && same(b, to)) || (!relation.directed && same(a, to) && same(b, from));
  });
}

/** Whether gold holds a relation matching `item` (see `goldMatch`). */
export function inGold(item: LayerRelation, goldSpans: readonly SpanAnnotation[], goldRelations: readonly RelationAnnotation[]): boolean {
  return goldMatch(item, goldSpans, goldRelations) !== undefined;
}

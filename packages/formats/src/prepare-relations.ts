/**
 * The relations an export keeps, and what it records for the others: a
 * relation is exported only while both its ends are exported spans of its
 * layer; a dangling one is never written.
 */
import { relationEndsAllowed } from '@glossa/core';
import type { AnnotationStatus, RelationLabelDefinition } from '@glossa/core';
import type { ExportContext } from './adapter.js';
import type { CorpusDocument, CorpusRelation, CorpusSpan } from './model.js';
import { GOLD_LAYER, compareCorpusRelations } from './model.js';
import type { LossRecorder } from './report.js';

/** The choices of an export that decide which relations it keeps. */
export interface RelationFilters {
  readonly ctx: ExportContext;
  /** The exported statuses (a relation without a status is `proposed`). */
  readonly statuses: ReadonlySet<AnnotationStatus>;
  /** Whether only the gold layer is exported. */
  readonly useGold: boolean;
}

/** A key naming a span of a layer. */
function endKey(layer: string, id: string): string {
  return `${layer}\u0000${id}`;
}

/** A relation in words, for loss reports: `funded-by s1 → s2`. */
export function describeRelation(relation: CorpusRelation): string {
  return `relation ${relation.label} ${relation.from} ${relation.directed ? '→' : '—'} ${relation.to}`;
}

/**
 * The relations of `doc` an export keeps, in canonical order, given the
 * spans it exports (`exported`, after every span filter). A relation is
 * recorded and left out when an end is no span of its layer in the
 * document (`dangling-relation`), when its label is not a relation label of
 * the schema (`unknown-label`), when its status is not exported
 * (`status-filter`), when the label does not allow the labels of its ends
 * (`relation-ends`: the schema's `sourceLabels` / `targetLabels`), or when
 * an end was left out of the export
 * (`dangling-relation`). Relations of other layers than gold are left out
 * without a record when only gold is exported, as their spans are.
 */
export function exportedRelations(doc: CorpusDocument, exported: readonly CorpusSpan[], filters: RelationFilters, losses: LossRecorder): CorpusRelation[] {
  const relations = doc.relations ?? [];
  if (relations.length === 0) return [];
  const known = new Map((filters.ctx.schema.relationLabels ?? []).map((label) => [label.id, label]));
  const spanLabels = new Map(doc.spans.map((s) => [endKey(s.layer, s.id), s.label]));
  const inDocument = new Set(spanLabels.keys());
  const inExport = new Set(exported.map((s) => endKey(s.layer, s.id)));
  const kept: CorpusRelation[] = [];
  for (const r of [...relations].sort(compareCorpusRelations)) {
    const where = { document: doc.id, layer: r.layer, relation: r.id };
    const missing = [r.from, r.to].find((end) => !inDocument.has(endKey(r.layer, end)));
    if (missing !== undefined) {
      losses.record('dangling-relation', { ...where, detail: `${describeRelation(r)}: ${missing} is no span of layer ${r.layer}` });
    } else if (!known.has(r.label)) {
      losses.record('unknown-label', { ...where, detail: `relation label '${r.label}' is not in the schema` });
    } else if (!endsAllowed(known.get(r.label), spanLabels.get(endKey(r.layer, r.from)), spanLabels.get(endKey(r.layer, r.to)))) {
      const [from, to] = [spanLabels.get(endKey(r.layer, r.from)), spanLabels.get(endKey(r.layer, r.to))];
      losses.record('relation-ends', { ...where, detail: `${describeRelation(r)}: the schema does not allow '${r.label}' from a '${from ?? ''}' span to a '${to ?? ''}' span` });
    } else if (!filters.statuses.has(r.status ?? 'proposed')) {
      losses.record('status-filter', { ...where, detail: `${describeRelation(r)} has status ${r.status ?? 'proposed'}` });
    } else if (filters.useGold && r.layer !== GOLD_LAYER) {
      continue;
    } else {
      const left = [r.from, r.to].find((end) => !inExport.has(endKey(r.layer, end)));
      if (left === undefined) kept.push(r);
      else losses.record('dangling-relation', { ...where, detail: `${describeRelation(r)}: span ${left} is left out of the export` });
    }
  }
  return kept;
}

/** Whether the schema's relation label allows ends with these span labels. */
function endsAllowed(label: RelationLabelDefinition | undefined, fromLabel: string | undefined, toLabel: string | undefined): boolean {
  return label !== undefined && fromLabel !== undefined && toLabel !== undefined && relationEndsAllowed(label, fromLabel, toLabel);
}

/** The relations of one layer, with their layer's name (a consolidated layer renames them). */
export function layerRelations(relations: readonly CorpusRelation[], layer: string): CorpusRelation[] {
  return relations.filter((r) => r.layer === layer);
}

/**
 * A layer's relations in the order of their ends among the layer's spans
 * (from, then to, then label, then id), so that a format that writes
 * relations without ids writes them in an order that depends on what they
 * join, not on their ids.
 */
export function relationsInSpanOrder(layer: { readonly spans: readonly CorpusSpan[]; readonly relations: readonly CorpusRelation[] }): CorpusRelation[] {
  const position = new Map(layer.spans.map((s, i) => [s.id, i]));
  const at = (id: string): number => position.get(id) ?? -1;
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...layer.relations].sort((a, b) => at(a.from) - at(b.from) || at(a.to) - at(b.to) || cmp(a.label, b.label) || cmp(a.id, b.id));
}

/**
 * Recording what a format cannot carry: notes, statuses, fragments, model
 * scores and versions, relations, document labels, and relation directions
 * other than their label's.
 */
import { relationLabelById } from '@glossa/core';
import type { LabelSchema } from '@glossa/core';
import type { CorpusRelation } from './model.js';
import type { ExportLayer } from './prepare.js';
import { describeRelation } from './prepare-relations.js';
import type { LossRecorder } from './report.js';

/** What a format can carry besides spans' boundaries and labels. */
export interface FormatCarries {
  readonly notes: boolean;
  readonly statuses: boolean;
  readonly documentLabels: boolean;
  /** The fragments of a discontinuous span; without them the covering span is written. */
  readonly fragments: boolean;
  /** Relations between spans. */
  readonly relations: boolean;
  /** A relation's note (when relations are carried). */
  readonly relationNotes: boolean;
  /** A relation's non-default status (when relations are carried). */
  readonly relationStatuses: boolean;
  /** A model's score on a span. */
  readonly scores: boolean;
  /** The version of the model that proposed a span. */
  readonly modelVersions: boolean;
}

/** What a format carries when it has spans' boundaries and labels and relations between spans, and nothing else (doccano, WebAnno TSV). */
export const SPANS_AND_RELATIONS: FormatCarries = {
  notes: false,
  statuses: false,
  documentLabels: false,
  fragments: false,
  relations: true,
  relationNotes: false,
  relationStatuses: false,
  scores: false,
  modelVersions: false,
};

/**
 * Records, for one layer of one document, every note, status other than
 * the layer's own (`ExportLayer.status`: what the selection or the gold
 * layer already says), fragment list, score, model version, relation
 * (or a relation's note and status) and document label the format cannot
 * carry.
 */
export function recordUncarried(document: string, layer: ExportLayer, carries: FormatCarries, losses: LossRecorder): void {
  for (const s of layer.spans) {
    const where = { document, layer: layer.name, span: s.id };
    const span = `${s.label} [${s.start},${s.end})`;
    if (!carries.notes && s.note !== '') losses.record('note', { ...where, detail: `note on ${span}: ${truncate(s.note)}` });
    if (!carries.statuses && s.status !== (layer.status ?? 'proposed')) losses.record('status', { ...where, detail: `${span} is ${s.status}` });
    if (!carries.fragments && s.fragments !== undefined) losses.record('fragment', { ...where, detail: `${span} has ${s.fragments.length} fragments; written as its covering span` });
    if (!carries.scores && s.score !== undefined) losses.record('score', { ...where, detail: `${span} has the score ${s.score}` });
    if (!carries.modelVersions && s.modelVersion !== undefined) losses.record('model-version', { ...where, detail: `${span} was proposed by model version ${truncate(s.modelVersion)}` });
  }
  for (const r of layer.relations) {
    const where = { document, layer: layer.name, relation: r.id };
    if (!carries.relations) losses.record('relation', { ...where, detail: describeRelation(r) });
    else recordRelationFields(r, where, { notes: carries.relationNotes, statuses: carries.relationStatuses }, losses);
  }
  if (!carries.documentLabels) {
    for (const [group, value] of Object.entries(layer.labels)) {
      losses.record('document-label', { document, layer: layer.name, detail: `${group} = ${typeof value === 'string' ? value : value.join('|')}` });
    }
  }
}

/** Records a relation's note and non-default status when the format cannot carry them. */
export function recordRelationFields(
  relation: CorpusRelation,
  where: { readonly document: string; readonly layer: string; readonly relation: string },
  carries: { readonly notes: boolean; readonly statuses: boolean },
  losses: LossRecorder,
): void {
  if (!carries.notes && (relation.note ?? '') !== '') losses.record('note', { ...where, detail: `note on ${describeRelation(relation)}: ${truncate(relation.note ?? '')}` });
  const status = relation.status ?? 'proposed';
  if (!carries.statuses && status !== 'proposed') losses.record('status', { ...where, detail: `${describeRelation(relation)} is ${status}` });
}

/**
 * Records every relation of a layer whose direction differs from its
 * label's, for formats that write a relation's direction as the schema
 * gives it (brat writes `R` for a directed label and `*` for an undirected
 * one; doccano and WebAnno TSV relations always go from one span to the
 * other).
 */
export function recordDirectionsFromSchema(document: string, layer: ExportLayer, schema: LabelSchema, losses: LossRecorder): void {
  for (const r of layer.relations) {
    const directed = relationLabelById(schema, r.label)?.directed;
    if (directed === undefined || directed === r.directed) continue;
    losses.record('relation-direction', {
      document,
      layer: layer.name,
      relation: r.id,
      detail: `${describeRelation(r)} is ${r.directed ? 'directed' : 'undirected'} but its label is ${directed ? 'directed' : 'undirected'}; written as its label says`,
    });
  }
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

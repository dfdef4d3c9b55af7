/**
 * Writing the curator's decisions into the gold layer room
 * (`<project>/<doc>/layers/gold`) with @glossa/collab, every change under
 * the curator's local origin (so their per-user undo covers it).
 *
 * Two additions to the documented layout, both ignored by clients that do
 * not know them:
 * - a gold annotation's `Y.Map` holds `provenance`, an array of the layer ids
 *   that agreed on it, next to the documented fields;
 * - the gold room's `curation` map records rejected source spans: key
 *   `<layer>:<annotation id>`, value `{ decision: 'rejected', by, at }`.
 */
import * as Y from 'yjs';
import { ANNOTATIONS_MAP, AnnotationNotFoundError, deleteAnnotations, localOrigin, resolveLayer, updateAnnotation, writeAnnotations } from '@glossa/collab';
import type { SpanAnnotation } from '@glossa/core';
import type { GoldPlan } from './gold-plan.js';
import type { LayerSpan } from './disagreements.js';

/** The key of a gold annotation's provenance in its `Y.Map`. */
export const PROVENANCE_KEY = 'provenance';

/** The map of the gold room that records rejected source spans. */
export const CURATION_MAP = 'curation';

/** A span of the gold layer with its provenance. */
export interface GoldSpan extends SpanAnnotation {
  /** The layers that agreed on it; empty when it was made by hand or its provenance is unreadable. */
  readonly provenance: readonly string[];
}

/** The gold layer as the curation view reads it. */
export interface GoldState {
  /** Its spans, sorted by (start, end, id). */
  readonly spans: readonly GoldSpan[];
  /** Gold annotations whose text was deleted, by id. */
  readonly orphans: readonly string[];
  /** The source spans the curators rejected, as `<layer>:<id>`. */
  readonly rejected: ReadonlySet<string>;
}

/** The key under which a rejected source span is recorded. */
export function rejectionKey(span: Pick<LayerSpan, 'layer' | 'id'>): string {
  return `${span.layer}:${span.id}`;
}

function readProvenance(layer: Y.Doc, id: string): string[] {
  const entry = layer.getMap<unknown>(ANNOTATIONS_MAP).get(id);
  if (!(entry instanceof Y.Map)) return [];
  const value: unknown = (entry as Y.Map<unknown>).get(PROVENANCE_KEY);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Reads the gold layer against the content: spans with provenance, orphans and rejections. */
export function readGold(gold: Y.Doc, content: Y.Doc): GoldState {
  const resolved = resolveLayer(gold, content);
  return {
    spans: resolved.spans.map((span) => ({ ...span, provenance: readProvenance(gold, span.id) })),
    orphans: resolved.orphans.map((orphan) => orphan.annotation.id),
    rejected: new Set(gold.getMap<unknown>(CURATION_MAP).keys()),
  };
}

/** Options of the gold writers. */
export interface GoldWriter {
  readonly gold: Y.Doc;
  readonly content: Y.Doc;
  /** The curator's user id: the author of new gold spans and the origin of every change. */
  readonly user: string;
  /** Makes ids for new gold annotations. @default crypto.randomUUID */
  readonly newId?: () => string;
}

/**
 * Adds gold spans, accepted, made by the curator (`source: 'human'`), each
 * with its provenance; returns their ids. Adding a span gold already holds
 * (same start, end and label) only widens that span's provenance.
 * @throws RangeError when a plan is not a non-empty range of the text.
 */
export function addGoldSpans(writer: GoldWriter, plans: readonly GoldPlan[]): string[] {
  const { gold, content, user } = writer;
  const newId = writer.newId ?? (() => globalThis.crypto.randomUUID());
  const existing = readGold(gold, content).spans;
  const ids: string[] = [];
  const origin = localOrigin(user);
  gold.transact(() => {
    const fresh: SpanAnnotation[] = [];
    const provenance = new Map<string, readonly string[]>();
    for (const plan of plans) {
      const same = existing.find((span) => span.start === plan.start && span.end === plan.end && span.label === plan.label);
      if (same !== undefined) {
        provenance.set(same.id, [...new Set([...same.provenance, ...plan.provenance])].sort());
        ids.push(same.id);
        continue;
      }
      const id = newId();
      fresh.push({ id, start: plan.start, end: plan.end, label: plan.label, author: user, status: 'accepted', note: '', created: Date.now(), source: 'human' });
      provenance.set(id, [...plan.provenance]);
      ids.push(id);
    }
    writeAnnotations(gold, content, fresh, origin);
    setProvenance(gold, provenance);
  }, origin);
  return ids;
}

function setProvenance(gold: Y.Doc, provenance: ReadonlyMap<string, readonly string[]>): void {
  const annotations = gold.getMap<unknown>(ANNOTATIONS_MAP);
  for (const [id, layers] of provenance) {
    const entry = annotations.get(id);
    if (!(entry instanceof Y.Map)) throw new AnnotationNotFoundError(id);
    const current = readProvenance(gold, id);
    if (current.length !== layers.length || current.some((layer, i) => layer !== layers[i])) (entry as Y.Map<unknown>).set(PROVENANCE_KEY, [...layers]);
  }
}

/**
 * Moves a gold span's boundaries (UTF-16 offsets); its other fields and its
 * provenance are kept.
 * @throws AnnotationNotFoundError when gold holds no span `id` that covers text.
 * @throws RangeError when the range is not a non-empty range of the text.
 */
export function setGoldBoundaries(writer: GoldWriter, id: string, start: number, end: number): void {
  const { gold, content, user } = writer;
  const span = readGold(gold, content).spans.find((s) => s.id === id);
  if (span === undefined) throw new AnnotationNotFoundError(id);
  const { provenance: _provenance, ...fields } = span;
  writeAnnotations(gold, content, [{ ...fields, start, end }], localOrigin(user));
}

/**
 * Changes a gold span's label.
 * @throws AnnotationNotFoundError when gold holds no annotation `id`.
 */
export function relabelGold(writer: GoldWriter, id: string, label: string): void {
  updateAnnotation(writer.gold, id, { label }, localOrigin(writer.user));
}

/** Deletes gold spans; returns how many were there. */
export function deleteGold(writer: GoldWriter, ids: readonly string[]): number {
  return deleteAnnotations(writer.gold, ids, localOrigin(writer.user));
}

/**
 * Rejects source spans: records the decision in the gold room and deletes
 * the gold spans whose provenance consists only of the rejected spans' layers
 * and that overlap them. Returns the ids of the deleted gold spans.
 */
export function rejectSpans(writer: GoldWriter, spans: readonly LayerSpan[]): string[] {
  const { gold, content, user } = writer;
  const origin = localOrigin(user);
  const goldSpans = readGold(gold, content).spans;
  const doomed = goldSpans
    .filter((g) => g.provenance.length > 0 && spans.some((s) => s.start < g.end && g.start < s.end && s.label === g.label && g.provenance.every((layer) => spans.some((r) => r.layer === layer))))
    .map((g) => g.id);
  gold.transact(() => {
    const decisions = gold.getMap<unknown>(CURATION_MAP);
    const at = Date.now();
    for (const span of spans) decisions.set(rejectionKey(span), { decision: 'rejected', by: user, at });
    deleteAnnotations(gold, doomed, origin);
  }, origin);
  return doomed;
}

/** Takes back rejections of source spans. */
export function unrejectSpans(writer: GoldWriter, spans: readonly LayerSpan[]): void {
  const { gold, user } = writer;
  gold.transact(() => {
    const decisions = gold.getMap<unknown>(CURATION_MAP);
    for (const span of spans) decisions.delete(rejectionKey(span));
  }, localOrigin(user));
}

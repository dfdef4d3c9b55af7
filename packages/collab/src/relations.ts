/**
 * Relations between the annotations of a layer room (layout revision 2):
 * creating, relabelling, reversing, reviewing and deleting them, and
 * reading them back as live or dangling.
 *
 * A relation is live when both its ends are annotations of the layer that
 * cover text; otherwise it is dangling (an end deleted, orphaned or
 * malformed): kept in the room, never exported. Two relations with the same
 * identity (`relationIdentity`) read as one, the one with the smallest id.
 */
import * as Y from 'yjs';
import { ANNOTATION_SOURCES, ANNOTATION_STATUSES } from '@glossa/core';
import type { AnnotationSource, AnnotationStatus, RelationAnnotation, SpanIds } from '@glossa/core';
import { annotationsMap } from './annotation-entry.js';
import type { LayerProblem } from './annotation-entry.js';
import { AnnotationNotFoundError, RelationNotFoundError } from './errors.js';
import { markLayout } from './layout-mark.js';
import { readRelationEntries, readRelationEntry, relationId, relationIdentity, relationsMap } from './relation-entry.js';
import type { StoredRelation } from './relation-entry.js';

/** Why an end of a dangling relation is not a span: the layer holds no such annotation, or its text is gone. */
export type RelationEndState = 'live' | 'missing' | 'orphaned';

/** A relation that is kept but not live, with the state of each end. */
export interface DanglingRelation {
  readonly relation: StoredRelation;
  readonly from: RelationEndState;
  readonly to: RelationEndState;
}

/** The relations of a layer as read against its spans. */
export interface ResolvedRelations {
  /** Relations whose two ends are spans, sorted by id. */
  readonly live: StoredRelation[];
  /** Relations with an end missing or orphaned, sorted by id: listed for curation, counted in loss reports, never exported. */
  readonly dangling: DanglingRelation[];
  /** Relations hidden behind an earlier one (smaller id) of the same identity, sorted by id. */
  readonly duplicates: StoredRelation[];
  /** Entries that do not follow the layout, sorted by id: ignored, left in place. */
  readonly problems: LayerProblem[];
}

/** What `createRelation` takes: the ends, label and direction, and the fields of a new relation. */
export interface RelationInput {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** @default true */
  readonly directed?: boolean;
  readonly author: string;
  /** @default 'proposed' */
  readonly status?: AnnotationStatus;
  /** @default '' */
  readonly note?: string;
  /** @default Date.now() */
  readonly created?: number;
  /** @default 'human' */
  readonly source?: AnnotationSource;
}

/** The editable fields of a relation. */
export interface RelationPatch {
  readonly label?: string;
  readonly status?: AnnotationStatus;
  readonly note?: string;
  readonly directed?: boolean;
}

function checkPatch(where: string, patch: RelationPatch): void {
  if (patch.label !== undefined && (typeof patch.label !== 'string' || patch.label === '')) throw new RangeError(`${where}: the label must be a non-empty string`);
  if (patch.status !== undefined && !ANNOTATION_STATUSES.includes(patch.status)) throw new RangeError(`${where}: status must be one of ${ANNOTATION_STATUSES.join(', ')}`);
  if (patch.note !== undefined && typeof patch.note !== 'string') throw new RangeError(`${where}: the note must be a string`);
  if (patch.directed !== undefined && typeof patch.directed !== 'boolean') throw new RangeError(`${where}: directed must be true or false`);
}

/**
 * Creates a relation from annotation `from` to annotation `to` of `layer`,
 * under the id `relationId` derives from its identity, so that two clients
 * creating the same relation at once end with one. When the layer already
 * holds a relation of that identity (under any id), nothing is written and
 * its id is returned. Returns the relation's id.
 *
 * @throws RangeError when an end or the label is empty, `from` equals `to`,
 * or a field has a wrong value.
 * @throws AnnotationNotFoundError when the layer holds no annotation `from` or `to`.
 *
 * @example
 * const id = createRelation(layer, { from: 'a1', to: 'a2', label: 'funded-by', author: 'ana' }, localOrigin('ana'));
 */
export function createRelation(layer: Y.Doc, input: RelationInput, origin?: unknown): string {
  const where = `relation ${JSON.stringify(input.label)} from ${JSON.stringify(input.from)} to ${JSON.stringify(input.to)}`;
  if (typeof input.from !== 'string' || input.from === '' || typeof input.to !== 'string' || input.to === '') {
    throw new RangeError(`${where}: both ends must be annotation ids`);
  }
  if (input.from === input.to) throw new RangeError(`${where}: a relation joins two different annotations`);
  if (typeof input.author !== 'string') throw new RangeError(`${where}: author must be a string`);
  const created = input.created ?? Date.now();
  if (typeof created !== 'number' || !Number.isFinite(created)) throw new RangeError(`${where}: created must be a finite number of milliseconds since the epoch`);
  const source = input.source ?? 'human';
  if (!ANNOTATION_SOURCES.includes(source)) throw new RangeError(`${where}: source must be one of ${ANNOTATION_SOURCES.join(', ')}`);
  const directed = input.directed ?? true;
  const status = input.status ?? 'proposed';
  const note = input.note ?? '';
  checkPatch(where, { label: input.label, status, note, directed });
  const annotations = annotationsMap(layer);
  for (const end of [input.from, input.to]) if (!annotations.has(end)) throw new AnnotationNotFoundError(end);
  const identity = relationIdentity({ ...input, directed });
  const existing = readRelationEntries(layer).entries.find((r) => relationIdentity(r) === identity);
  if (existing !== undefined) return existing.id;
  const id = relationId({ ...input, directed });
  const fields: [string, unknown][] = [
    ['from', input.from],
    ['to', input.to],
    ['label', input.label],
    ['directed', directed],
    ['author', input.author],
    ['status', status],
    ['note', note],
    ['created', created],
    ['source', source],
  ];
  layer.transact(() => {
    markLayout(layer, true);
    relationsMap(layer).set(id, new Y.Map<unknown>(fields));
  }, origin ?? null);
  return id;
}

/**
 * Writes relations under the ids they carry (an import keeps the ids of
 * its file), in one transaction: an id already present gets the given
 * fields. Unlike `createRelation` it does not look for a relation of the
 * same identity under another id (readers show one of them).
 *
 * @throws RangeError when an id, an end or the label is empty, `from`
 * equals `to`, or a field has a wrong value; nothing is written then.
 * @throws AnnotationNotFoundError when an end is no annotation of the layer.
 */
export function writeRelations(layer: Y.Doc, relations: readonly RelationAnnotation[], origin?: unknown): void {
  const annotations = annotationsMap(layer);
  const rows = relations.map((relation) => {
    const where = `relation ${JSON.stringify(relation.id)}`;
    if (typeof relation.id !== 'string' || relation.id === '') throw new RangeError(`${where}: the id must be a non-empty string`);
    if (typeof relation.from !== 'string' || relation.from === '' || typeof relation.to !== 'string' || relation.to === '') {
      throw new RangeError(`${where}: both ends must be annotation ids`);
    }
    if (relation.from === relation.to) throw new RangeError(`${where}: a relation joins two different annotations`);
    const fields = {
      from: relation.from,
      to: relation.to,
      label: relation.label,
      directed: relation.directed,
      author: relation.author ?? '',
      status: relation.status ?? 'proposed',
      note: relation.note ?? '',
      created: relation.created ?? 0,
      source: relation.source ?? 'human',
    };
    checkPatch(where, fields);
    if (typeof fields.author !== 'string') throw new RangeError(`${where}: author must be a string`);
    if (!Number.isFinite(fields.created)) throw new RangeError(`${where}: created must be a finite number of milliseconds since the epoch`);
    if (!ANNOTATION_SOURCES.includes(fields.source)) throw new RangeError(`${where}: source must be one of ${ANNOTATION_SOURCES.join(', ')}`);
    for (const end of [relation.from, relation.to]) if (!annotations.has(end)) throw new AnnotationNotFoundError(end);
    return { id: relation.id, fields };
  });
  if (rows.length === 0) return;
  layer.transact(() => {
    markLayout(layer, true);
    const map = relationsMap(layer);
    for (const { id, fields } of rows) {
      const existing = map.get(id);
      if (existing instanceof Y.Map) {
        for (const [key, value] of Object.entries(fields)) if ((existing as Y.Map<unknown>).get(key) !== value) existing.set(key, value);
      } else {
        map.set(id, new Y.Map<unknown>(Object.entries(fields)));
      }
    }
  }, origin ?? null);
}

/**
 * The relation entry `id` as a `Y.Map` to edit: a plain-object entry (from
 * a client without this library) is replaced by a `Y.Map` of its fields.
 */
function editableRelation(layer: Y.Doc, id: string): Y.Map<unknown> {
  const relations = relationsMap(layer);
  const value = relations.get(id);
  if (value instanceof Y.Map) return value as Y.Map<unknown>;
  const read = readRelationEntry(id, value);
  if (value === undefined || !('entry' in read)) throw new RelationNotFoundError(id);
  const { id: _id, ...fields } = read.entry;
  const map = new Y.Map<unknown>(Object.entries(fields));
  relations.set(id, map);
  return map;
}

/**
 * Changes the label, status, note or direction of relation `id`. The id is
 * kept; should the change give it the identity of another relation, readers
 * show the one with the smaller id.
 * @throws RelationNotFoundError when the layer holds no well-formed relation `id`.
 * @throws RangeError when a field has a wrong value.
 */
export function updateRelation(layer: Y.Doc, id: string, patch: RelationPatch, origin?: unknown): void {
  checkPatch(`relation ${JSON.stringify(id)}`, patch);
  if (!('entry' in readRelationEntry(id, relationsMap(layer).get(id)))) throw new RelationNotFoundError(id);
  layer.transact(() => {
    markLayout(layer, true);
    const map = editableRelation(layer, id);
    for (const [key, value] of Object.entries(patch) as [string, unknown][]) if (value !== undefined && map.get(key) !== value) map.set(key, value);
  }, origin ?? null);
}

/** Gives relation `id` another label. @throws as `updateRelation`. */
export function relabelRelation(layer: Y.Doc, id: string, label: string, origin?: unknown): void {
  updateRelation(layer, id, { label }, origin);
}

/** Sets the review status of relation `id`. @throws as `updateRelation`. */
export function setRelationStatus(layer: Y.Doc, id: string, status: AnnotationStatus, origin?: unknown): void {
  updateRelation(layer, id, { status }, origin);
}

/**
 * Swaps the ends of relation `id` (`from` becomes `to`), keeping its id and
 * fields. @throws RelationNotFoundError when the layer holds no well-formed relation `id`.
 */
export function reverseRelation(layer: Y.Doc, id: string, origin?: unknown): void {
  const read = readRelationEntry(id, relationsMap(layer).get(id));
  if (!('entry' in read)) throw new RelationNotFoundError(id);
  const { from, to } = read.entry;
  layer.transact(() => {
    markLayout(layer, true);
    const map = editableRelation(layer, id);
    map.set('from', to);
    map.set('to', from);
  }, origin ?? null);
}

/**
 * Deletes relations by id, each with every other relation of the same
 * identity (which readers hid behind it), so a deleted relation does not
 * reappear. Ids the layer does not hold are skipped. Returns how many
 * entries were deleted.
 */
export function deleteRelations(layer: Y.Doc, ids: readonly string[], origin?: unknown): number {
  const relations = relationsMap(layer);
  const { entries } = readRelationEntries(layer);
  const doomed = new Set(ids.filter((id) => relations.has(id)));
  const identities = new Set(entries.filter((r) => doomed.has(r.id)).map(relationIdentity));
  for (const r of entries) if (identities.has(relationIdentity(r))) doomed.add(r.id);
  if (doomed.size === 0) return 0;
  layer.transact(() => {
    for (const id of doomed) relations.delete(id);
  }, origin ?? null);
  return doomed.size;
}

/**
 * Deletes the relations that start from or point to one of `annotationIds`
 * (malformed entries are left alone). Runs in the caller's transaction. @internal
 */
export function deleteRelationsOf(layer: Y.Doc, annotationIds: ReadonlySet<string>): void {
  const relations = relationsMap(layer);
  if (relations.size === 0 || annotationIds.size === 0) return;
  for (const [id, value] of [...relations.entries()]) {
    const read = readRelationEntry(id, value);
    if ('entry' in read && (annotationIds.has(read.entry.from) || annotationIds.has(read.entry.to))) relations.delete(id);
  }
}

/**
 * Reads the relations of `layer` against its spans: `spans` holds the ids
 * of the annotations that cover text, `orphans` (optional) those kept
 * without text, to tell a missing end from an orphaned one. Each identity
 * is read once (the smallest id; the others are `duplicates`).
 *
 * @example
 * const { live, dangling } = resolveRelations(layer, new Set(spans.map((s) => s.id)));
 */
export function resolveRelations(layer: Y.Doc, spans: SpanIds, orphans?: SpanIds): ResolvedRelations {
  const { entries, problems } = readRelationEntries(layer);
  const live: StoredRelation[] = [];
  const dangling: DanglingRelation[] = [];
  const duplicates: StoredRelation[] = [];
  const seen = new Set<string>();
  const state = (id: string): RelationEndState => (spans.has(id) ? 'live' : orphans?.has(id) === true ? 'orphaned' : 'missing');
  for (const relation of entries) {
    const identity = relationIdentity(relation);
    if (seen.has(identity)) {
      duplicates.push(relation);
      continue;
    }
    seen.add(identity);
    const from = state(relation.from);
    const to = state(relation.to);
    if (from === 'live' && to === 'live') live.push(relation);
    else dangling.push({ relation, from, to });
  }
  return { live, dangling, duplicates, problems };
}

/**
 * Reading and checking the entries of a layer's `relations` map (layout
 * revision 2), which any client may have written, and the identity that
 * makes two relations the same relation.
 */
import * as Y from 'yjs';
import { ANNOTATION_SOURCES, ANNOTATION_STATUSES } from '@glossa/core';
import type { AnnotationSource, AnnotationStatus, RelationAnnotation } from '@glossa/core';
import { describeValue, readMapEntries, rootType } from './annotation-entry.js';
import type { LayerProblem } from './annotation-entry.js';
import { RELATIONS_MAP } from './layout.js';

/**
 * A relation as a layer room stores it: every field of `@glossa/core`'s
 * `RelationAnnotation`, none optional (absent ones read as their defaults).
 */
export interface StoredRelation extends RelationAnnotation {
  readonly author: string;
  readonly status: AnnotationStatus;
  readonly note: string;
  readonly created: number;
  readonly source: AnnotationSource;
}

/** The `relations` map of a layer doc. */
export function relationsMap(layer: Y.Doc): Y.Map<unknown> {
  return layer.getMap<unknown>(RELATIONS_MAP);
}

/** A field of an entry: a `Y.Map`'s or a plain object's (a client without this library may write either). */
function fieldReader(value: unknown): ((key: string) => unknown) | null {
  if (value instanceof Y.Map) return (key) => (value as Y.Map<unknown>).get(key);
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof Y.AbstractType)) {
    const record = value as Record<string, unknown>;
    return (key) => (Object.hasOwn(record, key) ? record[key] : undefined);
  }
  return null;
}

/**
 * Reads one entry of the `relations` map (`value` is what is stored under
 * `id`: a `Y.Map`, or a plain object written by another client). `from`,
 * `to` (span ids of the same layer, different) and `label` are required;
 * missing optional fields take their defaults (`directed` true, `status`
 * proposed, `note`, `author` empty, `created` 0, `source` human). A missing
 * or malformed field is a problem naming it; keys the layout does not name
 * are ignored.
 *
 * @example
 * const read = readRelationEntry(id, layer.getMap('relations').get(id));
 * if ('entry' in read) console.log(read.entry.from, '→', read.entry.to);
 */
export function readRelationEntry(id: string, value: unknown): { entry: StoredRelation } | { problem: LayerProblem } {
  const problem = (field: string, expected: string, found: unknown): { problem: LayerProblem } => ({
    problem: { id, field, message: `relations/${id}${field === '' ? '' : `/${field}`}: expected ${expected}, found ${describeValue(found)}` },
  });
  const get = fieldReader(value);
  if (get === null) return problem('', 'a Y.Map of relation fields', value);
  const from = get('from');
  if (typeof from !== 'string' || from === '') return problem('from', 'the id of the span the relation starts from', from);
  const to = get('to');
  if (typeof to !== 'string' || to === '') return problem('to', 'the id of the span the relation points to', to);
  if (to === from) return problem('to', 'a span other than `from` (a relation joins two spans)', to);
  const label = get('label');
  if (typeof label !== 'string' || label === '') return problem('label', 'a non-empty relation label id', label);
  const directed = get('directed') ?? true;
  if (typeof directed !== 'boolean') return problem('directed', 'true or false', directed);
  const author = get('author') ?? '';
  if (typeof author !== 'string') return problem('author', 'a user id string', author);
  const status = get('status') ?? 'proposed';
  if (typeof status !== 'string' || !(ANNOTATION_STATUSES as readonly string[]).includes(status)) {
    return problem('status', `one of ${ANNOTATION_STATUSES.join(', ')}`, status);
  }
  const note = get('note') ?? '';
  if (typeof note !== 'string') return problem('note', 'a string', note);
  const created = get('created') ?? 0;
  if (typeof created !== 'number' || !Number.isFinite(created)) return problem('created', 'milliseconds since the epoch', created);
  const source = get('source') ?? 'human';
  if (typeof source !== 'string' || !(ANNOTATION_SOURCES as readonly string[]).includes(source)) {
    return problem('source', `one of ${ANNOTATION_SOURCES.join(', ')}`, source);
  }
  return {
    entry: { id, from, to, label, directed, author, status: status as AnnotationStatus, note, created, source: source as AnnotationSource },
  };
}

/** Reads every entry of a layer's `relations` map, in id order, with the problems of malformed ones. */
export function readRelationEntries(layer: Y.Doc): { entries: StoredRelation[]; problems: LayerProblem[] } {
  return readMapEntries(relationsMap(layer), readRelationEntry);
}

/**
 * What makes two relations the same relation: the label, the direction and
 * the ends (in order for a directed relation, in either order for an
 * undirected one). Two people who create the same relation at once create
 * it under the same id (`relationId`), and a reader shows one relation per
 * identity.
 */
export function relationIdentity(relation: Pick<RelationAnnotation, 'from' | 'to' | 'label' | 'directed'>): string {
  const [a, b] = relation.directed || relation.from < relation.to ? [relation.from, relation.to] : [relation.to, relation.from];
  return JSON.stringify([relation.label, relation.directed ? '->' : '--', a, b]);
}

/**
 * The id `createRelation` gives a relation: derived from its identity alone,
 * so two clients that create the same relation concurrently write the same
 * key and end with one relation. `r:` then the identity's parts, each
 * percent-encoded, joined by `:`, e.g. `r:funded-by:->:a1:a2`.
 */
export function relationId(relation: Pick<RelationAnnotation, 'from' | 'to' | 'label' | 'directed'>): string {
  const parts = JSON.parse(relationIdentity(relation)) as string[];
  return `r:${parts.map((part) => encodeURIComponent(part)).join(':')}`;
}

/**
 * The ids of the relations a transaction of `layer` added, changed or
 * deleted, or `null` when it changed something inside the `relations` map
 * other than its entries and their fields. Valid while handling the
 * transaction's `afterTransaction` event.
 */
export function changedRelationIds(transaction: Y.Transaction, layer: Y.Doc): string[] | null {
  const relations = relationsMap(layer);
  const ids = new Set<string>();
  for (const [type, keys] of transaction.changed) {
    if ((type as object) === relations) {
      for (const key of keys) if (key !== null) ids.add(key);
      continue;
    }
    const item = type._item;
    if (item === null) continue;
    if (item.parent === relations && item.parentSub !== null) ids.add(item.parentSub);
    else if (rootType(type) === relations) return null;
  }
  return [...ids];
}

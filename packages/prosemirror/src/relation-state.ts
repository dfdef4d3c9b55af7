/**
 * The relation plugin's state and its pure reducer. Relations name their
 * ends by annotation id, so they need no mapping through edits: where they
 * are drawn follows the annotation plugin's spans.
 */
import { PluginKey } from 'prosemirror-state';
import type { Transaction } from 'prosemirror-state';
import type { RelationAnnotation } from '@glossa/core';
import type { RelationPatch, ResolvedRelations } from './relation-binding.js';

/** The state of the relation plugin. */
export interface RelationPluginState {
  /** The relations whose ends exist in the store, by id. */
  readonly relations: ReadonlyMap<string, RelationAnnotation>;
  /** Relation ids by the id of each annotation they join (either end). */
  readonly bySpan: ReadonlyMap<string, readonly string[]>;
  /** Relations with an end missing: kept, never drawn. */
  readonly dangling: readonly RelationAnnotation[];
  /** The selected relation's id, or `null`. */
  readonly selectedId: string | null;
  /** The annotation a relation being made starts from (after `startRelation`), or `null`. */
  readonly pendingSource: string | null;
}

/** A change to the relation plugin's state, carried as transaction meta under `relationPluginKey`. */
export type RelationAction =
  /**
   * The relations read again (from the binding, after a remote change or a
   * local write); `select` selects a relation and ends a relation being
   * made (after creating one).
   */
  | { readonly type: 'replace'; readonly relations: ResolvedRelations; readonly select?: string }
  | { readonly type: 'create'; readonly relation: RelationAnnotation }
  | { readonly type: 'update'; readonly id: string; readonly patch: RelationPatch }
  | { readonly type: 'reverse'; readonly id: string }
  | { readonly type: 'delete'; readonly ids: readonly string[] }
  | { readonly type: 'select'; readonly id: string | null }
  | { readonly type: 'pending'; readonly source: string | null };

/** The key of the relation plugin; `relationPluginKey.getState(state)` reads its state. */
export const relationPluginKey = new PluginKey<RelationPluginState>('glossaRelations');

/** The index of relations by the annotations they join. */
function indexBySpan(relations: ReadonlyMap<string, RelationAnnotation>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  const note = (span: string, id: string): void => {
    const list = index.get(span);
    if (list === undefined) index.set(span, [id]);
    else if (!list.includes(id)) list.push(id);
  };
  for (const relation of relations.values()) {
    note(relation.from, relation.id);
    note(relation.to, relation.id);
  }
  return index;
}

/** A state holding `resolved`, keeping the selection and the pending source where they still exist. */
export function relationState(resolved: ResolvedRelations, selectedId: string | null = null, pendingSource: string | null = null): RelationPluginState {
  const relations = new Map(resolved.live.map((relation) => [relation.id, relation]));
  return {
    relations,
    bySpan: indexBySpan(relations),
    dangling: resolved.dangling,
    selectedId: selectedId !== null && relations.has(selectedId) ? selectedId : null,
    pendingSource,
  };
}

/** The state with `relations` in place of the live ones (dangling ones stay). */
function withRelations(prev: RelationPluginState, relations: Map<string, RelationAnnotation>): RelationPluginState {
  return {
    ...prev,
    relations,
    bySpan: indexBySpan(relations),
    selectedId: prev.selectedId !== null && relations.has(prev.selectedId) ? prev.selectedId : null,
  };
}

/** The relation action a transaction carries, if any. */
export function relationAction(tr: Transaction): RelationAction | undefined {
  return tr.getMeta(relationPluginKey) as RelationAction | undefined;
}

/**
 * The reducer.
 * @throws RangeError when an action names a relation that does not exist.
 */
export function applyRelationAction(prev: RelationPluginState, action: RelationAction): RelationPluginState {
  const requireRelation = (id: string): RelationAnnotation => {
    const relation = prev.relations.get(id);
    if (relation === undefined) throw new RangeError(`No relation with id "${id}"`);
    return relation;
  };
  switch (action.type) {
    case 'replace':
      return action.select === undefined ? relationState(action.relations, prev.selectedId, prev.pendingSource) : relationState(action.relations, action.select, null);
    case 'create': {
      const relations = new Map(prev.relations);
      relations.set(action.relation.id, action.relation);
      return { ...withRelations(prev, relations), selectedId: action.relation.id, pendingSource: null };
    }
    case 'update': {
      const relations = new Map(prev.relations);
      relations.set(action.id, { ...requireRelation(action.id), ...action.patch });
      return withRelations(prev, relations);
    }
    case 'reverse': {
      const relation = requireRelation(action.id);
      const relations = new Map(prev.relations);
      relations.set(action.id, { ...relation, from: relation.to, to: relation.from });
      return withRelations(prev, relations);
    }
    case 'delete': {
      const relations = new Map(prev.relations);
      for (const id of action.ids) relations.delete(id);
      return withRelations(prev, relations);
    }
    case 'select':
      if (action.id !== null) requireRelation(action.id);
      return { ...prev, selectedId: action.id };
    case 'pending':
      return { ...prev, pendingSource: action.source, selectedId: action.source === null ? prev.selectedId : null };
  }
}

/** Applies a transaction to the relation plugin's state. */
export function applyRelationTransaction(tr: Transaction, prev: RelationPluginState): RelationPluginState {
  const action = relationAction(tr);
  return action === undefined ? prev : applyRelationAction(prev, action);
}

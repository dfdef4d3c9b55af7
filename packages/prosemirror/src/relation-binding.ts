/**
 * The interface between the relation plugin and wherever relations are
 * kept besides the editor: a Yjs layer room's `relations` map (see
 * `yjsRelationBinding`), several of them, or any other store.
 */
import type { RelationAnnotation } from '@glossa/core';

/** Relations read through a binding. */
export interface ResolvedRelations {
  /** Relations whose two ends exist as annotations of the store. */
  readonly live: readonly RelationAnnotation[];
  /** Relations with an end missing or orphaned: never drawn, listed for curation. */
  readonly dangling: readonly RelationAnnotation[];
}

/** The fields of a relation a user changes after creating it. */
export interface RelationPatch {
  readonly label?: string;
  /** Set with `label` to the new label's direction. */
  readonly directed?: boolean;
  readonly status?: NonNullable<RelationAnnotation['status']>;
  readonly note?: string;
}

/** A local change written through a relation binding. */
export type RelationWrite =
  | { readonly type: 'create'; readonly relation: RelationAnnotation }
  | { readonly type: 'update'; readonly id: string; readonly patch: RelationPatch }
  /** Swaps `from` and `to`, keeping the id and every other field. */
  | { readonly type: 'reverse'; readonly id: string }
  | { readonly type: 'delete'; readonly ids: readonly string[] };

/** Where the relation plugin's relations are kept: a Yjs layer (see `yjsRelationBinding`) or any other store. */
export interface RelationBinding {
  /** The relations now, live and dangling. */
  resolve(): ResolvedRelations;
  /**
   * Writes a local change to the store (one undoable step where the store
   * has undo). For a `create`, returns the id the store keeps the relation
   * under when it chooses one (a store that merges two users' identical
   * relations names them by what they join); `undefined` keeps the given id.
   */
  write(change: RelationWrite): string | undefined;
  /**
   * Calls `listener` after every change of the relations, or of the
   * annotations they join, that did not come from `write` (another user,
   * an import, an undo). Returns the unsubscribe function.
   */
  subscribe(listener: () => void): () => void;
}

/**
 * `relationPlugin`: relations between annotations, drawn as arcs above the
 * text (see `relation-drawing.ts`) and kept in step with a binding (a Yjs
 * layer's `relations` map, say). It works beside `annotationPlugin`, which
 * holds the spans the relations join; a relation whose end is not among
 * those spans is not drawn.
 */
import { Plugin } from 'prosemirror-state';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { LabelSchema, RelationAnnotation } from '@glossa/core';
import { annotationPluginKey } from './state.js';
import type { AnnotationAction } from './state.js';
import type { RelationBinding } from './relation-binding.js';
import { applyRelationAction, applyRelationTransaction, relationAction, relationPluginKey, relationState } from './relation-state.js';
import type { RelationAction, RelationPluginState } from './relation-state.js';
import { RELATION_ROOM_CLASS, RelationOverlay } from './relation-drawing.js';

/** Options of `relationPlugin`. */
export interface RelationPluginOptions {
  /** The label schema: its `relationLabels` give names, colors, directions and hotkeys. */
  readonly schema: LabelSchema;
  /** The user id written as the author of new relations. @default 'anonymous' */
  readonly userId?: string;
  /** Where the relations are kept; without one the plugin state is the only copy. */
  readonly binding?: RelationBinding;
  /** Initial relations, used when there is no binding. */
  readonly relations?: readonly RelationAnnotation[];
  /**
   * Makes the id of a new relation from `from` to `to` (annotation ids), or
   * returns `null` when these two cannot be joined here (say, annotations
   * of different layers). @default crypto.randomUUID
   */
  readonly createId?: (from: string, to: string) => string | null;
  /** Draw the arcs (`false` keeps the relations without drawing them, as in a test without layout). @default true */
  readonly draw?: boolean;
}

/** The options a relation plugin was created with, defaults filled in. @internal */
export interface ResolvedRelationOptions {
  readonly schema: LabelSchema;
  readonly userId: string;
  readonly binding: RelationBinding | undefined;
  readonly createId: (from: string, to: string) => string | null;
}

const pluginOptions = new WeakMap<Plugin<RelationPluginState>, ResolvedRelationOptions>();

/** The options of the relation plugin in `state`, or `undefined` when it is not installed. @internal */
export function relationPluginOptions(state: EditorState): ResolvedRelationOptions | undefined {
  const plugin = relationPluginKey.get(state);
  return plugin === undefined ? undefined : pluginOptions.get(plugin);
}

/**
 * Creates the relation plugin. Install it after `annotationPlugin`. Its
 * state (`relationPluginKey.getState`) holds the live relations, the
 * dangling ones, the selected relation and the source of a relation being
 * made; the relation commands (`startRelation`, `completeRelation`,
 * `relabelRelation`, `reverseRelation`, `deleteRelation`…) change it and
 * write through the binding.
 */
export function relationPlugin(options: RelationPluginOptions): Plugin<RelationPluginState> {
  const resolved: ResolvedRelationOptions = {
    schema: options.schema,
    userId: options.userId ?? 'anonymous',
    binding: options.binding,
    createId: options.createId ?? (() => globalThis.crypto.randomUUID()),
  };
  const plugin = new Plugin<RelationPluginState>({
    key: relationPluginKey,
    state: {
      init: () => relationState(options.binding?.resolve() ?? { live: options.relations ?? [], dangling: [] }),
      apply: (tr, prev, oldState, newState) => {
        let next = applyRelationTransaction(tr, prev);
        // Deleting annotations deletes their relations (the store does it in the same transaction).
        const annotationAction = tr.getMeta(annotationPluginKey) as AnnotationAction | undefined;
        if (annotationAction?.type === 'remove') {
          const gone = annotationAction.ids.flatMap((id) => next.bySpan.get(id) ?? []);
          if (gone.length > 0) next = applyRelationAction(next, { type: 'delete', ids: [...new Set(gone)] });
        }
        // Selecting another annotation ends the selection of a relation.
        const before = annotationPluginKey.getState(oldState)?.selectedId ?? null;
        const after = annotationPluginKey.getState(newState)?.selectedId ?? null;
        if (next.selectedId !== null && after !== null && after !== before && relationAction(tr) === undefined) next = { ...next, selectedId: null };
        // A pending source that is gone ends the relation being made.
        if (next.pendingSource !== null && annotationPluginKey.getState(newState)?.spans.has(next.pendingSource) === false) next = { ...next, pendingSource: null };
        return next;
      },
    },
    props: {
      // Room above the lines for the arcs, only where there can be relations.
      attributes: (state): Record<string, string> =>
        (options.schema.relationLabels?.length ?? 0) > 0 || (relationPluginKey.getState(state)?.relations.size ?? 0) > 0 ? { class: RELATION_ROOM_CLASS } : {},
    },
    view: (view: EditorView) => {
      const binding = options.binding;
      const unsubscribe = binding?.subscribe(() => {
        const action: RelationAction = { type: 'replace', relations: binding.resolve() };
        view.dispatch(view.state.tr.setMeta(relationPluginKey, action).setMeta('addToHistory', false));
      });
      const overlay = options.draw === false ? null : new RelationOverlay(view, options.schema);
      return {
        update: () => overlay?.update(),
        destroy: () => {
          unsubscribe?.();
          overlay?.destroy();
        },
      };
    },
  });
  pluginOptions.set(plugin, resolved);
  return plugin;
}

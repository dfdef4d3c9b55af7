/**
 * `yjsRelationBinding`: a `RelationBinding` over the `relations` map of a
 * Glossa layer room (layout revision 2), read and written only through
 * @glossa/collab's API. A relation is live when both its ends are
 * annotations of the layer; the editor draws it only while both are placed
 * spans. Local writes carry the user's origin (undoable with the layer's
 * undo manager); every other change of the relations or the annotations
 * (another user, an undo, an import) is reported to the plugin.
 */
import type * as Y from 'yjs';
import {
  ANNOTATIONS_MAP,
  RELATIONS_MAP,
  changedAnnotationIds,
  changedRelationIds,
  createRelation,
  deleteRelations,
  localOrigin,
  resolveRelations,
  reverseRelation,
  updateRelation,
} from '@glossa/collab';
import type { RelationBinding, RelationWrite, ResolvedRelations } from './relation-binding.js';

/** Options of `yjsRelationBinding`. */
export interface YjsRelationBindingOptions {
  /** The layer room's doc. */
  readonly layerDoc: Y.Doc;
  /** The local user's id: the origin of local writes. */
  readonly userId: string;
}

/** A binding for `relationPlugin({ binding })` to a Yjs layer room. */
export function yjsRelationBinding(options: YjsRelationBindingOptions): RelationBinding {
  const { layerDoc } = options;
  const origin = localOrigin(options.userId);
  const annotations = layerDoc.getMap<unknown>(ANNOTATIONS_MAP);
  return {
    resolve(): ResolvedRelations {
      const resolved = resolveRelations(layerDoc, annotations);
      return { live: resolved.live, dangling: resolved.dangling.map((dangling) => dangling.relation) };
    },
    write(change: RelationWrite): string | undefined {
      switch (change.type) {
        case 'create': {
          const { relation } = change;
          return createRelation(
            layerDoc,
            {
              from: relation.from,
              to: relation.to,
              label: relation.label,
              directed: relation.directed,
              author: relation.author ?? options.userId,
              ...(relation.status === undefined ? {} : { status: relation.status }),
              ...(relation.note === undefined ? {} : { note: relation.note }),
              ...(relation.created === undefined ? {} : { created: relation.created }),
              ...(relation.source === undefined ? {} : { source: relation.source }),
            },
            origin,
          );
        }
        case 'update':
          updateRelation(layerDoc, change.id, change.patch, origin);
          return undefined;
        case 'reverse':
          reverseRelation(layerDoc, change.id, origin);
          return undefined;
        case 'delete':
          deleteRelations(layerDoc, change.ids, origin);
          return undefined;
      }
    },
    subscribe(listener: () => void) {
      // Defined now, so that the changes of every later transaction name these very maps.
      layerDoc.getMap<unknown>(RELATIONS_MAP);
      const onLayer = (transaction: Y.Transaction): void => {
        if (transaction.origin === origin || transaction.changed.size === 0) return;
        const relations = changedRelationIds(transaction, layerDoc);
        const spans = changedAnnotationIds(transaction, layerDoc);
        if (relations === null || relations.length > 0 || spans === null || spans.length > 0) listener();
      };
      layerDoc.on('afterTransaction', onLayer);
      return () => layerDoc.off('afterTransaction', onLayer);
    },
  };
}

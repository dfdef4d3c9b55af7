/**
 * The names and version of the Y.Doc layout shared by every Glossa client,
 * and the kinds of layer. `README.md` of this package documents the layout
 * for clients written without this library.
 */
import { GOLD_LAYER, SHARED_LAYER } from '@glossa/core';

/**
 * The version of the Y.Doc layout, stored as `meta.get('layout')` in content,
 * layer and suggestion rooms. A client does not write to a room whose
 * version it does not know; additions that older clients read and edit
 * safely keep this number and raise `LAYOUT_REVISION` instead.
 */
export const LAYOUT_VERSION = 1;

/**
 * The revision of the layout this library writes (layout v2: fragments on
 * annotations and the `relations` map of layer rooms). Additive: a room of
 * revision 2 still says `layout: 1`, so a client built for revision 1 reads
 * it and edits it without destroying what it does not know. A writer of
 * revision 2 keys stores `meta.get('revision') === 2` in the layer room.
 */
export const LAYOUT_REVISION = 2;

/** The key of the layout revision in the `meta` map of a layer room (absent in a room of revision 1). */
export const LAYOUT_REVISION_KEY = 'revision';

/** The key of the version number in the `meta` map of a room. */
export const LAYOUT_KEY = 'layout';

/** The root `Y.XmlFragment` of a content room that holds the ProseMirror document. */
export const CONTENT_FRAGMENT = 'content';

/** The root `Y.Map` of a room that holds metadata. */
export const META_MAP = 'meta';

/** The root `Y.Map` of a layer room: annotation id → `Y.Map` of its fields. */
export const ANNOTATIONS_MAP = 'annotations';

/** The root `Y.Map` of a layer room (layout revision 2): relation id → `Y.Map` of its fields. */
export const RELATIONS_MAP = 'relations';

/** The root `Y.Map` of a layer room: document-label group id → value or values. */
export const DOC_LABELS_MAP = 'docLabels';

/** The root `Y.Map` of a layer room: `<user>/<suggestion key>` → a user's decision on a suggestion. */
export const FEEDBACK_MAP = 'feedback';

/** The root `Y.Map` of a suggestion room: suggestion id → a plain object of its anchors and fields. */
export const SUGGESTIONS_MAP = 'suggestions';

/** The node name of a paragraph element in the content fragment (ProseMirror's node type name). */
export const PARAGRAPH_NODE = 'paragraph';

export { GOLD_LAYER, SHARED_LAYER, isReservedLayer } from '@glossa/core';

/**
 * The kinds of layer room, told apart by the layer id: `shared` (a team
 * annotates together and sees each other live), `gold` (the curated result)
 * or an annotator's own layer, whose id is the annotator's user id
 * (independent annotation, for agreement).
 */
export type LayerKind = 'shared' | 'gold' | 'annotator';

/** The kind of the layer with id `layer`. @example layerKind('ana') // 'annotator' */
export function layerKind(layer: string): LayerKind {
  if (layer === SHARED_LAYER) return 'shared';
  if (layer === GOLD_LAYER) return 'gold';
  return 'annotator';
}

/**
 * The deepest nesting of a plain value (arrays and objects) a room holds: a
 * value stored in a Y.Map (`meta`, say) is at depth 0, its elements at 1.
 * Updates whose values nest deeper are refused by the server, and imports
 * whose metadata does, so no encoder or decoder recurses without bound.
 */
export const MAX_VALUE_DEPTH = 64;

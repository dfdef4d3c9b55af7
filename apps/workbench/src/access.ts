/**
 * What the signed-in user may see and do in a project, for the views. The
 * rules themselves are the room contract's (`@glossa/collab`'s access rules,
 * which the server enforces); this module only derives what the views need
 * from them, so the UI offers only what the server will accept.
 */
import type { Me } from './api.js';
import { GOLD_LAYER, SHARED_LAYER, canCurate, canEditText, defaultAnnotationLayer, layerAccess, type ProjectMode, type Role, type RoomAccess } from '@glossa/collab';

export { GOLD_LAYER, SHARED_LAYER, canCurate, canEditText, defaultAnnotationLayer, suggestionScope } from '@glossa/collab';

/** Whether the role may import documents into the project (those who may change the text). */
export function canImport(role: Role): boolean {
  return canEditText(role);
}

/** One layer as the document view offers it. */
export interface LayerChoice {
  /** The layer id: `shared`, `gold` or a user name. */
  readonly id: string;
  readonly access: Exclude<RoomAccess, 'none'>;
}

/**
 * The layers the document view opens for a user: the ones that exist and
 * may be read, plus the layers the user would write to even when they do not
 * exist yet (their own layer, `shared` in a shared-mode project, `gold` for
 * curators). Ordered: the default layer to annotate into first, then
 * `shared`, `gold`, the user's own layer and everyone else's by name.
 */
export function documentLayers(role: Role, mode: ProjectMode, user: string, existing: readonly string[]): LayerChoice[] {
  const candidates = new Set<string>(existing);
  const preferred = defaultAnnotationLayer(role, mode, user);
  if (preferred !== null) candidates.add(preferred);
  if (canCurate(role)) candidates.add(GOLD_LAYER);
  const rank = (layer: string): number =>
    layer === preferred ? 0 : layer === SHARED_LAYER ? 1 : layer === GOLD_LAYER ? 2 : layer === user ? 3 : 4;
  return [...candidates]
    .flatMap((id): LayerChoice[] => {
      const access = layerAccess(role, mode, id, user);
      return access === 'none' ? [] : [{ id, access }];
    })
    .sort((a, b) => rank(a.id) - rank(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Whether the signed-in user administers the server (admin of `*`). */
export function isServerAdmin(me: Me): boolean {
  return me.roles['*'] === 'admin';
}

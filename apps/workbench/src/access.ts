/**
 * What the signed-in user may see and do in a project, by role and project
 * mode. This mirrors the server's access rules (packages/server `roles.ts`)
 * so the UI offers only what the server will accept; the server still
 * checks every room and request.
 */
import type { ProjectMode, Role } from './api.js';

/** The reserved layer a team annotates together in a shared-mode project. */
export const SHARED_LAYER = 'shared';

/** The reserved layer holding the curated result. */
export const GOLD_LAYER = 'gold';

/** What a user may do with one room. */
export type LayerAccess = 'none' | 'read' | 'write';

/** What `user` with `role` in a project of `mode` may do with layer `layer`. */
export function layerAccess(role: Role, mode: ProjectMode, layer: string, user: string): LayerAccess {
  switch (role) {
    case 'admin':
      return 'write';
    case 'viewer':
      return 'read';
    case 'curator':
      return layer === GOLD_LAYER ? 'write' : 'read';
    case 'annotator':
      if (layer === user) return 'write';
      if (mode === 'independent') return 'none';
      return layer === SHARED_LAYER ? 'write' : 'read';
  }
}

/** Whether the role may change a document's text (admins and curators). */
export function canEditText(role: Role): boolean {
  return role === 'admin' || role === 'curator';
}

/** Whether the role may import documents into the project. */
export function canImport(role: Role): boolean {
  return role === 'admin' || role === 'curator';
}

/** One layer as the document view offers it. */
export interface LayerChoice {
  /** The layer id: `shared`, `gold` or a user name. */
  readonly id: string;
  readonly access: Exclude<LayerAccess, 'none'>;
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
  if (role === 'annotator' || role === 'admin') candidates.add(mode === 'shared' ? SHARED_LAYER : user);
  if (role === 'admin' || role === 'curator') candidates.add(GOLD_LAYER);
  const preferred = defaultAnnotationLayer(role, mode, user);
  const rank = (layer: string): number =>
    layer === preferred ? 0 : layer === SHARED_LAYER ? 1 : layer === GOLD_LAYER ? 2 : layer === user ? 3 : 4;
  return [...candidates]
    .flatMap((id): LayerChoice[] => {
      const access = layerAccess(role, mode, id, user);
      return access === 'none' ? [] : [{ id, access }];
    })
    .sort((a, b) => rank(a.id) - rank(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The layer new annotations go to by default, or `null` for a role that cannot annotate. */
export function defaultAnnotationLayer(role: Role, mode: ProjectMode, user: string): string | null {
  switch (role) {
    case 'viewer':
      return null;
    case 'curator':
      return GOLD_LAYER;
    case 'annotator':
    case 'admin':
      return mode === 'shared' ? SHARED_LAYER : user;
  }
}


/** Whether the role may curate (write gold from the annotators' layers) and see the agreement dashboard. */
export function canCurate(role: Role): boolean {
  return role === 'admin' || role === 'curator';
}

/**
 * Which suggestion scopes a project has, and which of them a change of a
 * layer concerns. A scope is named after the layer whose annotators see it
 * (`suggestionScope` of `@glossa/collab`) and learns from that layer and
 * gold (`scopeTrainingLayers`): in a shared project `shared` and `gold`; in
 * an independent project `gold` and one per annotator, so no annotator's
 * suggestions derive from another annotator's layer.
 */
import { GOLD_LAYER, SHARED_LAYER, defaultAnnotationLayer, type ProjectMode, type Role } from '@glossa/collab';

/** Marks a run of every scope of the project (a change every scope learns from). */
export const ALL_SCOPES = '*';

/**
 * The scopes of a project of `mode`, given the layers stored in it and its
 * members' roles (user → role there): each member's scope
 * (`defaultAnnotationLayer`), each stored annotator layer of an independent
 * project, and `gold`. Sorted.
 */
export function projectScopes(mode: ProjectMode, layers: Iterable<string>, members: ReadonlyMap<string, Role>): string[] {
  const scopes = new Set<string>([GOLD_LAYER]);
  if (mode === 'shared') scopes.add(SHARED_LAYER);
  else for (const layer of layers) if (layer !== SHARED_LAYER) scopes.add(layer);
  for (const [user, role] of members) {
    const scope = defaultAnnotationLayer(role, mode, user);
    if (scope !== null) scopes.add(scope);
  }
  return [...scopes].sort();
}

/** The scopes a change of `layer` concerns: every one for `gold` (all learn from it), otherwise the layer's own. */
export function scopesOfLayer(layer: string): string[] {
  return layer === GOLD_LAYER ? [ALL_SCOPES] : [layer];
}

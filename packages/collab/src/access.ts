/**
 * The access rules of the room contract: per-project roles, project modes,
 * the reserved layers and what each role may do with each room. The server
 * enforces them on every connection and request; clients (the workbench, an
 * embedder's editor) read them to offer only what the server will accept.
 *
 * | role      | content room | `gold`         | own layer | `shared` layer  | others' layers  | suggestion rooms          |
 * |-----------|--------------|----------------|-----------|-----------------|-----------------|---------------------------|
 * | admin     | write        | write          | write     | write           | write           | read, every scope         |
 * | curator   | write        | write          | read      | read            | read            | read, every scope         |
 * | annotator | read         | read¹ (none²)  | write     | write¹ (none²)  | read¹ (none²)   | read `shared`¹ / own²     |
 * | viewer    | read         | read           | read      | read            | read            | none                      |
 *
 * ¹ in a `shared`-mode project; ² in an `independent`-mode project, where an
 * annotator sees only the content and their own layer (layer id = user name).
 * Suggestion rooms are written by the server alone: no client role may
 * write one. An annotator reads only the scope of the layer they annotate
 * into (`suggestionScope`), so no suggestion learned from another
 * annotator's layer reaches them in an independent project.
 */
import { GOLD_LAYER, SHARED_LAYER } from './layout.js';
import type { RoomName, SuggestionRoomName } from './rooms.js';

/** A user's role in a project. */
export type Role = 'admin' | 'curator' | 'annotator' | 'viewer';

/** Every role, strongest first. */
export const ROLES: readonly Role[] = ['admin', 'curator', 'annotator', 'viewer'];

/** Whether `value` is a role name. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The stronger of two roles (admin > curator > annotator > viewer); undefined counts as no role. */
export function strongerRole(a: Role | undefined, b: Role | undefined): Role | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b;
}

/**
 * How a project is annotated: `shared` (the team annotates one `shared` layer
 * together and sees each other live) or `independent` (every annotator works
 * blind in a layer named after them, for agreement; curators write `gold`).
 */
export type ProjectMode = 'shared' | 'independent';

/** Every project mode. */
export const PROJECT_MODES: readonly ProjectMode[] = ['shared', 'independent'];

/** Whether `value` is a project mode. */
export function isProjectMode(value: unknown): value is ProjectMode {
  return typeof value === 'string' && (PROJECT_MODES as readonly string[]).includes(value);
}

/** What a connection may do with a room. */
export type RoomAccess = 'none' | 'read' | 'write';

/** The part of a room an access decision is about: the text, one annotation layer, or one scope of suggestions. */
export type RoomTarget =
  | { readonly kind: 'content' }
  | { readonly kind: 'layer'; readonly layer: string }
  | { readonly kind: 'suggestions'; readonly scope: string };

/** The access target of a parsed room name. @example roomTarget(parseSuggestionRoom('p/d/suggestions/ana')!) // { kind: 'suggestions', scope: 'ana' } */
export function roomTarget(room: RoomName | SuggestionRoomName): RoomTarget {
  switch (room.kind) {
    case 'content':
      return { kind: 'content' };
    case 'layer':
      return { kind: 'layer', layer: room.layer };
    case 'suggestions':
      return { kind: 'suggestions', scope: room.scope };
  }
}

/**
 * What `user` holding `role` in a project of `mode` may do with `target`.
 *
 * @example
 * roomAccess('annotator', 'independent', { kind: 'layer', layer: 'bob' }, 'alice') // 'none'
 */
export function roomAccess(role: Role | undefined, mode: ProjectMode, target: RoomTarget, user: string): RoomAccess {
  if (target.kind === 'suggestions') return suggestionAccess(role, mode, target.scope, user);
  switch (role) {
    case undefined:
      return 'none';
    case 'admin':
      return 'write';
    case 'viewer':
      return 'read';
    case 'curator':
      return target.kind === 'content' || target.layer === GOLD_LAYER ? 'write' : 'read';
    case 'annotator': {
      if (target.kind === 'content') return 'read';
      if (target.layer === user) return 'write';
      if (mode === 'independent') return 'none';
      return target.layer === SHARED_LAYER ? 'write' : 'read';
    }
  }
}

/** Suggestion rooms: read-only for every role; a viewer sees none, an annotator only their own scope. */
function suggestionAccess(role: Role | undefined, mode: ProjectMode, scope: string, user: string): RoomAccess {
  switch (role) {
    case undefined:
    case 'viewer':
      return 'none';
    case 'admin':
    case 'curator':
      return 'read';
    case 'annotator':
      return scope === suggestionScope(role, mode, user) ? 'read' : 'none';
  }
}

/** What `user` holding `role` in a project of `mode` may do with layer `layer` (`roomAccess` for a layer room). */
export function layerAccess(role: Role | undefined, mode: ProjectMode, layer: string, user: string): RoomAccess {
  return roomAccess(role, mode, { kind: 'layer', layer }, user);
}

/** Whether the role may change a document's text (write its content room). */
export function canEditText(role: Role | undefined): boolean {
  return roomAccess(role, 'shared', { kind: 'content' }, '') === 'write';
}

/** Whether the role may curate: write the `gold` layer from the annotators' layers. */
export function canCurate(role: Role | undefined): boolean {
  return roomAccess(role, 'independent', { kind: 'layer', layer: GOLD_LAYER }, '') === 'write';
}

/** The layer new annotations of `user` go to by default, or `null` for a role that cannot annotate. */
export function defaultAnnotationLayer(role: Role | undefined, mode: ProjectMode, user: string): string | null {
  switch (role) {
    case undefined:
    case 'viewer':
      return null;
    case 'curator':
      return GOLD_LAYER;
    case 'annotator':
    case 'admin':
      return mode === 'shared' ? SHARED_LAYER : user;
  }
}

/**
 * The suggestion scope whose suggestions `user`'s editor shows: the scope
 * named after the layer they annotate into (`defaultAnnotationLayer`), so
 * `shared` for annotators of a shared project, the user's own id in an
 * independent one, `gold` for curators; `null` for viewers, who see none.
 */
export function suggestionScope(role: Role | undefined, mode: ProjectMode, user: string): string | null {
  return defaultAnnotationLayer(role, mode, user);
}

/**
 * The layers whose annotations a scope's recommenders learn from: the
 * scope's own layer and `gold` (for the `gold` scope, `gold` alone). So the
 * suggestions an annotator of an independent project sees never derive from
 * another annotator's layer.
 * @example scopeTrainingLayers('ana') // ['ana', 'gold']
 */
export function scopeTrainingLayers(scope: string): string[] {
  return scope === GOLD_LAYER ? [GOLD_LAYER] : [scope, GOLD_LAYER];
}

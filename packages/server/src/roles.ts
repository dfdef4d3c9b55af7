/**
 * Per-project roles and what each may do with a room. A user holds at most
 * one role per project; a role held for the project `*` applies to every
 * project (a server administrator is `admin` of `*`).
 *
 * | role      | content room | `gold`  | own layer | `shared` layer             | others' layers               |
 * |-----------|--------------|---------|-----------|----------------------------|------------------------------|
 * | admin     | write        | write   | write     | write                      | write                        |
 * | curator   | write        | write   | read      | read                       | read                         |
 * | annotator | read         | read¹   | write     | write¹ (none²)             | read¹ (none²)                |
 * | viewer    | read         | read    | read      | read                       | read                         |
 *
 * ¹ in a `shared`-mode project; ² in an `independent`-mode project, where an
 * annotator sees only the content and their own layer (layer id = user name).
 */
import type { ProjectMode } from './storage/index.js';

/** A user's role in a project. */
export type Role = 'admin' | 'curator' | 'annotator' | 'viewer';

/** Every role, strongest first. */
export const ROLES: readonly Role[] = ['admin', 'curator', 'annotator', 'viewer'];

/** The project name whose roles apply to every project. */
export const ALL_PROJECTS = '*';

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

/** What a connection may do with a room. */
export type RoomAccess = 'none' | 'read' | 'write';

/** The part of a room an access decision is about: the text, or one annotation layer. */
export type RoomTarget = { readonly kind: 'content' } | { readonly kind: 'layer'; readonly layer: string };

/** The reserved layer holding the curated result. */
export const GOLD_LAYER = 'gold';
/** The reserved layer a team annotates together in a shared-mode project. */
export const SHARED_LAYER = 'shared';

/**
 * What `user` holding `role` in a project of `mode` may do with `target`.
 *
 * @example
 * roomAccess('annotator', 'independent', { kind: 'layer', layer: 'bob' }, 'alice') // 'none'
 */
export function roomAccess(role: Role | undefined, mode: ProjectMode, target: RoomTarget, user: string): RoomAccess {
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

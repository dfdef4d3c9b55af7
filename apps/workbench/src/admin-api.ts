/**
 * The REST client of server administration: projects created, users and
 * their roles and passwords, API tokens. Only server administrators (admin
 * of `*`) may call these routes; the server refuses everyone else.
 */
import type { Result } from '@glossa/core';
import { getJson, isRecord, parsed, sendJson, type ApiProblem, type ProjectMode, type Role } from './api.js';

/** A user as the server lists them: name and role per project (`*`: every project). */
export interface UserEntry {
  readonly name: string;
  readonly roles: Readonly<Record<string, Role>>;
}

/** An API token as listed (never its secret form). */
export interface TokenEntry {
  readonly id: string;
  readonly user: string;
  readonly kind: string;
  readonly created: number;
  /** Expiry in milliseconds since the epoch, or null when it does not expire. */
  readonly expires: number | null;
  /** Revocation time, or null while valid. */
  readonly revoked: number | null;
}

/** A password or token the server made, shown once. */
export interface Secret {
  readonly user: string;
  readonly value: string;
}

const ROLE_NAMES: readonly string[] = ['admin', 'curator', 'annotator', 'viewer'];

function readRoles(value: unknown): Record<string, Role> {
  const roles: Record<string, Role> = {};
  if (isRecord(value)) for (const [project, role] of Object.entries(value)) if (typeof role === 'string' && ROLE_NAMES.includes(role)) roles[project] = role as Role;
  return roles;
}

/** Every user with their roles. */
export async function fetchUsers(): Promise<Result<UserEntry[], ApiProblem>> {
  return parsed('/api/users', await getJson('/api/users'), (body) => {
    if (!isRecord(body) || !Array.isArray(body.users)) return 'expected { users: [...] }';
    return body.users.filter(isRecord).flatMap((u): UserEntry[] => (typeof u.name === 'string' ? [{ name: u.name, roles: readRoles(u.roles) }] : []));
  });
}

/**
 * Adds a user with a role in a project, or gives an existing one that role.
 * Without `password` a new user gets a generated one, answered once.
 */
export async function addUser(name: string, role: Role, project: string, password?: string): Promise<Result<Secret | null, ApiProblem>> {
  const body = JSON.stringify({ name, role, project, ...(password === undefined ? {} : { password }) });
  return parsed('/api/users', await sendJson('POST', '/api/users', body, 'application/json'), (answer) =>
    isRecord(answer) && typeof answer.password === 'string' ? { user: name, value: answer.password } : null,
  );
}

/** Gives a user a new generated password, answered once. */
export async function resetPassword(name: string): Promise<Result<Secret, ApiProblem>> {
  const path = `/api/users/${encodeURIComponent(name)}/password`;
  return parsed(path, await sendJson('POST', path, '{}', 'application/json'), (answer) =>
    isRecord(answer) && typeof answer.password === 'string' ? { user: name, value: answer.password } : 'expected { password }',
  );
}

/** Removes a user and revokes their tokens. */
export async function removeUser(name: string): Promise<Result<unknown, ApiProblem>> {
  return sendJson('DELETE', `/api/users/${encodeURIComponent(name)}`, null, 'application/json');
}

/** Every API token and session. */
export async function fetchTokens(): Promise<Result<TokenEntry[], ApiProblem>> {
  return parsed('/api/tokens', await getJson('/api/tokens'), (body) => {
    if (!isRecord(body) || !Array.isArray(body.tokens)) return 'expected { tokens: [...] }';
    return body.tokens.filter(isRecord).flatMap((t): TokenEntry[] =>
      typeof t.id === 'string' && typeof t.user === 'string'
        ? [
            {
              id: t.id,
              user: t.user,
              kind: String(t.kind ?? ''),
              created: Number(t.created ?? 0),
              expires: typeof t.expires === 'number' ? t.expires : null,
              revoked: typeof t.revoked === 'number' ? t.revoked : null,
            },
          ]
        : [],
    );
  });
}

/** Creates an API token for a user, expiring after `expires` (`30d`, `12h`, or `never`); the token is answered once. */
export async function createToken(user: string, expires: string): Promise<Result<Secret, ApiProblem>> {
  return parsed('/api/tokens', await sendJson('POST', '/api/tokens', JSON.stringify({ user, expires }), 'application/json'), (answer) =>
    isRecord(answer) && typeof answer.token === 'string' ? { user, value: answer.token } : 'expected { token }',
  );
}

/** Revokes a token. */
export async function revokeToken(id: string): Promise<Result<unknown, ApiProblem>> {
  return sendJson('DELETE', `/api/tokens/${encodeURIComponent(id)}`, null, 'application/json');
}

/** Creates a project with its mode and label schema (parsed JSON, checked by the server). */
export async function createProject(id: string, mode: ProjectMode, schema: unknown): Promise<Result<unknown, ApiProblem>> {
  return sendJson('POST', '/api/projects', JSON.stringify({ id, mode, schema }), 'application/json');
}

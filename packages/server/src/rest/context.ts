/**
 * What every route group of the REST API shares: the server's parts it
 * needs, the shape of a route, and the checks of who is calling (signed in,
 * server administrator, role in a project).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { roomAccess, type Role } from '@glossa/collab';
import { ALL_PROJECTS, type DataDir, type ProjectRecord, type TokenClaims, type TokenIssuer, type UserStore } from '@glossa/store';
import { authenticateRequest } from '../authenticate.js';
import { HttpError } from '../http-util.js';
import type { LoginBackoffPolicy } from '../login-backoff.js';
import type { Logger } from '../logger.js';

/** What the REST API needs from the server. @internal */
export interface RestApiContext {
  readonly data: DataDir;
  readonly users: UserStore;
  readonly tokens: TokenIssuer;
  readonly logger: Logger;
  readonly sessionTtlMs: number;
  readonly loginBackoff: LoginBackoffPolicy;
  readonly maxImportBytes: number;
  readonly maxJsonBodyBytes: number;
  /** Why the server is not healthy (storage closed, or its last commit failed), or undefined when it is: the health check's answer. */
  healthProblem(): string | undefined;
}

/** One request as a route handler sees it: `params` are the decoded `:x` segments of the path. */
export interface ApiRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly params: readonly string[];
}

/** A route: method, path (`:x` stands for one segment) and handler. */
export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly handler: (request: ApiRequest) => Promise<void>;
}

/** The caller's verified credential; 401 without one. */
export async function callerOf(context: RestApiContext, r: ApiRequest): Promise<TokenClaims> {
  const result = await authenticateRequest(r.req, r.url, context.tokens, context.users);
  if (!result.ok) throw new HttpError(401, 'unauthorized', result.errors[0] ?? 'not signed in');
  return result.value;
}

/** Whether `user` is a server administrator (admin of project `*`). */
export async function isServerAdmin(context: RestApiContext, user: string): Promise<boolean> {
  return (await context.users.getUser(user))?.roles[ALL_PROJECTS] === 'admin';
}

/** The caller, who must be a server administrator; 403 otherwise. */
export async function serverAdminOf(context: RestApiContext, r: ApiRequest): Promise<TokenClaims> {
  const claims = await callerOf(context, r);
  if (!(await isServerAdmin(context, claims.user))) throw new HttpError(403, 'forbidden', 'only server administrators (admin of project "*") may manage users');
  return claims;
}

/** The caller, the project `:p` of the path and the caller's role in it. */
export interface ProjectCall {
  readonly claims: TokenClaims;
  readonly project: ProjectRecord;
  readonly role: Role;
}

/** The project `:p` and the caller's role in it; 404 for an unknown project, 403 without a role. */
export async function projectOf(context: RestApiContext, r: ApiRequest): Promise<ProjectCall> {
  const claims = await callerOf(context, r);
  const id = r.params[0] ?? '';
  const [project, role] = await Promise.all([context.data.catalog.getProject(id), context.users.roleIn(claims.user, id)]);
  if (!project) throw new HttpError(404, 'not_found', `unknown project "${id}"`);
  if (role === undefined) throw new HttpError(403, 'forbidden', `user "${claims.user}" has no role in project "${id}"`);
  return { claims, project, role };
}

/** Whether the caller of a project call may read `layer`. */
export function canReadLayer(call: ProjectCall, layer: string): boolean {
  return roomAccess(call.role, call.project.mode, { kind: 'layer', layer }, call.claims.user) !== 'none';
}

/** 403 unless the caller is admin or curator of the project; `needs` says what asks for it (`importing into project "p" needs`). */
export function requireCurator(call: ProjectCall, needs: string): void {
  if (call.role !== 'admin' && call.role !== 'curator') throw new HttpError(403, 'forbidden', `${needs} the admin or curator role; "${call.claims.user}" is ${call.role}`);
}

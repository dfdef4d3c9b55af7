/**
 * Users, for server administrators (admin of `*`): `GET /api/users`,
 * `POST /api/users` (add a user, or give one a role and a new password),
 * `POST /api/users/:u/password` (a new generated password, answered once;
 * the user's sessions and tokens stay), `DELETE /api/users/:u` (removes the
 * user and revokes their tokens).
 */
import { isRole } from '@glossa/collab';
import { ALL_PROJECTS, MIN_PASSWORD_LENGTH, generatePassword, hashPassword, invalidUserNameReason } from '@glossa/store';
import { HttpError, readJsonObject, sendJson, stringField } from '../http-util.js';
import { serverAdminOf, type ApiRequest, type RestApiContext, type Route } from './context.js';

/** The routes of user management. */
export function userRoutes(context: RestApiContext): Route[] {
  async function listUsers(r: ApiRequest): Promise<void> {
    await serverAdminOf(context, r);
    sendJson(r.res, 200, { users: await context.users.listUsers() });
  }

  async function addUser(r: ApiRequest): Promise<void> {
    await serverAdminOf(context, r);
    const body = await readJsonObject(r.req, context.maxJsonBodyBytes);
    const name = stringField(body, 'name', true);
    const role = stringField(body, 'role', true);
    const project = stringField(body, 'project', true);
    const given = stringField(body, 'password', false);
    if (given !== undefined && given.length < MIN_PASSWORD_LENGTH) throw new HttpError(400, 'bad_field', `field "password": expected at least ${MIN_PASSWORD_LENGTH} characters`);
    const reason = invalidUserNameReason(name);
    if (reason !== undefined) throw new HttpError(400, 'bad_field', `field "name": ${JSON.stringify(name)} ${reason}`);
    if (!isRole(role)) throw new HttpError(400, 'bad_field', `field "role": expected admin, curator, annotator or viewer, got ${JSON.stringify(role)}`);
    if (project !== ALL_PROJECTS && !(await context.data.catalog.getProject(project))) throw new HttpError(400, 'bad_field', `field "project": unknown project "${project}"`);
    const created = !(await context.users.hasUser(name));
    const password = created ? (given ?? generatePassword()) : given;
    if (created) await context.users.addUser(name, await hashPassword(password as string));
    else if (password !== undefined) await context.users.setPasswordHash(name, await hashPassword(password));
    await context.users.setRole(name, project, role);
    sendJson(r.res, created ? 201 : 200, { user: await context.users.getUser(name), ...(created && given === undefined ? { password } : {}) });
  }

  async function resetPassword(r: ApiRequest): Promise<void> {
    await serverAdminOf(context, r);
    const name = r.params[0] ?? '';
    if (!(await context.users.hasUser(name))) throw new HttpError(404, 'not_found', `unknown user "${name}"`);
    const password = generatePassword();
    await context.users.setPasswordHash(name, await hashPassword(password));
    sendJson(r.res, 200, { user: name, password });
  }

  async function removeUser(r: ApiRequest): Promise<void> {
    const claims = await serverAdminOf(context, r);
    const name = r.params[0] ?? '';
    if (name === claims.user) throw new HttpError(409, 'conflict', 'administrators cannot remove themselves');
    if (!(await context.users.removeUser(name))) throw new HttpError(404, 'not_found', `unknown user "${name}"`);
    await context.tokens.revokeAllOf(name);
    sendJson(r.res, 200, { removed: name });
  }

  return [
    { method: 'GET', path: '/api/users', handler: listUsers },
    { method: 'POST', path: '/api/users', handler: addUser },
    { method: 'POST', path: '/api/users/:x/password', handler: resetPassword },
    { method: 'DELETE', path: '/api/users/:x', handler: removeUser },
  ];
}

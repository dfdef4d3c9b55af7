/**
 * API tokens: `GET /api/tokens`, `POST /api/tokens` (expiry as a duration
 * such as `30d`, or `never`), `DELETE /api/tokens/:id`. Signed-in users
 * manage their own tokens; server administrators everyone's.
 */
import { parseDuration } from '@glossa/store';
import { HttpError, readJsonObject, sendJson, stringField } from '../http-util.js';
import { callerOf, isServerAdmin, type ApiRequest, type RestApiContext, type Route } from './context.js';

/** The routes of API tokens. */
export function tokenRoutes(context: RestApiContext): Route[] {
  async function listTokens(r: ApiRequest): Promise<void> {
    const claims = await callerOf(context, r);
    const all = await isServerAdmin(context, claims.user);
    const user = r.url.searchParams.get('user') ?? (all ? undefined : claims.user);
    if (!all && user !== claims.user) throw new HttpError(403, 'forbidden', 'only server administrators may list other users\' tokens');
    sendJson(r.res, 200, { tokens: await context.tokens.list(user === undefined ? {} : { user }) });
  }

  async function createToken(r: ApiRequest): Promise<void> {
    const claims = await callerOf(context, r);
    const body = await readJsonObject(r.req, context.maxJsonBodyBytes);
    const user = stringField(body, 'user', false) ?? claims.user;
    if (user !== claims.user && !(await isServerAdmin(context, claims.user))) throw new HttpError(403, 'forbidden', 'only server administrators may create tokens for other users');
    if (!(await context.users.hasUser(user))) throw new HttpError(400, 'bad_field', `field "user": unknown user "${user}"`);
    const expires = stringField(body, 'expires', false);
    let lifetime: number | null = null;
    if (expires !== undefined && expires !== 'never') {
      const parsed = parseDuration(expires);
      if (!parsed.ok) throw new HttpError(400, 'bad_field', `field "expires": ${parsed.errors[0] ?? 'bad duration'}`);
      lifetime = parsed.value;
    }
    sendJson(r.res, 201, await context.tokens.issue(user, 'api', lifetime));
  }

  async function revokeToken(r: ApiRequest): Promise<void> {
    const claims = await callerOf(context, r);
    const id = r.params[0] ?? '';
    const record = await context.tokens.get(id);
    if (!record || (record.user !== claims.user && !(await isServerAdmin(context, claims.user)))) throw new HttpError(404, 'not_found', `unknown token "${id}"`);
    await context.tokens.revoke(id);
    sendJson(r.res, 200, { revoked: id });
  }

  return [
    { method: 'GET', path: '/api/tokens', handler: listTokens },
    { method: 'POST', path: '/api/tokens', handler: createToken },
    { method: 'DELETE', path: '/api/tokens/:x', handler: revokeToken },
  ];
}

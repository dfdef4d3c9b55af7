/**
 * Signing in and out: `POST /api/login` (name and password; sets the
 * session cookie), `POST /api/logout`, `GET /api/me`. Password logins are
 * limited per address (a token bucket) and per user name (`LoginBackoff`).
 */
import { invalidUserNameReason, verifyPassword } from '@glossa/store';
import { AddressRateLimiter, LOGIN_RATE_PER_ADDRESS } from '../address-rate-limit.js';
import { sessionCookie } from '../authenticate.js';
import { HttpError, readJsonObject, sendJson, stringField } from '../http-util.js';
import { LoginBackoff } from '../login-backoff.js';
import { callerOf, type ApiRequest, type RestApiContext, type Route } from './context.js';

/** A hash to compare against when the user does not exist, so timing does not tell. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** The routes of signing in and out. */
export function authRoutes(context: RestApiContext): Route[] {
  const loginLimits = new AddressRateLimiter(LOGIN_RATE_PER_ADDRESS);
  const loginBackoff = new LoginBackoff(context.loginBackoff);

  async function login(r: ApiRequest): Promise<void> {
    const address = r.req.socket.remoteAddress ?? 'unknown';
    if (!loginLimits.take(address)) throw new HttpError(429, 'rate_limited', 'too many login attempts; wait a few seconds');
    const body = await readJsonObject(r.req, context.maxJsonBodyBytes);
    const name = stringField(body, 'name', true);
    const password = stringField(body, 'password', true);
    if (invalidUserNameReason(name) !== undefined) {
      // No user can have this name, so it is not tracked: the backoff's memory stays bounded by real names' length.
      await verifyPassword(password, DUMMY_HASH);
      throw new HttpError(401, 'invalid_credentials', 'unknown user or wrong password');
    }
    const wait = loginBackoff.retryAfterMs(name);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      r.res.setHeader('Retry-After', String(seconds));
      throw new HttpError(429, 'login_locked', `too many failed logins for "${name}"; try again in ${seconds} s`);
    }
    const hash = await context.users.passwordHash(name);
    const matches = await verifyPassword(password, hash ?? DUMMY_HASH);
    if (hash === undefined || !matches) {
      loginBackoff.recordFailure(name);
      throw new HttpError(401, 'invalid_credentials', 'unknown user or wrong password');
    }
    loginBackoff.recordSuccess(name);
    const session = await context.tokens.issue(name, 'session', context.sessionTtlMs);
    r.res.setHeader('Set-Cookie', sessionCookie(r.req, session.token, Math.floor(context.sessionTtlMs / 1000)));
    sendJson(r.res, 200, { user: name, roles: (await context.users.getUser(name))?.roles ?? {}, expires: session.expires });
  }

  async function logout(r: ApiRequest): Promise<void> {
    const claims = await callerOf(context, r);
    if (claims.kind === 'session') await context.tokens.revoke(claims.id);
    r.res.setHeader('Set-Cookie', sessionCookie(r.req, '', 0));
    sendJson(r.res, 200, { user: claims.user, signedOut: true });
  }

  async function me(r: ApiRequest): Promise<void> {
    const claims = await callerOf(context, r);
    sendJson(r.res, 200, { user: claims.user, roles: (await context.users.getUser(claims.user))?.roles ?? {}, token: { id: claims.id, kind: claims.kind, expires: claims.expires } });
  }

  return [
    { method: 'POST', path: '/api/login', handler: login },
    { method: 'POST', path: '/api/logout', handler: logout },
    { method: 'GET', path: '/api/me', handler: me },
  ];
}

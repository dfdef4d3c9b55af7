/**
 * Who is making a request: a token from the `Authorization: Bearer` header,
 * the `token` query parameter (WebSocket clients cannot set headers) or the
 * session cookie; and whether its `Origin` may make it at all.
 */
import type { IncomingMessage } from 'node:http';
import { fail, type Result } from '@glossa/core';
import type { TokenClaims, TokenIssuer, UserStore } from '@glossa/store';
import { parseCookies } from './http-util.js';

/** The name of the session cookie set by `POST /api/login`. */
export const SESSION_COOKIE = 'glossa_session';

/**
 * Whether a request reached the server over HTTPS: on a TLS socket, or
 * through a proxy that says so with `X-Forwarded-Proto: https`.
 */
export function isHttpsRequest(req: IncomingMessage): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted === true) return true;
  const forwarded = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

/**
 * The `Set-Cookie` value of the session cookie: `HttpOnly`,
 * `SameSite=Strict`, `Path=/`, and `Secure` when the request came over HTTPS
 * (over plain HTTP a `Secure` cookie would not be stored). An empty value
 * with `maxAgeSeconds` 0 clears it.
 */
export function sessionCookie(req: IncomingMessage, value: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}${isHttpsRequest(req) ? '; Secure' : ''}`;
}

/** Finds and verifies the credentials of a request. */
export async function authenticateRequest(req: IncomingMessage, url: URL, tokens: TokenIssuer, users: UserStore): Promise<Result<TokenClaims, string>> {
  const header = req.headers.authorization;
  let token: string | undefined;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) return fail(['Authorization header: expected "Bearer <token>"']);
    token = match[1];
  }
  token ??= url.searchParams.get('token') ?? undefined;
  token ??= parseCookies(req.headers.cookie).get(SESSION_COOKIE);
  if (token === undefined || token === '') return fail(['no credentials: expected a token (?token=…, Authorization: Bearer …) or a session cookie']);
  return tokens.verify(token, (name) => users.hasUser(name));
}

/**
 * Whether the request's `Origin` may use the server: no `Origin` header (a
 * script, not a browser) or one of `publicOrigins` (`serverOrigins`). The
 * request's `Host` header is never trusted: a page of another site whose
 * name was rebound to this server's address sends its own name as `Host`.
 */
export function isOriginAllowed(req: IncomingMessage, publicOrigins: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  return origin === undefined || publicOrigins.has(origin);
}

/** Interfaces that mean "this machine": the server is then also reached as localhost. */
const LOOPBACK_OR_ANY = new Set(['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::']);

/**
 * The origins a browser may call the server from: the server's own address
 * (`http://<host>:<port>`; for a loopback or any-interface `host` also
 * `http://localhost:<port>`, `http://127.0.0.1:<port>` and
 * `http://[::1]:<port>`) and the configured `allowedOrigins` (the public
 * origin(s) behind a proxy or on another interface).
 *
 * @example serverOrigins('127.0.0.1', 8080, ['https://annotate.example.org'])
 */
export function serverOrigins(host: string, port: number, allowedOrigins: readonly string[]): ReadonlySet<string> {
  const hosts = LOOPBACK_OR_ANY.has(host) ? ['localhost', '127.0.0.1', '[::1]'] : [host.includes(':') ? `[${host}]` : host];
  return new Set([...hosts.map((name) => `http://${name}:${port}`), ...allowedOrigins]);
}

/**
 * Signed tokens: API tokens for scripts and session tokens behind the login
 * cookie. A token is `glossa_<payload>.<signature>`: the payload (user, kind,
 * token id, expiry) in base64url JSON, signed with HMAC-SHA256 under the
 * store's secret key. Every issued token has a record (`TokenStore`), so it
 * can be listed and revoked; a token whose record is gone or revoked, whose
 * user was removed, or whose expiry has passed is refused.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { fail, ok, type Result } from '@glossa/core';
import type { RevocationEvent, TokenClaims, TokenKind, TokenListOptions, TokenRecord, TokenStore } from './tokens.js';

/** A newly issued token: its claims and the string to hand to the client. */
export interface IssuedToken extends TokenClaims {
  readonly token: string;
}

/**
 * A token as `TokenIssuer.issue` returns it: its claims and string at once
 * (they are made here), and awaitable for the commit of its record, after
 * which the token is accepted. Awaiting it resolves to the plain
 * `IssuedToken`, or rejects when the record could not be stored.
 */
export type PendingToken = IssuedToken & PromiseLike<IssuedToken>;

/** Whether `user` still exists, as `verify` and `recheck` ask. */
export type UserExists = (user: string) => boolean | Promise<boolean>;

const PREFIX = 'glossa_';
const SIGNING_CONTEXT = 'glossa-token-v1.';

interface Payload {
  v: 1;
  id: string;
  sub: string;
  kind: TokenKind;
  exp: number | null;
}

function isPayload(value: unknown): value is Payload {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    p.v === 1 &&
    typeof p.id === 'string' &&
    typeof p.sub === 'string' &&
    (p.kind === 'api' || p.kind === 'session') &&
    (p.exp === null || typeof p.exp === 'number')
  );
}

/** `issued`, awaitable for `stored`; a failure reaches whoever awaits it (a caller that does not await learns of it when the token is refused). */
function pendingToken(issued: IssuedToken, stored: Promise<void>): PendingToken {
  const settled = stored.then(() => issued);
  settled.catch(() => undefined);
  return Object.defineProperty({ ...issued }, 'then', { value: settled.then.bind(settled), enumerable: false }) as PendingToken;
}

/**
 * Issues, verifies and revokes tokens over any `TokenStore`.
 *
 * @example
 * const { token } = await data.tokens.issue('alice', 'api', 30 * 86_400_000);
 * await data.tokens.verify(token, (name) => data.users.hasUser(name)); // ok({ user: 'alice', … })
 */
export class TokenIssuer {
  private key: Uint8Array | undefined;

  /**
   * @param records Where the records of issued tokens are kept.
   * @param secret The signing key (at least 32 bytes), or a function that
   *   reads it, called when a token is first issued or checked (so opening a
   *   store to read it creates no key).
   * @param now Clock in milliseconds since the epoch; injectable for tests.
   * @throws RangeError when a given key is shorter than 32 bytes.
   */
  constructor(
    readonly records: TokenStore,
    private readonly secret: Uint8Array | (() => Uint8Array),
    private readonly now: () => number = Date.now,
  ) {
    if (typeof secret !== 'function') this.key = checkedKey(secret);
  }

  /** Issues a token for `user`; `lifetimeMs` null means it never expires. Await it for the commit of its record. */
  issue(user: string, kind: TokenKind, lifetimeMs: number | null): PendingToken {
    if (lifetimeMs !== null && !(lifetimeMs > 0)) throw new RangeError(`a token lifetime must be positive, got ${lifetimeMs}`);
    const created = this.now();
    const claims: TokenClaims = { id: randomBytes(12).toString('base64url'), user, kind, expires: lifetimeMs === null ? null : created + lifetimeMs };
    const payload: Payload = { v: 1, id: claims.id, sub: user, kind, exp: claims.expires };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const token = `${PREFIX}${body}.${this.sign(body)}`;
    return pendingToken({ ...claims, token }, this.records.insert({ ...claims, created, revoked: null }));
  }

  /**
   * Checks a token's signature, expiry and revocation. `userExists` is asked
   * whether the user still exists. The reason comes back on failure.
   */
  async verify(token: string, userExists: UserExists): Promise<Result<TokenClaims, string>> {
    if (!token.startsWith(PREFIX)) return fail(['token: expected a Glossa token starting with "glossa_"']);
    const [body, signature, ...rest] = token.slice(PREFIX.length).split('.');
    if (body === undefined || signature === undefined || rest.length > 0) return fail(['token: malformed (expected payload.signature)']);
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return fail(['token: bad signature']);
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return fail(['token: malformed payload']);
    }
    if (!isPayload(payload)) return fail(['token: malformed payload']);
    if (payload.exp !== null && payload.exp <= this.now()) return fail([`token ${payload.id}: expired`]);
    const record = await this.records.get(payload.id);
    if (!record || record.user !== payload.sub) return fail([`token ${payload.id}: unknown token`]);
    if (record.revoked !== null) return fail([`token ${payload.id}: revoked`]);
    if (!(await userExists(payload.sub))) return fail([`token ${payload.id}: user "${payload.sub}" no longer exists`]);
    return ok({ id: payload.id, user: payload.sub, kind: payload.kind, expires: payload.exp });
  }

  /**
   * Checks again claims that `verify` accepted earlier (an open socket's
   * credential): the token must still be stored, unrevoked and unexpired,
   * and its user must still exist. Does not need the token string.
   */
  async recheck(claims: TokenClaims, userExists: UserExists): Promise<Result<TokenClaims, string>> {
    const now = this.now();
    if (claims.expires !== null && claims.expires <= now) return fail([`token ${claims.id}: expired`]);
    const record = await this.records.get(claims.id);
    if (!record || record.user !== claims.user) return fail([`token ${claims.id}: unknown token`]);
    if (record.revoked !== null) return fail([`token ${claims.id}: revoked`]);
    if (record.expires !== null && record.expires <= now) return fail([`token ${claims.id}: expired`]);
    if (!(await userExists(claims.user))) return fail([`token ${claims.id}: user "${claims.user}" no longer exists`]);
    return ok(claims);
  }

  /**
   * Calls `listener` after every revocation the store reports (the server
   * closes the sockets of revoked credentials); returns a function that
   * removes it. Revocations it does not report are seen by `recheck`.
   */
  onRevoked(listener: (event: RevocationEvent) => void): () => void {
    return this.records.onRevoked(listener);
  }

  /** Revokes a token by id; resolves whether a valid token was revoked. */
  revoke(id: string): Promise<boolean> {
    return this.records.revoke(id, this.now());
  }

  /** Revokes every token of a user; resolves how many were revoked. */
  revokeAllOf(user: string): Promise<number> {
    return this.records.revokeAllOf(user, this.now());
  }

  /** The token with this id, or undefined. */
  get(id: string): Promise<TokenRecord | undefined> {
    return this.records.get(id);
  }

  /** Tokens (of one user, or all), newest first; sessions are left out unless asked for. */
  list(options: TokenListOptions = {}): Promise<TokenRecord[]> {
    return this.records.list(options);
  }

  /** The signing key (read, or created, when first needed); copying a store copies it so its tokens still verify. @internal */
  signingKey(): Uint8Array {
    this.key ??= checkedKey(typeof this.secret === 'function' ? this.secret() : this.secret);
    return this.key;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.signingKey()).update(SIGNING_CONTEXT + body).digest('base64url');
  }
}

function checkedKey(key: Uint8Array): Uint8Array {
  if (key.length < 32) throw new RangeError(`the signing secret must be at least 32 bytes, got ${key.length}`);
  return key;
}

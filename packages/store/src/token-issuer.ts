/**
 * Signed tokens: API tokens for scripts and session tokens behind the login
 * cookie. A token is `glossa_<payload>.<signature>`: the payload (user, kind,
 * token id, expiry) in base64url JSON, signed with HMAC-SHA256 under the
 * data directory's secret key. Every issued token has a row in `tokens`, so
 * it can be listed and revoked; a token whose row is gone or revoked, whose
 * user was removed, or whose expiry has passed is refused.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { fail, ok, type Result } from '@glossa/core';

/** What a token is for. */
export type TokenKind = 'api' | 'session';

/** The verified content of a token. */
export interface TokenClaims {
  /** The token id (for revocation). */
  readonly id: string;
  /** The user the token speaks for. */
  readonly user: string;
  readonly kind: TokenKind;
  /** Expiry in milliseconds since the epoch, or null for a token that does not expire. */
  readonly expires: number | null;
}

/** A token as listed (never its secret form). */
export interface TokenRecord extends TokenClaims {
  /** Creation time in milliseconds since the epoch. */
  readonly created: number;
  /** Revocation time, or null while valid. */
  readonly revoked: number | null;
}

/**
 * A credential that stopped being valid through `TokenIssuer`: one token
 * revoked by id, or every token of a user revoked at once.
 */
export type RevocationEvent = { readonly kind: 'token'; readonly id: string } | { readonly kind: 'user'; readonly user: string };

/** A newly issued token: its claims and the string to hand to the client. */
export interface IssuedToken extends TokenClaims {
  readonly token: string;
}

const PREFIX = 'glossa_';
const SIGNING_CONTEXT = 'glossa-token-v1.';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY,
  user TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('api', 'session')),
  created INTEGER NOT NULL,
  expires INTEGER,
  revoked INTEGER
);
CREATE INDEX IF NOT EXISTS tokens_by_user ON tokens (user);
`;

interface TokenRow {
  id: string;
  user: string;
  kind: TokenKind;
  created: number;
  expires: number | null;
  revoked: number | null;
}

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

function toRecord(row: TokenRow): TokenRecord {
  return { id: row.id, user: row.user, kind: row.kind, expires: row.expires, created: row.created, revoked: row.revoked };
}

/**
 * Issues, verifies and revokes tokens.
 *
 * @example
 * const tokens = new TokenIssuer(store.db, loadOrCreateSecretKey(dir));
 * const { token } = tokens.issue('alice', 'api', 30 * 86_400_000);
 * tokens.verify(token, (name) => users.hasUser(name)); // ok({ user: 'alice', … })
 */
export class TokenIssuer {
  private readonly revocationListeners = new Set<(event: RevocationEvent) => void>();

  constructor(
    private readonly db: Database.Database,
    private readonly secret: Uint8Array,
    /** Clock in milliseconds since the epoch; injectable for tests. */
    private readonly now: () => number = Date.now,
  ) {
    if (secret.length < 32) throw new RangeError(`the signing secret must be at least 32 bytes, got ${secret.length}`);
    db.exec(SCHEMA);
  }

  /** Issues a token for `user`; `lifetimeMs` null means it never expires. */
  issue(user: string, kind: TokenKind, lifetimeMs: number | null): IssuedToken {
    if (lifetimeMs !== null && !(lifetimeMs > 0)) throw new RangeError(`a token lifetime must be positive, got ${lifetimeMs}`);
    const created = this.now();
    const claims: TokenClaims = { id: randomBytes(12).toString('base64url'), user, kind, expires: lifetimeMs === null ? null : created + lifetimeMs };
    this.db
      .prepare('INSERT INTO tokens (id, user, kind, created, expires, revoked) VALUES (?, ?, ?, ?, ?, NULL)')
      .run(claims.id, user, kind, created, claims.expires);
    const payload: Payload = { v: 1, id: claims.id, sub: user, kind, exp: claims.expires };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return { ...claims, token: `${PREFIX}${body}.${this.sign(body)}` };
  }

  /**
   * Checks a token's signature, expiry and revocation. `userExists` is asked
   * whether the user still exists. The reason comes back on failure.
   */
  verify(token: string, userExists: (user: string) => boolean): Result<TokenClaims, string> {
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
    const row = this.db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE id = ?').get(payload.id);
    if (!row || row.user !== payload.sub) return fail([`token ${payload.id}: unknown token`]);
    if (row.revoked !== null) return fail([`token ${payload.id}: revoked`]);
    if (!userExists(payload.sub)) return fail([`token ${payload.id}: user "${payload.sub}" no longer exists`]);
    return ok({ id: payload.id, user: payload.sub, kind: payload.kind, expires: payload.exp });
  }

  /**
   * Checks again claims that `verify` accepted earlier (an open socket's
   * credential): the token must still be stored, unrevoked and unexpired,
   * and its user must still exist. Does not need the token string.
   */
  recheck(claims: TokenClaims, userExists: (user: string) => boolean): Result<TokenClaims, string> {
    const now = this.now();
    if (claims.expires !== null && claims.expires <= now) return fail([`token ${claims.id}: expired`]);
    const row = this.db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE id = ?').get(claims.id);
    if (!row || row.user !== claims.user) return fail([`token ${claims.id}: unknown token`]);
    if (row.revoked !== null) return fail([`token ${claims.id}: revoked`]);
    if (row.expires !== null && row.expires <= now) return fail([`token ${claims.id}: expired`]);
    if (!userExists(claims.user)) return fail([`token ${claims.id}: user "${claims.user}" no longer exists`]);
    return ok(claims);
  }

  /**
   * Calls `listener` after every revocation made through this issuer (the
   * server closes the sockets of revoked credentials); returns a function
   * that removes it. Revocations by another process are seen by `recheck`.
   */
  onRevoked(listener: (event: RevocationEvent) => void): () => void {
    this.revocationListeners.add(listener);
    return () => void this.revocationListeners.delete(listener);
  }

  /** Revokes a token by id; returns whether a valid token was revoked. */
  revoke(id: string): boolean {
    const revoked = this.db.prepare('UPDATE tokens SET revoked = ? WHERE id = ? AND revoked IS NULL').run(this.now(), id).changes > 0;
    if (revoked) this.notify({ kind: 'token', id });
    return revoked;
  }

  /** Revokes every token of a user; returns how many were revoked. */
  revokeAllOf(user: string): number {
    const count = this.db.prepare('UPDATE tokens SET revoked = ? WHERE user = ? AND revoked IS NULL').run(this.now(), user).changes;
    this.notify({ kind: 'user', user });
    return count;
  }

  private notify(event: RevocationEvent): void {
    for (const listener of this.revocationListeners) listener(event);
  }

  /** The token with this id, or undefined. */
  get(id: string): TokenRecord | undefined {
    const row = this.db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE id = ?').get(id);
    return row && toRecord(row);
  }

  /** Tokens (of one user, or all), newest first; sessions are left out unless asked for. */
  list(options: { readonly user?: string; readonly includeSessions?: boolean } = {}): TokenRecord[] {
    const rows = this.db.prepare<[], TokenRow>('SELECT * FROM tokens ORDER BY created DESC, id').all();
    return rows
      .filter((row) => (options.user === undefined || row.user === options.user) && (options.includeSessions === true || row.kind === 'api'))
      .map(toRecord);
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(SIGNING_CONTEXT + body).digest('base64url');
  }
}

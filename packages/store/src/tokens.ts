/**
 * The tokens contract: every API token and login session issued has a
 * record, so it can be listed and revoked. Signing and verifying tokens is
 * `TokenIssuer`'s job, the same over every backend.
 */

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
 * A credential that stopped being valid: one token revoked by id, or every
 * token of a user revoked at once.
 */
export type RevocationEvent = { readonly kind: 'token'; readonly id: string } | { readonly kind: 'user'; readonly user: string };

/** Which tokens `TokenStore.list` lists. */
export interface TokenListOptions {
  /** Only this user's. @default every user's */
  readonly user?: string;
  /** Login sessions too. @default false: API tokens only */
  readonly includeSessions?: boolean;
}

/**
 * Token records. Writes are committed when they resolve. `onRevoked` tells
 * of revocations (the server closes the sockets of revoked credentials):
 * the embedded backend reports this process's, a networked backend every
 * process's.
 */
export interface TokenStore {
  /** Stores the record of a newly issued token. */
  insert(record: TokenRecord): Promise<void>;
  /** The token with this id, or undefined. */
  get(id: string): Promise<TokenRecord | undefined>;
  /** Marks a token revoked at `at` (ms); resolves whether a valid token was revoked. */
  revoke(id: string, at: number): Promise<boolean>;
  /** Marks every valid token of a user revoked at `at` (ms); resolves how many were. */
  revokeAllOf(user: string, at: number): Promise<number>;
  /** Tokens, newest first (then by id). */
  list(options?: TokenListOptions): Promise<TokenRecord[]>;
  /** Calls `listener` after every revocation; returns a function that removes it. */
  onRevoked(listener: (event: RevocationEvent) => void): () => void;
}

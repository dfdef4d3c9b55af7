/**
 * `TokenStore` on PostgreSQL: the record of every issued token. A
 * revocation sends a notification on `glossa_revoke` in its transaction, so
 * every process closes the revoked credential's sockets.
 */
import type pg from 'pg';
import { Listeners } from '../listeners.js';
import { toTokenRecord, type TokenRow } from '../record-rows.js';
import type { RevocationEvent, TokenListOptions, TokenRecord, TokenStore } from '../tokens.js';
import { CHANNELS, inTransaction, notify } from './connection.js';
import type { PostgresNotifier } from './notifier.js';

/** Token records in a PostgreSQL database; `onRevoked` tells of every process's revocations. */
export class PostgresTokenStore implements TokenStore {
  private readonly revocations = new Listeners<RevocationEvent>();

  constructor(
    private readonly pool: pg.Pool,
    notifier: PostgresNotifier,
    private readonly origin: string,
  ) {
    notifier.on(CHANNELS.revoke, (payload) => {
      const message = parse(payload);
      if (message !== null && message.o !== this.origin) this.revocations.emit(message.e);
    });
  }

  async insert(record: TokenRecord): Promise<void> {
    await this.pool.query('INSERT INTO tokens (id, "user", kind, created, expires, revoked) VALUES ($1, $2, $3, $4, $5, $6)', [
      record.id,
      record.user,
      record.kind,
      record.created,
      record.expires,
      record.revoked,
    ]);
  }

  async get(id: string): Promise<TokenRecord | undefined> {
    const row = (await this.pool.query<TokenRow>('SELECT * FROM tokens WHERE id = $1', [id])).rows[0];
    return row && toTokenRecord(row);
  }

  async revoke(id: string, at: number): Promise<boolean> {
    const count = await this.revoking({ kind: 'token', id }, 'UPDATE tokens SET revoked = $1 WHERE id = $2 AND revoked IS NULL', [at, id]);
    return count > 0;
  }

  revokeAllOf(user: string, at: number): Promise<number> {
    return this.revoking({ kind: 'user', user }, 'UPDATE tokens SET revoked = $1 WHERE "user" = $2 AND revoked IS NULL', [at, user], true);
  }

  async list(options: TokenListOptions = {}): Promise<TokenRecord[]> {
    const { rows } = await this.pool.query<TokenRow>(
      `SELECT * FROM tokens WHERE ($1::text IS NULL OR "user" = $1) AND ($2 OR kind = 'api') ORDER BY created DESC, id`,
      [options.user ?? null, options.includeSessions === true],
    );
    return rows.map(toTokenRecord);
  }

  onRevoked(listener: (event: RevocationEvent) => void): () => void {
    return this.revocations.add(listener);
  }

  /** Runs a revoking update and, when it changed a row (or `always`), notifies every process in its transaction. */
  private async revoking(event: RevocationEvent, sql: string, values: unknown[], always = false): Promise<number> {
    const count = await inTransaction(this.pool, async (client) => {
      const changed = (await client.query(sql, values)).rowCount ?? 0;
      if (changed > 0 || always) await notify(client, CHANNELS.revoke, JSON.stringify({ o: this.origin, e: event }));
      return changed;
    });
    if (count > 0 || always) this.revocations.emit(event);
    return count;
  }
}

function parse(payload: string): { o: string; e: RevocationEvent } | null {
  try {
    const value = JSON.parse(payload) as { o?: unknown; e?: { kind?: unknown; id?: unknown; user?: unknown } };
    if (typeof value.o !== 'string' || value.e === undefined) return null;
    if (value.e.kind === 'token' && typeof value.e.id === 'string') return { o: value.o, e: { kind: 'token', id: value.e.id } };
    if (value.e.kind === 'user' && typeof value.e.user === 'string') return { o: value.o, e: { kind: 'user', user: value.e.user } };
    return null;
  } catch {
    return null;
  }
}

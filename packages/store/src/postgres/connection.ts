/**
 * Connections of the PostgreSQL backend: a pool whose `bigint` columns read
 * as numbers (row ids, times and checksums stay far below 2^53), a helper
 * that runs a function in one transaction, and the names of the advisory
 * locks and notification channels every process agrees on.
 */
import pg from 'pg';

/** The type id of `bigint` (int8). */
const INT8 = 20;

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/** Options of `createPool`. */
export interface PoolOptions {
  /** Most connections the pool opens. @default 10 */
  readonly max?: number;
  /** The `application_name` the connections show in `pg_stat_activity`. @default 'glossa' */
  readonly applicationName?: string;
}

/** The connection settings of `url`, with the backend's type parsers. */
export function clientConfig(url: string, applicationName: string): pg.ClientConfig {
  return { connectionString: url, types, application_name: applicationName, connectionTimeoutMillis: 10_000 };
}

/**
 * A pool of connections to `url`. A connection that fails while idle (the
 * server restarted) is dropped from the pool and reported to `onError`
 * instead of crashing the process; the next query opens a new one.
 */
export function createPool(url: string, onError: (error: Error) => void, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(url, options.applicationName ?? 'glossa'), max: options.max ?? 10, idleTimeoutMillis: 30_000 });
  pool.on('error', onError);
  return pool;
}

/** Runs `fn` in one transaction on a connection of `pool`: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollback) {
      broken = rollback instanceof Error ? rollback : new Error(String(rollback));
    }
    throw error;
  } finally {
    // A connection whose rollback failed is in an unknown state: the pool closes it.
    client.release(broken);
  }
}

/** The class of the advisory locks that order the commits of one room (see `lockRooms`). */
export const ROOM_LOCK_CLASS = 0x474c;
/** The advisory lock held while migrations run. */
export const MIGRATION_LOCK: readonly [number, number] = [0x474d, 1];

/** The notification channels of the backend. */
export const CHANNELS = {
  /** Rooms whose appended updates were committed: `{ o, r: rooms }`. */
  commit: 'glossa_commit',
  /** A user removed or whose roles changed: `{ o, u: user }`. */
  user: 'glossa_user',
  /** A revocation: `{ o, e: RevocationEvent }`. */
  revoke: 'glossa_revoke',
  /** Awareness updates by room, base64: `{ o, a: { room: [update…] } }`. */
  awareness: 'glossa_awareness',
} as const;

/** The PostgreSQL error code of a unique violation. */
export const UNIQUE_VIOLATION = '23505';
/** The PostgreSQL error code of a foreign key violation. */
export const FOREIGN_KEY_VIOLATION = '23503';

/** The SQLSTATE code of a PostgreSQL error, or undefined for another failure. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Sends `payload` on `channel` from inside the caller's transaction: it is
 * delivered to every listening process when (and only when) the transaction
 * commits.
 */
export async function notify(client: pg.ClientBase, channel: string, payload: string): Promise<void> {
  await client.query('SELECT pg_notify($1, $2)', [channel, payload]);
}

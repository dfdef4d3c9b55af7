/**
 * The PostgreSQL backend's `DataDir`: every contract over one database that
 * any number of processes share. Opening it applies the migrations the
 * database lacks, starts the listening connection and reads (or, the first
 * time, stores) the token signing key in the `settings` table.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DataDir } from '../data-dir.js';
import { TokenIssuer } from '../token-issuer.js';
import { PostgresCatalog } from './catalog.js';
import { CHANNELS, clientConfig, createPool } from './connection.js';
import { migrate, type MigrationReport } from './migrations.js';
import { Fanout } from './fanout.js';
import { PostgresNotifier } from './notifier.js';
import { FanoutPresence } from './presence.js';
import { RedisBus, isRedisUrl } from './redis-bus.js';
import { redactedUrl } from './redacted-url.js';
import { PostgresRecommenderStore } from './recommenders.js';
import { PostgresTokenStore } from './tokens.js';
import { PostgresUpdateLog } from './update-log.js';
import { PostgresUserStore } from './users.js';

export { redactedUrl };

/** Options of `openPostgres`. */
export interface OpenPostgresOptions {
  /** Most connections of the pool. @default 10 */
  readonly maxConnections?: number;
  /** Told of failures that no caller awaits (an idle connection dropped, the listening connection lost, Redis gone). @default nothing */
  readonly onBackgroundError?: (error: Error) => void;
  /**
   * A Redis server (`redis://HOST[:PORT]`) whose pub/sub carries the
   * messages between processes (commits and presence) instead of `NOTIFY`,
   * which stays the fallback while Redis is away. @default none
   */
  readonly redis?: string;
}

/** Whether `location` names a PostgreSQL database (`postgres://` or `postgresql://`). */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** A PostgreSQL database opened as a Glossa store. */
export class PostgresDataDir implements DataDir {
  readonly updates: PostgresUpdateLog;
  readonly catalog: PostgresCatalog;
  readonly users: PostgresUserStore;
  readonly tokens: TokenIssuer;
  readonly presence: FanoutPresence;
  readonly recommenders: PostgresRecommenderStore;
  /** This process's id in the database's notifications. */
  readonly origin = randomUUID();
  /** @internal how commits and presence reach the other processes. */
  readonly fanout: Fanout;
  private open = true;

  constructor(
    /** The database's URL, without its password. */
    readonly location: string,
    /** @internal the connection pool, for the tests and the migration command. */
    readonly pool: pg.Pool,
    /** @internal the listening connection. */
    readonly notifier: PostgresNotifier,
    secretKey: Uint8Array,
    /** What opening it migrated. */
    readonly migration: MigrationReport,
    onBackgroundError: (error: Error) => void = () => undefined,
    /** @internal the Redis connections, when given. */
    readonly redis: RedisBus | null = null,
  ) {
    this.fanout = new Fanout(pool, notifier, redis, onBackgroundError);
    this.updates = new PostgresUpdateLog(pool, this.fanout, this.origin);
    this.catalog = new PostgresCatalog(pool, this.updates);
    this.users = new PostgresUserStore(pool, notifier, this.origin);
    this.tokens = new TokenIssuer(new PostgresTokenStore(pool, notifier, this.origin), secretKey);
    this.recommenders = new PostgresRecommenderStore(pool);
    this.presence = new FanoutPresence(this.fanout, this.origin);
  }

  get isOpen(): boolean {
    return this.open;
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.presence.close();
    await this.updates.close();
    await this.fanout.close();
    await this.notifier.close();
    await this.pool.end();
  }
}

/**
 * Opens the PostgreSQL database at `url` as a Glossa store, applying the
 * migrations it lacks. Rejects when the database cannot be reached or its
 * schema is newer than this code.
 *
 * @example
 * const data = await openPostgres('postgres://glossa@db.internal/glossa');
 * try { console.log(await data.catalog.listProjects()); } finally { await data.close(); }
 */
export async function openPostgres(url: string, options: OpenPostgresOptions = {}): Promise<PostgresDataDir> {
  const onError = options.onBackgroundError ?? (() => undefined);
  if (options.redis !== undefined && !isRedisUrl(options.redis)) throw new RangeError(`the Redis URL must be redis://HOST[:PORT] or rediss://…, got "${redactedUrl(options.redis)}"`);
  const pool = createPool(url, onError, { max: options.maxConnections ?? 10 });
  let notifier: PostgresNotifier | undefined;
  let redis: RedisBus | undefined;
  try {
    const client = await pool.connect();
    let migration: MigrationReport;
    let key: Uint8Array;
    try {
      migration = await migrate(client);
      key = await loadOrCreateKey(client);
    } finally {
      client.release();
    }
    notifier = await PostgresNotifier.open(url, Object.values(CHANNELS));
    notifier.onError(onError);
    if (options.redis !== undefined) redis = await RedisBus.open(options.redis, Object.values(CHANNELS), onError);
    return new PostgresDataDir(redactedUrl(url), pool, notifier, key, migration, onError, redis ?? null);
  } catch (error) {
    await redis?.close();
    await notifier?.close();
    await pool.end().catch(() => undefined);
    throw error;
  }
}

/**
 * Applies the migrations the database at `url` lacks, and nothing else (no
 * listening connection, no signing key): what `glossa db migrate` runs.
 */
export async function migrateDatabase(url: string): Promise<MigrationReport> {
  const client = new pg.Client(clientConfig(url, 'glossa-migrate'));
  await client.connect();
  try {
    return await migrate(client);
  } finally {
    await client.end();
  }
}

/** The setting that holds the token signing key (hex). */
const SECRET_KEY_SETTING = 'secret_key';

/** Reads the signing key, storing a new random one first when there is none; processes racing agree on one. */
async function loadOrCreateKey(client: pg.ClientBase): Promise<Uint8Array> {
  await client.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [SECRET_KEY_SETTING, randomBytes(32).toString('hex')]);
  const { rows } = await client.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [SECRET_KEY_SETTING]);
  const key = Buffer.from(rows[0]?.value ?? '', 'hex');
  if (key.length < 32) throw new Error(`the database's ${SECRET_KEY_SETTING} setting holds ${key.length} bytes, expected at least 32`);
  return key;
}

/**
 * The embedded backend's data directory: `glossa.db` (room updates, the
 * catalog, users, tokens and recommenders: SQLite in WAL mode) and `secret.key` (the
 * token signing key, created when a token is first issued or checked).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DataDir } from '../data-dir.js';
import { LocalPresence } from '../presence.js';
import { TokenIssuer } from '../token-issuer.js';
import { SqliteCatalog } from './catalog.js';
import { SqliteRecommenderStore } from './recommenders.js';
import { loadOrCreateSecretKey } from './secret-key.js';
import { SqliteTokenStore } from './tokens.js';
import { SqliteUpdateLog, type SqliteUpdateLogOptions } from './update-log.js';
import { SqliteUserStore } from './users.js';

/** The database file's name inside a data directory. */
export const DATABASE_FILE = 'glossa.db';

/** Options of `openDataDir`. */
export interface OpenDataDirOptions extends SqliteUpdateLogOptions {
  /**
   * Create the directory and database when they do not exist; when false, a
   * missing database throws `MissingDataDirError` and nothing is created.
   * @default true
   */
  readonly create?: boolean;
}

/** `openDataDir` with `create: false` found no database in the directory. */
export class MissingDataDirError extends Error {
  override readonly name = 'MissingDataDirError';
  constructor(
    /** The directory, as an absolute path. */
    readonly dir: string,
  ) {
    super(`no Glossa data directory at ${dir} (expected ${path.join(dir, DATABASE_FILE)})`);
  }
}

/**
 * The data directory cannot be created or written: a read-only folder or
 * file system, missing permissions, no space. The message names the
 * directory and the reason, for the person starting the server.
 */
export class UnwritableDataDirError extends Error {
  override readonly name = 'UnwritableDataDirError';
  constructor(
    /** The directory, as an absolute path. */
    readonly dir: string,
    /** What the file system or SQLite said. */
    readonly reason: string,
  ) {
    super(`data directory ${dir} cannot be opened for writing (${reason}); expected a folder this process may create and write files in: check its permissions, whether its file system is mounted read-only, and free space`);
  }
}

/** Error codes of the file system and SQLite that mean "this place cannot be written". */
const UNWRITABLE = /^(EACCES|EROFS|EPERM|ENOENT|ENOTDIR|ENOSPC|EDQUOT|SQLITE_CANTOPEN|SQLITE_READONLY|SQLITE_PERM|SQLITE_FULL|SQLITE_IOERR)/;

/** The error as an `UnwritableDataDirError` when it says the directory cannot be written; otherwise unchanged. */
function asUnwritable(dir: string, error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !UNWRITABLE.test(code)) return error;
  return new UnwritableDataDirError(dir, `${code}: ${(error as Error).message}`);
}

/** A data directory opened on the embedded backend. */
export class SqliteDataDir implements DataDir {
  readonly catalog: SqliteCatalog;
  readonly users: SqliteUserStore;
  readonly tokens: TokenIssuer;
  readonly recommenders: SqliteRecommenderStore;
  /** One process serves an embedded store: presence stays in it. */
  readonly presence = new LocalPresence();

  constructor(
    /** The directory, as an absolute path. */
    readonly location: string,
    /** Room updates; its database holds the other tables too. */
    readonly updates: SqliteUpdateLog,
  ) {
    this.catalog = new SqliteCatalog(updates);
    this.users = new SqliteUserStore(updates.db);
    this.tokens = new TokenIssuer(new SqliteTokenStore(updates.db), () => loadOrCreateSecretKey(location));
    this.recommenders = new SqliteRecommenderStore(updates.db);
  }

  get isOpen(): boolean {
    return this.updates.isOpen;
  }

  close(): Promise<void> {
    return this.updates.close();
  }
}

/**
 * Opens the data directory `dir`, creating it and its database when needed
 * (unless `create` is false); one that cannot be written throws
 * `UnwritableDataDirError`. Synchronous: the embedded backend needs no
 * round trip to open; `openData` opens any backend.
 *
 * @example
 * const data = openDataDir('.glossa');
 * try { console.log(await data.catalog.listProjects()); } finally { await data.close(); }
 */
export function openDataDir(dir: string, options: OpenDataDirOptions = {}): SqliteDataDir {
  const absolute = path.resolve(dir);
  if (options.create === false && !existsSync(path.join(absolute, DATABASE_FILE))) throw new MissingDataDirError(absolute);
  let log: SqliteUpdateLog;
  try {
    mkdirSync(absolute, { recursive: true });
    log = SqliteUpdateLog.open(path.join(absolute, DATABASE_FILE), options);
  } catch (error) {
    throw asUnwritable(absolute, error);
  }
  try {
    return new SqliteDataDir(absolute, log);
  } catch (error) {
    void log.close();
    throw asUnwritable(absolute, error);
  }
}

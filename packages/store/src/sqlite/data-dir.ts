/**
 * The data directory of a Glossa installation: `glossa.db` (room updates and
 * the catalog, SQLite in WAL mode) and, for the server, `secret.key`.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Catalog } from './catalog.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite.js';

/** The database file's name inside a data directory. */
export const DATABASE_FILE = 'glossa.db';

/** An open data directory. */
export interface DataDir {
  /** The directory, as an absolute path. */
  readonly dir: string;
  /** Room updates. */
  readonly store: SqliteStore;
  /** Projects and documents, in the same database as `store`. */
  readonly catalog: Catalog;
  /** Closes the database. */
  close(): Promise<void>;
}

/** Options of `openDataDir`. */
export interface OpenDataDirOptions extends SqliteStoreOptions {
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
 * Opens the data directory `dir`, creating it and its database when needed
 * (unless `create` is false).
 *
 * @example
 * const data = openDataDir('.glossa');
 * try { console.log(data.catalog.listProjects()); } finally { await data.close(); }
 */
export function openDataDir(dir: string, options: OpenDataDirOptions = {}): DataDir {
  const absolute = path.resolve(dir);
  if (options.create === false && !existsSync(path.join(absolute, DATABASE_FILE))) throw new MissingDataDirError(absolute);
  mkdirSync(absolute, { recursive: true });
  const store = SqliteStore.open(path.join(absolute, DATABASE_FILE), options);
  let catalog: Catalog;
  try {
    catalog = new Catalog(store.db);
  } catch (error) {
    void store.close();
    throw error;
  }
  return { dir: absolute, store, catalog, close: () => store.close() };
}

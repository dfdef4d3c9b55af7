/**
 * `openData`: the one place that picks a storage backend for a location.
 * The embedded backend is a directory holding a SQLite database
 * (`sqlite/`); PostgreSQL (`postgres/`) is a URL.
 */
import type { DataDir } from './data-dir.js';
import { isPostgresUrl, openPostgres, type OpenPostgresOptions } from './postgres/data-dir.js';
import { redactedUrl } from './postgres/redacted-url.js';
import { openDataDir, type OpenDataDirOptions } from './sqlite/data-dir.js';

/** Options of `openData`: those of the embedded backend for a directory, those of PostgreSQL for a URL. */
export type OpenDataOptions = OpenDataDirOptions & OpenPostgresOptions;

/**
 * Opens the data at `location`: a `postgres://` URL (a database that many
 * processes share; its migrations are applied), else a directory holding
 * (or, unless `create` is false, about to hold) a SQLite database.
 *
 * @example
 * const data = await openData('.glossa', { create: false });
 * try { console.log(await data.catalog.listProjects()); } finally { await data.close(); }
 */
export async function openData(location: string, options: OpenDataOptions = {}): Promise<DataDir> {
  if (isPostgresUrl(location)) return openPostgres(location, options);
  if (options.redis !== undefined) throw new RangeError(`Redis (${redactedUrl(options.redis)}) connects the processes of a PostgreSQL database; "${location}" is a data directory, which one process serves`);
  return openDataDir(location, options);
}

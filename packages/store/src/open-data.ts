/**
 * `openData`: the one place that picks a storage backend for a location.
 * The embedded backend is a directory holding a SQLite database
 * (`sqlite/`); another backend is a folder of its own beside it and a line
 * here.
 */
import type { DataDir } from './data-dir.js';
import { openDataDir, type OpenDataDirOptions } from './sqlite/data-dir.js';

/** Options of `openData`. */
export type OpenDataOptions = OpenDataDirOptions;

/**
 * Opens the data at `location`: a directory holding (or, unless `create` is
 * false, about to hold) a SQLite database.
 *
 * @example
 * const data = await openData('.glossa', { create: false });
 * try { console.log(await data.catalog.listProjects()); } finally { await data.close(); }
 */
export async function openData(location: string, options: OpenDataOptions = {}): Promise<DataDir> {
  return openDataDir(location, options);
}

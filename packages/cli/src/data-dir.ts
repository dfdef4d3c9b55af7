/**
 * Opening the data directory a command works on. Only `glossa import`,
 * `glossa user add` and `glossa start` create one; the other commands refuse
 * a missing data directory without creating anything.
 */
import { MissingDataDirError, openDataDir, type DataDir } from '@glossa/server';
import { CliError } from './command.js';

/** What `glossa user` and `glossa token` suggest when there is no data directory. */
export const MISSING_DATA_DIR_HINT = 'give --data or run glossa start first';

/** Opens the data directory `dir` without creating anything; undefined when it holds no database. */
export function openExistingDataDir(dir: string): DataDir | undefined {
  try {
    return openDataDir(dir, { create: false });
  } catch (error) {
    if (error instanceof MissingDataDirError) return undefined;
    throw error;
  }
}

/**
 * Opens the existing data directory `dir` for `glossa <command>`. A missing
 * one is a `CliError` naming the directory, followed by `hint` (what to do
 * instead).
 */
export function openDataDirFor(command: string, dir: string, hint: string): DataDir {
  const data = openExistingDataDir(dir);
  if (data === undefined) throw new CliError(`glossa ${command}: ${new MissingDataDirError(dir).message}; ${hint}`);
  return data;
}

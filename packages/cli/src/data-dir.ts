/**
 * Opening the data a command works on. Only `glossa import`,
 * `glossa user add` and `glossa start` create a data directory; the other
 * commands refuse a missing one without creating anything.
 */
import { MissingDataDirError, openData, type DataDir } from '@glossa/store';
import { CliError } from './command.js';

/** What `glossa user` and `glossa token` suggest when there is no data directory. */
export const MISSING_DATA_DIR_HINT = 'give --data or run glossa start first';

/** Opens the data directory `dir`, creating it when needed. */
export function openOrCreateDataDir(dir: string): Promise<DataDir> {
  return openData(dir);
}

/** Opens the data directory `dir` without creating anything; undefined when it holds no database. */
export async function openExistingDataDir(dir: string): Promise<DataDir | undefined> {
  try {
    return await openData(dir, { create: false });
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
export async function openDataDirFor(command: string, dir: string, hint: string): Promise<DataDir> {
  const data = await openExistingDataDir(dir);
  if (data === undefined) throw new CliError(`glossa ${command}: ${new MissingDataDirError(dir).message}; ${hint}`);
  return data;
}

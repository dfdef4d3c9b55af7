/**
 * Flag parsing shared by the sub-commands, on top of `node:util.parseArgs`,
 * turning its exceptions into `UsageError`s with the command's name.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import path from 'node:path';
import { isPostgresUrl, redactedUrl } from '@glossa/store';
import { UsageError, type CliIO } from './command.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The `--data DIR` and `--database URL` flags every command that works on stored data accepts. */
export const dataOption = { data: { type: 'string' }, database: { type: 'string' } } as const satisfies Options;

/** The environment variable that names a PostgreSQL database when neither `--data` nor `--database` is given. */
export const DATABASE_URL_ENV = 'GLOSSA_DATABASE_URL';

/** The usage line of `--database`, after the one of `--data`. */
export const DATABASE_USAGE = `  --database URL     a PostgreSQL database (postgres://…) instead of --data;
                     also GLOSSA_DATABASE_URL`;

/**
 * Parses `argv` against `options`, throwing a `UsageError` that names the
 * command and the offending flag.
 */
export function parseFlags<O extends Options>(
  command: string,
  argv: readonly string[],
  options: O,
  allowPositionals = false,
): ReturnType<typeof parseArgs<{ options: O; allowPositionals: boolean; strict: true }>> {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`glossa ${command}: ${message}`);
  }
}

/**
 * Where the command's data is: `--database URL` (a PostgreSQL database),
 * else `--data DIR` resolved against the working directory, else
 * `GLOSSA_DATABASE_URL`, else `./.glossa`. Both flags at once, or a
 * `--database` that is no `postgres://` URL, is a `UsageError`.
 */
export function dataLocation(command: string, io: CliIO, values: { readonly data?: string; readonly database?: string }): string {
  if (values.database !== undefined) {
    if (values.data !== undefined) throw new UsageError(`glossa ${command}: give --data or --database, not both`);
    if (!isPostgresUrl(values.database)) throw new UsageError(`glossa ${command}: --database must be a postgres:// URL, got "${values.database}"`);
    return values.database;
  }
  if (values.data !== undefined) return path.resolve(io.cwd, values.data);
  const fromEnv = io.env[DATABASE_URL_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!isPostgresUrl(fromEnv)) throw new UsageError(`glossa ${command}: ${DATABASE_URL_ENV} must be a postgres:// URL, got "${fromEnv}"`);
    return fromEnv;
  }
  return path.resolve(io.cwd, '.glossa');
}

/** A data location as messages show it: a database URL without its password. */
export function shownLocation(location: string): string {
  return isPostgresUrl(location) ? redactedUrl(location) : location;
}

/** Reads a flag that must be present. */
export function required(command: string, name: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError(`glossa ${command}: --${name} is required`);
  return value;
}

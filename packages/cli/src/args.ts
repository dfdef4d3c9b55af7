/**
 * Flag parsing shared by the sub-commands, on top of `node:util.parseArgs`,
 * turning its exceptions into `UsageError`s with the command's name.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import path from 'node:path';
import { UsageError, type CliIO } from './command.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The `--data DIR` flag every command accepts. */
export const dataOption = { data: { type: 'string' } } as const satisfies Options;

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

/** The data directory: `--data DIR` resolved against the working directory, default `./.glossa`. */
export function dataDir(io: CliIO, flag: string | undefined): string {
  return path.resolve(io.cwd, flag ?? '.glossa');
}

/** Reads a flag that must be present. */
export function required(command: string, name: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError(`glossa ${command}: --${name} is required`);
  return value;
}

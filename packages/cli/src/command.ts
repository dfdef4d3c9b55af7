/**
 * The shape every `glossa` sub-command follows, and the error it throws for
 * bad input. Commands never call `process.exit`; `main.ts` maps results and
 * errors to exit codes so commands can be run in-process by tests.
 */
import type { Readable, Writable } from 'node:stream';

/** Streams and working directory a command runs with. */
export interface CliIO {
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /** Environment variables visible to the command. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Standard input, for commands that read from it (`user add --password-stdin`); the process's when absent. */
  readonly stdin?: Readable & { readonly isTTY?: boolean };
}

/** A sub-command of `glossa`. */
export interface Command {
  /** One line shown in `glossa --help`. */
  readonly summary: string;
  /** Usage text shown by `glossa <command> --help` and after a usage error. */
  readonly usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: readonly string[], io: CliIO): Promise<number>;
}

/**
 * An expected failure caused by the user's input (a bad flag, a missing file,
 * an unknown project). Its message is printed as is, without a stack.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    /** Process exit code. @default 1 */
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Usage errors (unknown flag, missing argument) exit with 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}

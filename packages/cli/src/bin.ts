#!/usr/bin/env node
/**
 * Process entry of the `glossa` command. Relative paths resolve against the
 * directory `pnpm glossa` was typed in (`INIT_CWD`), not the repository root.
 */
import { runCli } from './main.js';
import type { CliIO } from './command.js';

const io: CliIO = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, cwd: process.env.INIT_CWD ?? process.cwd(), env: process.env };
runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`glossa: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  },
);

/**
 * @glossa/cli: the `glossa` command, runnable in-process for tests.
 */
export { runCli } from './main.js';
export { CliError, UsageError, type CliIO, type Command } from './command.js';

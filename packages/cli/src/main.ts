/**
 * The `glossa` command: dispatches to the sub-commands in `commands/`.
 */
import { CliError, type CliIO, type Command } from './command.js';
import { commands } from './registry.js';

function helpText(): string {
  const lines = ['Usage: glossa <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(commands)) lines.push(`  ${name.padEnd(10)} ${load.summary}`);
  lines.push('', 'Every command takes --data DIR (default ./.glossa). `glossa <command> --help` shows its options.');
  return lines.join('\n') + '\n';
}

/** Runs `glossa` with `argv` (without the node and script paths) and resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(helpText());
    return name === undefined ? 2 : 0;
  }
  const entry = commands[name];
  if (!entry) {
    io.stderr.write(`glossa: unknown command "${name}". Expected one of: ${Object.keys(commands).join(', ')}\n`);
    return 2;
  }
  const command: Command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage.endsWith('\n') ? command.usage : command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`${error.message}\n`);
      if (error.exitCode === 2) io.stderr.write(`\n${command.usage}\n`);
      return error.exitCode;
    }
    // Loaded here, not at start: commands load the store only when they run.
    const { UnwritableDataDirError } = await import('@glossa/store');
    if (error instanceof UnwritableDataDirError) {
      io.stderr.write(`glossa ${name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/**
 * `glossa migrate --from LOCATION --to LOCATION`: copies everything one
 * store holds (a data directory or a PostgreSQL database) into another,
 * empty one, and verifies every room; progress on standard error, a
 * summary on standard output.
 */
import { copyData, isPostgresUrl, openData, type CopyProgress, type DataDir } from '@glossa/store';
import path from 'node:path';
import { CliError, type CliIO, type Command } from '../command.js';
import { parseFlags, required, shownLocation } from '../args.js';
import { openExistingDataDir } from '../data-dir.js';

const usage = `Usage: glossa migrate --from DIR|URL --to DIR|URL

Copies every room, project, document, user (with roles and password hash),
token and the token signing key from one store into another, empty one: a
data directory (the embedded SQLite backend) to a PostgreSQL database
(postgres://…), or back. Every room is read back from both and compared by
state vector and content. Stop the servers of the source first, so nothing
is written during the copy.

Options:
  --from DIR|URL     the store to copy (it must exist)
  --to DIR|URL       the empty store to copy into (created when a directory)`;

const flags = { from: { type: 'string' }, to: { type: 'string' } } as const;

function resolveLocation(io: CliIO, location: string): string {
  return isPostgresUrl(location) ? location : path.resolve(io.cwd, location);
}

/** The `glossa migrate` command. */
export const command: Command = {
  summary: 'Copy a data directory into a PostgreSQL database, or back',
  usage,
  async run(argv: readonly string[], io: CliIO): Promise<number> {
    const { values } = parseFlags('migrate', argv, flags);
    const fromLocation = resolveLocation(io, required('migrate', 'from', values.from));
    const toLocation = resolveLocation(io, required('migrate', 'to', values.to));
    if (fromLocation === toLocation) throw new CliError('glossa migrate: --from and --to name the same store');
    const from = await openExistingDataDir(fromLocation);
    if (from === undefined) throw new CliError(`glossa migrate: there is no data directory at ${fromLocation}`);
    let to: DataDir | undefined;
    try {
      to = await openData(toLocation);
      const progress = (step: CopyProgress): void => void io.stderr.write(`${step.stage}: ${step.done}/${step.total}\n`);
      const summary = await copyData(from, to, progress);
      io.stdout.write(
        `Copied ${summary.projects} projects, ${summary.documents} documents, ${summary.rooms} rooms (each verified), ${summary.users} users and ${summary.tokens} tokens from ${shownLocation(fromLocation)} to ${shownLocation(toLocation)}.\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof Error && error.name === 'CopyError') throw new CliError(`glossa migrate: ${error.message}`);
      throw error;
    } finally {
      await from.close();
      await to?.close();
    }
  },
};

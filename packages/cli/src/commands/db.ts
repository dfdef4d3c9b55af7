/**
 * `glossa db migrate`: applies the schema migrations a PostgreSQL database
 * lacks and says what it did. Servers and commands apply them on start too;
 * this runs them alone (before a rolling upgrade, say).
 */
import { MIGRATIONS, isPostgresUrl, migrateDatabase } from '@glossa/store';
import { CliError, UsageError, type CliIO, type Command } from '../command.js';
import { DATABASE_USAGE, dataLocation, parseFlags, shownLocation } from '../args.js';

const usage = `Usage: glossa db migrate [--database URL]

Applies the schema migrations the PostgreSQL database lacks, each in its own
transaction, and prints the schema version. Safe to run while servers run
and from several places at once: each migration is applied once. A data
directory (the embedded SQLite backend) needs none.

Options:
${DATABASE_USAGE}`;

const flags = { database: { type: 'string' } } as const;

/** The `glossa db` command. */
export const command: Command = {
  summary: 'Apply the schema migrations of a PostgreSQL database',
  usage,
  async run(argv: readonly string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseFlags('db', argv, flags, true);
    const [action, ...rest] = positionals;
    if (action !== 'migrate' || rest.length > 0) throw new UsageError(`glossa db: expected "migrate", got "${positionals.join(' ')}"`);
    const location = dataLocation('db migrate', io, { database: values.database });
    if (!isPostgresUrl(location)) throw new UsageError('glossa db migrate: give --database URL (or set GLOSSA_DATABASE_URL); a data directory needs no migrations');
    let report;
    try {
      report = await migrateDatabase(location);
    } catch (error) {
      throw new CliError(`glossa db migrate: ${shownLocation(location)}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const names = new Map(MIGRATIONS.map((m) => [m.version, m.name]));
    for (const version of report.applied) io.stdout.write(`applied migration ${version}: ${names.get(version) ?? ''}\n`);
    io.stdout.write(report.applied.length === 0 ? `The schema is up to date (version ${report.version}).\n` : `The schema is at version ${report.version}.\n`);
    return 0;
  },
};

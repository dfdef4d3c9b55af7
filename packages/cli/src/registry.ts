/**
 * The table of sub-commands. Each is loaded lazily so `glossa list` does not
 * pay for the server's dependencies.
 */
import type { Command } from './command.js';

interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

const entry = (summary: string, load: () => Promise<{ command: Command }>): CommandEntry => ({
  summary,
  load: async () => (await load()).command,
});

/** Every `glossa` sub-command by name, with the summary its command gives itself (`Command.summary`). */
export const commands: Readonly<Record<string, CommandEntry>> = {
  import: entry('Import documents and annotations in any supported format into a project', () => import('./commands/import.js')),
  export: entry('Export a project as a dataset in any format', () => import('./commands/export.js')),
  list: entry('List projects, documents, layers and counts', () => import('./commands/list.js')),
  serve: entry('Start the sync server and the workbench', () => import('./commands/serve.js')),
  start: entry('Serve the seed corpus, creating the data directory on first start', () => import('./commands/start.js')),
  user: entry('Add, list or remove users', () => import('./commands/user.js')),
  token: entry('Create, list or revoke API tokens', () => import('./commands/token.js')),
  recommender: entry('Add, list or remove the recommenders of a project', () => import('./commands/recommender.js')),
  suggest: entry('Run, evaluate and measure the recommenders of a project', () => import('./commands/suggest.js')),
  agreement: entry('Inter-annotator agreement figures', () => import('./commands/agreement.js')),
  migrate: entry('Copy a data directory into a PostgreSQL database, or back', () => import('./commands/migrate.js')),
  db: entry('Apply the schema migrations of a PostgreSQL database', () => import('./commands/db.js')),
};

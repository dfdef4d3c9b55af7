/**
 * `glossa start` (`pnpm start`): serves the seed corpus. On first start it
 * creates the data directory, imports the seed texts with their gold layer
 * (`seeds/gold.jsonl`) as project `seeds` with two recommenders, and
 * creates the server administrator `admin`, printing its password once (or
 * taking it from GLOSSA_ADMIN_PASSWORD). Later starts reuse the data.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GlossaServer } from '@glossa/server';
import { ALL_PROJECTS, MIN_PASSWORD_LENGTH, generatePassword, hashPassword, importFiles, isPostgresUrl } from '@glossa/store';
import { formatIssue } from '@glossa/formats';
import { CliError, type CliIO, type Command } from '../command.js';
import { parseFlags } from '../args.js';
import { SEEDS_DIR, SEED_GOLD_FILE, seedSchema } from '../seeds.js';
import { SERVE_OPTIONS_USAGE, createServer, serveFlags, serveUntilSignal, serverOptionsFrom } from './serve.js';

export { SEEDS_DIR } from '../seeds.js';

/** The project the seed corpus is imported as. */
export const SEEDS_PROJECT = 'seeds';

/** The administrator `glossa start` creates. */
export const ADMIN_USER = 'admin';

/** The recommenders of the demo project, so suggestions show out of the box: learned from the gold layer and whatever the team annotates. */
export const SEED_RECOMMENDERS = [
  { name: 'strings', kind: 'string-match' },
  { name: 'passages', kind: 'passage-classifier' },
] as const;

const usage = `Usage: glossa start [options]

Serves the seed corpus. The first start creates the data directory, imports
the seed texts with their gold layer (seeds/gold.jsonl) as project "${SEEDS_PROJECT}",
adds the recommenders ${SEED_RECOMMENDERS.map((r) => r.name).join(' and ')} (suggestions from the start), and creates the administrator "${ADMIN_USER}",
printing its password once (set GLOSSA_ADMIN_PASSWORD to choose it).
Later starts reuse the data directory and import nothing.

${SERVE_OPTIONS_USAGE}`;


/**
 * Imports the seed corpus with its gold layer: `seeds/gold.jsonl` holds
 * each seed text exactly as `seeds/*.txt` does, with its gold spans (see
 * `seeds/GUIDELINES.md`), so it is imported as `glossa import
 * seeds/gold.jsonl` would, with the seed schema; then adds the demo
 * recommenders.
 */
async function importSeeds(server: GlossaServer, io: CliIO): Promise<void> {
  const gold = { path: SEED_GOLD_FILE, bytes: await readFile(path.join(SEEDS_DIR, SEED_GOLD_FILE)) };
  const result = await importFiles(server.data, [{ format: 'jsonl', root: 'seeds', files: [gold] }], { project: SEEDS_PROJECT, schema: seedSchema() });
  if (!result.ok) throw new CliError(`glossa start: the seed corpus did not import:\n  ${result.errors.map(formatIssue).join('\n  ')}`);
  for (const { name, kind } of SEED_RECOMMENDERS) await server.data.recommenders.add({ project: SEEDS_PROJECT, name, kind, config: {} });
  await server.suggestions?.sync(SEEDS_PROJECT);
  io.stdout.write(`Imported ${result.value.documents.length} seed documents with their gold layer as project "${SEEDS_PROJECT}", with recommenders ${SEED_RECOMMENDERS.map((r) => r.name).join(' and ')}.\n`);
}

/** Creates the administrator when missing; resolves with the password to print, if one was generated or taken from the environment. */
async function ensureAdmin(server: GlossaServer, io: CliIO): Promise<string | undefined> {
  if (await server.users.hasUser(ADMIN_USER)) return undefined;
  const fromEnv = io.env.GLOSSA_ADMIN_PASSWORD;
  const password = fromEnv ?? generatePassword();
  await server.users.addUser(ADMIN_USER, await hashPassword(password));
  await server.users.setRole(ADMIN_USER, ALL_PROJECTS, 'admin');
  return fromEnv === undefined ? password : undefined;
}

/** The `glossa start` command. */
export const command: Command = {
  summary: 'Serve the seed corpus, creating the data directory on first start',
  usage,
  async run(argv: readonly string[], io: CliIO): Promise<number> {
    const { values } = parseFlags('start', argv, serveFlags);
    const fromEnv = io.env.GLOSSA_ADMIN_PASSWORD;
    if (fromEnv !== undefined && fromEnv.length < MIN_PASSWORD_LENGTH) throw new CliError(`glossa start: GLOSSA_ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters`);
    const server = await createServer('start', serverOptionsFrom('start', values, io));
    let generated: string | undefined;
    let created: boolean;
    try {
      created = !(await server.data.catalog.getProject(SEEDS_PROJECT));
      if (created) await importSeeds(server, io);
      generated = await ensureAdmin(server, io);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return serveUntilSignal('start', server, io, (url) => {
      const lines = [`Glossa is serving at ${url}/ (data: ${server.data.location})`];
      if (generated !== undefined) lines.push(`Sign in as "${ADMIN_USER}" with password ${generated} (shown once; it is stored hashed).`);
      else lines.push(`Sign in as "${ADMIN_USER}" with ${io.env.GLOSSA_ADMIN_PASSWORD !== undefined && created ? 'the password in GLOSSA_ADMIN_PASSWORD' : 'the password printed on first start'}.`);
      lines.push(`Scripts: glossa token create ${ADMIN_USER} ${isPostgresUrl(server.data.location) ? '--database' : '--data'} ${server.data.location}`);
      io.stdout.write(lines.join('\n') + '\n');
    });
  },
};

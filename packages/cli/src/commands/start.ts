/**
 * `glossa start` (`pnpm start`): serves the seed corpus. On first start it
 * creates the data directory, imports `seeds/*.txt` as project `seeds` and
 * creates the server administrator `admin`, printing its password once (or
 * taking it from GLOSSA_ADMIN_PASSWORD). Later starts reuse the data.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_PROJECTS, MIN_PASSWORD_LENGTH, generatePassword, hashPasswordSync, importDocuments, type GlossaServer } from '@glossa/server';
import { formatIssue } from '@glossa/formats';
import { CliError, type CliIO, type Command } from '../command.js';
import { parseFlags } from '../args.js';
import { SERVE_OPTIONS_USAGE, createServer, serveFlags, serveUntilSignal, serverOptionsFrom } from './serve.js';

/** The seed corpus folder of the repository. */
export const SEEDS_DIR = fileURLToPath(new URL('../../../../seeds', import.meta.url));

/** The project the seed corpus is imported as. */
export const SEEDS_PROJECT = 'seeds';

/** The administrator `glossa start` creates. */
export const ADMIN_USER = 'admin';

const usage = `Usage: glossa start [options]

Serves the seed corpus. The first start creates the data directory, imports
seeds/*.txt as project "${SEEDS_PROJECT}" and creates the administrator "${ADMIN_USER}",
printing its password once (set GLOSSA_ADMIN_PASSWORD to choose it).
Later starts reuse the data directory and import nothing.

${SERVE_OPTIONS_USAGE}`;

async function importSeeds(server: GlossaServer, io: CliIO): Promise<void> {
  const files = (await readdir(SEEDS_DIR)).filter((f) => f.endsWith('.txt')).sort();
  const sources = await Promise.all(
    files.map(async (file) => ({ name: file, format: 'txt' as const, content: await readFile(path.join(SEEDS_DIR, file), 'utf8') })),
  );
  const result = await importDocuments(server.data, sources, { project: SEEDS_PROJECT });
  if (!result.ok) throw new CliError(`glossa start: the seed corpus did not import:\n  ${result.errors.map(formatIssue).join('\n  ')}`);
  io.stdout.write(`Imported ${result.value.documents.length} seed documents as project "${SEEDS_PROJECT}".\n`);
}

/** Creates the administrator when missing; returns the password to print, if one was generated or taken from the environment. */
function ensureAdmin(server: GlossaServer, io: CliIO): string | undefined {
  if (server.users.hasUser(ADMIN_USER)) return undefined;
  const fromEnv = io.env.GLOSSA_ADMIN_PASSWORD;
  const password = fromEnv ?? generatePassword();
  server.users.addUser(ADMIN_USER, hashPasswordSync(password));
  server.users.setRole(ADMIN_USER, ALL_PROJECTS, 'admin');
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
    const server = createServer('start', serverOptionsFrom('start', values, io));
    let generated: string | undefined;
    let created: boolean;
    try {
      created = !server.data.catalog.getProject(SEEDS_PROJECT);
      if (created) await importSeeds(server, io);
      generated = ensureAdmin(server, io);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return serveUntilSignal('start', server, io, (url) => {
      const lines = [`Glossa is serving at ${url}/ (data: ${server.data.dir})`];
      if (generated !== undefined) lines.push(`Sign in as "${ADMIN_USER}" with password ${generated} (shown once; it is stored hashed).`);
      else lines.push(`Sign in as "${ADMIN_USER}" with ${io.env.GLOSSA_ADMIN_PASSWORD !== undefined && created ? 'the password in GLOSSA_ADMIN_PASSWORD' : 'the password printed on first start'}.`);
      lines.push(`Scripts: glossa token create ${ADMIN_USER} --data ${server.data.dir}`);
      io.stdout.write(lines.join('\n') + '\n');
    });
  },
};

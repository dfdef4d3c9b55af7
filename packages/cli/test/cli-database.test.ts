/**
 * Every command that works on stored data does the same on a data directory
 * (`--data`) and on a PostgreSQL database (`--database`, or
 * `GLOSSA_DATABASE_URL`): the same import, listing, users, tokens, export
 * and agreement, byte for byte where the output does not name the location.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openData } from '@glossa/store';
import { BACKENDS, type BackendLocation } from '../../store/test/support/backends.js';
import { createTestDatabase } from '../../store/test/support/services.js';
import { importCorpusFixture, runGlossa, type Run } from './support/run-cli.js';

interface Session {
  readonly at: BackendLocation;
  readonly cwd: string;
  readonly flag: readonly string[];
  readonly outputs: Map<string, string>;
}

const sessions = new Map<string, Session>();

function stdin(text: string): PassThrough {
  const stream = new PassThrough();
  stream.end(text);
  return stream;
}

/** What each step printed (or wrote), by step, per backend; compared across backends at the end. */
async function step(session: Session, name: string, run: Promise<Run>, keep: (run: Run) => string = (r) => r.stdout.replace(/"created": \d+/g, '"created": TIME')): Promise<Run> {
  const result = await run;
  expect(result.stderr.replace(/^jsonl: .*, nothing lost\n$/, '')).toBe('');
  expect(result.code).toBe(0);
  session.outputs.set(name, keep(result));
  return result;
}

describe.each(BACKENDS.map((backend) => [backend.name, backend] as const))('the CLI on the %s backend', (name, backend) => {
  let session: Session;

  beforeAll(async () => {
    const at = await backend.create();
    const cwd = mkdtempSync(path.join(tmpdir(), 'glossa-cli-database-'));
    session = { at, cwd, flag: backend.name === 'postgres' ? ['--database', at.location] : ['--data', at.location], outputs: new Map() };
    sessions.set(name, session);
  });

  afterAll(async () => {
    await session.at.cleanup();
    rmSync(session.cwd, { recursive: true, force: true });
  });

  it('imports, lists, adds users and tokens, exports and measures agreement', async () => {
    const { cwd, flag } = session;
    await step(session, 'import', importCorpusFixture(cwd, ...flag));
    await step(session, 'list', runGlossa(cwd, ['list', '--json', ...flag]));
    await step(session, 'list project', runGlossa(cwd, ['list', '--project', 'policy', '--json', ...flag]));
    await step(session, 'user add', runGlossa(cwd, ['user', 'add', 'ana', '--role', 'annotator', '--project', 'policy', '--password-stdin', ...flag], {}, stdin('a long enough password\n')));
    await step(session, 'user list', runGlossa(cwd, ['user', 'list', ...flag]), (r) => r.stdout.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME'));
    const token = await step(session, 'token create', runGlossa(cwd, ['token', 'create', 'ana', ...flag]), () => 'a token');
    expect(token.stdout).toMatch(/glossa_/);
    const listed = await runGlossa(cwd, ['token', 'list', ...flag]);
    expect(listed.stdout).toContain('ana');
    await step(session, 'export', runGlossa(cwd, ['export', '--project', 'policy', '--format', 'jsonl', '--out', 'out.jsonl', ...flag]), () => readFileSync(path.join(cwd, 'out.jsonl'), 'utf8'));
    await step(session, 'agreement', runGlossa(cwd, ['agreement', '--project', 'policy', '--json', ...flag]));
  });

  it.runIf(backend.name === 'postgres')('takes the database from GLOSSA_DATABASE_URL, and refuses --data with --database', async () => {
    const run = await runGlossa(session.cwd, ['list', '--json'], { GLOSSA_DATABASE_URL: session.at.location });
    expect(run.code).toBe(0);
    expect(run.stdout.replace(/"created": \d+/g, '"created": TIME')).toBe(session.outputs.get('list'));
    const both = await runGlossa(session.cwd, ['list', '--data', 'x', '--database', session.at.location]);
    expect(both.code).not.toBe(0);
    expect(both.stderr).toMatch(/give --data or --database, not both/);
    const notUrl = await runGlossa(session.cwd, ['list', '--database', 'db.example']);
    expect(notUrl.stderr).toMatch(/--database must be a postgres:\/\/ URL, got "db.example"/);
  });
});

describe('the CLI on both backends', () => {
  it.runIf(BACKENDS.length === 2)('prints and writes the same', () => {
    const [sqlite, postgres] = [sessions.get('sqlite')!, sessions.get('postgres')!];
    expect([...postgres.outputs.keys()]).toEqual([...sqlite.outputs.keys()]);
    for (const [step, output] of sqlite.outputs) expect({ step, output: postgres.outputs.get(step) }).toEqual({ step, output });
  });
});

describe('glossa db migrate', () => {
  it('applies the migrations once and then says the schema is up to date', async () => {
    const database = await createTestDatabase();
    const cwd = mkdtempSync(path.join(tmpdir(), 'glossa-db-'));
    try {
      const first = await runGlossa(cwd, ['db', 'migrate', '--database', database.url]);
      expect(first.stderr).toBe('');
      expect(first.stdout).toMatch(/^applied migration 1: .+\n(applied migration \d+: .+\n)*The schema is at version \d+\.\n$/);
      const again = await runGlossa(cwd, ['db', 'migrate'], { GLOSSA_DATABASE_URL: database.url });
      expect(again.stdout).toMatch(/^The schema is up to date \(version \d+\)\.\n$/);
      const withoutDatabase = await runGlossa(cwd, ['db', 'migrate']);
      expect(withoutDatabase.code).not.toBe(0);
      expect(withoutDatabase.stderr).toMatch(/give --database URL/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      await database.drop();
    }
  });
});

describe('glossa migrate', () => {
  it('copies a data directory into a database and back, with identical exports, users and working tokens', async () => {
    const database = await createTestDatabase();
    const cwd = mkdtempSync(path.join(tmpdir(), 'glossa-migrate-'));
    const exportOf = async (flag: readonly string[], out: string): Promise<string> => {
      const run = await runGlossa(cwd, ['export', '--project', 'policy', '--format', 'jsonl', '--out', out, ...flag]);
      expect(run.code).toBe(0);
      return readFileSync(path.join(cwd, out), 'utf8');
    };
    try {
      expect((await importCorpusFixture(cwd, '--data', 'source')).code).toBe(0);
      expect((await runGlossa(cwd, ['user', 'add', 'ana', '--role', 'annotator', '--project', 'policy', '--password-stdin', '--data', 'source'], {}, stdin('a long enough password\n'))).code).toBe(0);
      const token = (await runGlossa(cwd, ['token', 'create', 'ana', '--data', 'source'])).stdout.match(/glossa_\S+/)?.[0];
      expect(token).toBeDefined();
      const original = await exportOf(['--data', 'source'], 'original.jsonl');

      const there = await runGlossa(cwd, ['migrate', '--from', 'source', '--to', database.url]);
      expect(there.stderr).toMatch(/^verify: \d+\/\d+$/m);
      expect(there.stdout).toMatch(/^Copied 1 projects, 4 documents, \d+ rooms \(each verified\), 1 users and 1 tokens from .* to postgres:\/\//);
      expect(there.code).toBe(0);
      expect(await exportOf(['--database', database.url], 'there.jsonl')).toBe(original);
      const data = await openData(database.url);
      try {
        expect((await data.tokens.verify(token!, (user) => data.users.hasUser(user))).ok).toBe(true);
        expect((await data.users.getUser('ana'))?.roles).toEqual({ policy: 'annotator' });
      } finally {
        await data.close();
      }

      const again = await runGlossa(cwd, ['migrate', '--from', 'source', '--to', database.url]);
      expect(again.code).not.toBe(0);
      expect(again.stderr).toMatch(/holds data already/);

      const back = await runGlossa(cwd, ['migrate', '--from', database.url, '--to', 'back']);
      expect(back.code).toBe(0);
      expect(await exportOf(['--data', 'back'], 'back.jsonl')).toBe(original);
      expect((await runGlossa(cwd, ['user', 'list', '--data', 'back'])).stdout).toBe((await runGlossa(cwd, ['user', 'list', '--data', 'source'])).stdout);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      await database.drop();
    }
  });
});

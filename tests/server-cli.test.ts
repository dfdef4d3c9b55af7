/**
 * The server's CLI commands: `glossa user`, `glossa token` (in-process) and
 * `glossa start` (a child process, first and second start).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GlossaServer } from '@glossa/server';
import * as Y from 'yjs';
import { layerRoom, readSuggestionEntries, suggestionRoom } from '@glossa/collab';
import { verifyPassword } from '@glossa/store';
import { createProject, runGlossa, type Run } from '../packages/cli/test/support/run-cli.js';
import { REPO_ROOT, spawnGlossa } from '../packages/cli/test/support/spawn-glossa.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'glossa-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function glossa(...argv: string[]): Promise<Run> {
  return runGlossa(REPO_ROOT, [...argv, '--data', dir]);
}

/** Creates projects with one document each in the data directory. */
async function projects(...ids: string[]): Promise<void> {
  for (const id of ids) await createProject(dir, id, '--data', dir);
}

describe('glossa user and token', () => {
  it('refuses a role in a project that does not exist, such as a file name an unquoted * became', async () => {
    await projects('policy');
    const run = await glossa('user', 'add', 'root', '--role', 'admin', '--project', 'README.md');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `glossa user add: project "README.md" does not exist (known: policy); import it first (glossa import FILE --project README.md), or write --project '*' in quotes for every project\n`,
    );
    expect((await glossa('user', 'list')).stdout).not.toMatch(/root/);
  });

  it('adds users with a generated or given password, lists and removes them', async () => {
    await projects('seeds', 'other');
    const added = await glossa('user', 'add', 'alice', '--role', 'annotator', '--project', 'seeds');
    expect(added.code).toBe(0);
    const password = /Password \(shown once\): (\S+)/.exec(added.stdout)?.[1];
    expect(password).toBeDefined();
    expect((await glossa('user', 'add', 'bob', '--role', 'admin', '--project', '*', '--password', 'bob-secret-pw')).stdout).not.toMatch(/Password/);
    expect((await glossa('user', 'add', 'alice', '--role', 'viewer', '--project', 'other')).code).toBe(0);
    expect((await glossa('user', 'list')).stdout).toBe('alice\tviewer@other, annotator@seeds\nbob\tadmin@*\n');

    const server = new GlossaServer({ dataDir: dir, port: 0 });
    try {
      expect(await verifyPassword(password as string, await server.users.passwordHash('alice') as string)).toBe(true);
      expect(await verifyPassword('bob-secret-pw', await server.users.passwordHash('bob') as string)).toBe(true);
    } finally {
      await server.stop();
    }
    expect((await glossa('user', 'remove', 'alice')).code).toBe(0);
    expect((await glossa('user', 'list')).stdout).toBe('bob\tadmin@*\n');
  });

  it('creates a token printed on the last line, which verifies until revoked', async () => {
    await projects('p');
    await glossa('user', 'add', 'alice', '--role', 'annotator', '--project', 'p', '--password', 'alice-secret');
    const created = await glossa('token', 'create', 'alice', '--expires', '30d');
    expect(created.code).toBe(0);
    const lines = created.stdout.trim().split('\n');
    const token = lines.at(-1) as string;
    const id = /Token (\S+) for alice/.exec(created.stdout)?.[1] as string;
    expect((await stat(path.join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);
    const server = new GlossaServer({ dataDir: dir, port: 0 });
    try {
      const verified = await server.tokens.verify(token, () => true);
      expect(verified.ok && verified.value.user).toBe('alice');
      expect(verified.ok && (verified.value.expires ?? 0) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    } finally {
      await server.stop();
    }
    expect((await glossa('token', 'revoke', id)).code).toBe(0);
    expect((await glossa('token', 'list')).stdout).toMatch(new RegExp(`${id}\\talice\\t.*revoked`));
  });

  it.each([
    [['user', 'add', 'x', '--role', 'boss', '--project', 'p'], 2, /--role must be one of/],
    [['user', 'add', 'gold', '--role', 'viewer', '--project', 'p'], 2, /reserved/],
    [['user', 'add', 'x', '--project', 'p'], 2, /--role is required/],
    [['user', 'add', 'x', '--role', 'viewer', '--project', 'p', '--password', 'short'], 2, /at least 8/],
    [['user', 'frobnicate'], 2, /expected add, list or remove/],
    [['user', 'remove'], 2, /expected a user NAME/],
    [['token', 'create'], 2, /expected a user NAME/],
    [['token', 'create', 'x', '--expires', 'soon'], 2, /duration/],
    [['token', 'frobnicate'], 2, /expected create, revoke or list, got "frobnicate"/],
    [['token', 'revoke'], 2, /expected a token ID/],
    [['token', 'revoke', 'id', '--expires', '1d'], 2, /--expires only applies to create/],
    [['token', 'list', 'alice', 'bob'], 2, /unexpected argument "bob"/],
    [['token', 'create', 'x', '--role', 'admin'], 2, /glossa token: Unknown option '--role'/],
    [['user', 'list', 'alice'], 2, /unexpected argument "alice"/],
    [['user', 'remove', 'alice', '--role', 'admin'], 2, /glossa user remove: --role only applies to add/],
    [['user', 'add', 'x', '--role', 'viewer'], 2, /--project is required/],
    [['user', 'remove', 'alice'], 1, /no Glossa data directory at .*; give --data or run glossa start first/],
    [['user', 'list'], 1, /no Glossa data directory at .*; give --data or run glossa start first/],
    [['token', 'list'], 1, /no Glossa data directory at .*; give --data or run glossa start first/],
    [['serve', '--port', 'eighty'], 2, /glossa serve: --port must be an integer 0–65535, got "eighty"/],
    [['start', '--port', '70000'], 2, /glossa start: --port must be an integer 0–65535, got "70000"/],
    [['serve', '--fsync=always'], 2, /glossa serve: .*--fsync.* does not take an argument/],
    [['serve', '--allow-origin', 'example.org'], 1, /glossa serve: GlossaServer option allowedOrigins: "example.org" is not a URL origin/],
  ])('refuses %j', async (argv, code, message) => {
    const result = await glossa(...argv);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(await stat(path.join(dir, 'glossa.db')).then(() => true, () => false)).toBe(false);
  });

  it('refuses a GLOSSA_ADMIN_PASSWORD shorter than 8 characters before creating anything', async () => {
    const result = await runGlossa(REPO_ROOT, ['start', '--port', '0', '--data', dir], { GLOSSA_ADMIN_PASSWORD: 'short' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/GLOSSA_ADMIN_PASSWORD must be at least 8 characters/);
    expect(await stat(path.join(dir, 'glossa.db')).then(() => true, () => false)).toBe(false);
  });

  it('refuses to remove or make tokens for unknown users', async () => {
    await projects('p');
    await glossa('user', 'add', 'alice', '--role', 'viewer', '--project', 'p', '--password', 'alice-secret');
    expect((await glossa('user', 'remove', 'ghost')).stderr).toMatch(/unknown user "ghost"/);
    expect((await glossa('token', 'create', 'ghost')).stderr).toMatch(/unknown user "ghost"/);
    expect((await glossa('token', 'revoke', 'nope')).stderr).toMatch(/unknown token "nope"/);
  });
});

/** Runs `glossa start --port 0`, waits for its banner, stops it with SIGTERM and returns its output. */
function startOnce(env: Record<string, string> = {}): Promise<{ stdout: string; code: number | null }> {
  const child = spawnGlossa(['start', '--port', '0', '--data', dir], env);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (/Scripts: /.test(stdout)) child.kill('SIGTERM');
    });
    child.once('exit', (code) => (/Scripts: /.test(stdout) ? resolve({ stdout, code }) : reject(new Error(`start failed (${code}):\n${stderr}`))));
  });
}

describe('glossa start', () => {
  it('imports the seeds and creates the admin on first start only', async () => {
    const first = await startOnce();
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Imported 5 seed documents with their gold layer as project "seeds", with recommenders strings and passages\./);
    expect(first.stdout).toMatch(/serving at http:\/\/127\.0\.0\.1:\d+\//);
    const password = /Sign in as "admin" with password (\S+)/.exec(first.stdout)?.[1] as string;
    expect(password).toBeDefined();

    const second = await startOnce();
    expect(second.code).toBe(0);
    expect(second.stdout).not.toMatch(/Imported/);
    expect(second.stdout).not.toContain(password);
    expect(second.stdout).toMatch(/password printed on first start/);

    const server = new GlossaServer({ dataDir: dir, port: 0 });
    try {
      expect(await server.data.catalog.listDocuments('seeds')).toHaveLength(5);
      expect((await server.users.getUser('admin'))?.roles).toEqual({ '*': 'admin' });
      expect(await verifyPassword(password, await server.users.passwordHash('admin') as string)).toBe(true);
      expect((await server.data.recommenders.list('seeds')).map((r) => [r.name, r.kind])).toEqual([
        ['passages', 'passage-classifier'],
        ['strings', 'string-match'],
      ]);
      expect(await server.data.updates.load(layerRoom('seeds', '002_b9dd55d4eb8bd278', 'gold'))).not.toBeNull();
    } finally {
      await server.stop();
    }
  });

  it('shows suggestions on the seed project out of the box, learned from its gold layer', async () => {
    expect((await startOnce()).code).toBe(0);
    const server = new GlossaServer({ dataDir: dir, port: 0 });
    try {
      await server.start();
      await server.suggestions?.idle();
      const doc = new Y.Doc();
      const state = await server.data.updates.load(suggestionRoom('seeds', '002_b9dd55d4eb8bd278', 'shared'));
      if (state !== null) Y.applyUpdate(doc, state);
      const recommenders = new Set(readSuggestionEntries(doc).entries.map((e) => e.recommender));
      expect([...recommenders].sort()).toEqual(['passages', 'strings']);
    } finally {
      await server.stop();
    }
  });

  it('takes the admin password from GLOSSA_ADMIN_PASSWORD', async () => {
    const run = await startOnce({ GLOSSA_ADMIN_PASSWORD: 'chosen-admin-pw' });
    expect(run.stdout).not.toContain('chosen-admin-pw');
    const server = new GlossaServer({ dataDir: dir, port: 0 });
    try {
      expect(await verifyPassword('chosen-admin-pw', await server.users.passwordHash('admin') as string)).toBe(true);
    } finally {
      await server.stop();
    }
  });
});

/**
 * Where `glossa user add` takes a password from, in order: `--password`
 * (warned about, since the process list shows it), the first line of
 * standard input with `--password-stdin`, `GLOSSA_PASSWORD`, else a
 * generated one printed once. The command runs in-process with an in-memory
 * standard input and environment; one test runs the real process with a
 * pipe that stays open. Bad input is refused with a clear message before
 * anything is created on disk.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDataDir, verifyPassword } from '@glossa/store';
import { createProject, runGlossa, type Run } from './support/run-cli.js';
import { REPO_ROOT } from './support/spawn-glossa.js';

let cwd: string;
let dataDir: string;

beforeEach(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'glossa-user-password-'));
  dataDir = path.join(cwd, '.glossa');
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** Standard input for a run: text written and ended, a terminal that never sends anything, or a given stream. */
type Input = string | 'terminal' | Readable;

interface RunWithInput extends Run {
  readonly stdin: Readable;
}

function inputStream(input: Input): Readable {
  if (input instanceof Readable) return input;
  if (input === 'terminal') return Object.assign(new PassThrough(), { isTTY: true });
  const stream = new PassThrough();
  stream.end(input);
  return stream;
}

/** Runs `glossa argv…` in `cwd` with `input` as standard input and `env` as the whole environment. */
async function glossa(argv: readonly string[], { input = '', env = {} }: { input?: Input; env?: Record<string, string> } = {}): Promise<RunWithInput> {
  const stdin = inputStream(input);
  return { ...(await runGlossa(cwd, argv, env, stdin)), stdin };
}

const addAlice = ['user', 'add', 'alice', '--role', 'annotator', '--project', '*'];

/** Whether `password` is the stored password of `name`. */
async function hasPassword(name: string, password: string): Promise<boolean> {
  const data = openDataDir(dataDir, { create: false });
  try {
    const hash = await data.users.passwordHash(name);
    if (hash === undefined) throw new Error(`no user ${name}`);
    return await verifyPassword(password, hash);
  } finally {
    await data.close();
  }
}

const PROCESS_LIST_WARNING = /glossa user add: warning: --password is visible to every user of this machine in the process list; use --password-stdin or GLOSSA_PASSWORD instead/;

describe('glossa user add: where the password comes from', () => {
  it.each([
    ['--password over everything else', ['--password', 'from-the-flag'], 'from-stdin-pw\n', { GLOSSA_PASSWORD: 'from-the-env' }, 'from-the-flag'],
    ['--password over GLOSSA_PASSWORD', ['--password', 'from-the-flag'], '', { GLOSSA_PASSWORD: 'from-the-env' }, 'from-the-flag'],
    ['--password-stdin over GLOSSA_PASSWORD', ['--password-stdin'], 'from-stdin-pw\n', { GLOSSA_PASSWORD: 'from-the-env' }, 'from-stdin-pw'],
    ['GLOSSA_PASSWORD when no flag gives one', [], 'not-read-at-all\n', { GLOSSA_PASSWORD: 'from-the-env' }, 'from-the-env'],
  ])('takes %s, and prints no password', async (_what, flags, input, env, expected) => {
    const run = await glossa([...addAlice, ...flags], { input, env });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Added user alice, annotator of every project.\n');
    expect(await hasPassword('alice', expected)).toBe(true);
    for (const other of ['from-the-flag', 'from-stdin-pw', 'from-the-env'].filter((p) => p !== expected)) {
      expect(await hasPassword('alice', other)).toBe(false);
    }
  });

  it('warns on standard error that --password shows in the process list, naming the alternatives', async () => {
    const run = await glossa([...addAlice, '--password', 'from-the-flag']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(PROCESS_LIST_WARNING);
    expect(run.stdout).not.toContain('from-the-flag');
  });

  it.each([
    ['--password-stdin', ['--password-stdin'], {}],
    ['GLOSSA_PASSWORD', [], { GLOSSA_PASSWORD: 'from-the-env' }],
  ])('does not warn for %s', async (_what, flags, env) => {
    const run = await glossa([...addAlice, ...flags], { input: 'from-stdin-pw\n', env });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('generates a password and prints it once when none is given, without reading standard input', async () => {
    const stdin = new PassThrough();
    stdin.write('never-read-pw\n');
    const run = await glossa(addAlice, { input: stdin });
    expect(run.code).toBe(0);
    const password = /^Password \(shown once\): (\S+)$/m.exec(run.stdout)?.[1] as string;
    expect(password).toBeDefined();
    expect(await hasPassword('alice', password)).toBe(true);
    expect(stdin.read()?.toString()).toBe('never-read-pw\n');
  });

  it('sets a new password for an existing user and says where it came from', async () => {
    expect((await glossa(addAlice, { env: { GLOSSA_PASSWORD: 'first-password' } })).code).toBe(0);
    await createProject(cwd, 'other');
    const run = await glossa(['user', 'add', 'alice', '--role', 'viewer', '--project', 'other', '--password-stdin'], { input: 'second-password\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('User alice is now viewer of project other.\nSet a new password for alice (from --password-stdin).\n');
    expect(await hasPassword('alice', 'second-password')).toBe(true);
    expect(await hasPassword('alice', 'first-password')).toBe(false);
  });

  it('keeps the password of an existing user when none is given', async () => {
    expect((await glossa(addAlice, { env: { GLOSSA_PASSWORD: 'first-password' } })).code).toBe(0);
    await createProject(cwd, 'other');
    const run = await glossa(['user', 'add', 'alice', '--role', 'viewer', '--project', 'other']);
    expect(run.stdout).toBe('User alice is now viewer of project other.\n');
    expect(await hasPassword('alice', 'first-password')).toBe(true);
  });
});

describe('glossa user add --password-stdin: reading the first line', () => {
  it.each([
    ['a line ending in a newline', 'line-password\n', 'line-password'],
    ['a line ending in CRLF', 'line-password\r\n', 'line-password'],
    ['only the first of several lines', 'line-password\nsecond line\nthird\n', 'line-password'],
    ['input without a final newline', 'line-password', 'line-password'],
    ['spaces and non-ASCII characters kept as typed', ' pässwörd 😀 \n', ' pässwörd 😀 '],
  ])('reads %s', async (_what, input, expected) => {
    const run = await glossa([...addAlice, '--password-stdin'], { input });
    expect(run.code).toBe(0);
    expect(await hasPassword('alice', expected)).toBe(true);
  });

  it('joins a line that arrives in several chunks', async () => {
    const stdin = new PassThrough();
    const running = glossa([...addAlice, '--password-stdin'], { input: stdin });
    for (const chunk of ['chun', 'ked-pa', Buffer.from('ssword\nrest')]) stdin.write(chunk);
    expect((await running).code).toBe(0);
    expect(await hasPassword('alice', 'chunked-password')).toBe(true);
  });

  it('stops at the first newline without waiting for the input to end, and closes it', async () => {
    const stdin = new PassThrough();
    stdin.write('open-pipe-password\n');
    const run = await glossa([...addAlice, '--password-stdin'], { input: stdin });
    expect(run.code).toBe(0);
    expect(stdin.destroyed).toBe(true);
    expect(await hasPassword('alice', 'open-pipe-password')).toBe(true);
  });

  it('reads the process standard input of the real command, exiting while the pipe stays open', async () => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'packages/cli/src/bin.ts', ...addAlice, '--password-stdin', '--data', dataDir], {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, INIT_CWD: REPO_ROOT, GLOSSA_PASSWORD: 'from-the-env' },
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.resume();
    child.stdin.on('error', () => undefined);
    child.stdin.write('piped-password\n');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdin.destroy();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(await hasPassword('alice', 'piped-password')).toBe(true);
  });
});

/** A standard input that fails when read. */
function failingInput(): Readable {
  return new Readable({
    read() {
      this.destroy(new Error('EIO: i/o error, read'));
    },
  });
}

describe('glossa user add: bad password input', () => {
  it.each<[string, string[], Input, Record<string, string>, number, RegExp]>([
    ['both flags', ['--password', 'from-the-flag', '--password-stdin'], 'from-stdin-pw\n', {}, 2, /^glossa user add: give either --password or --password-stdin, not both\n/],
    ['a terminal as standard input', ['--password-stdin'], 'terminal', {}, 1, /^glossa user add: --password-stdin does not read from a terminal; pipe the password in \(printf '%s\\n' "\$PW" \| glossa user add …\) or set GLOSSA_PASSWORD\n$/],
    ['empty standard input', ['--password-stdin'], '', {}, 1, /^glossa user add: --password-stdin found standard input empty; pipe the password in .* or set GLOSSA_PASSWORD\n$/],
    ['an empty first line', ['--password-stdin'], '\nlong-enough-password\n', {}, 2, /^glossa user add: the password read by --password-stdin must be at least 8 characters\n/],
    ['a short line on standard input', ['--password-stdin'], 'short\n', {}, 2, /^glossa user add: the password read by --password-stdin must be at least 8 characters\n/],
    ['a first line over 4096 bytes', ['--password-stdin'], `${'x'.repeat(5000)}\n`, {}, 1, /^glossa user add: --password-stdin found a first line longer than 4096 bytes; it expects the password alone on the first line\n$/],
    ['a failing standard input', ['--password-stdin'], failingInput(), {}, 1, /^glossa user add: --password-stdin could not read standard input: EIO: i\/o error, read\n$/],
    ['a short --password', ['--password', 'short'], '', {}, 2, /^glossa user add: --password must be at least 8 characters\n/],
    ['a short GLOSSA_PASSWORD', [], '', { GLOSSA_PASSWORD: 'short' }, 2, /^glossa user add: GLOSSA_PASSWORD must be at least 8 characters\n/],
    ['an empty GLOSSA_PASSWORD', [], '', { GLOSSA_PASSWORD: '' }, 2, /^glossa user add: GLOSSA_PASSWORD must be at least 8 characters\n/],
    ['a value given to --password-stdin', ['--password-stdin=secret-pw'], '', {}, 2, /^glossa user: Option '--password-stdin' does not take an argument/],
  ])('refuses %s, creating nothing', async (_what, flags, input, env, code, message) => {
    const run = await glossa([...addAlice, ...flags], { input, env });
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('refuses a terminal without waiting for it', async () => {
    const run = await glossa([...addAlice, '--password-stdin'], { input: 'terminal' });
    expect(run.code).toBe(1);
    expect(run.stdin.destroyed).toBe(false);
  });

  it.each([['list'], ['remove', 'alice']])('refuses --password-stdin with user %s', async (...action) => {
    const run = await glossa(['user', ...action, '--password-stdin'], { input: 'some-password\n' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^glossa user (list|remove): --password-stdin only applies to add\n/);
  });
});

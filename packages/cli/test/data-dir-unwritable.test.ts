/**
 * A data directory that cannot be written (a read-only folder or file
 * system) stops `glossa serve` with a message naming the directory and the
 * reason, exit code 1, no stack trace. Permissions do not bind root, so as
 * root the read-only place is a read-only tmpfs mount; where neither works
 * the tests are skipped and say why.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runGlossa } from './support/run-cli.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const asRoot = process.getuid?.() === 0;

/** Makes `dir` (and what it holds) read-only for this process; false when this machine cannot. */
function makeReadOnly(dir: string): boolean {
  if (!asRoot) {
    for (const name of readdirSync(dir)) chmodSync(path.join(dir, name), 0o444);
    chmodSync(dir, 0o555);
    cleanups.push(() => chmodSync(dir, 0o755));
    return true;
  }
  // Root ignores permissions: bind the folder onto itself and make the bind read-only.
  if (spawnSync('mount', ['--bind', dir, dir]).status !== 0) return false;
  cleanups.push(() => void spawnSync('umount', [dir]));
  return spawnSync('mount', ['-o', 'remount,bind,ro', dir]).status === 0;
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'glossa-unwritable-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const probe = tempDir();
const canMakeReadOnly = makeReadOnly(probe);
for (const cleanup of cleanups.splice(0).reverse()) cleanup();

describe.skipIf(!canMakeReadOnly)('glossa serve on a data directory it cannot write', () => {
  it.each([
    ['an empty read-only folder', (ro: string) => ro],
    ['a folder to create inside a read-only one', (ro: string) => path.join(ro, 'data')],
  ])('refuses %s with a message naming it, without a stack trace', async (_what, dataDirIn) => {
    const cwd = tempDir();
    const ro = path.join(cwd, 'ro');
    mkdirSync(ro);
    expect(makeReadOnly(ro)).toBe(true);
    const data = dataDirIn(ro);
    const run = await runGlossa(cwd, ['serve', '--port', '0', '--data', data]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^glossa serve: data directory ${data.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be opened for writing \\((E[A-Z]+|SQLITE_[A-Z_]+): .+\\); expected a folder this process may create and write files in`));
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses an existing data directory made read-only', async () => {
    const cwd = tempDir();
    const data = path.join(cwd, 'data');
    const added = await runGlossa(cwd, ['user', 'add', 'root', '--role', 'admin', '--project', '*', '--password', 'a long passphrase', '--data', data]);
    expect(added.code).toBe(0);
    expect(makeReadOnly(data)).toBe(true);
    const run = await runGlossa(cwd, ['serve', '--port', '0', '--data', data]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^glossa serve: data directory .* cannot be opened for writing \(SQLITE_[A-Z_]+: /);
  });
});

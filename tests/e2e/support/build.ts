/**
 * Builds the workbench (apps/workbench/dist) when it is missing or older
 * than its sources or the packages it bundles. Test files run in parallel,
 * so a lock directory makes one of them build while the others wait for it.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, watch } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The workbench's folder. */
export const WORKBENCH_DIR = path.join(REPO_ROOT, 'apps/workbench');

/** The built workbench, served by the server at `/`. */
export const WORKBENCH_DIST = path.join(WORKBENCH_DIR, 'dist');

const SOURCES = [
  'apps/workbench/src',
  'apps/workbench/index.html',
  'apps/workbench/vite.config.ts',
  'apps/workbench/public',
  'packages/core/src',
  'packages/collab/src',
  'packages/prosemirror/src',
].map((p) => path.join(REPO_ROOT, p));

const LOCK = path.join(WORKBENCH_DIR, '.build-lock');

function newestModification(target: string): number {
  if (!existsSync(target)) return 0;
  const info = statSync(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestModification(path.join(target, entry)));
  return newest;
}

/** Whether dist/index.html exists and is newer than every source file. */
export function isBuildFresh(): boolean {
  const index = path.join(WORKBENCH_DIST, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return SOURCES.every((source) => newestModification(source) <= built);
}

/** Resolves when the lock directory is gone. */
function lockReleased(): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(WORKBENCH_DIR, () => {
      if (!existsSync(LOCK)) {
        watcher.close();
        resolve();
      }
    });
    if (!existsSync(LOCK)) {
      watcher.close();
      resolve();
    }
  });
}

function tryLock(): boolean {
  try {
    mkdirSync(LOCK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds into a fresh folder beside `dist` and swaps it in, so that a server
 * of another test file never serves a half-written build.
 */
async function buildInto(target: string): Promise<void> {
  const fresh = `${target}.building-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  const vite = path.join(WORKBENCH_DIR, 'node_modules/vite/bin/vite.js');
  try {
    await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'error', '--outDir', fresh, '--emptyOutDir'], {
      cwd: WORKBENCH_DIR,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    rmSync(fresh, { recursive: true, force: true });
    throw error;
  }
  if (existsSync(target)) renameSync(target, old);
  renameSync(fresh, target);
  rmSync(old, { recursive: true, force: true });
}

/** A lock older than this is left over from a killed run and is taken over. */
const STALE_LOCK_MS = 5 * 60_000;

function lockIsStale(): boolean {
  try {
    return Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS;
  } catch {
    return false;
  }
}

/** Builds the workbench unless the build is fresh; safe to call from parallel test files. */
export async function ensureWorkbenchBuilt(): Promise<void> {
  if (isBuildFresh()) return;
  while (!tryLock()) {
    if (lockIsStale()) rmSync(LOCK, { recursive: true, force: true });
    else await lockReleased();
    if (isBuildFresh()) return;
  }
  try {
    if (!isBuildFresh()) await buildInto(WORKBENCH_DIST);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

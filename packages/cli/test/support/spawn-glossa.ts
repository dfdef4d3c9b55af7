/**
 * Running `glossa` as a real process, as `pnpm glossa` does: Node with the
 * `source` condition and tsx on the TypeScript sources, from the repository
 * root, standard output and error piped.
 */
import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** The repository root, where `glossa` processes run. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Spawns `glossa argv…` with `env` added to this process's environment. */
export function spawnGlossa(argv: readonly string[], env: Readonly<Record<string, string>> = {}): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'packages/cli/src/bin.ts', ...argv], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, INIT_CWD: REPO_ROOT, ...env },
  });
}

/** A `glossa serve` process and the moment it listens. */
export interface ServeProcess {
  readonly child: ChildProcess;
  /** Resolves with the sync URL (`ws://HOST:PORT/sync`) once it listens; rejects with its standard error when it exits first. */
  readonly listening: Promise<string>;
}

/** Spawns `glossa serve --port 0 --data dir` (`--database url` for a database URL), with `extra` flags after. */
export function spawnServe(dir: string, extra: readonly string[] = []): ServeProcess {
  const child = spawnGlossa(['serve', '--port', '0', /^postgres(ql)?:\/\//.test(dir) ? '--database' : '--data', dir, ...extra]);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /serving at http:\/\/([\d.]+:\d+)\//.exec(stdout);
      if (match) resolve(`ws://${match[1]}/sync`);
    });
    child.once('exit', (code) => reject(new Error(`glossa serve exited (${code}) before listening:\n${stderr}`)));
  });
  return { child, listening };
}

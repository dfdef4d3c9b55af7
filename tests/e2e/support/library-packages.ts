/**
 * The publishable packages of the workspace (those whose package.json says
 * `"private": false`): building them with `pnpm build:packages` and packing
 * each with `pnpm pack`, as publishing would.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './build.js';

/** A publishable package: its name, version and folder. */
export interface LibraryPackage {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
}

/** What a finished command printed. */
export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to completion.
 * @throws Error naming the command, its folder and its output when it fails.
 */
export async function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<CommandOutput> {
  try {
    return await promisify(execFile)(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const failed = error as Error & Partial<CommandOutput>;
    throw new Error(`${[command, ...args].join(' ')} (in ${cwd}) failed: ${failed.message}\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`);
  }
}

/**
 * The pnpm running this test (`npm_execpath` under `pnpm test`), or `pnpm`
 * on the PATH, as a command and its leading arguments.
 */
export function pnpmCommand(): { command: string; args: string[] } {
  const execPath = process.env['npm_execpath'];
  if (execPath !== undefined && /pnpm(\.c?js)?$/.test(path.basename(execPath))) {
    return /\.c?js$/.test(execPath) ? { command: process.execPath, args: [execPath] } : { command: execPath, args: [] };
  }
  return { command: 'pnpm', args: [] };
}

/** Runs `pnpm args…` in `cwd`. */
export function runPnpm(args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<CommandOutput> {
  const pnpm = pnpmCommand();
  return run(pnpm.command, [...pnpm.args, ...args], cwd, env);
}

/** The workspace packages whose package.json has `"private": false`, in folder order. */
export function libraryPackages(): LibraryPackage[] {
  const packagesDir = path.join(REPO_ROOT, 'packages');
  return readdirSync(packagesDir)
    .sort()
    .map((folder) => path.join(packagesDir, folder))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string; private?: boolean } }))
    .filter(({ manifest }) => manifest.private === false)
    .map(({ dir, manifest }) => ({ name: manifest.name, version: manifest.version, dir }));
}

/** Builds `dist` (JavaScript, declarations, source maps) of every publishable package; incremental, so an unchanged build costs a check. */
export async function buildLibraryPackages(): Promise<void> {
  await runPnpm(['run', 'build:packages'], REPO_ROOT);
}

/** Packs every publishable package into `destination` with `pnpm pack`; returns the tarballs' paths. */
export async function packLibraryPackages(destination: string): Promise<string[]> {
  const tarballs: string[] = [];
  for (const pkg of libraryPackages()) {
    const { stdout } = await runPnpm(['pack', '--pack-destination', destination], pkg.dir);
    const tarball = stdout.trim().split('\n').at(-1)?.trim() ?? '';
    if (!tarball.endsWith('.tgz')) throw new Error(`pnpm pack in ${pkg.dir} printed no tarball path:\n${stdout}`);
    tarballs.push(path.resolve(pkg.dir, tarball));
  }
  return tarballs;
}

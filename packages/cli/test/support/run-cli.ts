/**
 * Running `glossa` in-process against a temporary working directory, and
 * snapshots of what it may change: the data directory's rows and the files
 * under the working directory.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { openDataDir } from '@glossa/store';
import { storedRows } from '@glossa/store/testing';
import { runCli } from '../../src/main.js';
import type { CliIO } from '../../src/command.js';

/** What a run printed and its exit code. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `glossa argv…` with `cwd` as the working directory, `env` as the environment and `stdin` as standard input (none when absent). */
export async function runGlossa(cwd: string, argv: readonly string[], env: Readonly<Record<string, string>> = {}, stdin?: CliIO['stdin']): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const io: CliIO = { stdout, stderr, cwd, env, ...(stdin === undefined ? {} : { stdin }) };
  const code = await runCli(argv, io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** The native JSONL test corpus (see `fixtures/README.md`). */
export const CORPUS_FIXTURE = fileURLToPath(new URL('../fixtures/corpus.jsonl', import.meta.url));

/**
 * Copies the test corpus into `cwd` as `corpus.jsonl` and runs
 * `glossa import corpus.jsonl --project policy --mode independent`, with
 * `extraArgs` appended.
 */
export function importCorpusFixture(cwd: string, ...extraArgs: string[]): Promise<Run> {
  copyFileSync(CORPUS_FIXTURE, path.join(cwd, 'corpus.jsonl'));
  return runGlossa(cwd, ['import', 'corpus.jsonl', '--project', 'policy', '--mode', 'independent', ...extraArgs]);
}

/**
 * Creates project `project` by `glossa import`ing a one-line text file
 * written under `cwd`; `extraArgs` (`--data DIR`) are appended.
 */
export async function createProject(cwd: string, project: string, ...extraArgs: string[]): Promise<void> {
  const name = writeUnder(cwd, `${project}-first.txt`, 'The first document.');
  const run = await runGlossa(cwd, ['import', name, '--project', project, ...extraArgs]);
  if (run.code !== 0) throw new Error(`glossa import into ${project} failed: ${run.stderr}`);
}

/** Writes a file under `cwd`, creating its folders; returns the relative name. */
export function writeUnder(cwd: string, name: string, content: string | Uint8Array): string {
  const file = path.join(cwd, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return name;
}

/** Every stored row of a data directory, or null when it has no database. */
export function dumpDataDir(dir: string): unknown {
  if (!existsSync(path.join(dir, 'glossa.db'))) return null;
  const data = openDataDir(dir, { create: false });
  try {
    return storedRows(data);
  } finally {
    // Opened without background checkpoints, the embedded store closes before this returns.
    void data.close();
  }
}

/**
 * Every file under `dir` (relative, `/`-separated) with its bytes as hex,
 * skipping the data directory `.glossa` (compare it with `dumpDataDir`).
 */
export function treeOf(dir: string, skip: (rel: string) => boolean = (rel) => rel === '.glossa' || rel.startsWith('.glossa/')): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const child = rel === '' ? name : `${rel}/${name}`;
      if (skip(child)) continue;
      if (statSync(path.join(dir, child)).isDirectory()) {
        files[`${child}/`] = '';
        visit(child);
      } else files[child] = readFileSync(path.join(dir, child)).toString('hex');
    }
  };
  visit('');
  return files;
}

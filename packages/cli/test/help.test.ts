/**
 * `glossa --help` and `glossa <command> --help`: every command is listed
 * with its own summary, each usage text is printed on request, and every
 * flag a usage text names is one the command accepts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../src/registry.js';
import { runGlossa } from './support/run-cli.js';

let cwd: string;

beforeAll(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'glossa-help-'));
});

afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const names = Object.keys(commands);

/** The flags an `Options:` section of a usage text names (`  --flag …` at the start of a line). */
function documentedFlags(usage: string): string[] {
  return [...usage.matchAll(/^ {2}(--[a-z][a-z-]*)\b/gm)].map((m) => m[1] as string);
}

describe('glossa --help', () => {
  it('lists every command with the summary the command gives itself', async () => {
    const run = await runGlossa(cwd, ['--help']);
    expect(run.code).toBe(0);
    for (const name of names) {
      const command = await (commands[name] as (typeof commands)[string]).load();
      expect(run.stdout).toContain(`  ${name.padEnd(10)} ${command.summary}\n`);
    }
  });

  it('prints the same list without a command, as a usage error', async () => {
    const bare = await runGlossa(cwd, []);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe((await runGlossa(cwd, ['--help'])).stdout);
  });

  it('refuses an unknown command, naming the known ones', async () => {
    const run = await runGlossa(cwd, ['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`glossa: unknown command "frobnicate". Expected one of: ${names.join(', ')}\n`);
  });
});

describe.each(names)('glossa %s --help', (name) => {
  it('prints the usage text and exits 0, with -h too', async () => {
    const command = await (commands[name] as (typeof commands)[string]).load();
    for (const flag of ['--help', '-h']) {
      const run = await runGlossa(cwd, [name, flag]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${command.usage}\n`);
      expect(run.stdout).toMatch(new RegExp(`^Usage: glossa ${name}\\b`));
    }
  });

  it('names only flags the command accepts', async () => {
    const command = await (commands[name] as (typeof commands)[string]).load();
    const flags = documentedFlags(command.usage);
    // Every command works on stored data: a data directory, a database, or both.
    expect(flags.filter((flag) => flag === '--data' || flag === '--database' || flag === '--from')).not.toEqual([]);
    for (const flag of flags) {
      // A string flag without its value fails parsing; so does a known boolean flag, at the unknown flag after it (the command never runs). Neither is "Unknown option '<flag>'".
      const run = await runGlossa(cwd, [name, flag, '--not-a-flag']);
      expect(run.code).not.toBe(0);
      expect(run.stderr).not.toContain(`Unknown option '${flag}'`);
    }
  });
});

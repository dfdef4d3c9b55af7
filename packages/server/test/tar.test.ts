/**
 * The ustar writer, read back by the system's `tar` (an independent reader):
 * short, prefixed and PAX-named paths, empty and multi-block contents,
 * non-ASCII names; bad paths are refused.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TAR_END, tarEntry } from '../src/tar.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'glossa-tar-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const FILES: [string, string][] = [
  ['README.md', '# Dataset\n'],
  ['empty.txt', ''],
  ['train/doc-1.tsv', 'x'.repeat(1500)],
  [`${'d'.repeat(90)}/${'n'.repeat(90)}.ann`, 'prefix and name'],
  [`texts/${'z'.repeat(150)}.txt`, 'a path only PAX can hold'],
  ['texts/Medellín – ñandú 😀.txt', 'non-ASCII name'],
];

describe('tarEntry', () => {
  it('writes an archive the system tar lists and extracts byte for byte', async () => {
    const archive = Buffer.concat([...FILES.flatMap(([name, text]) => tarEntry(name, new TextEncoder().encode(text), 1_700_000_000_000)), TAR_END]);
    expect(archive.length % 512).toBe(0);
    const file = path.join(dir, 'out.tar');
    await writeFile(file, archive);
    const listed = execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toEqual(FILES.map(([name]) => name));
    const out = path.join(dir, 'x');
    execFileSync('mkdir', [out]);
    execFileSync('tar', ['-xf', file, '-C', out]);
    for (const [name, text] of FILES) expect(await readFile(path.join(out, name), 'utf8')).toBe(text);
  });

  it.each([
    ['an absolute path', '/etc/passwd'],
    ['a path with ..', 'a/../../b'],
    ['an empty path', ''],
  ])('refuses %s', (_what, name) => {
    expect(() => tarEntry(name, new Uint8Array(1))).toThrow(RangeError);
  });
});

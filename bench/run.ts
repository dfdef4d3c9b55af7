/**
 * `pnpm bench [suite…]`: runs the benchmark suites in bench/suites, prints
 * each figure beside its baseline and rewrites the results table in
 * bench/README.md (rows of suites not run are kept).
 */
import { readFile, writeFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onlyParts, tableRow, type BenchSuite } from './harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const START = '<!-- results:start -->';
const END = '<!-- results:end -->';


async function main(): Promise<void> {
  const args = process.argv.slice(2);
  // Suite names; the value of `--only` names parts of suites (see `part` in harness.ts).
  const wanted = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '--only');
  const partial = onlyParts(args).length > 0;
  const files = (await readdir(path.join(here, 'suites'))).filter((f) => f.endsWith('.bench.ts')).sort();
  const suites: BenchSuite[] = [];
  for (const file of files) {
    const mod = (await import(path.join(here, 'suites', file))) as { suite: BenchSuite };
    if (wanted.length === 0 || wanted.some((w) => mod.suite.name.includes(w))) suites.push(mod.suite);
  }
  const rows = new Map<string, string[]>();
  for (const suite of suites) {
    process.stderr.write(`bench: ${suite.name}…\n`);
    const results = await suite.run();
    rows.set(suite.name, results.map((r) => tableRow(suite.name, r)));
    for (const r of results) process.stdout.write(tableRow(suite.name, r) + '\n');
  }
  const readmePath = path.join(here, 'README.md');
  const readme = await readFile(readmePath, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < 0) throw new Error(`${readmePath}: missing ${START} / ${END} markers`);
  const existing = readme.slice(start + START.length, end).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| suite') );
  // A row is replaced by a new row of the same suite, figure and baseline; without --only a suite's old rows all go.
  const key = (line: string): string => line.split('|').slice(1, 3).concat((line.split('|')[4] ?? '').split(':')[0] ?? '').map((c) => c.trim()).join('|');
  const fresh = new Set([...rows.values()].flat().map(key));
  const kept = existing.filter((l) => (partial ? !fresh.has(key(l)) : !rows.has(l.split('|')[1]?.trim() ?? '')));
  const all = [...kept, ...[...rows.values()].flat()].sort((a, b) => (a.split('|')[1] ?? '').localeCompare(b.split('|')[1] ?? ''));
  const table = ['', '| suite | figure | value | baseline (same run) | better by | goal |', '|---|---|---|---|---|---|', ...all, ''].join('\n');
  await writeFile(readmePath, readme.slice(0, start + START.length) + table + readme.slice(end));
}

await main();

/**
 * Writing the browser figures into bench/README.md: a "Browser" section with
 * its own markers and the column layout of the main results table, rewritten
 * whole by each run.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { tableRow, type BenchResult } from '../harness.js';

/** A section of bench/README.md that a browser run rewrites: its markers and what it says above its table when first added. */
export interface BrowserSection {
  readonly start: string;
  readonly end: string;
  readonly intro: string;
}

/** The editor's section. */
export const EDITOR_SECTION: BrowserSection = {
  start: '<!-- browser-results:start -->',
  end: '<!-- browser-results:end -->',
  intro: `## Browser

\`pnpm bench:browser\` measures the annotation editor in Chromium
(bench/browser): a 1 MB text from the seed corpus with 10,000 seeded
annotations, each figure beside a bare ProseMirror editor (or the same
editor without annotations) holding the same text, measured in the same run
over repeated fresh page loads. "Paint" is the first frame after the last
DOM change. Keystrokes, annotations and remote changes are each measured
after a few unmeasured ones per page; a p95 is taken over the samples of
all loads pooled, and the median over loads of each load's p95 is shown
beside it. The table is rewritten by each run.
`,
};

/** The full app's section (`pnpm bench:browser app`). */
export const APP_SECTION: BrowserSection = {
  start: '<!-- browser-app-results:start -->',
  end: '<!-- browser-app-results:end -->',
  intro: `## Browser, the whole workbench

\`pnpm bench:browser app\` measures what a user waits for in the workbench
(bench/browser/full-app.ts): a real \`glossa serve\` on a SQLite data
directory holding the same 1 MB text and 10,000 annotations, a fresh
browser context per load that signs in through the login form and opens
the document, beside the bare ProseMirror page with the same text and the
annotations as plain decorations, loaded the same way, interleaved load by
load. Times run from the navigation's start (\`performance.now()\` in the
page) to the first frame that shows an annotation in view.
`,
};

/**
 * Prints the rows and replaces the Browser table of the README at
 * `readmePath` (adding the section at the end when it is missing), with
 * `machine` (what the run ran on, and how loaded it was) above the table.
 */
export async function writeBrowserTable(readmePath: string, suite: string, results: readonly BenchResult[], machine?: string, section: BrowserSection = EDITOR_SECTION): Promise<void> {
  const { start: startMarker, end: endMarker, intro } = section;
  const rows = results.map((r) => tableRow(suite, r));
  for (const row of rows) process.stdout.write(row + '\n');
  if (machine !== undefined) process.stdout.write(machine + '\n');
  const header = machine === undefined ? [''] : ['', machine, ''];
  const table = [...header, '| suite | figure | value | baseline (same run) | better by | goal |', '|---|---|---|---|---|---|', ...rows, ''].join('\n');
  let readme = await readFile(readmePath, 'utf8');
  if (!readme.includes(startMarker) || !readme.includes(endMarker)) readme = `${readme.trimEnd()}\n\n${intro}\n${startMarker}\n${endMarker}\n`;
  const start = readme.indexOf(startMarker);
  const end = readme.indexOf(endMarker);
  await writeFile(readmePath, readme.slice(0, start + startMarker.length) + table + readme.slice(end));
}

/**
 * Replaces the rows of `results` in the editor's Browser table of the README at
 * `readmePath` (matched by suite and figure name; new figures are added at
 * the end), keeping every other row, and adds `note` (what these rows ran
 * on) under the table. For a run that measures some rows only.
 */
export async function replaceBrowserRows(readmePath: string, suite: string, results: readonly BenchResult[], note: string): Promise<void> {
  const rows = results.map((r) => tableRow(suite, r));
  for (const row of rows) process.stdout.write(row + '\n');
  process.stdout.write(note + '\n');
  const readme = await readFile(readmePath, 'utf8');
  const start = readme.indexOf(EDITOR_SECTION.start);
  const end = readme.indexOf(EDITOR_SECTION.end);
  if (start < 0 || end < 0) return writeBrowserTable(readmePath, suite, results, note);
  const key = (row: string): string => row.split(' | ').slice(0, 2).join(' | ');
  const lines = readme.slice(start + EDITOR_SECTION.start.length, end).split('\n');
  const fresh = new Map(rows.map((row) => [key(row), row]));
  const kept = lines.filter((line) => !line.startsWith('Relation rows: ')).map((line) => {
    const replacement = fresh.get(key(line));
    if (replacement === undefined) return line;
    fresh.delete(key(line));
    return replacement;
  });
  const lastRow = kept.map((line) => line.startsWith('|')).lastIndexOf(true);
  kept.splice(lastRow + 1, 0, ...fresh.values());
  const body = kept.join('\n').trimEnd() + `\n\n${note}\n`;
  await writeFile(readmePath, readme.slice(0, start + EDITOR_SECTION.start.length) + body + readme.slice(end));
}

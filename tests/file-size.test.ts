import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Source files longer than this split by job, unless their package README says why their single job needs the length. */
const MAX_LINES = 450;

/** The `.ts` and `.tsx` files below `dir`, recursively. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/u.test(entry.name) ? [full] : [];
  });
}

/** The number of lines of a file, as `wc -l` counts them for a file that ends in a line break. */
function lineCount(file: string): number {
  const text = readFileSync(file, 'utf8');
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** The text of the "Files over 450 lines" section of a README, or '' when it has none. */
function oversizeSection(readme: string): string {
  const start = readme.indexOf('## Files over 450 lines');
  if (start < 0) return '';
  const next = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, next < 0 ? undefined : next);
}

const folders = ['packages', 'apps'].flatMap((top) => readdirSync(path.join(root, top)).map((name) => `${top}/${name}`));

describe('source file length', () => {
  it.each(folders)(`%s: no file in src/ is over ${MAX_LINES} lines unless its README names it`, (folder) => {
    const readme = readFileSync(path.join(root, folder, 'README.md'), 'utf8');
    const section = oversizeSection(readme);
    const over = sourceFiles(path.join(root, folder, 'src'))
      .map((file) => ({ file: path.relative(path.join(root, folder), file), lines: lineCount(file) }))
      .filter(({ lines }) => lines > MAX_LINES)
      .filter(({ file }) => !section.includes(`\`${file}\``));
    expect(over, `split these by job, or say in ${folder}/README.md under "## Files over 450 lines" why one job needs the length`).toEqual([]);
  });
});

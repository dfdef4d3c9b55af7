import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The entry modules of each package: its index and the subpaths its package.json exports, each with the source condition. */
function entryModules(pkg: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(root, 'packages', pkg, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  return Object.values(manifest.exports)
    .map((target) => (typeof target === 'object' && target !== null ? (target as Record<string, unknown>)['source'] : undefined))
    .filter((source): source is string => typeof source === 'string');
}

/** The names an entry module exports by name (`export { a, type B } from …`), read from its source. */
function exportedNames(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement) && statement.exportClause !== undefined && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) names.push(element.name.text);
    }
  }
  return names;
}

const packages = readdirSync(path.join(root, 'packages'));

describe('the public API of each package', () => {
  it.each(packages)('%s: its index lists its exports by name (no `export *`)', (pkg) => {
    const index = readFileSync(path.join(root, 'packages', pkg, 'src/index.ts'), 'utf8');
    expect(index).not.toMatch(/^export \*/mu);
    expect(index).not.toMatch(/^export \* as/mu);
  });

  it.each(packages)('%s: its README names every export of its index', (pkg) => {
    const readme = readFileSync(path.join(root, 'packages', pkg, 'README.md'), 'utf8');
    const index = path.join(root, 'packages', pkg, 'src/index.ts');
    const unnamed = exportedNames(index).filter((name) => !new RegExp(`\`${name}[\`(<. ]`, 'u').test(readme));
    expect(unnamed, `names exported by packages/${pkg}/src/index.ts that its README does not list`).toEqual([]);
  });

  it.each(packages)('%s: every entry point of its package.json has its source', (pkg) => {
    const entries = entryModules(pkg);
    expect(entries).toContain('./src/index.ts');
    for (const entry of entries) expect(existsSync(path.join(root, 'packages', pkg, entry)), `packages/${pkg}: ${entry}`).toBe(true);
  });
});

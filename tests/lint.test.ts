import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root });

/** The rule ids ESLint reports for `code` as if it stood at `file` (relative to the root). */
async function rulesFired(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result?.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`) ?? [];
}

/** An import of the module at `target` (relative to the root) from a file at `from`, as a relative path. */
function importOf(from: string, target: string): string {
  let specifier = path.relative(path.dirname(path.join(root, from)), path.join(root, target)).replace(/\.ts$/, '.js');
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  return `import * as probe from '${specifier}';\nexport const used = probe;\n`;
}

/** The entry module of a package or app folder. */
const entry = (folder: string): string => (folder === 'apps/workbench' ? `${folder}/src/access.ts` : `${folder}/src/index.ts`);

/**
 * The imports that must never exist (DESIGN.md), written out here rather
 * than read from the lint configuration, so a rule missing there fails here.
 */
const NEVER: readonly { rule: number; from: string; to: readonly string[] }[] = [
  { rule: 1, from: 'packages/core', to: ['packages/collab', 'packages/formats', 'packages/suggest', 'packages/store', 'packages/server'] },
  { rule: 2, from: 'packages/formats', to: ['packages/collab', 'packages/prosemirror'] },
  { rule: 3, from: 'packages/suggest', to: ['packages/collab', 'packages/prosemirror', 'packages/store', 'packages/server'] },
  { rule: 4, from: 'packages/collab', to: ['packages/prosemirror', 'packages/store', 'packages/server'] },
  { rule: 5, from: 'packages/prosemirror', to: ['packages/store', 'packages/server'] },
  { rule: 6, from: 'packages/store', to: ['packages/server', 'packages/cli', 'packages/prosemirror'] },
  { rule: 7, from: 'packages/server', to: ['packages/prosemirror', 'apps/workbench'] },
  { rule: 8, from: 'apps/workbench', to: ['packages/store', 'packages/server'] },
];

/**
 * The layering (the root README, "Dependencies point one way"): the
 * packages each package or app may import; every other one is above or
 * beside it. Written out here, like the rules above, not read from the
 * lint configuration.
 */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  'packages/core': [],
  'packages/collab': ['packages/core'],
  'packages/prosemirror': ['packages/core', 'packages/collab'],
  'packages/formats': ['packages/core'],
  'packages/suggest': ['packages/core', 'packages/formats'],
  'packages/store': ['packages/core', 'packages/formats', 'packages/collab'],
  'packages/server': ['packages/core', 'packages/formats', 'packages/collab', 'packages/store', 'packages/suggest'],
  'packages/cli': ['packages/core', 'packages/formats', 'packages/collab', 'packages/store', 'packages/suggest', 'packages/server'],
  'apps/workbench': ['packages/core', 'packages/collab', 'packages/prosemirror'],
};
const layered = Object.keys(MAY_IMPORT);
const layerPairs = (allowed: boolean): { from: string; target: string }[] =>
  Object.entries(MAY_IMPORT).flatMap(([from, may]) =>
    layered.filter((target) => target !== from && may.includes(target) === allowed).map((target) => ({ from, target })),
  );

/** The pairs of a rule whose imported module exists on disk (an import of a missing file cannot be resolved, so it is not a layering probe). */
const probes = NEVER.flatMap(({ rule, from, to }) =>
  to.filter((target) => existsSync(path.join(root, entry(target)))).map((target) => ({ rule, from, target })),
);

describe('lint configuration', () => {
  it('reports an import cycle', async () => {
    const linter = new ESLint({ cwd: root, ignore: false });
    const results = await linter.lintFiles([path.join(root, 'tests/fixtures/lint-cycle/a.ts')]);
    const rules = results.flatMap((r) => r.messages.map((m) => m.ruleId));
    expect(rules).toContain('import-x/no-cycle');
  });

  it('forbids Yjs and Node I/O in packages/core', async () => {
    const rules = await rulesFired('packages/core/src/probe.ts', "import * as Y from 'yjs';\nimport { readFile } from 'node:fs';\nexport const x = [Y, readFile];\n");
    expect(rules.filter((r) => r === 'no-restricted-imports')).toHaveLength(2);
  });

  it('forbids Yjs, ProseMirror and Node I/O in packages/suggest', async () => {
    const rules = await rulesFired(
      'packages/suggest/src/probe.ts',
      "import * as Y from 'yjs';\nimport { EditorState } from 'prosemirror-state';\nimport { readFile } from 'node:fs';\nexport const x = [Y, EditorState, readFile];\n",
    );
    expect(rules.filter((r) => r === 'no-restricted-imports')).toHaveLength(3);
  });

  it('has a probe for each of rules 1 to 8', () => {
    expect(new Set(probes.map((p) => p.rule))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8]));
  });

  it.each(probes)('rule $rule: $from never imports $target', async ({ from, target }) => {
    const file = `${from}/src/probe.ts`;
    const rules = await rulesFired(file, importOf(file, entry(target)));
    expect(rules).toContain('import-x/no-restricted-paths');
  });

  it('lets a package import what the layering allows (the probes above are not refused for any import)', async () => {
    const allowed: [string, string][] = [
      ['packages/collab/src/probe.ts', 'packages/core/src/index.ts'],
      ['packages/formats/src/probe.ts', 'packages/core/src/index.ts'],
      ['packages/prosemirror/src/probe.ts', 'packages/collab/src/index.ts'],
      ['packages/server/src/probe.ts', 'packages/formats/src/index.ts'],
      ['apps/workbench/src/probe.ts', 'packages/prosemirror/src/index.ts'],
    ];
    for (const [file, target] of allowed) {
      expect(await rulesFired(file, importOf(file, target)), `${file} → ${target}`).toEqual([]);
    }
  });

  it('knows every package of the workspace in its layering', () => {
    const folders = ['packages', 'apps'].flatMap((dir) => readdirSync(path.join(root, dir)).map((name) => `${dir}/${name}`));
    expect(folders.filter((folder) => existsSync(path.join(root, folder, 'package.json'))).sort()).toEqual([...layered].sort());
  });

  it.each(layerPairs(false))('layering: $from never imports $target (above or beside it)', async ({ from, target }) => {
    const file = `${from}/src/probe.ts`;
    const rules = await rulesFired(file, importOf(file, entry(target)));
    expect(rules).toContain('import-x/no-restricted-paths');
  });

  it.each(layerPairs(true))('layering: $from may import $target', async ({ from, target }) => {
    const file = `${from}/src/probe.ts`;
    expect(await rulesFired(file, importOf(file, entry(target)))).toEqual([]);
  });

  it.each([
    ...layered.filter((folder) => folder !== 'packages/store').flatMap((folder) => [`${folder}/src/probe.ts`, `${folder}/test/probe.test.ts`]),
    'tests/probe.test.ts',
    'bench/probe.ts',
    'scripts/probe.ts',
  ])(
    'rule 9: %s imports no database driver',
    async (file) => {
      const rules = await rulesFired(
        file,
        "import Database from 'better-sqlite3';\nimport pg from 'pg';\nimport Redis from 'ioredis';\nexport const drivers = [Database, pg, Redis];\n",
      );
      expect(rules.filter((r) => r === 'no-restricted-imports')).toHaveLength(3);
    },
  );

  it('rule 9: packages/store may import a database driver', async () => {
    const rules = await rulesFired('packages/store/src/probe.ts', "import Database from 'better-sqlite3';\nexport const driver = Database;\n");
    expect(rules).not.toContain('no-restricted-imports');
  });

  it.each([
    ['packages/core/src/probe.ts', 'tests/support/convergence-network.ts'],
    ['packages/server/src/probe.ts', 'bench/harness.ts'],
    ['packages/prosemirror/src/probe.ts', 'apps/workbench/src/access.ts'],
  ])('rule 10: %s never imports %s', async (file, target) => {
    const rules = await rulesFired(file, importOf(file, target));
    expect(rules).toContain('import-x/no-restricted-paths');
  });
});

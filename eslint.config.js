// One lint tool for the workspace: typescript-eslint for the code, import-x
// for import cycles and for the layering of the packages (DESIGN.md, "Imports
// that must never exist"; tests/lint.test.ts proves that each rule fires).
import { readdirSync } from 'node:fs';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** Database drivers: only packages/store may import them (rule 9). */
const DATABASE_DRIVERS = ['better-sqlite3', 'pg', 'pg-*', 'postgres', 'redis', 'ioredis', '@redis/*'];

/**
 * The packages that a package must never import (rules 1 to 8), by the
 * folder that holds the package. Imports are checked after resolution, so
 * `@glossa/x` and a relative path into packages/x are the same import.
 */
const NEVER = {
  'packages/core': ['packages/collab', 'packages/formats', 'packages/suggest', 'packages/store', 'packages/server'],
  'packages/formats': ['packages/collab', 'packages/prosemirror'],
  'packages/suggest': ['packages/collab', 'packages/prosemirror', 'packages/store', 'packages/server'],
  'packages/collab': ['packages/prosemirror', 'packages/store', 'packages/server'],
  'packages/prosemirror': ['packages/store', 'packages/server'],
  'packages/store': ['packages/server', 'packages/cli', 'packages/prosemirror'],
  'packages/server': ['packages/prosemirror', 'apps/workbench'],
  'apps/workbench': ['packages/store', 'packages/server'],
};

/**
 * The layering (DESIGN.md, "Dependencies point one way"): the packages each
 * package or app may import. Any other package of the workspace is above it
 * or beside it, and importing it is refused; rules 1 to 8 above name the
 * imports whose absence the design states, this one closes the rest.
 */
const MAY_IMPORT = {
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
const LAYERED = Object.keys(MAY_IMPORT);

/** A package's sources never reach into the apps, benchmarks or repository-wide tests (rule 10). */
const OUTSIDE_PACKAGES = ['apps', 'bench', 'tests'];
const PACKAGES = readdirSync(new URL('./packages', import.meta.url));

/**
 * Module names a package's own sources must not import, beyond the database
 * drivers: the pure layers never reach for Yjs, ProseMirror or Node's I/O.
 */
const PURE = ['yjs', 'y-*', 'prosemirror-*'];
const BANNED_MODULES = {
  'packages/core': { patterns: [...PURE, 'node:*', '@glossa/*'] },
  'packages/formats': { patterns: PURE },
  // Recommenders are pure functions of documents and spans: no CRDT, no editor, no database, no I/O.
  'packages/suggest': {
    patterns: [...PURE, 'node:*', '@glossa/collab', '@glossa/prosemirror', '@glossa/store', '@glossa/server', '@glossa/cli'],
    paths: [{ name: '@glossa/formats', message: 'import @glossa/formats/tokenizer or @glossa/formats/sentences: the package root brings Node I/O' }],
  },
};

const restrictedImports = ({ patterns = [], paths = [] } = {}) => ['error', { paths, patterns: [...patterns, ...DATABASE_DRIVERS] }];

export default tseslint.config(
  {
    ignores: ['tests/fixtures/**', '**/node_modules/**', '**/dist/**', 'docs/api/**', '.glossa/**', 'bench/.tmp/**', 'apps/workbench/dist/**', 'coverage/**'],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', 'apps/*/tsconfig.json'],
          noWarnOnMultipleProjects: true,
          conditionNames: ['source', 'import', 'types', 'default'],
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-unresolved': 'error',
      'import-x/no-self-import': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Rule 9: only packages/store talks to a database.
      'no-restricted-imports': restrictedImports(),
      // Rules 1 to 8 and 10.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...Object.entries(NEVER).map(([target, from]) => ({
              target: `./${target}/src`,
              from: from.map((f) => `./${f}`),
              message: `${target} must never import this (see "Imports that must never exist" in the root README).`,
            })),
            // Nothing imports a package above or beside it in the layering.
            ...Object.entries(MAY_IMPORT).map(([target, allowed]) => ({
              target: `./${target}/src`,
              from: LAYERED.filter((other) => other !== target && !allowed.includes(other)).map((f) => `./${f}`),
              message: `${target} imports only ${allowed.length === 0 ? 'no other package' : allowed.join(', ')}: the others sit above or beside it (see "Dependencies point one way" in the root README).`,
            })),
            // A package's sources; its tests belong to the workspace and may use its test and bench support.
            ...PACKAGES.map((pkg) => ({
              target: `./packages/${pkg}/src`,
              from: OUTSIDE_PACKAGES.map((f) => `./${f}`),
              message: 'A package never imports the apps, benchmarks or repository-wide tests.',
            })),
          ],
        },
      ],
    },
  },
  {
    files: ['packages/store/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  ...Object.entries(BANNED_MODULES).map(([pkg, banned]) => ({
    files: [`${pkg}/src/**/*.ts`],
    rules: { 'no-restricted-imports': restrictedImports(banned) },
  })),
);

// One lint tool for the workspace: typescript-eslint for the code, import-x for import cycles.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

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
    },
  },
  {
    // The pure layers never reach for Yjs, ProseMirror, the DOM or Node's I/O.
    files: ['packages/core/src/**/*.ts', 'packages/formats/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['yjs', 'y-*', 'prosemirror-*', '@glossa/collab', '@glossa/prosemirror', '@glossa/server'] }],
    },
  },
  {
    // Recommenders are pure functions of documents and spans: no CRDT, no editor, no database, no I/O.
    files: ['packages/suggest/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@glossa/formats', message: 'import @glossa/formats/tokenizer or @glossa/formats/sentences: the package root brings Node I/O' }],
          patterns: ['yjs', 'y-*', 'prosemirror-*', 'node:*', '@glossa/collab', '@glossa/prosemirror', '@glossa/store', '@glossa/server', '@glossa/cli'],
        },
      ],
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['yjs', 'y-*', 'prosemirror-*', 'node:*', '@glossa/*'] }],
    },
  },
);

import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('lint configuration', () => {
  it('reports an import cycle', async () => {
    const eslint = new ESLint({ cwd: root, ignore: false });
    const results = await eslint.lintFiles([path.join(root, 'tests/fixtures/lint-cycle/a.ts')]);
    const rules = results.flatMap((r) => r.messages.map((m) => m.ruleId));
    expect(rules).toContain('import-x/no-cycle');
  });

  it('forbids Yjs and Node I/O in packages/core', async () => {
    const eslint = new ESLint({ cwd: root });
    const [result] = await eslint.lintText("import * as Y from 'yjs';\nimport { readFile } from 'node:fs';\nexport const x = [Y, readFile];\n", {
      filePath: path.join(root, 'packages/core/src/probe.ts'),
    });
    const rules = result?.messages.map((m) => m.ruleId) ?? [];
    expect(rules.filter((r) => r === 'no-restricted-imports')).toHaveLength(2);
  });
});

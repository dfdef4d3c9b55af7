import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('lint configuration of packages/suggest', () => {
  it('forbids Yjs, ProseMirror, the server, Node I/O and the formats package root in src', async () => {
    const eslint = new ESLint({ cwd: root });
    const source = [
      "import * as Y from 'yjs';",
      "import { EditorState } from 'prosemirror-state';",
      "import { readFile } from 'node:fs';",
      "import { startServer } from '@glossa/server';",
      "import { tokenize } from '@glossa/formats';",
      'export const x = [Y, EditorState, readFile, startServer, tokenize];',
      '',
    ].join('\n');
    const [result] = await eslint.lintText(source, { filePath: path.join(root, 'packages/suggest/src/probe.ts') });
    const restricted = result?.messages.filter((m) => m.ruleId === 'no-restricted-imports') ?? [];
    expect(restricted.map((m) => m.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it('allows the tokenizer and sentence splitter subpaths', async () => {
    const eslint = new ESLint({ cwd: root });
    const source = "import { tokenize } from '@glossa/formats/tokenizer';\nimport { splitSentences } from '@glossa/formats/sentences';\nexport const x = [tokenize, splitSentences];\n";
    const [result] = await eslint.lintText(source, { filePath: path.join(root, 'packages/suggest/src/probe.ts') });
    expect(result?.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
  });
});

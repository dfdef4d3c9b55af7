/**
 * `pnpm glossa` as a user runs it: a real process, relative paths resolved
 * against the directory the command was typed in, exit codes and streams.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/spawn-glossa.js';


let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'glossa-cli-process-'));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function pnpmGlossa(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('pnpm', ['--silent', '--dir', REPO_ROOT, 'glossa', ...argv], { cwd, env: { ...process.env, INIT_CWD: cwd } }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

describe('pnpm glossa', () => {
  it('imports, exports and lists from the directory it is run in', async () => {
    const text = 'The National Guard 😀 patrols.\r\nSecond line.';
    writeFileSync(path.join(cwd, 'note.txt'), text);
    const imported = await pnpmGlossa('import', 'note.txt', '--project', 'demo');
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain('Imported 1 document');
    expect(imported.code).toBe(0);

    const exported = await pnpmGlossa('export', '--project', 'demo', '--format', 'jsonl', '--out', 'demo.jsonl');
    expect(exported.code).toBe(0);
    const line = JSON.parse(readFileSync(path.join(cwd, 'demo.jsonl'), 'utf8').trim()) as { id: string; text: string };
    expect(line).toMatchObject({ id: 'note', text });

    const listed = await pnpmGlossa('list', '--json');
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id: 'demo', mode: 'shared', documents: 1 }]);

    const failed = await pnpmGlossa('export', '--project', 'ghost', '--format', 'jsonl', '--out', '-');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('unknown project "ghost"; expected one of demo');
  });
});

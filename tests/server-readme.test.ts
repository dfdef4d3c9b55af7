/**
 * The example of `packages/server/README.md` runs as written: the block under
 * "## Example" is executed in a child process (resolving packages as the
 * server package does) and must print that it synced and exit cleanly.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const serverPackage = path.join(root, 'packages/server');

function exampleCode(): string {
  const readme = readFileSync(path.join(serverPackage, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Example'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error('packages/server/README.md has no ```ts block under "## Example"');
  return match[1];
}

describe('packages/server/README.md', () => {
  it('has an example that starts a server and syncs a stock WebsocketProvider with a token', async () => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', exampleCode()], {
      cwd: serverPackage,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // A child that never exits (a handle left open) is killed, and the assertion below fails.
    const hung = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(hung);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^synced with http:\/\/127\.0\.0\.1:\d+\n$/);
  });
});

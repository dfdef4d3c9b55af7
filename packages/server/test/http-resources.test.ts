/**
 * A client that goes away in the middle of a response leaves nothing
 * behind: a streamed body stops waiting for it, and a static file being
 * sent to it is closed.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backgroundCheckpointer } from '@glossa/store/testing';
import { writeChunk } from '../src/http-util.js';
import { GlossaServer } from '../src/server.js';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'glossa-http-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Requests `url`, waits for the first bytes of the body, then drops the connection. */
function abortAfterFirstBytes(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = get(url, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
  });
}

/** Open file descriptors of this process (Linux). */
function openFileDescriptors(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Resolves once `predicate` holds, checking every few milliseconds; rejects after `timeoutMs` (a failure bound). */
async function eventually(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('writeChunk', () => {
  it('settles when the client disconnects while the response buffer is full', async () => {
    let streaming: Promise<number> | undefined;
    const started = new Promise<void>((resolve) => {
      const server: Server = createServer((_req, res: ServerResponse) => {
        streaming = (async () => {
          const chunk = new Uint8Array(1 << 20);
          let written = 0;
          try {
            for (;;) {
              await writeChunk(res, chunk);
              written++;
            }
          } catch {
            return written;
          }
        })();
        resolve();
      });
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        void abortAfterFirstBytes(`http://127.0.0.1:${port}/`);
      });
      cleanups.push(() => new Promise<void>((done) => server.close(() => done())));
    });
    await started;
    expect(await streaming).toBeGreaterThan(0);
  }, 15_000);
});

describe('static files', () => {
  it('serves the bundles but never their source maps', async () => {
    const dir = tempDir();
    const staticDir = path.join(dir, 'static');
    mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
    writeFileSync(path.join(staticDir, 'assets', 'main.js'), 'console.log(1);\n');
    writeFileSync(path.join(staticDir, 'assets', 'main.js.map'), '{"version":3,"sources":["src/main.ts"]}');
    const server = new GlossaServer({ dataDir: path.join(dir, 'data'), port: 0, staticDir });
    cleanups.push(() => server.stop());
    const port = await server.start();
    expect((await fetch(`http://127.0.0.1:${port}/assets/main.js`)).status).toBe(200);
    for (const name of ['main.js.map', 'main.js.MAP', 'main.js%2Emap']) {
      const response = await fetch(`http://127.0.0.1:${port}/assets/${name}`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toMatch(/sources/);
    }
  });

  it('closes the file of a download the client abandons', async () => {
    const dir = tempDir();
    const staticDir = path.join(dir, 'static');
    mkdirSync(staticDir);
    writeFileSync(path.join(staticDir, 'bundle.js'), new Uint8Array(8 << 20).fill(0x3b));
    const server = new GlossaServer({ dataDir: path.join(dir, 'data'), port: 0, staticDir });
    cleanups.push(() => server.stop());
    const port = await server.start();
    // The checkpoint worker opens its own connection to the database.
    await backgroundCheckpointer(server.data)?.ready;
    const before = openFileDescriptors();
    for (let i = 0; i < 10; i++) await abortAfterFirstBytes(`http://127.0.0.1:${port}/bundle.js`);
    await eventually(() => openFileDescriptors() <= before, 'the abandoned downloads to release their files');
  });
});

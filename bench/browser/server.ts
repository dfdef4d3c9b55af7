/**
 * Serving the browser benchmark: the page (packages/prosemirror/test/browser/bench-page.ts,
 * bundled with esbuild), the workload files and a WebSocket relay for
 * two-page measurements, on 127.0.0.1 (port 0).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { root } from './workload.js';

/**
 * Bundles a browser page written in TypeScript (`entry`, relative to the
 * repository root) into one ES module, resolving the packages by their
 * sources, and returns its bytes.
 */
export async function bundlePage(entry: string): Promise<Uint8Array> {
  const outdir = await mkdtemp(path.join(os.tmpdir(), 'glossa-page-'));
  try {
    await build({
      entryPoints: [path.join(root, entry)],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['source'],
      outfile: path.join(outdir, 'page.js'),
      logLevel: 'warning',
    });
    return await readFile(path.join(outdir, 'page.js'));
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

/** Bundles the page and serves it, the workload and the relay on 127.0.0.1. */
export async function serve(files: Map<string, Uint8Array>): Promise<{ url: string; relayUrl: string; close: () => Promise<void> }> {
  const page = await bundlePage('packages/prosemirror/test/browser/bench-page.ts');
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Glossa browser bench</title>' +
    '<style>body{margin:0;font:16px/1.5 sans-serif}#editor{max-width:880px;margin:0 auto;padding:16px}' +
    '.ProseMirror{white-space:pre-wrap;outline:none}.ProseMirror p{margin:0 0 .5em}</style></head>' +
    '<body><div id="editor"></div><script type="module" src="/page.js"></script></body></html>';
  files.set('/', new TextEncoder().encode(html));
  files.set('/page.js', page);
  const types: Record<string, string> = { '/': 'text/html', '/page.js': 'text/javascript', '/fixture.json': 'application/json' };
  const server = createServer((request, response) => {
    const body = files.get(request.url ?? '');
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[request.url ?? ''] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    response.end(body);
  });
  const relay = new WebSocketServer({ server, path: '/relay' });
  relay.on('connection', (socket: WebSocket) => {
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      for (const other of relay.clients) if (other !== socket && other.readyState === other.OPEN) other.send(data, { binary: isBinary });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    relayUrl: `ws://127.0.0.1:${port}/relay`,
    close: async () => {
      for (const client of relay.clients) client.terminate();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}


/**
 * Static files at `/`: the built workbench from a folder, or a placeholder
 * page when there is none. Paths never leave the folder; unknown paths
 * without an extension get `index.html` (client-side routes). Source maps
 * (`*.map`) are never served: they would publish the whole source.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';
import { sendError } from './http-util.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Paths of source maps, which are not served. */
const SOURCE_MAP = /\.map$/i;

/** The page served at `/` when no workbench build is configured. */
export const PLACEHOLDER_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Glossa</title></head>
<body>
<main>
<h1>Glossa</h1>
<p>The sync server is running. The workbench is not built yet: run <code>pnpm --filter workbench build</code>, then restart the server.</p>
<p>API: <a href="/api/health">/api/health</a>. Sync: <code>ws://HOST:PORT/sync/&lt;room&gt;</code>.</p>
</main>
</body>
</html>
`;

function sendPlaceholder(req: IncomingMessage, res: ServerResponse): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(PLACEHOLDER_PAGE));
  res.end(req.method === 'HEAD' ? undefined : PLACEHOLDER_PAGE);
}

async function findFile(root: string, pathname: string): Promise<string | undefined> {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (relative.includes('\0') || SOURCE_MAP.test(relative)) return undefined;
  const candidate = path.resolve(root, '.' + path.posix.normalize('/' + relative));
  const attempts = [candidate, path.join(candidate, 'index.html')];
  if (path.extname(candidate) === '') attempts.push(path.join(root, 'index.html'));
  for (const file of attempts) {
    try {
      const real = await realpath(file);
      if (real !== root && !real.startsWith(root + path.sep)) continue;
      if ((await stat(real)).isFile()) return real;
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}

/**
 * Answers a GET or HEAD request for a static file from `dir` (null: the
 * placeholder page at `/`).
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string, dir: string | null): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendError(res, 405, 'method_not_allowed', `${req.method ?? ''} is not allowed on static files; expected GET or HEAD`);
    return;
  }
  let root: string | undefined;
  if (dir !== null) {
    try {
      root = await realpath(dir);
    } catch {
      root = undefined;
    }
  }
  if (root === undefined) {
    if (pathname === '/' || pathname === '/index.html') sendPlaceholder(req, res);
    else sendError(res, 404, 'not_found', `no file at ${pathname}`);
    return;
  }
  const file = await findFile(root, pathname);
  if (file === undefined) {
    sendError(res, 404, 'not_found', `no file at ${pathname}`);
    return;
  }
  const info = await stat(file);
  res.statusCode = 200;
  res.setHeader('Content-Type', CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
  res.setHeader('Content-Length', info.size);
  res.setHeader('Cache-Control', path.basename(file) === 'index.html' ? 'no-cache' : 'public, max-age=3600');
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // pipeline closes the file when the client goes away mid-download (pipe would leave it open).
  pipeline(createReadStream(file), res, (error) => {
    if (error) res.destroy();
  });
}

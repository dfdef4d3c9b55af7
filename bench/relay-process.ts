/**
 * One relay of the server relay-latency benchmark, run in a process of its
 * own as a deployed server runs, so that the clients' work and garbage stay
 * out of its event loop and heap:
 *
 *     node --conditions=source --import tsx bench/relay-process.ts <kind>
 *
 * `kind` is `glossa` (the sync server with its default, durable group
 * commit), `glossa-fsync` (the same with `fsync: true`), `glossa-pg` (the
 * server on the PostgreSQL database `GLOSSA_BENCH_DATABASE_URL`, with Redis
 * when `GLOSSA_BENCH_REDIS_URL` is set; several share one), `stock` (the stock
 * `@y/websocket-server` 0.1.1: rooms in memory, no auth, no persistence) or
 * `raw` (a bare `ws` relay: every binary message goes to every other
 * socket; no auth, no validation, no storage). The relay listens on 127.0.0.1 on a free port and
 * prints one JSON line on stdout (a `RelayReady`) once clients may connect;
 * it serves until its stdin closes or it gets SIGTERM or SIGINT, then stops
 * cleanly (the Glossa server is stopped and its temporary data directory
 * removed) and exits 0. A relay that fails prints the error on stderr and
 * exits 1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import type { LabelSchema } from '@glossa/core';
import { GlossaServer } from '@glossa/server';
import { hashPasswordSync, importDocuments, openData } from '@glossa/store';
import { setupWSConnection } from '@y/websocket-server/utils';
import { BENCH_DATABASE_ENV, BENCH_DOCUMENTS_ENV, BENCH_REDIS_ENV } from './relay-env.js';

/** The relays this script can run. */
export const RELAY_KINDS = ['glossa', 'glossa-fsync', 'glossa-pg', 'stock', 'raw'] as const;


/** One relay this script can run. */
export type RelayKind = (typeof RELAY_KINDS)[number];

/** What a Glossa relay prints once it serves: where to connect and with which credentials. */
export interface GlossaRelayReady {
  readonly kind: 'glossa' | 'glossa-fsync' | 'glossa-pg';
  /** The sync endpoint, e.g. `ws://127.0.0.1:41234/sync`; a room's socket is `${syncUrl}/${room}?token=…`. */
  readonly syncUrl: string;
  /** The room of the one imported document. */
  readonly room: string;
  /** A token of a user with role admin on the room's project (may write). */
  readonly writerToken: string;
  /** A token of a user with role viewer on the room's project (reads only). */
  readonly readerToken: string;
  /** The temporary data directory, removed when the relay stops (for the parent to remove if it had to kill the relay); the database URL of `glossa-pg`. */
  readonly dataDir: string;
}

/** What the bare relay prints once it serves. */
export interface RawRelayReady {
  readonly kind: 'raw';
  /** The relay's URL, e.g. `ws://127.0.0.1:41235`. */
  readonly url: string;
}

/** What the stock y-websocket server prints once it serves: a room's socket is `${syncUrl}/${room}` (no credentials). */
export interface StockRelayReady {
  readonly kind: 'stock';
  readonly syncUrl: string;
  readonly room: string;
}

/** The one JSON line a relay prints on stdout once clients may connect. */
export type RelayReady = GlossaRelayReady | StockRelayReady | RawRelayReady;

/** A running relay: what it printed and how to stop it. */
interface RunningRelay {
  readonly ready: RelayReady;
  stop(): Promise<void>;
}

const SCHEMA: LabelSchema = { version: 1, name: 'bench', textColor: '#000000', groups: [], labels: [], documentLabels: [] };

/** The Glossa server as the benchmark measures it: one shared-mode project of `GLOSSA_BENCH_DOCUMENTS` documents, a writer and a reader, no rate limit. */
async function startGlossa(kind: GlossaRelayReady['kind']): Promise<RunningRelay> {
  const database = process.env[BENCH_DATABASE_ENV];
  if (kind === 'glossa-pg' && (database === undefined || database === '')) throw new RangeError(`the glossa-pg relay needs ${BENCH_DATABASE_ENV}`);
  const dir = kind === 'glossa-pg' ? (database as string) : mkdtempSync(path.join(tmpdir(), 'glossa-bench-relay-'));
  const redis = process.env[BENCH_REDIS_ENV];
  const options = {
    host: '127.0.0.1',
    port: 0,
    unloadGraceMs: 0,
    updateRate: { perSecond: 1e9, burst: 1e9 },
    maxConnectionsPerUser: 10_000,
    fsync: kind === 'glossa-fsync',
  };
  const server =
    kind === 'glossa-pg'
      ? new GlossaServer({ ...options, fsync: false, data: await openData(dir, redis === undefined || redis === '' ? {} : { redis }) })
      : new GlossaServer({ ...options, dataDir: dir });
  const removeDir = (): void => {
    if (kind !== 'glossa-pg') rmSync(dir, { recursive: true, force: true });
  };
  // Also when the process exits before the server stopped (a stop that failed or hung).
  process.once('exit', removeDir);
  const stop = async (): Promise<void> => {
    try {
      await server.stop();
    } finally {
      removeDir();
    }
  };
  try {
    const documents = Number(process.env[BENCH_DOCUMENTS_ENV] ?? '1');
    if (!Number.isInteger(documents) || documents < 1) throw new RangeError(`${BENCH_DOCUMENTS_ENV} must be a positive integer`);
    if ((await server.data.catalog.getProject('bench')) === undefined) {
      const sources = Array.from({ length: documents }, (_, i) => ({ name: `doc${i}.txt`, format: 'txt' as const, content: `Document ${i}.` }));
      const imported = await importDocuments(server.data, sources, { project: 'bench', mode: 'shared', schema: SCHEMA });
      if (!imported.ok) throw new Error(`import failed: ${JSON.stringify(imported.errors)}`);
      await server.users.addUser('writer', hashPasswordSync('writer-pw'));
      await server.users.setRole('writer', 'bench', 'admin');
      await server.users.addUser('reader', hashPasswordSync('reader-pw'));
      await server.users.setRole('reader', 'bench', 'viewer');
    }
    const port = await server.start();
    const ready: GlossaRelayReady = {
      kind,
      syncUrl: `ws://127.0.0.1:${port}/sync`,
      room: 'bench/doc0',
      writerToken: (await server.tokens.issue('writer', 'api', null)).token,
      readerToken: (await server.tokens.issue('reader', 'api', null)).token,
      dataDir: dir,
    };
    return { ready, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A bare relay: every binary message goes to every other socket. */
async function startRaw(): Promise<RunningRelay> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', () => resolve());
    wss.once('error', reject);
  });
  wss.on('connection', (socket) => {
    socket.on('message', (data: Buffer) => {
      for (const other of wss.clients) if (other !== socket) other.send(data);
    });
  });
  const address = wss.address() as { port: number };
  return {
    ready: { kind: 'raw', url: `ws://127.0.0.1:${address.port}` },
    stop: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

/** The stock `@y/websocket-server`, as its own `server.js` sets it up: every connection joins the room its path names. */
async function startStock(): Promise<RunningRelay> {
  const http = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  wss.on('connection', setupWSConnection);
  http.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as { port: number };
  return {
    ready: { kind: 'stock', syncUrl: `ws://127.0.0.1:${port}`, room: 'bench/doc0' },
    stop: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.close(() => resolve());
      }),
  };
}

function parseKind(argument: string | undefined): RelayKind {
  const kind = RELAY_KINDS.find((k) => k === argument);
  if (kind === undefined) throw new RangeError(`relay kind must be one of ${RELAY_KINDS.join(', ')}; got ${JSON.stringify(argument)}`);
  return kind;
}

/** Resolves once the parent closes stdin or the process is asked to terminate. */
function stopRequested(): Promise<string> {
  return new Promise((resolve) => {
    process.stdin.once('end', () => resolve('stdin closed'));
    process.stdin.once('close', () => resolve('stdin closed'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
    process.stdin.resume();
  });
}

/** Longest wait for a relay to stop once asked. */
const STOP_TIMEOUT_MS = 10_000;

/** Stops the relay, giving up (with an error naming the relay) after `ms`. */
async function stopWithin(relay: RunningRelay, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([relay.stop(), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the ${relay.ready.kind} relay did not stop within ${ms / 1000} s`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<void> {
  const kind = parseKind(process.argv[2]);
  const stopping = stopRequested();
  const relay = kind === 'raw' ? await startRaw() : kind === 'stock' ? await startStock() : await startGlossa(kind);
  try {
    process.stdout.write(JSON.stringify(relay.ready) + '\n');
    await stopping;
  } finally {
    await stopWithin(relay, STOP_TIMEOUT_MS);
  }
}

try {
  await main();
  process.exit(0);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}

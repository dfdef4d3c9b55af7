/**
 * Test support for several `glossa serve --database` processes on one
 * PostgreSQL database: the database seeded with the test cast, the
 * processes spawned and killed, and a loopback TCP balancer in front of
 * them that sends each new connection to the next live process (as nginx
 * does), so a stock client whose process died reconnects to another.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import * as Y from 'yjs';
import { GlossaServer } from '@glossa/server';
import { openData } from '@glossa/store';
import { seedCast } from '../../packages/server/test/support/server-harness.js';
import { spawnServe } from '../../packages/cli/test/support/spawn-glossa.js';

/** A `glossa serve` process of the cluster. */
export interface ClusterProcess {
  readonly child: ChildProcess;
  /** `ws://127.0.0.1:PORT/sync`. */
  readonly syncUrl: string;
  readonly port: number;
  /** What it wrote to its standard error so far. */
  stderr(): string;
}

/** Seeds the database at `url` with the test cast; returns each cast member's API token. */
export async function seedDatabase(url: string): Promise<Map<string, string>> {
  const server = new GlossaServer({ data: await openData(url), port: 0 });
  try {
    return await seedCast(server);
  } finally {
    await server.stop();
  }
}

/** Spawns `glossa serve --port 0 --database url` (with `--redis redis` when given); resolves once it listens. */
export async function spawnProcess(url: string, redis?: string): Promise<ClusterProcess> {
  const serve = spawnServe(url, redis === undefined ? [] : ['--redis', redis]);
  let stderr = '';
  serve.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const syncUrl = await serve.listening;
  return { child: serve.child, syncUrl, port: Number(new URL(syncUrl).port), stderr: () => stderr };
}

/** Resolves once `child` has exited. */
export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Kills `child` with SIGKILL and waits for it to exit. */
export async function killProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exited(child);
}

/** A loopback TCP balancer: each connection goes to the next live backend port, round robin. */
export interface Balancer {
  /** `ws://127.0.0.1:PORT/sync` of the balancer. */
  readonly syncUrl: string;
  /** Stops sending new connections to `port` (its process died). */
  remove(port: number): void;
  close(): Promise<void>;
}

/** Starts a balancer over `ports` on a free loopback port. */
export async function startBalancer(ports: readonly number[]): Promise<Balancer> {
  const live = [...ports];
  let next = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    const port = live[next++ % live.length];
    if (port === undefined) {
      client.destroy();
      return;
    }
    const upstream = connect(port, '127.0.0.1');
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.once('error', end);
    upstream.once('error', end);
    client.once('close', end);
    upstream.once('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    remove: (dead) => {
      const at = live.indexOf(dead);
      if (at >= 0) live.splice(at, 1);
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The clock of each client id in a state vector. */
export function clocks(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/**
 * Resolves once every doc of `docs` holds every edit every other doc made
 * itself (each doc's own client clock), checked on each doc's updates; no
 * polling. Rejects after `timeoutMs` naming the docs still behind.
 */
export function converged(docs: readonly Y.Doc[], timeoutMs: number): Promise<void> {
  const target = new Map<number, number>();
  for (const doc of docs) target.set(doc.clientID, clocks(doc).get(doc.clientID) ?? 0);
  const holdsAll = (doc: Y.Doc): boolean => {
    const have = clocks(doc);
    for (const [client, clock] of target) if ((have.get(client) ?? 0) < clock) return false;
    return true;
  };
  return new Promise((resolve, reject) => {
    const waiting = new Set(docs.filter((doc) => !holdsAll(doc)));
    if (waiting.size === 0) {
      resolve();
      return;
    }
    const listeners = new Map<Y.Doc, () => void>();
    const finish = (): void => {
      clearTimeout(timer);
      for (const [doc, listener] of listeners) doc.off('update', listener);
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`${waiting.size} of ${docs.length} clients did not converge within ${timeoutMs} ms`));
    }, timeoutMs);
    for (const doc of waiting) {
      const listener = (): void => {
        if (!holdsAll(doc)) return;
        waiting.delete(doc);
        doc.off('update', listener);
        listeners.delete(doc);
        if (waiting.size === 0) {
          finish();
          resolve();
        }
      };
      listeners.set(doc, listener);
      doc.on('update', listener);
    }
  });
}

/** Whether `doc` holds nothing that the stored state lacks (`Y.diffUpdate` against the stored state vector adds no struct). */
export function storedHoldsAll(doc: Y.Doc, stored: Uint8Array): boolean {
  const diff = Y.diffUpdate(Y.encodeStateAsUpdate(doc), Y.encodeStateVectorFromUpdate(stored));
  return Y.decodeUpdate(diff).structs.length === 0;
}

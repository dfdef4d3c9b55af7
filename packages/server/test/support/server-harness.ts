/**
 * Test support for the sync server: a real `GlossaServer` on port 0 over a
 * temporary data directory, with a fixed cast of users, and stock y-websocket
 * clients (`ws` as the WebSocket implementation).
 */
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { LabelSchema } from '@glossa/core';
import type { Role } from '@glossa/collab';
import { hashPasswordSync, importDocuments, openData } from '@glossa/store';
import type { Backend } from '../../../store/test/support/backends.js';
import { GlossaServer, type GlossaServerOptions, type ServerHooks } from '../../src/index.js';

/** A user of the test cast: name, project, role. */
export interface CastMember {
  readonly name: string;
  readonly project: string;
  readonly role: Role;
}

/**
 * Projects: `team` (shared mode) and `solo` (independent mode), each with
 * documents `d1` and `d2`. Users (password = name + '-pw'):
 */
export const CAST: readonly CastMember[] = [
  { name: 'root', project: '*', role: 'admin' },
  { name: 'ada', project: 'team', role: 'admin' },
  { name: 'cora', project: 'team', role: 'curator' },
  { name: 'alice', project: 'team', role: 'annotator' },
  { name: 'bob', project: 'team', role: 'annotator' },
  { name: 'vera', project: 'team', role: 'viewer' },
  { name: 'sam', project: 'solo', role: 'annotator' },
  { name: 'sue', project: 'solo', role: 'annotator' },
  { name: 'cleo', project: 'solo', role: 'curator' },
  { name: 'nobody', project: 'other', role: 'viewer' },
];

/** A running test server. */
export interface TestServer {
  readonly server: GlossaServer;
  /** The data directory, or the database URL on PostgreSQL. */
  readonly dir: string;
  /** `ws://127.0.0.1:PORT/sync`, the serverUrl a WebsocketProvider takes. */
  readonly syncUrl: string;
  /** `http://127.0.0.1:PORT`. */
  readonly baseUrl: string;
  /** A non-expiring API token of a cast member. */
  token(user: string): string;
  /** Stops the server and removes the data directory. */
  close(): Promise<void>;
}

/** A small schema for the test projects. */
export const TEST_SCHEMA: LabelSchema = {
  version: 1,
  name: 'Test schema',
  textColor: '#000000',
  groups: [],
  labels: [
    { id: 'militarization', name: 'Militarization', description: 'Armed forces in public security.', color: '#e07a5f' },
    { id: 'prevention', name: 'Prevention', description: 'Preventing crime at its roots.', color: '#81b29a' },
  ],
  documentLabels: [],
};

const passwordHashes = new Map<string, string>();

/** Creates the cast's projects (each document's content imported from text), users and API tokens. */
export async function seedCast(server: GlossaServer): Promise<Map<string, string>> {
  for (const [id, mode] of [['team', 'shared'], ['solo', 'independent'], ['other', 'shared']] as const) {
    const sources = ['d1', 'd2'].map((doc) => ({ name: `${doc}.txt`, format: 'txt' as const, content: `The ${id} document ${doc}.\nA second paragraph.` }));
    const imported = await importDocuments(server.data, sources, { project: id, mode, schema: TEST_SCHEMA });
    if (!imported.ok) throw new Error(`seeding project ${id} failed: ${JSON.stringify(imported.errors)}`);
  }
  const tokens = new Map<string, string>();
  for (const member of CAST) {
    if (!passwordHashes.has(member.name)) passwordHashes.set(member.name, hashPasswordSync(`${member.name}-pw`));
    if (!(await server.users.hasUser(member.name))) await server.users.addUser(member.name, passwordHashes.get(member.name) as string);
    await server.users.setRole(member.name, member.project, member.role);
    tokens.set(member.name, (await server.tokens.issue(member.name, 'api', null)).token);
  }
  return tokens;
}

/**
 * Starts a server on port 0 over a new temporary data directory (or `dir`),
 * or, with `backend`, over a new location of that backend, with the cast.
 */
export async function startTestServer(options: Partial<GlossaServerOptions> = {}, dir?: string, backend?: Backend): Promise<TestServer> {
  const at = backend === undefined || dir !== undefined ? undefined : await backend.create();
  const dataDir = at?.location ?? dir ?? (await mkdtemp(path.join(tmpdir(), 'glossa-server-')));
  const storage = at === undefined ? { dataDir } : { data: await openData(at.location) };
  const server = new GlossaServer({ port: 0, unloadGraceMs: 0, ...options, ...storage });
  const tokens = await seedCast(server);
  const port = await server.start();
  return {
    server,
    dir: dataDir,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    baseUrl: `http://127.0.0.1:${port}`,
    token: (user) => {
      const token = tokens.get(user);
      if (token === undefined) throw new RangeError(`no test user "${user}"`);
      return token;
    },
    close: async () => {
      await server.stop();
      if (at !== undefined) {
        if (server.data.isOpen) await server.data.close();
        await at.cleanup();
      } else if (dir === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A stock y-websocket client of one room. */
export interface TestClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** Resolves once the client has received the server's state (sync step 2). */
  readonly synced: Promise<void>;
  destroy(): void;
}

/** Connects a stock `WebsocketProvider` (no BroadcastChannel, so only the server relays). */
export function connectClient(syncUrl: string, room: string, token: string, doc = new Y.Doc()): TestClient {
  const provider = new WebsocketProvider(syncUrl, room, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', (state: boolean) => (state ? resolve() : undefined));
  });
  return {
    doc,
    provider,
    synced,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/**
 * Server hooks that emit each event on `events`: `loaded`, `unloaded` and
 * `compacted` with the room name; `connect`, `disconnect`, `stored` (an
 * `onChange`) and `refused` with the hook's event.
 */
export function emittingHooks(events: EventEmitter): ServerHooks {
  return {
    onConnect: (e) => events.emit('connect', e),
    onDisconnect: (e) => events.emit('disconnect', e),
    onRoomLoaded: (e) => events.emit('loaded', e.room),
    onRoomUnloaded: (e) => events.emit('unloaded', e.room),
    onCompacted: (e) => events.emit('compacted', e.room),
    onChange: (e) => events.emit('stored', e),
    onUpdateRefused: (e) => events.emit('refused', e),
  };
}

/** A test server per test with its clients and event listeners, all torn down after each test. */
export interface ServerPerTest {
  /** The server's events, as `emittingHooks` emits them. */
  readonly events: EventEmitter;
  /** Starts this test's server like `startTestServer`, with `emittingHooks` unless `options.hooks` is given. */
  start(options?: Partial<GlossaServerOptions>): Promise<TestServer>;
  /** Connects a stock client of `room` as `user` to this test's server. */
  client(room: string, user: string, doc?: Y.Doc): TestClient;
  /** Destroys every client connected so far. */
  destroyClients(): void;
}

/**
 * Registers an `afterEach` that destroys the test's clients, removes the
 * listeners of `events` and stops the test's server; call it once at the top
 * level of a test file (or of a `describe` per backend, with `backend`: the
 * servers then run on a new location of that backend).
 */
export function serverPerTest(backend?: Backend): ServerPerTest {
  const events = new EventEmitter();
  const clients: TestClient[] = [];
  let current: TestServer | undefined;
  const destroyClients = (): void => {
    for (const c of clients.splice(0)) c.destroy();
  };
  afterEach(async () => {
    destroyClients();
    events.removeAllListeners();
    await current?.close();
    current = undefined;
  });
  return {
    events,
    start: async (options = {}) => {
      current = await startTestServer({ hooks: emittingHooks(events), ...options }, undefined, backend);
      return current;
    },
    client: (room, user, doc) => {
      if (current === undefined) throw new RangeError('start the test server before connecting clients');
      const c = connectClient(current.syncUrl, room, current.token(user), doc);
      clients.push(c);
      return c;
    },
    destroyClients,
  };
}

/**
 * Resolves once `predicate` holds, checking after every update of `doc`;
 * rejects with `what` after `timeoutMs` (a failure bound, not a wait).
 */
export function until(doc: Y.Doc, predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (predicate()) return resolve();
    const check = (): void => {
      if (!predicate()) return;
      clearTimeout(timer);
      doc.off('update', check);
      resolve();
    };
    const timer = setTimeout(() => {
      doc.off('update', check);
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    doc.on('update', check);
  });
}

/** Resolves with the close code of a raw socket. */
export function closeCodeOf(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) resolve(-1);
    socket.once('close', (code) => resolve(code));
  });
}

/**
 * Opens a raw `ws` socket to a room and resolves once it is open, or with
 * the HTTP status and bytes received when the upgrade was refused.
 */
export function openRawSocket(
  syncUrl: string,
  room: string,
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<{ socket: WebSocket; status: 101 } | { socket: WebSocket; status: number; body: string }> {
  const url = `${syncUrl}/${room}${options.token === undefined ? '' : `?token=${encodeURIComponent(options.token)}`}`;
  const socket = new WebSocket(url, { headers: options.headers ?? {} });
  socket.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, status: 101 }));
    socket.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ socket, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
  });
}

/**
 * Sync server benchmarks, each beside a baseline measured in the same run:
 * (a) relay latency p50/p99 of an update from one client to 10 and 50 others
 *     on one document, against a bare `ws` relay of the same messages (no
 *     auth, no validation, no storage);
 * (b) update throughput with the durable group commit (20 writers sending
 *     as fast as they can, every update committed before it is relayed),
 *     against appending the same updates one commit at a time;
 * (c) memory per open document (a loaded room: doc, awareness, bookkeeping)
 *     against a bare Y.Doc of the same content;
 * (d) heap after 10,000 open/close cycles of a room through real sockets,
 *     against the heap after a 1,000-cycle warm-up.
 */
import { readFileSync, readdirSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket, { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import type { LabelSchema } from '@glossa/core';
import { GlossaServer, SqliteStore, encodeSyncStep1, encodeUpdate, hashPasswordSync, importDocuments } from '@glossa/server';
import { percentile, type BenchResult, type BenchSuite } from '../harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) collectGarbage();
  return process.memoryUsage().heapUsed;
}

const SCHEMA: LabelSchema = { version: 1, name: 'bench', textColor: '#000000', groups: [], labels: [], documentLabels: [] };

interface Fixture {
  server: GlossaServer;
  dir: string;
  syncUrl: string;
  writer: string;
  reader: string;
}

async function startServer(documents: number): Promise<Fixture> {
  const dir = mkdtempSync(path.join(tmpdir(), 'glossa-bench-'));
  const server = new GlossaServer({
    dataDir: dir,
    port: 0,
    unloadGraceMs: 0,
    updateRate: { perSecond: 1e9, burst: 1e9 },
    maxConnectionsPerUser: 10_000,
  });
  const sources = Array.from({ length: documents }, (_, i) => ({ name: `doc${i}.txt`, format: 'txt' as const, content: `Document ${i}.` }));
  const imported = await importDocuments(server.data, sources, { project: 'bench', mode: 'shared', schema: SCHEMA });
  if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
  server.users.addUser('writer', hashPasswordSync('writer-pw'));
  server.users.setRole('writer', 'bench', 'admin');
  server.users.addUser('reader', hashPasswordSync('reader-pw'));
  server.users.setRole('reader', 'bench', 'viewer');
  const port = await server.start();
  return {
    server,
    dir,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    writer: server.tokens.issue('writer', 'api', null).token,
    reader: server.tokens.issue('reader', 'api', null).token,
  };
}

async function stopServer(fixture: Fixture): Promise<void> {
  await fixture.server.stop();
  rmSync(fixture.dir, { recursive: true, force: true });
}

/** Opens a raw socket and resolves once it is open. */
function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.binaryType = 'nodebuffer';
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Opens a sync socket to a room and resolves once the server has sent its sync step 1 (the room is loaded). */
async function openSynced(syncUrl: string, room: string, token: string): Promise<WebSocket> {
  const socket = new WebSocket(`${syncUrl}/${room}?token=${token}`);
  socket.binaryType = 'nodebuffer';
  await new Promise<void>((resolve, reject) => {
    socket.once('message', () => resolve());
    socket.once('error', reject);
    socket.once('open', () => socket.send(encodeSyncStep1(new Uint8Array([0]))));
  });
  return socket;
}

function isUpdateMessage(data: Buffer): boolean {
  return data[0] === 0 && data[1] === 2;
}

/** Messages sent before measuring, so both relays are warmed up. */
const WARM_UP = 30;

/** Sends the messages one after another; resolves with the latency of every delivery to every receiver, in ms (warm-up excluded). */
async function measureRelay(sender: WebSocket, receivers: WebSocket[], messages: Uint8Array[]): Promise<number[]> {
  const latencies: number[] = [];
  let sentAt = 0;
  let pending = 0;
  let done: () => void = () => undefined;
  for (const receiver of receivers) {
    receiver.on('message', (data: Buffer) => {
      if (!isUpdateMessage(data)) return;
      latencies.push(performance.now() - sentAt);
      if (--pending === 0) done();
    });
  }
  for (const message of messages) {
    await new Promise<void>((resolve) => {
      done = resolve;
      pending = receivers.length;
      sentAt = performance.now();
      sender.send(message);
    });
  }
  return latencies.slice(WARM_UP * receivers.length);
}

function updateMessages(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(encodeUpdate(u)));
  for (let i = 0; i < count; i++) doc.getMap('annotations').set(`a${i}`, { label: 'militarization', start: i, end: i + 5 });
  return out;
}

/** A bare relay: every binary message goes to every other socket. */
async function startRawRelay(): Promise<{ url: string; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (socket) => {
    socket.on('message', (data: Buffer) => {
      for (const other of wss.clients) if (other !== socket) other.send(data);
    });
  });
  const address = wss.address() as { port: number };
  return { url: `ws://127.0.0.1:${address.port}`, close: () => new Promise((resolve) => wss.close(() => resolve())) };
}

async function relayLatency(clients: number): Promise<BenchResult[]> {
  const messages = updateMessages(300 + WARM_UP);
  const fixture = await startServer(1);
  const room = 'bench/doc0';
  const sender = await openSynced(fixture.syncUrl, room, fixture.writer);
  const receivers = await Promise.all(Array.from({ length: clients }, () => openSynced(fixture.syncUrl, room, fixture.reader)));
  const glossa = await measureRelay(sender, receivers, messages);
  for (const s of [sender, ...receivers]) s.close();
  await stopServer(fixture);

  const relay = await startRawRelay();
  const rawSender = await open(relay.url);
  const rawReceivers = await Promise.all(Array.from({ length: clients }, () => open(relay.url)));
  const raw = await measureRelay(rawSender, rawReceivers, messages);
  for (const s of [rawSender, ...rawReceivers]) s.close();
  await relay.close();

  const p50 = percentile(glossa, 50);
  const p99 = percentile(glossa, 99);
  const rawP50 = percentile(raw, 50);
  const rawP99 = percentile(raw, 99);
  return [
    { name: `relay latency p50, ${clients} clients (durable)`, value: p50, baselineName: 'bare ws relay', baseline: rawP50, unit: 'ms', lowerIsBetter: true },
    { name: `relay latency p99, ${clients} clients (durable)`, value: p99, baselineName: 'bare ws relay', baseline: rawP99, unit: 'ms', lowerIsBetter: true, goal: '≤ 2× bare relay', met: p99 <= 2 * rawP99 },
  ];
}

async function throughput(): Promise<BenchResult> {
  const WRITERS = 20;
  const PER_WRITER = 500;
  const fixture = await startServer(WRITERS);
  const writers = await Promise.all(Array.from({ length: WRITERS }, (_, i) => openSynced(fixture.syncUrl, `bench/doc${i}`, fixture.writer)));
  const perWriter = writers.map(() => updateMessages(PER_WRITER));
  let stored = 0;
  const allStored = new Promise<void>((resolve) => {
    (fixture.server.options.hooks as { onUpdateStored?: () => void }).onUpdateStored = () => {
      if (++stored === WRITERS * PER_WRITER) resolve();
    };
  });
  const t0 = performance.now();
  writers.forEach((socket, i) => {
    for (const message of perWriter[i] as Uint8Array[]) socket.send(message);
  });
  await allStored;
  const seconds = (performance.now() - t0) / 1000;
  for (const s of writers) s.close();
  await stopServer(fixture);

  // Baseline: the same updates, one durable commit each.
  const dir = mkdtempSync(path.join(tmpdir(), 'glossa-bench-'));
  const store = SqliteStore.open(path.join(dir, 'glossa.db'));
  const updates = perWriter.flatMap((messages, i) => messages.slice(0, 100).map((m) => ({ room: `bench/doc${i}`, update: m.subarray(3) })));
  const b0 = performance.now();
  for (const { room, update } of updates) await store.append(room, update);
  const baselineRate = updates.length / ((performance.now() - b0) / 1000);
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  const rate = (WRITERS * PER_WRITER) / seconds;
  return { name: `update throughput, ${WRITERS} writers, durable group commit`, value: rate, baselineName: 'one commit per update', baseline: baselineRate, unit: 'updates/s', lowerIsBetter: false, goal: '≥ 5,000 updates/s', met: rate >= 5000 };
}

function seedState(): Uint8Array {
  const dir = path.join(root, 'seeds');
  const text = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(path.join(dir, f), 'utf8'))[0] as string;
  const doc = new Y.Doc();
  doc.getText('content').insert(0, text);
  for (let i = 0; i < 50; i++) doc.getMap('annotations').set(`a${i}`, { label: 'militarization', start: i * 10, end: i * 10 + 8 });
  return Y.encodeStateAsUpdate(doc);
}

async function memoryPerDocument(): Promise<BenchResult> {
  const ROOMS = 200;
  const state = seedState();
  const fixture = await startServer(ROOMS);
  await fixture.server.data.store.appendBatch(Array.from({ length: ROOMS }, (_, i) => ({ room: `bench/doc${i}/layers/shared`, update: state })));
  const before = heapAfterGc();
  const rooms = [];
  for (let i = 0; i < ROOMS; i++) {
    const room = fixture.server.rooms.join(`bench/doc${i}/layers/shared`);
    await room.ready;
    rooms.push(room);
  }
  const perRoom = (heapAfterGc() - before) / ROOMS;
  await stopServer(fixture);

  const bareBefore = heapAfterGc();
  const docs: Y.Doc[] = [];
  for (let i = 0; i < ROOMS; i++) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    docs.push(doc);
  }
  const perDoc = (heapAfterGc() - bareBefore) / ROOMS;
  expectAlive(rooms, docs);
  return { name: 'memory per open document (seed text + 50 annotations)', value: perRoom / 1024, baselineName: 'bare Y.Doc', baseline: perDoc / 1024, unit: 'KiB', lowerIsBetter: true, goal: '≤ 1.5× bare Y.Doc', met: perRoom <= 1.5 * perDoc };
}

/** Keeps measured objects reachable until after the measurement. */
function expectAlive(...values: unknown[][]): void {
  if (values.some((v) => v.length === 0)) throw new Error('nothing was measured');
}

async function openCloseCycles(): Promise<BenchResult> {
  const DOCS = 100;
  const fixture = await startServer(DOCS);
  let unloaded = 0;
  let onUnload: () => void = () => undefined;
  (fixture.server.options.hooks as { onRoomUnloaded?: () => void }).onRoomUnloaded = () => {
    unloaded++;
    onUnload();
  };
  async function cycles(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const target = unloaded + 1;
      const socket = await openSynced(fixture.syncUrl, `bench/doc${i % DOCS}`, fixture.writer);
      const gone = new Promise<void>((resolve) => {
        onUnload = () => {
          if (unloaded >= target) resolve();
        };
      });
      socket.close();
      await gone;
    }
  }
  await cycles(1000);
  const warm = heapAfterGc();
  await cycles(10_000);
  const after = heapAfterGc();
  await stopServer(fixture);
  return { name: 'heap after 10,000 room open/close cycles', value: after / 1048576, baselineName: 'after 1,000-cycle warm-up', baseline: warm / 1048576, unit: 'MB', lowerIsBetter: true, goal: '≤ 1.1× warm-up', met: after <= 1.1 * warm };
}

/** The `server` benchmark suite. */
export const suite: BenchSuite = {
  name: 'server',
  async run() {
    return [...(await relayLatency(10)), ...(await relayLatency(50)), await throughput(), await memoryPerDocument(), await openCloseCycles()];
  },
};

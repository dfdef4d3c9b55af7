/**
 * The server at scale, each figure beside a baseline measured in the same
 * run. The servers run in processes of their own (bench/relay-process.ts);
 * the clients are raw sockets in this process that speak the y-websocket
 * sync protocol and keep a Y.Doc each.
 *
 * As lean as the stock server (`@y/websocket-server` 0.1.1: rooms in
 * memory, nothing stored), measured side by side:
 * - `rooms-rss`: resident memory with 1,000 rooms of 100 kB each open (a
 *   client in each, 10 s after the last write), and 30 s after every client
 *   left (beside the same
 *   process idle, and beside the stock server then);
 * - `throughput-1`: one writer sending 5,000 updates as fast as it can, one
 *   reader: updates per second until the reader holds them all;
 * - `converge-5`: five writers, 1,000 edits each, sent at once: time from
 *   the last send until every writer holds every edit.
 *
 * Scale-out, on a private PostgreSQL cluster (and Redis):
 * - `cross-process`: relay p50/p99 of an update from a writer on process A
 *   to 10 readers on process B, beside a writer and 10 readers on A alone
 *   (interleaved blocks, as the relay rows of the `server` suite), with
 *   NOTIFY and with Redis;
 * - `pg-throughput`: durable update throughput of 2 processes on
 *   PostgreSQL (20 writers split over them) beside 1 process on SQLite;
 * - `memory-pg`: memory per open document on PostgreSQL beside SQLite.
 *
 * `pnpm bench scale -- --only cross-process` runs one part.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import type { LabelSchema } from '@glossa/core';
import { GlossaServer } from '@glossa/server';
import { encodeUpdate } from '@glossa/server/internal';
import { hashPasswordSync, importDocuments, openData, type DataDir } from '@glossa/store';
import { startPostgres, startRedis, createTestDatabase, type PostgresService } from '../../packages/store/test/support/services.js';
import { part, percentile, type BenchResult, type BenchSuite } from '../harness.js';
import { BENCH_DATABASE_ENV, BENCH_DOCUMENTS_ENV, BENCH_REDIS_ENV } from '../relay-env.js';
import type { GlossaRelayReady, RelayReady } from '../relay-process.js';
import {
  MEASURED,
  RelayClients,
  WARM_UP,
  expectAlive,
  heapAfterGc,
  openSynced,
  relayInterleaved,
  residentMb,
  seedState,
  startRelayProcess,
  updateMessages,
  withRelayProcesses,
  type RelayProcess,
} from './server.bench.js';

const SCHEMA: LabelSchema = { version: 1, name: 'bench', textColor: '#000000', groups: [], labels: [], documentLabels: [] };

/** Applies the update of a y-websocket sync message (step 2 or update) to `doc`; other messages are ignored. */
function applySyncMessage(doc: Y.Doc, data: Buffer): void {
  let at = 0;
  const readVarUint = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = data[at++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return value;
    }
  };
  if (readVarUint() !== 0) return;
  const kind = readVarUint();
  if (kind !== 1 && kind !== 2) return;
  const length = readVarUint();
  Y.applyUpdate(doc, data.subarray(at, at + length));
}

/** A socket of a room on a relay: Glossa's with a token, the stock server's without. */
function roomSocket(ready: RelayReady, room: string, as: 'writer' | 'reader'): Promise<WebSocket> {
  if (ready.kind === 'raw') throw new Error('the bare relay has no rooms');
  if (ready.kind === 'stock') return openSynced(ready.syncUrl, room, '');
  return openSynced(ready.syncUrl, room, as === 'writer' ? ready.writerToken : ready.readerToken);
}

/** The room of document `i` a client writes `notes` into: Glossa's shared layer of the document, the stock server's room of that name. */
function writableRoom(ready: RelayReady, i: number): string {
  return ready.kind === 'stock' ? `bench/doc${i}` : `bench/doc${i}/layers/shared`;
}

/** A client's doc fed by `socket`, resolving `until` once `done(doc)` holds. */
function follow(socket: WebSocket, done: (doc: Y.Doc) => boolean): { doc: Y.Doc; until: Promise<void> } {
  const doc = new Y.Doc();
  const until = new Promise<void>((resolve) => {
    socket.on('message', (data: Buffer) => {
      applySyncMessage(doc, data);
      if (done(doc)) resolve();
    });
  });
  return { doc, until };
}

function clockOf(doc: Y.Doc, client: number): number {
  return Y.decodeStateVector(Y.encodeStateVector(doc)).get(client) ?? 0;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Rooms and bytes per room of `rooms-rss`. */
const ROOMS = 1_000;
const ROOM_BYTES = 100_000;

/** RSS with 1,000 rooms × 100 kB open, and 30 s after every client left; Glossa beside the stock server. */
async function roomsMemory(): Promise<BenchResult[]> {
  const text = 'x'.repeat(ROOM_BYTES);
  return withRelayProcesses(
    ['glossa', 'stock'],
    async (relays) => {
      await sleep(2000);
      const idle = relays.map((relay) => residentMb(relay.pid));
      const sockets: WebSocket[] = [];
      for (let start = 0; start < ROOMS; start += 50) {
        for (const relay of relays) {
          const opened = await Promise.all(Array.from({ length: Math.min(50, ROOMS - start) }, (_, k) => roomSocket(relay.ready, writableRoom(relay.ready, start + k), 'writer')));
          for (const socket of opened) {
            const doc = new Y.Doc();
            doc.on('update', (update: Uint8Array) => socket.send(encodeUpdate(update)));
            doc.getText('notes').insert(0, text);
            sockets.push(socket);
          }
        }
      }
      // The rooms at rest with their clients: what was sent is stored, and 10 s without a write (a pause in typing) have passed.
      await sleep(10_000);
      const open = relays.map((relay) => residentMb(relay.pid));
      for (const socket of sockets) socket.close();
      await sleep(30_000);
      const left = relays.map((relay) => residentMb(relay.pid));
      const [glossaIdle, stockIdle] = idle as [number, number];
      const [glossaOpen, stockOpen] = open as [number, number];
      const [glossaLeft, stockLeft] = left as [number, number];
      return [
        { name: `RSS with ${ROOMS.toLocaleString('en-US')} rooms × 100 kB open`, value: glossaOpen, baselineName: 'stock y-websocket server', baseline: stockOpen, unit: 'MB', lowerIsBetter: true, goal: '≤ stock server', met: glossaOpen <= stockOpen },
        { name: 'RSS 30 s after every client of those rooms left', value: glossaLeft, baselineName: 'the same process idle before', baseline: glossaIdle, unit: 'MB', lowerIsBetter: true, goal: '≤ 1.25× idle', met: glossaLeft <= 1.25 * glossaIdle },
        { name: 'RSS 30 s after every client of those rooms left', value: glossaLeft, baselineName: `stock y-websocket server (idle before: ${Math.round(stockIdle)} MB)`, baseline: stockLeft, unit: 'MB', lowerIsBetter: true },
      ];
    },
    { [BENCH_DOCUMENTS_ENV]: String(ROOMS) },
  );
}

/** Updates of `throughput-1`. */
const ONE_WRITER_UPDATES = 5_000;

/** Updates per second from one writer to one reader, until the reader holds them all. */
async function oneWriterRate(ready: RelayReady): Promise<number> {
  const room = writableRoom(ready, 0);
  const writer = await roomSocket(ready, room, 'writer');
  const reader = await roomSocket(ready, room, ready.kind === 'stock' ? 'writer' : 'reader');
  const source = new Y.Doc();
  const messages: Uint8Array[] = [];
  source.on('update', (update: Uint8Array) => messages.push(encodeUpdate(update)));
  for (let i = 0; i < ONE_WRITER_UPDATES; i++) source.getMap('annotations').set(`a${i}`, { label: 'militarization', start: i, end: i + 5 });
  const target = clockOf(source, source.clientID);
  const { until } = follow(reader, (doc) => clockOf(doc, source.clientID) >= target);
  const t0 = performance.now();
  for (const message of messages) writer.send(message);
  await until;
  const seconds = (performance.now() - t0) / 1000;
  writer.close();
  reader.close();
  return ONE_WRITER_UPDATES / seconds;
}

async function oneWriterThroughput(): Promise<BenchResult> {
  return withRelayProcesses(['glossa', 'stock'], async ([glossa, stock]) => {
    // Interleaved, three rounds on fresh rooms' worth of updates each: the best round of each.
    const rates: [number[], number[]] = [[], []];
    for (let round = 0; round < 3; round++) {
      rates[0].push(await oneWriterRate((glossa as RelayProcess).ready));
      rates[1].push(await oneWriterRate((stock as RelayProcess).ready));
    }
    const value = percentile(rates[0], 50);
    const baseline = percentile(rates[1], 50);
    return { name: `update throughput, one writer, one reader, ${ONE_WRITER_UPDATES.toLocaleString('en-US')} updates (durable; median of 3)`, value, baselineName: 'stock y-websocket server (not durable)', baseline, unit: 'updates/s', lowerIsBetter: false, goal: '≥ stock server', met: value >= baseline };
  });
}

/** Five writers, 1,000 edits each, at once: ms from the last send until every writer holds every edit. */
async function fiveWriters(ready: RelayReady): Promise<number> {
  const WRITERS = 5;
  const EDITS = 1_000;
  const room = writableRoom(ready, 0);
  const sockets = await Promise.all(Array.from({ length: WRITERS }, () => roomSocket(ready, room, 'writer')));
  const sources = sockets.map(() => new Y.Doc());
  const messages = sources.map((source) => {
    const out: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => out.push(encodeUpdate(update)));
    for (let i = 0; i < EDITS; i++) source.getMap('annotations').set(`${source.clientID}-${i}`, { label: 'prevention', start: i, end: i + 3 });
    return out;
  });
  const targets = sources.map((source) => [source.clientID, clockOf(source, source.clientID)] as const);
  const followers = sockets.map((socket, w) =>
    follow(socket, (doc) => targets.every(([client, clock], t) => t === w || clockOf(doc, client) >= clock)),
  );
  for (let i = 0; i < EDITS; i++) for (const [w, socket] of sockets.entries()) socket.send(messages[w]![i]!);
  const lastSend = performance.now();
  await Promise.all(followers.map((f) => f.until));
  const ms = performance.now() - lastSend;
  for (const socket of sockets) socket.close();
  return ms;
}

async function fiveWritersConvergence(): Promise<BenchResult> {
  return withRelayProcesses(['glossa', 'stock'], async ([glossa, stock]) => {
    const times: [number[], number[]] = [[], []];
    for (let round = 0; round < 3; round++) {
      times[0].push(await fiveWriters((glossa as RelayProcess).ready));
      times[1].push(await fiveWriters((stock as RelayProcess).ready));
    }
    const value = percentile(times[0], 50);
    const baseline = percentile(times[1], 50);
    return { name: 'five writers × 1,000 edits at once: converged after the last send (durable; median of 3)', value, baselineName: 'stock y-websocket server (not durable)', baseline, unit: 'ms', lowerIsBetter: true };
  });
}

/** A private PostgreSQL cluster for the scale-out parts, with a database of its own per call of `database`. */
async function withPostgres<T>(measure: (database: () => Promise<string>) => Promise<T>): Promise<T> {
  const service: PostgresService = await startPostgres();
  try {
    return await measure(async () => (await createTestDatabase(service.url)).url);
  } finally {
    await service.stop();
  }
}

/** Readers of `cross-process`. */
const CROSS_READERS = 10;

/** Relay p50/p99 from a writer on A to readers on B, beside writer and readers on A. */
async function crossProcessRelay(): Promise<BenchResult[]> {
  const redis = await startRedis();
  try {
    return await withPostgres(async (database) => {
      const results: BenchResult[] = [];
      for (const fanout of ['NOTIFY', 'Redis'] as const) {
        const env = { [BENCH_DATABASE_ENV]: await database(), [BENCH_DOCUMENTS_ENV]: '2', ...(fanout === 'Redis' ? { [BENCH_REDIS_ENV]: redis.url } : {}) };
        // A seeds the database; B starts on it once it is seeded.
        const a = await startRelayProcess('glossa-pg', env);
        let b: RelayProcess | undefined;
        try {
          b = await startRelayProcess('glossa-pg', env);
          const readyA = a.ready as GlossaRelayReady;
          const readyB = b.ready as GlossaRelayReady;
          const connect = async (writerOn: GlossaRelayReady, readersOn: GlossaRelayReady, room: string, relay: RelayProcess): Promise<RelayClients> => {
            const writer = await openSynced(writerOn.syncUrl, room, writerOn.writerToken);
            const readers = await Promise.all(Array.from({ length: CROSS_READERS }, () => openSynced(readersOn.syncUrl, room, readersOn.readerToken)));
            return new RelayClients(relay, writer, readers);
          };
          const cross = await connect(readyA, readyB, 'bench/doc0', b);
          const local = await connect(readyA, readyA, 'bench/doc1', a);
          await relayInterleaved([cross, local], updateMessages(WARM_UP + MEASURED / 2));
          cross.close();
          local.close();
          const name = (p: number): string => `relay latency p${p}, writer on process A, ${CROSS_READERS} readers on B (PostgreSQL, ${fanout})`;
          results.push(
            { name: name(50), value: percentile(cross.latencies, 50), baselineName: 'writer and readers on A', baseline: percentile(local.latencies, 50), unit: 'ms', lowerIsBetter: true },
            { name: name(99), value: percentile(cross.latencies, 99), baselineName: 'writer and readers on A', baseline: percentile(local.latencies, 99), unit: 'ms', lowerIsBetter: true },
          );
        } finally {
          await b?.stop().catch(() => undefined);
          await a.stop().catch(() => undefined);
        }
      }
      return results;
    });
  } finally {
    await redis.stop();
  }
}

/** Writers and updates per writer of `pg-throughput`. */
const PG_WRITERS = 20;
const PG_UPDATES = 500;

/** Updates per second of `PG_WRITERS` writers, each to its room, writer `i` on `relays[i % n]`, until a reader of each room (on the same process) holds them all. */
async function durableRate(relays: readonly RelayProcess[]): Promise<number> {
  const readies = relays.map((r) => r.ready as GlossaRelayReady);
  const clients = await Promise.all(
    Array.from({ length: PG_WRITERS }, async (_, i) => {
      const ready = readies[i % readies.length] as GlossaRelayReady;
      const room = `bench/doc${i}`;
      return { writer: await openSynced(ready.syncUrl, room, ready.writerToken), reader: await openSynced(ready.syncUrl, room, ready.readerToken) };
    }),
  );
  const work = clients.map(({ reader }) => {
    const source = new Y.Doc();
    const messages: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => messages.push(encodeUpdate(update)));
    for (let i = 0; i < PG_UPDATES; i++) source.getMap('annotations').set(`a${i}`, { label: 'militarization', start: i, end: i + 5 });
    const target = clockOf(source, source.clientID);
    return { messages, until: follow(reader, (doc) => clockOf(doc, source.clientID) >= target).until };
  });
  const t0 = performance.now();
  for (const [i, { writer }] of clients.entries()) for (const message of work[i]!.messages) writer.send(message);
  await Promise.all(work.map((w) => w.until));
  const seconds = (performance.now() - t0) / 1000;
  for (const { writer, reader } of clients) {
    writer.close();
    reader.close();
  }
  return (PG_WRITERS * PG_UPDATES) / seconds;
}

async function postgresThroughput(): Promise<BenchResult> {
  return withPostgres(async (database) => {
    const env = { [BENCH_DATABASE_ENV]: await database(), [BENCH_DOCUMENTS_ENV]: String(PG_WRITERS) };
    const a = await startRelayProcess('glossa-pg', env);
    let b: RelayProcess | undefined;
    let value: number;
    try {
      b = await startRelayProcess('glossa-pg', env);
      value = await durableRate([a, b]);
    } finally {
      await b?.stop().catch(() => undefined);
      await a.stop().catch(() => undefined);
    }
    const baseline = await withRelayProcesses(['glossa'], (relays) => durableRate(relays), { [BENCH_DOCUMENTS_ENV]: String(PG_WRITERS) });
    return { name: `durable update throughput, 2 processes on PostgreSQL, ${PG_WRITERS} writers × ${PG_UPDATES}`, value, baselineName: '1 process on SQLite', baseline, unit: 'updates/s', lowerIsBetter: false };
  });
}

/** Heap per open room of a server over `data` (200 rooms of the seed text and 50 annotations). */
async function heapPerRoom(data: DataDir): Promise<number> {
  const COUNT = 200;
  const server = new GlossaServer({ data, port: 0, unloadGraceMs: 0 });
  try {
    const sources = Array.from({ length: COUNT }, (_, i) => ({ name: `doc${i}.txt`, format: 'txt' as const, content: `Document ${i}.` }));
    const imported = await importDocuments(server.data, sources, { project: 'bench', mode: 'shared', schema: SCHEMA });
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    await server.users.addUser('writer', hashPasswordSync('writer-pw'));
    const state = seedState();
    await server.data.updates.appendBatch(Array.from({ length: COUNT }, (_, i) => ({ room: `bench/doc${i}/layers/shared`, update: state })));
    const before = heapAfterGc();
    const rooms = [];
    for (let i = 0; i < COUNT; i++) {
      const room = server.rooms.join(`bench/doc${i}/layers/shared`);
      await room.ready;
      rooms.push(room);
    }
    const perRoom = (heapAfterGc() - before) / COUNT;
    expectAlive(rooms);
    return perRoom;
  } finally {
    await server.stop();
  }
}

async function memoryOnPostgres(): Promise<BenchResult> {
  return withPostgres(async (database) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'glossa-bench-'));
    try {
      const sqlite = await heapPerRoom(await openData(dir));
      const postgres = await heapPerRoom(await openData(await database()));
      return { name: 'memory per open document (seed text + 50 annotations) on PostgreSQL', value: postgres / 1024, baselineName: 'on SQLite', baseline: sqlite / 1024, unit: 'KiB', lowerIsBetter: true, goal: 'within 10% of SQLite', met: postgres <= 1.1 * sqlite };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** The `scale` benchmark suite. */
export const suite: BenchSuite = {
  name: 'scale',
  async run() {
    return [
      ...(await part('throughput-1', () => oneWriterThroughput())),
      ...(await part('converge-5', () => fiveWritersConvergence())),
      ...(await part('rooms-rss', () => roomsMemory())),
      ...(await part('cross-process', () => crossProcessRelay())),
      ...(await part('pg-throughput', () => postgresThroughput())),
      ...(await part('memory-pg', () => memoryOnPostgres())),
    ];
  },
};

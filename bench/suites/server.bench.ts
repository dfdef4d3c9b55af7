/**
 * Sync server benchmarks, each beside a baseline measured in the same run:
 * (a) relay latency p50/p99 of an update from one client to 10, 50 and 200
 *     others on one document, against the stock `@y/websocket-server` 0.1.1
 *     (rooms in memory, no auth, no persistence) and a bare `ws` relay of
 *     the same messages (no auth, no validation, no storage), and the p99
 *     of the server with `fsync: true` beside the stock server (what
 *     surviving a power loss costs). Each relay runs in a child process of its own
 *     (bench/relay-process.ts), as a deployed server does, so the clients'
 *     work and garbage stay out of its event loop and heap; the clients stay
 *     in this process. The relays are measured interleaved: all of them are
 *     started and every client connected first, then each round sends a
 *     block of messages through the server, the same count through the bare
 *     relay and the same through the fsync server, one message at a time
 *     (the next is sent once every receiver has the last). So every relay
 *     sees the same stretch of a possibly noisy machine, and the ratio
 *     compares like with like. The first blocks warm every relay up and are
 *     not counted, nor are the first few messages of each block (a relay
 *     that sat idle while the others ran wakes up cold); 3,000 messages per
 *     relay keep the p99 from resting on a handful of them;
 * (a2) resident memory of an idle server process beside the stock server's;
 * (a3) `/api/health` latency while the server imports a 1 MB text of
 *     524,288 lines, beside the same server idle, and its resident memory
 *     5 s after the import beside before it;
 * (b) update throughput with the durable group commit (20 writers sending
 *     as fast as they can, every update committed before it is relayed),
 *     against appending the same updates one commit at a time;
 * (c) memory per open document (a loaded room: doc, awareness, bookkeeping)
 *     against a bare Y.Doc of the same content;
 * (d) heap after 10,000 open/close cycles of a room through real sockets,
 *     against the heap after a 1,000-cycle warm-up.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { LabelSchema } from '@glossa/core';
import { GlossaServer } from '@glossa/server';
import { encodeSyncStep1, encodeUpdate } from '@glossa/server/internal';
import { SqliteUpdateLog, hashPasswordSync, importDocuments } from '@glossa/store';
import { part, percentile, type BenchResult, type BenchSuite } from '../harness.js';
import type { GlossaRelayReady, RelayKind, RelayReady } from '../relay-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

export function heapAfterGc(): number {
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
  await server.users.addUser('writer', hashPasswordSync('writer-pw'));
  await server.users.setRole('writer', 'bench', 'admin');
  await server.users.addUser('reader', hashPasswordSync('reader-pw'));
  await server.users.setRole('reader', 'bench', 'viewer');
  const port = await server.start();
  return {
    server,
    dir,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    writer: (await server.tokens.issue('writer', 'api', null)).token,
    reader: (await server.tokens.issue('reader', 'api', null)).token,
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
export async function openSynced(syncUrl: string, room: string, token: string): Promise<WebSocket> {
  const socket = new WebSocket(`${syncUrl}/${room}?token=${token}`);
  socket.binaryType = 'nodebuffer';
  await new Promise<void>((resolve, reject) => {
    socket.once('message', () => resolve());
    socket.once('error', reject);
    socket.once('open', () => socket.send(encodeSyncStep1(new Uint8Array([0]))));
  });
  return socket;
}

/** Messages each relay relays before measuring (excluded), so that every relay and client is warmed up. */
export const WARM_UP = 200;

/** Messages sent through each relay after the warm-up; all but the first few of each block are measured. */
export const MEASURED = 3000;

/** Messages one relay relays in a row before the next relay takes its turn. */
export const BLOCK = 100;

/**
 * Messages at the start of each block that are not measured: a relay that
 * sat idle while the others took their turn wakes up cold, a cost of the
 * interleaving that falls hardest on the largest process, not a cost of
 * relaying.
 */
const BLOCK_WARM_UP = 5;

/** Longest wait for a relay process to print that it serves, or to stop once asked. */
const RELAY_PROCESS_TIMEOUT_MS = 30_000;

/** Longest wait for one block of messages to reach every receiver. */
const BLOCK_TIMEOUT_MS = 60_000;

/** Characters of a relay process's stderr kept for an error message. */
const MAX_STDERR_CHARS = 16_000;

const RELAY_SCRIPT = path.join(root, 'bench', 'relay-process.ts');

export function isUpdateMessage(data: Buffer): boolean {
  return data[0] === 0 && data[1] === 2;
}

export function updateMessages(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(encodeUpdate(u)));
  for (let i = 0; i < count; i++) doc.getMap('annotations').set(`a${i}`, { label: 'militarization', start: i, end: i + 5 });
  return out;
}

/** A relay running in a child process (bench/relay-process.ts). */
export interface RelayProcess {
  readonly kind: RelayKind;
  /** The process id, to read its resident memory. */
  readonly pid: number;
  /** What the relay printed once it served. */
  readonly ready: RelayReady;
  /** Rejects if the process ends before `stop()` is called. */
  readonly died: Promise<never>;
  /** Closes the process's stdin and waits until it exited; kills it if it does not exit in time. Throws if it did not exit cleanly. */
  stop(): Promise<void>;
}

function isRelayReady(value: unknown, kind: RelayKind): value is RelayReady {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.kind !== kind) return false;
  if (kind === 'raw') return typeof v.url === 'string';
  if (kind === 'stock') return typeof v.syncUrl === 'string' && typeof v.room === 'string';
  return ['syncUrl', 'room', 'writerToken', 'readerToken', 'dataDir'].every((key) => typeof v[key] === 'string');
}

/** Starts a relay in a child process, as a deployed server runs, and resolves once it serves. */
export async function startRelayProcess(kind: RelayKind, env: Readonly<Record<string, string>> = {}): Promise<RelayProcess> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', RELAY_SCRIPT, kind], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-MAX_STDERR_CHARS);
  });
  const failure = (what: string): Error => new Error(`relay process ${kind} ${what}; ${stderr.trim() === '' ? 'nothing on its stderr' : `its stderr:\n${stderr.trimEnd()}`}`);
  let stopping = false;
  const closed = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`could not run: ${error.message}`));
    child.once('close', (code, signal) => resolve(signal === null ? `exited with code ${code}` : `was ended by ${signal}`));
  });
  const died = closed.then((how): Promise<never> => {
    if (stopping) return new Promise<never>(() => undefined);
    throw failure(`${how} while serving`);
  });
  died.catch(() => undefined);
  // The relay removes its data directory when it stops; this one removes it when the relay could not.
  let dataDir: string | undefined;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    child.stdin.end();
    let timer: NodeJS.Timeout | undefined;
    const how = await Promise.race([closed, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), RELAY_PROCESS_TIMEOUT_MS)))]);
    clearTimeout(timer);
    if (how === 'exited with code 0') return;
    if (how === null) {
      child.kill('SIGKILL');
      await closed;
    }
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    throw failure(how === null ? `did not stop within ${RELAY_PROCESS_TIMEOUT_MS / 1000} s and was killed` : `${how} on stop`);
  };

  const lines = createInterface({ input: child.stdout });
  let timer: NodeJS.Timeout | undefined;
  try {
    const line = await Promise.race([
      new Promise<string>((resolve) => lines.once('line', resolve)),
      closed.then((how) => {
        throw failure(`${how} before it served`);
      }),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(failure(`did not serve within ${RELAY_PROCESS_TIMEOUT_MS / 1000} s`)), RELAY_PROCESS_TIMEOUT_MS))),
    ]);
    let ready: unknown;
    try {
      ready = JSON.parse(line);
    } catch {
      throw failure(`printed ${JSON.stringify(line)} instead of a JSON line saying where it serves`);
    }
    if (!isRelayReady(ready, kind)) throw failure(`printed ${line}, which is not a ${kind} relay's address and credentials`);
    if ('dataDir' in ready) dataDir = ready.dataDir;
    return { kind, pid: child.pid ?? 0, ready, died, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Starts one relay process of each kind and calls `measure` with them; every process is stopped afterwards, also when starting or measuring throws. */
export async function withRelayProcesses<T>(kinds: readonly RelayKind[], measure: (relays: readonly RelayProcess[]) => Promise<T>, env: Readonly<Record<string, string>> = {}): Promise<T> {
  const started = await Promise.allSettled(kinds.map((kind) => startRelayProcess(kind, env)));
  const relays = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  let result: T;
  try {
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    result = await measure(relays);
  } catch (error) {
    await Promise.allSettled(relays.map((relay) => relay.stop()));
    throw error;
  }
  for (const stopped of await Promise.allSettled(relays.map((relay) => relay.stop()))) {
    if (stopped.status === 'rejected') throw stopped.reason;
  }
  return result;
}

/** One writer and its receivers on one relay, measuring how long a message takes to reach every receiver. */
export class RelayClients {
  private readonly sockets: readonly WebSocket[];
  private sentAt = 0;
  private pending = 0;
  private delivered: () => void = () => undefined;
  private current: number[] = [];
  private closing = false;
  /** Latencies of the measured deliveries, in ms, one per message and receiver. */
  readonly latencies: number[] = [];
  /** Rejects if a socket closes or fails before `close()`. */
  readonly broken: Promise<never>;

  constructor(
    readonly relay: RelayProcess,
    private readonly sender: WebSocket,
    receivers: readonly WebSocket[],
  ) {
    this.sockets = [sender, ...receivers];
    for (const receiver of receivers) {
      receiver.on('message', (data: Buffer) => {
        if (!isUpdateMessage(data)) return;
        this.current.push(performance.now() - this.sentAt);
        if (--this.pending === 0) this.delivered();
      });
    }
    this.broken = new Promise<never>((_, reject) => {
      for (const socket of this.sockets) {
        socket.once('close', (code: number) => {
          if (!this.closing) reject(new Error(`a ${relay.kind} client's socket closed during the measurement (code ${code})`));
        });
        socket.on('error', (error: Error) => reject(new Error(`a ${relay.kind} client's socket failed: ${error.message}`)));
      }
    });
    this.broken.catch(() => undefined);
  }

  /** Sends each message and waits until every receiver has it before sending the next; keeps the latencies of those past the warm-up and the block's own first few (`first` is the index of the block's first message). */
  async relayBlock(messages: readonly Uint8Array[], first: number): Promise<void> {
    for (const [i, message] of messages.entries()) {
      this.current = [];
      await new Promise<void>((resolve) => {
        this.delivered = resolve;
        this.pending = this.sockets.length - 1;
        this.sentAt = performance.now();
        this.sender.send(message);
      });
      if (first + i >= WARM_UP && i >= BLOCK_WARM_UP) this.latencies.push(...this.current);
    }
  }

  /** Closes every socket. */
  close(): void {
    this.closing = true;
    for (const socket of this.sockets) socket.close();
  }
}

/** Connects one writer and `receivers` readers to a relay; Glossa's sockets are synced (the room is loaded), the bare relay's just open. */
async function connectClients(relay: RelayProcess, receivers: number): Promise<RelayClients> {
  const ready = relay.ready;
  const connect = (token: (r: GlossaRelayReady) => string): Promise<WebSocket> =>
    ready.kind === 'raw' ? open(ready.url) : ready.kind === 'stock' ? openSynced(ready.syncUrl, ready.room, '') : openSynced(ready.syncUrl, ready.room, token(ready));
  const sockets = await Promise.allSettled([connect((r) => r.writerToken), ...Array.from({ length: receivers }, () => connect((r) => r.readerToken))]);
  const opened = sockets.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = sockets.find((s) => s.status === 'rejected');
  if (failed !== undefined) {
    for (const socket of opened) socket.close();
    throw new Error(`could not connect the clients of the ${relay.kind} relay: ${String(failed.reason)}`);
  }
  const [sender, ...rest] = opened as [WebSocket, ...WebSocket[]];
  return new RelayClients(relay, sender, rest);
}

/** Runs the blocks of every relay in turn, round after round, so that each relay is measured across the same stretch of time. */
export async function relayInterleaved(all: readonly RelayClients[], messages: readonly Uint8Array[]): Promise<void> {
  const failed = Promise.race(all.flatMap((c) => [c.broken, c.relay.died]));
  for (let start = 0; start < messages.length; start += BLOCK) {
    const block = messages.slice(start, start + BLOCK);
    for (const clients of all) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the ${clients.relay.kind} relay did not deliver a block of ${block.length} messages within ${BLOCK_TIMEOUT_MS / 1000} s`)), BLOCK_TIMEOUT_MS)));
      try {
        await Promise.race([clients.relayBlock(block, start), failed, timeout]);
      } finally {
        clearTimeout(timer);
      }
    }
  }
}

async function relayLatency(receivers: number): Promise<BenchResult[]> {
  const messages = updateMessages(WARM_UP + MEASURED);
  const order: RelayKind[] = ['glossa', 'stock', 'raw', 'glossa-fsync'];
  const measured = await withRelayProcesses(order, async (relays) => {
    const connected = await Promise.allSettled(relays.map((relay) => connectClients(relay, receivers)));
    const all = connected.flatMap((c) => (c.status === 'fulfilled' ? [c.value] : []));
    try {
      for (const c of connected) if (c.status === 'rejected') throw c.reason;
      await relayInterleaved(all, messages);
      return new Map(all.map((clients) => [clients.relay.kind, clients.latencies]));
    } finally {
      for (const clients of all) clients.close();
    }
  });
  const glossa = measured.get('glossa') ?? [];
  const fsync = measured.get('glossa-fsync') ?? [];
  const stock = measured.get('stock') ?? [];
  const raw = measured.get('raw') ?? [];
  const p99 = percentile(glossa, 99);
  const stockP99 = percentile(stock, 99);
  return [
    { name: `relay latency p50, ${receivers} clients (durable)`, value: percentile(glossa, 50), baselineName: 'stock y-websocket server (not durable)', baseline: percentile(stock, 50), unit: 'ms', lowerIsBetter: true },
    { name: `relay latency p99, ${receivers} clients (durable)`, value: p99, baselineName: 'stock y-websocket server (not durable)', baseline: stockP99, unit: 'ms', lowerIsBetter: true, goal: '≤ stock server', met: p99 <= stockP99 },
    { name: `relay latency p99, ${receivers} clients (durable)`, value: p99, baselineName: 'bare ws relay', baseline: percentile(raw, 99), unit: 'ms', lowerIsBetter: true },
    { name: `relay latency p99, ${receivers} clients (--fsync)`, value: percentile(fsync, 99), baselineName: 'stock y-websocket server (not durable)', baseline: stockP99, unit: 'ms', lowerIsBetter: true },
  ];
}

/** The resident set size of process `pid` in MB, from /proc (Linux). */
export function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return kb / 1024;
}

/** Resident memory of an idle server process (started, one document, no client) beside the stock server's. */
async function idleMemory(): Promise<BenchResult> {
  const [glossa, stock] = await withRelayProcesses(['glossa', 'stock'], async (relays) => {
    // Let start-up garbage settle in both processes alike.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    return relays.map((relay) => residentMb(relay.pid));
  });
  const value = glossa ?? Number.NaN;
  const baseline = stock ?? Number.NaN;
  return { name: 'RSS idle (started, no client)', value, baselineName: 'stock y-websocket server', baseline, unit: 'MB', lowerIsBetter: true, goal: '≤ 1.5× stock server', met: value <= 1.5 * baseline };
}

/** Lines of the large import: short lines, each a paragraph (a Yjs element and its text). */
const IMPORT_LINES = 524_288;

/** Answers `GET /api/health` and resolves with how long the answer took, in ms. */
async function healthLatency(baseUrl: string): Promise<number> {
  const t0 = performance.now();
  const response = await fetch(`${baseUrl}/api/health`);
  await response.arrayBuffer();
  return performance.now() - t0;
}

/**
 * `/api/health` latency (p99) while the server imports a 1 MB text of
 * 524,288 short lines through the REST API, beside its latency on the
 * same idle server just before; and the server's resident memory 5 s after
 * the import beside the memory before it.
 */
async function healthDuringImport(): Promise<BenchResult[]> {
  return withRelayProcesses(['glossa'], async ([relay]) => {
    if (relay === undefined || relay.ready.kind !== 'glossa') throw new Error('no Glossa relay');
    const { syncUrl, writerToken } = relay.ready;
    const baseUrl = syncUrl.replace(/^ws:/, 'http:').replace(/\/sync$/, '');
    const idle: number[] = [];
    for (let i = 0; i < 300; i++) idle.push(await healthLatency(baseUrl));
    const before = residentMb(relay.pid);
    const text = Array.from({ length: IMPORT_LINES }, (_, i) => String(i % 10)).join('\n');
    let importing = true;
    const imported = fetch(`${baseUrl}/api/projects/bench/import?name=lines.txt`, { method: 'POST', headers: { Authorization: `Bearer ${writerToken}`, 'Content-Type': 'text/plain' }, body: text })
      .then(async (response) => {
        if (response.status !== 201) throw new Error(`the import answered ${response.status}: ${await response.text()}`);
      })
      .finally(() => (importing = false));
    const during: number[] = [];
    while (importing) during.push(await healthLatency(baseUrl));
    await imported;
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const after = residentMb(relay.pid);
    const p99 = percentile(during, 99);
    return [
      { name: `/api/health p99 during an import of ${IMPORT_LINES.toLocaleString('en-US')} lines (1 MB), ${during.length} requests`, value: p99, baselineName: 'the same server idle', baseline: percentile(idle, 99), unit: 'ms', lowerIsBetter: true, goal: '≤ 50 ms', met: p99 <= 50 },
      { name: 'RSS 5 s after that import', value: after, baselineName: 'before the import', baseline: before, unit: 'MB', lowerIsBetter: true, goal: '≤ 1.25× before', met: after <= 1.25 * before },
    ];
  });
}

async function throughput(): Promise<BenchResult> {
  const WRITERS = 20;
  const PER_WRITER = 500;
  const fixture = await startServer(WRITERS);
  const writers = await Promise.all(Array.from({ length: WRITERS }, (_, i) => openSynced(fixture.syncUrl, `bench/doc${i}`, fixture.writer)));
  const perWriter = writers.map(() => updateMessages(PER_WRITER));
  let stored = 0;
  const allStored = new Promise<void>((resolve) => {
    (fixture.server.options.hooks as { onChange?: () => void }).onChange = () => {
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
  const store = SqliteUpdateLog.open(path.join(dir, 'glossa.db'));
  const updates = perWriter.flatMap((messages, i) => messages.slice(0, 100).map((m) => ({ room: `bench/doc${i}`, update: m.subarray(3) })));
  const b0 = performance.now();
  for (const { room, update } of updates) await store.append(room, update);
  const baselineRate = updates.length / ((performance.now() - b0) / 1000);
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  const rate = (WRITERS * PER_WRITER) / seconds;
  return { name: `update throughput, ${WRITERS} writers, durable group commit`, value: rate, baselineName: 'one commit per update', baseline: baselineRate, unit: 'updates/s', lowerIsBetter: false, goal: '≥ 5,000 updates/s', met: rate >= 5000 };
}

export function seedState(): Uint8Array {
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
  await fixture.server.data.updates.appendBatch(Array.from({ length: ROOMS }, (_, i) => ({ room: `bench/doc${i}/layers/shared`, update: state })));
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
export function expectAlive(...values: unknown[][]): void {
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
    return [
      ...(await part('relay-10', () => relayLatency(10))),
      ...(await part('relay-50', () => relayLatency(50))),
      ...(await part('relay-200', () => relayLatency(200))),
      ...(await part('rss-idle', () => idleMemory())),
      ...(await part('health-import', () => healthDuringImport())),
      ...(await part('throughput-20', () => throughput())),
      ...(await part('memory-per-document', () => memoryPerDocument())),
      ...(await part('open-close', () => openCloseCycles())),
    ];
  },
};

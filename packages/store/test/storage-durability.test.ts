/**
 * Durability across a SIGKILL and compaction racing other writers, with a
 * real child process appending to the same SQLite file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteUpdateLog, type CompactionPlan } from '../src/sqlite/update-log.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const sqliteModule = pathToFileURL(path.join(here, '../src/sqlite/update-log.ts')).href;

/**
 * How long either process waits for the other's write lock. A loaded machine
 * can hold a commit (and its fsync) for seconds; waiting is correct, failing
 * with SQLITE_BUSY would be a false alarm.
 */
const LOCK_WAIT_MS = 120_000;

/**
 * The child: appends the updates of `updates.bin` (each prefixed by its
 * length, uint32 LE) one at a time, printing `ack i` once append i resolved.
 * It appends on command from stdin: `append K` appends the next K updates,
 * `run` appends all the rest without waiting.
 */
const CHILD_SOURCE = `
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { SqliteUpdateLog } from ${JSON.stringify(sqliteModule)};
const [file, room, updatesFile] = process.argv.slice(2);
const bytes = readFileSync(updatesFile);
const store = SqliteUpdateLog.open(file, { busyTimeoutMs: ${LOCK_WAIT_MS} });
let at = 0;
let i = 0;
async function appendNext() {
  const length = bytes.readUInt32LE(at);
  const update = bytes.subarray(at + 4, at + 4 + length);
  at += 4 + length;
  await store.append(room, update);
  process.stdout.write('ack ' + i++ + '\\n');
}
for await (const line of createInterface({ input: process.stdin })) {
  const [command, count] = line.split(' ');
  if (command === 'append') for (let k = 0; k < Number(count); k++) await appendNext();
  if (command === 'run') while (at < bytes.length) await appendNext();
}
await store.close();
`;

let dir: string;
let children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'glossa-durability-'));
  writeFileSync(path.join(dir, 'append-child.mjs'), CHILD_SOURCE);
});

afterEach(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children = [];
  rmSync(dir, { recursive: true, force: true });
});

/** Updates that push 0, 1, 2, … onto the array `log` of one doc, as a length-prefixed file. */
function writeUpdates(count: number): string {
  const doc = new Y.Doc();
  const chunks: Buffer[] = [];
  doc.on('update', (u: Uint8Array) => {
    const length = Buffer.alloc(4);
    length.writeUInt32LE(u.length);
    chunks.push(length, Buffer.from(u));
  });
  for (let i = 0; i < count; i++) doc.getArray('log').push([i]);
  const file = path.join(dir, 'updates.bin');
  writeFileSync(file, Buffer.concat(chunks));
  return file;
}

/** A child process appending to `file`, and its acknowledgments as they arrive. */
interface Appender {
  readonly child: ChildProcess;
  /** Resolves with the next acknowledged index. */
  nextAck(): Promise<number>;
  /** Sends a command (`append K` or `run`) to the child. */
  send(command: string): void;
  /** Resolves once the child was killed by SIGKILL; rejects if it exits otherwise. */
  readonly killed: Promise<void>;
}

function startAppender(file: string, room: string, updates: string): Appender {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', path.join(dir, 'append-child.mjs'), file, room, updates], {
    cwd: repo,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killed = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`appender exited with ${code ?? signal} before it was killed: ${stderr}`));
    });
  });
  killed.catch(() => undefined);
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return {
    child,
    killed,
    send: (command) => void child.stdin!.write(command + '\n'),
    async nextAck() {
      const next = await Promise.race([lines.next(), killed.then(() => ({ done: true as const, value: undefined }))]);
      const match = next.done ? null : /^ack (\d+)$/.exec(next.value);
      if (!match) throw new Error(`expected an acknowledgment, got ${next.done ? 'the end of output' : JSON.stringify(next.value)}`);
      return Number(match[1]);
    },
  };
}

function loggedIndices(state: Uint8Array | null): number[] {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return doc.getArray<number>('log').toArray();
}

/** `[0, 1, …, n - 1]`. */
function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

describe('durability', () => {
  it('keeps every acknowledged append after a SIGKILL right after the Nth acknowledgment', async () => {
    const file = path.join(dir, 'crash.db');
    const N = 200;
    const appender = startAppender(file, 'p/doc', writeUpdates(N + 2000));
    appender.send('run');
    for (let expected = 0; expected < N; expected++) expect(await appender.nextAck()).toBe(expected);
    appender.child.kill('SIGKILL');
    await appender.killed;
    const store = SqliteUpdateLog.open(file);
    try {
      const log = loggedIndices(await store.load('p/doc'));
      // All N acknowledged appends are there, with no gap; appends in flight may have landed too.
      expect(log.length).toBeGreaterThanOrEqual(N);
      expect(log).toEqual(range(log.length));
    } finally {
      await store.close();
    }
  });

  it('loses no update when compaction runs while another process appends', async () => {
    // The child appends bursts while the parent compacts. How the two
    // interleave depends on the machine's load; the assertions hold for every
    // interleaving: they check what compaction guarantees, not how fast either side is.
    const file = path.join(dir, 'race.db');
    const room = 'p/doc';
    const rounds = 30;
    const burst = 6;
    const appender = startAppender(file, room, writeUpdates(2 + rounds * burst));
    const parent = SqliteUpdateLog.open(file, { busyTimeoutMs: LOCK_WAIT_MS });
    const rowsUpTo = parent.db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM updates WHERE room = ? AND id <= ?');
    const rowsAfter = parent.db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM updates WHERE room = ? AND id > ?');
    const rowsWith = parent.db.prepare<[string, Uint8Array], { n: number }>('SELECT count(*) AS n FROM updates WHERE room = ? AND data = ?');
    /** Row counts read in one snapshot, so rows the child commits meanwhile cannot skew them. */
    const countsAround = parent.db.transaction((maxId: number, merged: Uint8Array) => ({
      upTo: rowsUpTo.get(room, maxId)?.n ?? -1,
      after: rowsAfter.get(room, maxId)?.n ?? -1,
      snapshot: rowsWith.get(room, merged)?.n ?? -1,
      total: parent.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM updates WHERE room = ?').get(room)?.n ?? -1,
    }));
    try {
      let acked = -1;
      const nextAckInOrder = async (): Promise<void> => expect(await appender.nextAck()).toBe(++acked);
      appender.send('append 2');
      await nextAckInOrder();
      await nextAckInOrder();
      for (let round = 0; round < rounds; round++) {
        appender.send(`append ${burst}`);
        // One append of the burst is committed; the others may land before, during or after the compaction.
        await nextAckInOrder();
        const plan = parent.planCompaction(room);
        expect(plan).not.toBeNull();
        const merged = loggedIndices(plan!.merged);
        expect(merged).toEqual(range(merged.length));
        expect(merged.length).toBeGreaterThanOrEqual(acked + 1);
        // Nobody else compacts or deletes, so the rows the plan merged are still there.
        expect(parent.commitCompaction(plan!)).toBe(true);
        const counts = countsAround(plan!.maxId, plan!.merged);
        // Every merged row is replaced by the one snapshot (a new row, so its id is above the plan's);
        // rows appended since the plan are kept beside it.
        expect(counts.upTo).toBe(0);
        expect(counts.snapshot).toBe(1);
        expect(counts.total).toBe(counts.after);
        // At most the rest of this burst was appended after the plan was read.
        expect(counts.total - 1).toBeLessThanOrEqual(burst - 1);
        const log = loggedIndices(await parent.load(room));
        expect(log).toEqual(range(log.length));
        expect(log.length).toBeGreaterThanOrEqual(acked + 1);
        for (let k = 1; k < burst; k++) await nextAckInOrder();
      }
      appender.child.kill('SIGKILL');
      await appender.killed;
      // Every requested append was acknowledged before the kill; all are there, once, in order.
      expect(loggedIndices(await parent.load(room))).toEqual(range(2 + rounds * burst));
      expect(acked + 1).toBe(2 + rounds * burst);
      expect(await parent.updateCount(room)).toBeLessThanOrEqual(burst);
    } finally {
      await parent.close();
    }
  });

  it('keeps the appends another process commits between the two steps of a compaction', async () => {
    const file = path.join(dir, 'steps.db');
    const room = 'p/doc';
    const appender = startAppender(file, room, writeUpdates(200));
    const parent = SqliteUpdateLog.open(file, { busyTimeoutMs: LOCK_WAIT_MS });
    try {
      let acked = -1;
      const appendInChild = async (count: number): Promise<void> => {
        appender.send(`append ${count}`);
        for (let k = 0; k < count; k++) expect(await appender.nextAck()).toBe(++acked);
      };
      await appendInChild(2);
      for (let round = 0; round < 30; round++) {
        // Step 1 reads and merges; the child commits more updates; step 2 must keep them.
        const plan = parent.planCompaction(room);
        expect(plan).not.toBeNull();
        expect(loggedIndices(plan!.merged)).toEqual(range(acked + 1));
        await appendInChild(1 + (round % 3));
        expect(parent.commitCompaction(plan!)).toBe(true);
        expect(loggedIndices(await parent.load(room))).toEqual(range(acked + 1));
        expect(await parent.updateCount(room)).toBe(2 + (round % 3));
      }
      appender.child.kill('SIGKILL');
      await appender.killed;
      expect(loggedIndices(await parent.load(room))).toEqual(range(acked + 1));
    } finally {
      await parent.close();
    }
  });

  it('loses no update under any interleaving of appends on two connections and two-step compactions', async () => {
    type Step = { kind: 'append'; connection: 0 | 1 } | { kind: 'plan'; connection: 0 | 1 } | { kind: 'commit'; connection: 0 | 1 } | { kind: 'compact'; connection: 0 | 1 };
    const connection = fc.constantFrom<0 | 1>(0, 1);
    const step: fc.Arbitrary<Step> = fc.oneof(
      { weight: 4, arbitrary: connection.map((c): Step => ({ kind: 'append', connection: c })) },
      { weight: 1, arbitrary: connection.map((c): Step => ({ kind: 'plan', connection: c })) },
      { weight: 1, arbitrary: connection.map((c): Step => ({ kind: 'commit', connection: c })) },
      { weight: 1, arbitrary: connection.map((c): Step => ({ kind: 'compact', connection: c })) },
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), async (steps) => {
        const file = path.join(dir, `property-${run++}.db`);
        const stores = [SqliteUpdateLog.open(file, { synchronous: 'OFF' }), SqliteUpdateLog.open(file, { synchronous: 'OFF' })] as const;
        try {
          const source = new Y.Doc();
          let last: Uint8Array | undefined;
          source.on('update', (u: Uint8Array) => (last = u));
          const plans: (CompactionPlan | null)[] = [null, null];
          let appended = 0;
          for (const s of steps) {
            const store = stores[s.connection];
            if (s.kind === 'append') {
              source.getArray('log').push([appended++]);
              await store.append('p/d', last!);
            } else if (s.kind === 'plan') {
              plans[s.connection] = store.planCompaction('p/d');
            } else if (s.kind === 'commit') {
              const plan = plans[s.connection];
              if (plan) store.commitCompaction(plan);
              plans[s.connection] = null;
            } else {
              const plan = store.planCompaction('p/d');
              if (plan) store.commitCompaction(plan);
            }
          }
          const state = await stores[0].load('p/d');
          expect(loggedIndices(state)).toEqual(range(appended));
        } finally {
          stores[0].db.close();
          stores[1].db.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});

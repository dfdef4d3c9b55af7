/**
 * Storage: what durability costs on SQLite and what group commit wins back.
 *
 * - Durable single appends (WAL, synchronous=FULL, each append committed
 *   before the next) against the same appends with synchronous=OFF and
 *   against all of them in one transaction.
 * - Group commit (`appendBatch` of 100, synchronous=FULL) against durable
 *   single appends.
 *
 * The updates are the real Yjs updates of typing a text one character at a
 * time (a fixed seed picks the characters and positions).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { SqliteUpdateLog, type SqliteSynchronous } from '@glossa/store';
import { seededRandom, type BenchResult, type BenchSuite } from '../harness.js';

const ROOM = 'bench/doc';
const BATCH = 100;
/** Minimum measuring time per figure, in milliseconds. */
const MEASURE_MS = 1500;

function typingUpdates(count: number): Uint8Array[] {
  const random = seededRandom(7);
  const doc = new Y.Doc();
  const text = doc.getText('t');
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) text.insert(Math.floor(random() * (text.length + 1)), String.fromCharCode(97 + Math.floor(random() * 26)));
  return updates;
}

interface Workload {
  readonly updates: readonly Uint8Array[];
  readonly dir: string;
}

/** Appends for at least `MEASURE_MS` in a fresh database and returns updates per second. */
async function throughput(work: Workload, name: string, synchronous: SqliteSynchronous, write: (store: SqliteUpdateLog, batch: readonly Uint8Array[]) => Promise<void>, batchSize: number): Promise<number> {
  const store = SqliteUpdateLog.open(path.join(work.dir, `${name}.db`), { synchronous });
  try {
    let written = 0;
    let next = 0;
    const start = performance.now();
    while (performance.now() - start < MEASURE_MS) {
      const batch = work.updates.slice(next, next + batchSize);
      next = (next + batchSize) % (work.updates.length - batchSize);
      await write(store, batch);
      written += batch.length;
    }
    return written / ((performance.now() - start) / 1000);
  } finally {
    await store.close();
  }
}

async function singleAppends(store: SqliteUpdateLog, batch: readonly Uint8Array[]): Promise<void> {
  for (const update of batch) await store.append(ROOM, update);
}

async function groupCommit(store: SqliteUpdateLog, batch: readonly Uint8Array[]): Promise<void> {
  await store.appendBatch(batch.map((update) => ({ room: ROOM, update })));
}

async function oneTransaction(store: SqliteUpdateLog, batch: readonly Uint8Array[]): Promise<void> {
  store.transaction(() => store.insertRows(batch.map((update) => ({ room: ROOM, update }))));
  return Promise.resolve();
}

/** The storage benchmark suite. */
export const suite: BenchSuite = {
  name: 'storage',
  async run(): Promise<readonly BenchResult[]> {
    const dir = mkdtempSync(path.join(tmpdir(), 'glossa-bench-storage-'));
    try {
      const work: Workload = { updates: typingUpdates(20_000), dir };
      const durable = await throughput(work, 'full', 'FULL', singleAppends, 1);
      const unsynced = await throughput(work, 'off', 'OFF', singleAppends, 1);
      const bulk = await throughput(work, 'bulk', 'FULL', oneTransaction, 10_000);
      const grouped = await throughput(work, 'grouped', 'FULL', groupCommit, BATCH);
      const unit = 'updates/s';
      return [
        {
          name: 'durable append (FULL, one commit each) vs synchronous=OFF',
          value: durable,
          baselineName: 'synchronous=OFF',
          baseline: unsynced,
          unit,
          lowerIsBetter: false,
        },
        {
          name: 'durable append (FULL, one commit each) vs one transaction',
          value: durable,
          baselineName: 'one transaction of 10k',
          baseline: bulk,
          unit,
          lowerIsBetter: false,
        },
        {
          name: `group commit (appendBatch of ${BATCH}, FULL)`,
          value: grouped,
          baselineName: 'durable single appends',
          baseline: durable,
          unit,
          lowerIsBetter: false,
          goal: '≥ 10× single appends',
          met: grouped >= 10 * durable,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

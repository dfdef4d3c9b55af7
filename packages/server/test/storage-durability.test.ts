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
import { SqliteStore, type CompactionPlan } from '../src/storage/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const sqliteModule = pathToFileURL(path.join(here, '../src/storage/sqlite.ts')).href;

/**
 * The child: appends update i (pushing i onto the array `log`) forever, and
 * prints `ack i` once each append has resolved.
 */
const CHILD_SOURCE = `
import * as Y from 'yjs';
import { SqliteStore } from ${JSON.stringify(sqliteModule)};
const [file, room] = process.argv.slice(2);
const store = SqliteStore.open(file);
const doc = new Y.Doc();
let pending;
doc.on('update', (u) => { pending = u; });
for (let i = 0; ; i++) {
  doc.getArray('log').push([i]);
  await store.append(room, pending);
  process.stdout.write('ack ' + i + '\\n');
}
`;

let dir: string;
let childFile: string;
let children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'glossa-durability-'));
  // The child script imports yjs, so it lives where Node resolves the server's dependencies.
  childFile = path.join(here, `.append-child-${process.pid}-${Date.now()}.mjs`);
  writeFileSync(childFile, CHILD_SOURCE);
});

afterEach(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children = [];
  rmSync(childFile, { force: true });
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the appending child and calls `onAck` with each acknowledged index. */
function startAppender(file: string, room: string, onAck: (index: number, child: ChildProcess) => void): { child: ChildProcess; exited: Promise<void> } {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', childFile, file, room], {
    cwd: here,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`appender exited with ${code ?? signal}: ${stderr}`));
    });
  });
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    const match = /^ack (\d+)$/.exec(line);
    if (match) onAck(Number(match[1]), child);
  });
  return { child, exited };
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
    let acked = -1;
    const { exited } = startAppender(file, 'p/doc', (index, child) => {
      acked = Math.max(acked, index);
      if (index === N - 1) child.kill('SIGKILL');
    });
    await exited;
    expect(acked).toBeGreaterThanOrEqual(N - 1);
    const store = SqliteStore.open(file);
    try {
      const log = loggedIndices(await store.load('p/doc'));
      // Everything acknowledged is there, in order; at most the append in flight is extra.
      expect(log.slice(0, acked + 1)).toEqual(range(acked + 1));
      expect(log.length - (acked + 1)).toBeLessThanOrEqual(1);
    } finally {
      await store.close();
    }
  });

  it('loses no update when compaction runs while another process appends', async () => {
    const file = path.join(dir, 'race.db');
    const room = 'p/doc';
    const parent = SqliteStore.open(file);
    let acked = -1;
    let compactions = 0;
    let compactionError: unknown;
    const { exited } = startAppender(file, room, (index, child) => {
      acked = Math.max(acked, index);
      if (index % 7 === 3 && compactions < 40) {
        // Compact in the parent's connection, in two steps with the child appending in between.
        try {
          const plan = parent.planCompaction(room);
          if (plan) {
            compactions++;
            setImmediate(() => {
              try {
                parent.commitCompaction(plan);
              } catch (error) {
                compactionError = error;
              }
            });
          }
        } catch (error) {
          compactionError = error;
        }
      }
      if (compactions >= 40 && index >= 400) child.kill('SIGKILL');
    });
    await exited;
    expect(compactionError).toBeUndefined();
    try {
      const log = loggedIndices(await parent.load(room));
      expect(log.slice(0, acked + 1)).toEqual(range(acked + 1));
      expect(await parent.updateCount(room)).toBeLessThan(acked + 1);
    } finally {
      await parent.close();
    }
  });

  it('loses no update under any interleaving of appends on two connections and two-step compactions', () => {
    type Step = { kind: 'append'; connection: 0 | 1 } | { kind: 'plan'; connection: 0 | 1 } | { kind: 'commit'; connection: 0 | 1 } | { kind: 'compact'; connection: 0 | 1 };
    const connection = fc.constantFrom<0 | 1>(0, 1);
    const step: fc.Arbitrary<Step> = fc.oneof(
      { weight: 4, arbitrary: connection.map((c): Step => ({ kind: 'append', connection: c })) },
      { weight: 1, arbitrary: connection.map((c): Step => ({ kind: 'plan', connection: c })) },
      { weight: 1, arbitrary: connection.map((c): Step => ({ kind: 'commit', connection: c })) },
      { weight: 1, arbitrary: connection.map((c): Step => ({ kind: 'compact', connection: c })) },
    );
    let run = 0;
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const file = path.join(dir, `property-${run++}.db`);
        const stores = [SqliteStore.open(file, { synchronous: 'OFF' }), SqliteStore.open(file, { synchronous: 'OFF' })] as const;
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
              store.appendSync('p/d', last!);
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
          const state = stores[0].loadSync('p/d');
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

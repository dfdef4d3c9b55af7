/**
 * Acceptance: `glossa serve` stops on SIGTERM or SIGINT within five seconds
 * while clients are connected and writing, and nothing a client saw relayed
 * is missing from storage afterwards.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { GlossaServer } from '@glossa/server';
import { hashPasswordSync, importDocuments, openDataDir } from '@glossa/store';
import { TEST_SCHEMA, connectClient, until, type TestClient } from '../packages/server/test/support/server-harness.js';
import { spawnServe } from '../packages/cli/test/support/spawn-glossa.js';

const ROOM = 'team/d1/layers/shared';
/** The promise of `glossa serve`: stopped within this many milliseconds of the signal. */
const EXIT_DEADLINE_MS = 5000;

let dir: string;
let child: ChildProcess | undefined;
const clients: TestClient[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'glossa-shutdown-'));
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** Creates the project, a user and an API token in the data directory, then closes it. */
async function prepareDataDir(): Promise<string> {
  const server = new GlossaServer({ dataDir: dir, port: 0 });
  try {
    const imported = await importDocuments(server.data, [{ name: 'd1.txt', format: 'txt', content: 'Some text.' }], { project: 'team', mode: 'shared', schema: TEST_SCHEMA });
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    await server.users.addUser('writer', hashPasswordSync('writer-pw'));
    await server.users.setRole('writer', 'team', 'admin');
    return (await server.tokens.issue('writer', 'api', null)).token;
  } finally {
    await server.stop();
  }
}

/** Spawns `glossa serve --port 0` and resolves with its sync URL once it listens. */
function spawnServeProcess(): Promise<string> {
  const serve = spawnServe(dir);
  child = serve.child;
  return serve.listening;
}

/** Resolves with the exit code once the child exits; rejects when the deadline passes first. */
function exitBefore(process: ChildProcess, deadlineMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`glossa serve was still running ${deadlineMs} ms after the signal`)), deadlineMs);
    process.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Makes a client write an annotation after every tick until `stop` is called. */
function keepWriting(client: TestClient, name: string): () => void {
  let running = true;
  let i = 0;
  const write = (): void => {
    if (!running) return;
    client.doc.getMap('annotations').set(`${name}-${i++}`, i);
    setImmediate(write);
  };
  write();
  return () => {
    running = false;
  };
}

describe('glossa serve on a signal', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('exits within five seconds on %s with clients connected and writing', async (signal) => {
    const token = await prepareDataDir();
    const syncUrl = await spawnServeProcess();
    const writers = Array.from({ length: 4 }, () => connectClient(syncUrl, ROOM, token));
    const observer = connectClient(syncUrl, ROOM, token);
    clients.push(...writers, observer);
    await Promise.all([...writers, observer].map((c) => c.synced));
    const stops = writers.map((w, i) => keepWriting(w, `w${i}`));
    const observed = observer.doc.getMap('annotations');
    await until(observer.doc, () => observed.size >= 200, 'relayed updates before the signal');

    const exited = exitBefore(child as ChildProcess, EXIT_DEADLINE_MS);
    (child as ChildProcess).kill(signal);
    const code = await exited;
    for (const stop of stops) stop();
    expect(code).toBe(0);

    // Everything the observer saw relayed was committed before it was relayed.
    const seen = [...observed.keys()];
    for (const c of clients.splice(0)) c.destroy();
    const data = openDataDir(dir, { create: false });
    try {
      const stored = new Y.Doc();
      const state = await data.updates.load(ROOM);
      if (state !== null) Y.applyUpdate(stored, state);
      const storedKeys = new Set(stored.getMap('annotations').keys());
      expect(seen.length).toBeGreaterThanOrEqual(200);
      expect(seen.filter((key) => !storedKeys.has(key))).toEqual([]);
    } finally {
      await data.close();
    }
  });
});

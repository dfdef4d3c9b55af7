/**
 * Acceptance: several `glossa serve --database` processes on one PostgreSQL
 * database, stock y-websocket clients spread over them in one room. Every
 * process commits before it relays, notifies the others (NOTIFY, or Redis
 * pub/sub with `--redis`: each suite runs both ways), and the others read
 * the committed rows after the last id they have seen: the
 * clients converge, the database holds every update any client received,
 * through a SIGKILL of a process, a restart of PostgreSQL and a cut of a
 * process's listening connection; a revocation closes the credential's
 * sockets on every process within a second.
 */
import { mkdtempSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '@glossa/server';
import { openData } from '@glossa/store';
import { connectClient, type TestClient } from '../packages/server/test/support/server-harness.js';
import { createTestDatabase, freePort, sharedRedisUrl, startPostgres, startRedis, terminateConnections, type PostgresService, type RedisService, type TestDatabase } from '../packages/store/test/support/services.js';
import { spawnGlossa } from '../packages/cli/test/support/spawn-glossa.js';
import { converged, killProcess, seedDatabase, spawnProcess, startBalancer, type Balancer, type ClusterProcess } from './support/cluster.js';
import { seedFromEnvironment, seededRandom } from './support/seeded.js';
import { burst, edit, expectIdentical, storedState } from './support/cluster-edits.js';

const ROOM = 'team/d1/layers/shared';
// Users who may write the shared layer of the shared project `team`.
const WRITERS = ['alice', 'bob', 'ada', 'root'];

const processes: ClusterProcess[] = [];
const clients: TestClient[] = [];
const databases: TestDatabase[] = [];
const services: PostgresService[] = [];
const balancers: Balancer[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const balancer of balancers.splice(0)) await balancer.close();
  await Promise.all(processes.splice(0).map((p) => killProcess(p.child)));
  for (const database of databases.splice(0)) await database.drop();
  for (const service of services.splice(0)) await service.stop();
});

/** How the processes tell each other of commits and presence. */
type FanoutName = 'notify' | 'redis';

/** A seeded database and `count` processes serving it, on the shared Redis server when `fanout` is `redis`. */
async function cluster(count: number, fanout: FanoutName, serverUrl?: string): Promise<{ url: string; tokens: Map<string, string>; procs: ClusterProcess[] }> {
  const database = await createTestDatabase(serverUrl);
  databases.push(database);
  const tokens = await seedDatabase(database.url);
  const redis = fanout === 'redis' ? await sharedRedisUrl() : undefined;
  const procs = await Promise.all(Array.from({ length: count }, () => spawnProcess(database.url, redis)));
  processes.push(...procs);
  return { url: database.url, tokens, procs };
}

function connect(syncUrl: string, token: string): TestClient {
  const client = connectClient(syncUrl, ROOM, token);
  clients.push(client);
  return client;
}

/** Only structs of client `client` are missing from `stored` in its `state`: its edits not yet acknowledged, never something it received. */
function onlyOwnEditsMissing(client: number, state: Uint8Array, stored: Uint8Array): boolean {
  const diff = Y.diffUpdate(state, Y.encodeStateVectorFromUpdate(stored));
  return Y.decodeUpdate(diff).structs.every((struct) => struct.id.client === client);
}

const seed = seedFromEnvironment() ?? 17;

describe.each<FanoutName>(['notify', 'redis'])(`a cluster of glossa serve processes on PostgreSQL, messages by %s (seed ${seed}; GLOSSA_SEED replays)`, { timeout: 600_000 }, (fanout) => {
  it('converges 30 clients across 3 processes through 10,000 mixed edits, every one stored', async () => {
    const { url, tokens, procs } = await cluster(3, fanout);
    const team = Array.from({ length: 30 }, (_, i) => connect(procs[i % 3]!.syncUrl, tokens.get(WRITERS[i % WRITERS.length]!)!));
    await Promise.all(team.map((c) => c.synced));
    const docs = team.map((c) => c.doc);
    await burst(docs, 10_000, seededRandom(seed));
    await converged(docs, 300_000);
    expectIdentical(docs, await storedState(url, ROOM));
  });

  it('keeps every update any client received through a SIGKILL of a process mid-burst; its clients reconnect to the others and converge', async () => {
    const { url, tokens, procs } = await cluster(3, fanout);
    const balancer = await startBalancer(procs.map((p) => p.port));
    balancers.push(balancer);
    const team = Array.from({ length: 12 }, (_, i) => connect(balancer.syncUrl, tokens.get(WRITERS[i % WRITERS.length]!)!));
    await Promise.all(team.map((c) => c.synced));
    const docs = team.map((c) => c.doc);
    const victim = procs[0]!;
    await burst(docs, 2_000, seededRandom(seed + 1), async (n) => {
      if (n !== 999) return;
      balancer.remove(victim.port);
      await killProcess(victim.child);
      // What the clients hold now, before the store is read: the live processes go on relaying while it is,
      // and an update committed after the read could reach a client before the comparison.
      const held = docs.map((doc) => ({ client: doc.clientID, state: Y.encodeStateAsUpdate(doc) }));
      const stored = await storedState(url, ROOM);
      for (const { client, state } of held) expect(onlyOwnEditsMissing(client, state, stored)).toBe(true);
    });
    await converged(docs, 300_000);
    expectIdentical(docs, await storedState(url, ROOM));
  });

  // The database's own failures and channels: the same whichever way commits are told.
  it.runIf(fanout === 'notify')('relays nothing while PostgreSQL is down, and resumes without losing an edit once it is back', async () => {
    const service = await startPostgres();
    services.push(service);
    const { url, tokens, procs } = await cluster(2, fanout, service.url);
    const team = Array.from({ length: 6 }, (_, i) => connect(procs[i % 2]!.syncUrl, tokens.get(WRITERS[i % WRITERS.length]!)!));
    await Promise.all(team.map((c) => c.synced));
    const docs = team.map((c) => c.doc);
    const random = seededRandom(seed + 2);
    await burst(docs, 300, random);
    await converged(docs, 120_000);
    await service.kill();
    // Edits made while the database is down are refused with StorageFailed (the clients resend them later), never relayed.
    const before = docs.map((doc) => Y.decodeStateVector(Y.encodeStateVector(doc)));
    const closed = team.map((c) => new Promise<number>((resolve) => c.provider.once('connection-close', (event: { code: number } | null) => resolve(event?.code ?? 0))));
    await burst(docs, 60, random);
    expect(await Promise.all(closed)).toEqual(team.map(() => CloseCode.StorageFailed));
    for (const [i, doc] of docs.entries()) {
      for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
        if (client !== doc.clientID) expect({ client, clock }).toEqual({ client, clock: before[i]!.get(client) ?? 0 });
      }
    }
    await service.start();
    await converged(docs, 300_000);
    expectIdentical(docs, await storedState(url, ROOM));
  });

  it.runIf(fanout === 'notify')('catches up by id after its listening connection is cut', async () => {
    const { url, tokens, procs } = await cluster(2, fanout);
    const writer = connect(procs[0]!.syncUrl, tokens.get('alice')!);
    const reader = connect(procs[1]!.syncUrl, tokens.get('bob')!);
    await Promise.all([writer.synced, reader.synced]);
    const cut = (): Promise<number> => terminateConnections(url, `glossa-listen-${procs[1]!.child.pid}`);
    expect(await cut()).toBe(1);
    const random = seededRandom(seed + 3);
    // Keep cutting it for two seconds while the writer writes.
    const until = Date.now() + 2_000;
    let n = 0;
    while (Date.now() < until) {
      edit(writer.doc, random, n++);
      await cut();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await converged([writer.doc, reader.doc], 60_000);
    expectIdentical([writer.doc, reader.doc], await storedState(url, ROOM));
  });

  it('shows a client’s presence to the clients of the other processes, and its leaving', async () => {
    const { tokens, procs } = await cluster(2, fanout);
    const here = connect(procs[0]!.syncUrl, tokens.get('alice')!);
    const there = connect(procs[1]!.syncUrl, tokens.get('bob')!);
    await Promise.all([here.synced, there.synced]);
    const seen = (present: boolean): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (there.provider.awareness.getStates().has(here.doc.clientID) !== present) return;
          there.provider.awareness.off('change', check);
          resolve();
        };
        there.provider.awareness.on('change', check);
        check();
      });
    here.provider.awareness.setLocalStateField('cursor', { anchor: 3 });
    await seen(true);
    expect(there.provider.awareness.getStates().get(here.doc.clientID)).toMatchObject({ cursor: { anchor: 3 } });
    here.provider.disconnect();
    await seen(false);
  });

  it.runIf(fanout === 'notify')('closes a revoked credential’s sockets on every process within a second', async () => {
    const { url, tokens, procs } = await cluster(3, fanout);
    const sockets = procs.map((p) => connect(p.syncUrl, tokens.get('bob')!));
    const bystander = connect(procs[1]!.syncUrl, tokens.get('alice')!);
    await Promise.all([...sockets, bystander].map((c) => c.synced));
    const closed = sockets.map(
      (c) => new Promise<{ code: number; at: number }>((resolve) => c.provider.once('connection-close', (event: { code: number } | null) => resolve({ code: event?.code ?? 0, at: performance.now() }))),
    );
    const data = await openData(url);
    let revokedAt: number;
    try {
      const [record] = await data.tokens.list({ user: 'bob' });
      expect(await data.tokens.revoke(record!.id)).toBe(true);
      revokedAt = performance.now();
    } finally {
      await data.close();
    }
    const closes = await Promise.all(closed);
    for (const close of closes) {
      expect(close.code).toBe(CloseCode.Unauthorized);
      expect(close.at - revokedAt).toBeLessThan(1_000);
    }
    expect(bystander.provider.wsconnected).toBe(true);
  });
});

/** Sends one inline command to the Redis server on `port` and resolves its first reply line (what a test needs to ask, without a client). */
function askRedis(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1', () => socket.write(`${command}\r\n`));
    let reply = '';
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      socket.end();
    });
    socket.once('close', () => resolve(reply));
    socket.once('error', reject);
  });
}

/** How many processes subscribe to commits on the Redis server on `port`. */
async function commitSubscribers(port: number): Promise<number> {
  const reply = await askRedis(port, 'PUBSUB NUMSUB glossa_commit');
  return Number(/:(\d+)\r\n$/.exec(reply)?.[1] ?? -1);
}

describe(`a cluster whose Redis server goes away (seed ${seed})`, { timeout: 600_000 }, () => {
  const redisServices: RedisService[] = [];
  afterEach(async () => {
    for (const service of redisServices.splice(0)) await service.stop();
  });

  it('goes on over NOTIFY without losing an edit when Redis stops mid-burst, says so, and uses Redis again once it is back', async () => {
    const redis = await startRedis();
    redisServices.push(redis);
    const database = await createTestDatabase();
    databases.push(database);
    const tokens = await seedDatabase(database.url);
    const procs = await Promise.all([0, 1].map(() => spawnProcess(database.url, redis.url)));
    processes.push(...procs);
    expect(await commitSubscribers(redis.port)).toBe(2);
    const team = Array.from({ length: 6 }, (_, i) => connect(procs[i % 2]!.syncUrl, tokens.get(WRITERS[i % WRITERS.length]!)!));
    await Promise.all(team.map((c) => c.synced));
    const docs = team.map((c) => c.doc);
    const random = seededRandom(seed + 4);
    await burst(docs, 1_000, random, async (n) => {
      if (n === 499) await redis.stop();
    });
    await converged(docs, 300_000);
    expectIdentical(docs, await storedState(database.url, ROOM));
    for (const proc of procs) expect(proc.stderr()).toMatch(/Redis connection to redis:\/\/127\.0\.0\.1:\d+\/? was lost .*messages go over PostgreSQL NOTIFY until it is back/);
    // Back on the same port: both processes subscribe again by themselves, and edits go on converging.
    const again = await startRedis({ port: redis.port });
    redisServices.push(again);
    while ((await commitSubscribers(redis.port)) < 2) await new Promise((resolve) => setTimeout(resolve, 100));
    await burst(docs, 500, random);
    await converged(docs, 300_000);
    expectIdentical(docs, await storedState(database.url, ROOM));
  });

  it('refuses a bad --redis with a clear message, and a Redis server it cannot reach', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const run = (args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> =>
      new Promise((resolve) => {
        const child = spawnGlossa(['serve', '--port', '0', ...args], env);
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.stdout.resume();
        child.once('exit', (code) => resolve({ code, stderr }));
      });
    const notUrl = await run(['--database', database.url, '--redis', 'cache.internal:6379']);
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toMatch(/glossa serve: --redis must be a redis:\/\/HOST\[:PORT\] URL, got "cache\.internal:6379"/);
    const fromEnv = await run(['--database', database.url], { GLOSSA_REDIS_URL: 'http://cache.internal' });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toMatch(/GLOSSA_REDIS_URL must be a redis:\/\/HOST\[:PORT\] URL, got "http:\/\/cache\.internal"/);
    const directory = await run(['--data', mkdtempSync(path.join(tmpdir(), 'glossa-redis-')), '--redis', 'redis://127.0.0.1:1']);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toMatch(/--redis connects the processes of a PostgreSQL database; give --database/);
    const port = await freePort();
    const unreachable = await run(['--database', database.url, '--redis', `redis://:secret@127.0.0.1:${port}`]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(new RegExp(`glossa serve: cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}/?: .*ECONNREFUSED`));
    expect(unreachable.stderr).not.toMatch(/secret|internal error|\n\s+at /);
  });
});

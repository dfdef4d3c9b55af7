/**
 * Redis as the fanout of the PostgreSQL backend: stores opened with
 * `redis` tell each other of commits and pass presence over Redis pub/sub
 * (not `NOTIFY`), fall back to `NOTIFY` while Redis is away, and refuse a bad
 * or unreachable Redis URL with a message naming it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openData } from '../src/open-data.js';
import { openPostgres, type PostgresDataDir } from '../src/postgres/data-dir.js';
import { RedisUnreachableError } from '../src/postgres/redis-bus.js';
import { createTestDatabase, freePort, startRedis, type RedisService, type TestDatabase } from './support/services.js';

const opened: PostgresDataDir[] = [];
const databases: TestDatabase[] = [];
const redisServers: RedisService[] = [];

afterEach(async () => {
  for (const data of opened.splice(0)) if (data.isOpen) await data.close().catch(() => undefined);
  for (const database of databases.splice(0)) await database.drop();
  for (const redis of redisServers.splice(0)) await redis.stop();
});

async function twoStores(redis: string): Promise<{ a: PostgresDataDir; b: PostgresDataDir; errors: Error[] }> {
  const database = await createTestDatabase();
  databases.push(database);
  const errors: Error[] = [];
  const a = await openPostgres(database.url, { redis, onBackgroundError: (e) => errors.push(e) });
  opened.push(a);
  const b = await openPostgres(database.url, { redis, onBackgroundError: (e) => errors.push(e) });
  opened.push(b);
  return { a, b, errors };
}

/** Resolves with the rooms of the next remote commit `data` is told of. */
function nextRemoteCommit(data: PostgresDataDir): Promise<readonly string[] | null> {
  return new Promise((resolve) => {
    const stop = data.updates.onCommit((rooms, remote) => {
      if (!remote) return;
      stop();
      resolve(rooms === null ? null : [...rooms]);
    });
  });
}

/** Counts the `NOTIFY` messages on the commit channel that `data`'s listening connection hears. */
function countNotifies(data: PostgresDataDir, channel = 'glossa_commit'): { readonly count: () => number } {
  let count = 0;
  data.notifier.on(channel, () => count++);
  return { count: () => count };
}

describe('the PostgreSQL store with Redis', () => {
  it('tells the other store of a commit over Redis, not NOTIFY, and passes presence', async () => {
    const redis = await startRedis();
    redisServers.push(redis);
    const { a, b } = await twoStores(redis.url);
    const notifies = countNotifies(b);
    const told = nextRemoteCommit(b);
    await a.updates.append('p/d/layers/x', new Uint8Array([0, 0]));
    expect(await told).toEqual(['p/d/layers/x']);
    expect(notifies.count()).toBe(0);
    const awarenessNotifies = countNotifies(b, 'glossa_awareness');
    const presence = new Promise<{ room: string; update: number[] }>((resolve) => b.presence.onMessage((room, update) => resolve({ room, update: [...update] })));
    a.presence.publish('p/d/layers/x', new Uint8Array([1, 2, 3]));
    expect(await presence).toEqual({ room: 'p/d/layers/x', update: [1, 2, 3] });
    expect(awarenessNotifies.count()).toBe(0);
  });

  it('goes on with NOTIFY while Redis is away, says so, and asks to catch up by id', async () => {
    const redis = await startRedis();
    redisServers.push(redis);
    const { a, b, errors } = await twoStores(redis.url);
    const caughtUp = nextRemoteCommit(b);
    await redis.stop();
    // b's subscribing connection is gone: it asks every open room to read after its last id (rooms: null).
    expect(await caughtUp).toBeNull();
    const notifies = countNotifies(b);
    const told = new Promise<void>((resolve) => {
      const stop = b.updates.onCommit((rooms, remote) => {
        if (remote && rooms !== null && rooms.has('p/d/layers/y')) {
          stop();
          resolve();
        }
      });
    });
    await a.updates.append('p/d/layers/y', new Uint8Array([0, 0]));
    await told;
    expect(notifies.count()).toBeGreaterThan(0);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/Redis connection to redis:\/\/127\.0\.0\.1:\d+ was lost .*messages go over PostgreSQL NOTIFY until it is back/);
  });

  it('refuses a Redis URL that is none, one it cannot reach, and Redis beside a data directory', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    await expect(openPostgres(database.url, { redis: 'cache.internal:6379' })).rejects.toThrow(/the Redis URL must be redis:\/\/HOST\[:PORT\] or rediss:\/\/…, got "cache\.internal:6379"/);
    const port = await freePort();
    const unreachable = openPostgres(database.url, { redis: `redis://:hunter2@127.0.0.1:${port}` });
    await expect(unreachable).rejects.toBeInstanceOf(RedisUnreachableError);
    await expect(unreachable).rejects.toThrow(new RegExp(`cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
    const dir = await mkdtemp(path.join(tmpdir(), 'glossa-redis-dir-'));
    try {
      await expect(openData(dir, { redis: 'redis://127.0.0.1:6379' })).rejects.toThrow(/Redis \(redis:\/\/127\.0\.0\.1:6379\) connects the processes of a PostgreSQL database; ".*" is a data directory/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

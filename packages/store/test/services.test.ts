import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, sharedRedisUrl, startPostgres, type PostgresService } from './support/services.js';

/** Runs one query on a fresh connection and closes it. */
async function queryOnce<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('test services', () => {
  const started: PostgresService[] = [];
  afterAll(async () => {
    for (const service of started) await service.stop();
  });

  it('gives each test a database of its own on the shared PostgreSQL server, and drops it', async () => {
    const a = await createTestDatabase();
    const b = await createTestDatabase();
    try {
      expect(a.url).not.toBe(b.url);
      await queryOnce(a.url, 'CREATE TABLE only_in_a (x int)');
      expect(await queryOnce(b.url, "SELECT to_regclass('only_in_a') AS t")).toEqual([{ t: null }]);
    } finally {
      await a.drop();
      await b.drop();
    }
    await expect(queryOnce(a.url, 'SELECT 1')).rejects.toThrow(/does not exist/);
  });

  it('answers on the shared Redis server', async () => {
    const redis = new Redis(await sharedRedisUrl(), { lazyConnect: true });
    await redis.connect();
    try {
      expect(await redis.ping()).toBe('PONG');
    } finally {
      redis.disconnect();
    }
  });

  it('starts a private cluster that can be killed and started again, keeping its data', async () => {
    const service = await startPostgres();
    started.push(service);
    await queryOnce(service.url, 'CREATE TABLE kept (x int); INSERT INTO kept VALUES (7)');
    const rolname = await queryOnce<{ user: string }>(service.url, 'SELECT current_user AS user');
    expect(rolname).toEqual([{ user: 'postgres' }]);
    await service.kill();
    await expect(queryOnce(service.url, 'SELECT 1')).rejects.toThrow();
    await service.start();
    expect(await queryOnce(service.url, 'SELECT x FROM kept')).toEqual([{ x: 7 }]);
  });
});

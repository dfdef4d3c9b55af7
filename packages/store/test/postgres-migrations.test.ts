import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, SchemaTooNewError, migrate, schemaVersion, type Migration } from '../src/postgres/migrations.js';
import { openPostgres } from '../src/postgres/data-dir.js';
import { createTestDatabase, type TestDatabase } from './support/services.js';

describe('PostgreSQL schema migrations', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeEach(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });

  afterEach(async () => {
    await client.end();
    await database.drop();
  });

  it('applies every migration once, in order, when stores open together', async () => {
    expect(await schemaVersion(client)).toBe(0);
    const stores = await Promise.all([openPostgres(database.url), openPostgres(database.url), openPostgres(database.url)]);
    try {
      const applied = stores.map((store) => store.migration.applied);
      expect(applied.filter((versions) => versions.length > 0)).toEqual([MIGRATIONS.map((m) => m.version)]);
      expect(stores.every((store) => store.migration.version === MIGRATIONS.at(-1)!.version)).toBe(true);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM glossa_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await migrate(client)).toEqual({ applied: [], version: MIGRATIONS.at(-1)!.version });
    } finally {
      for (const store of stores) await store.close();
    }
  });

  it('applies a later migration to a database that has the earlier ones', async () => {
    await migrate(client);
    const next: Migration = { version: MIGRATIONS.at(-1)!.version + 1, name: 'a column', sql: 'ALTER TABLE settings ADD COLUMN note text' };
    expect(await migrate(client, [...MIGRATIONS, next])).toEqual({ applied: [next.version], version: next.version });
    expect(await schemaVersion(client)).toBe(next.version);
  });

  it('rolls back a failing migration and names it', async () => {
    await migrate(client);
    const broken: Migration = { version: MIGRATIONS.at(-1)!.version + 1, name: 'broken', sql: 'CREATE TABLE half (x int); SELECT no_such_function()' };
    await expect(migrate(client, [...MIGRATIONS, broken])).rejects.toThrow(/migration \d+ \(broken\) failed: .*no_such_function/);
    expect(await schemaVersion(client)).toBe(MIGRATIONS.at(-1)!.version);
    expect((await client.query("SELECT to_regclass('half') AS t")).rows).toEqual([{ t: null }]);
  });

  it('refuses a database whose schema is newer than this code', async () => {
    await migrate(client);
    await client.query("INSERT INTO glossa_migrations (version, name, applied) VALUES (999, 'future', 0)");
    await expect(openPostgres(database.url)).rejects.toThrow(SchemaTooNewError);
    await expect(openPostgres(database.url)).rejects.toThrow(/version 999, newer than this Glossa knows/);
  });

  it('rejects opening a database that cannot be reached', async () => {
    const url = new URL(database.url);
    url.pathname = '/no_such_database';
    await expect(openPostgres(url.toString())).rejects.toThrow(/no_such_database/);
  });
});

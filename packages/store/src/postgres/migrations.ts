/**
 * The PostgreSQL backend's schema, as numbered migrations. `migrate` applies
 * the ones a database lacks, each in its own transaction and in order,
 * under an advisory lock so that processes starting together apply each
 * once. A database whose schema is newer than this code is refused.
 *
 * Names and ids sort as bytes (`COLLATE "C"`), as in the embedded backend.
 */
import type pg from 'pg';
import { MIGRATION_LOCK } from './connection.js';

/** One step of the schema. */
export interface Migration {
  /** 1, 2, 3…: applied in this order, each once. */
  readonly version: number;
  /** What it does, in a few words. */
  readonly name: string;
  readonly sql: string;
}

/** Every migration, oldest first. Append new ones; never change one that shipped. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'update log, catalog, users, tokens, settings',
    sql: `
CREATE TABLE updates (
  id bigserial PRIMARY KEY,
  room text COLLATE "C" NOT NULL,
  data bytea NOT NULL,
  crc bigint NOT NULL
);
CREATE INDEX updates_by_room ON updates (room, id);
CREATE TABLE projects (
  id text COLLATE "C" PRIMARY KEY,
  mode text NOT NULL CHECK (mode IN ('shared', 'independent')),
  schema text NOT NULL,
  base_url text,
  created bigint NOT NULL
);
CREATE TABLE documents (
  project text COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  id text COLLATE "C" NOT NULL,
  title text,
  meta text NOT NULL,
  created bigint NOT NULL,
  PRIMARY KEY (project, id)
);
CREATE TABLE users (
  name text COLLATE "C" PRIMARY KEY,
  password text NOT NULL,
  created bigint NOT NULL
);
CREATE TABLE user_roles (
  "user" text COLLATE "C" NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  project text COLLATE "C" NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'curator', 'annotator', 'viewer')),
  PRIMARY KEY ("user", project)
);
CREATE TABLE tokens (
  id text COLLATE "C" PRIMARY KEY,
  "user" text COLLATE "C" NOT NULL,
  kind text NOT NULL CHECK (kind IN ('api', 'session')),
  created bigint NOT NULL,
  expires bigint,
  revoked bigint
);
CREATE INDEX tokens_by_user ON tokens ("user");
CREATE TABLE settings (
  key text COLLATE "C" PRIMARY KEY,
  value text NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'project guidelines, recommenders',
    sql: `
CREATE TABLE project_guidelines (
  project text COLLATE "C" PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
  markdown text NOT NULL,
  updated bigint NOT NULL,
  updated_by text NOT NULL
);
CREATE TABLE recommenders (
  project text COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name text COLLATE "C" NOT NULL,
  kind text NOT NULL,
  config text NOT NULL,
  created bigint NOT NULL,
  PRIMARY KEY (project, name)
);
`,
  },
];

/** The table that records which migrations a database has. */
const MIGRATIONS_TABLE = 'glossa_migrations';

/** What `migrate` did. */
export interface MigrationReport {
  /** The versions applied now, in order. */
  readonly applied: readonly number[];
  /** The schema version of the database afterwards. */
  readonly version: number;
}

/** The database's schema is newer than this code knows. */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`the database's schema is version ${found}, newer than this Glossa knows (${known}): upgrade Glossa`);
  }
}

/**
 * Applies the migrations the database lacks (all of `migrations`, by
 * default `MIGRATIONS`), in order, each in one transaction, holding the
 * migration lock. @throws SchemaTooNewError
 */
export async function migrate(client: pg.ClientBase, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationReport> {
  await client.query('SELECT pg_advisory_lock($1, $2)', [...MIGRATION_LOCK]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version integer PRIMARY KEY, name text NOT NULL, applied bigint NOT NULL)`);
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${MIGRATIONS_TABLE} ORDER BY version`);
    const done = new Set(rows.map((row) => row.version));
    const known = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    const newest = rows.reduce((max, row) => Math.max(max, row.version), 0);
    if (newest > known) throw new SchemaTooNewError(newest, known);
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied) VALUES ($1, $2, $3)`, [migration.version, migration.name, Date.now()]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${migration.version} (${migration.name}) failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      applied.push(migration.version);
    }
    return { applied, version: Math.max(newest, known) };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1, $2)', [...MIGRATION_LOCK]).catch(() => undefined);
  }
}

/** The schema version of the database: the newest migration applied, 0 for none. */
export async function schemaVersion(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ version: number | null }>(`SELECT CASE WHEN to_regclass('${MIGRATIONS_TABLE}') IS NULL THEN NULL ELSE 0 END AS version`);
  if (rows[0]?.version === null) return 0;
  const max = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${MIGRATIONS_TABLE}`);
  return max.rows[0]?.version ?? 0;
}

/**
 * Schema migrations of the embedded backend: each migration runs once per
 * database, in order, inside a transaction that also records it in
 * `migrations`, so a database opened by an older Glossa gains the tables of
 * a newer one when it is next opened, and a failed migration leaves nothing
 * half-done.
 */
import type Database from 'better-sqlite3';

/** One schema change, named for what it does. */
export interface Migration {
  /** A stable id, never reused (`0001-recommenders`). */
  readonly id: string;
  /** The SQL it runs. */
  readonly sql: string;
}

const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS migrations (
  id TEXT PRIMARY KEY,
  applied INTEGER NOT NULL
);
`;

/** Runs each migration the database has not run yet, in order; returns the ids of those it ran. */
export function applyMigrations(db: Database.Database, migrations: readonly Migration[], now = Date.now()): string[] {
  db.exec(MIGRATIONS_TABLE);
  const applied = new Set(db.prepare<[], { id: string }>('SELECT id FROM migrations').all().map((row) => row.id));
  const ran: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO migrations (id, applied) VALUES (?, ?)').run(migration.id, now);
    })();
    ran.push(migration.id);
  }
  return ran;
}

/**
 * The storage backends the contract tests (and the server tests) run
 * against, one parameterized set: the embedded SQLite directory and a
 * PostgreSQL database of its own on the test run's server. Each gives a
 * fresh, empty location that several stores can open at once (as several
 * processes would), raw SQL below the contracts to damage what is stored,
 * and a cleanup.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataDir } from '../../src/data-dir.js';
import { openData } from '../../src/open-data.js';
import { PostgresDataDir } from '../../src/postgres/data-dir.js';
import { SqliteDataDir } from '../../src/sqlite/data-dir.js';
import { createTestDatabase } from './services.js';

/** The names of the backends. */
export type BackendName = 'sqlite' | 'postgres';

/** A fresh, empty location of one backend. */
export interface BackendLocation {
  readonly backend: BackendName;
  /** The data directory or the database URL: what `openData` and the CLI's `--data`/`--database` take. */
  readonly location: string;
  /** Opens a store on the location (another "process"); each is closed by `cleanup` when the test did not close it. */
  open(): Promise<DataDir>;
  /** Runs one SQL statement that both backends understand, below the contracts (to damage what is stored). */
  sql(data: DataDir, statement: string): Promise<void>;
  /** Closes the stores still open and removes the location. */
  cleanup(): Promise<void>;
}

/** How to make a location of one backend. */
export interface Backend {
  readonly name: BackendName;
  /** Whether a store reports the commits of other stores on the same location (`onCommit`, `onRevoked`, `onUserChanged`). */
  readonly reportsOtherProcesses: boolean;
  create(): Promise<BackendLocation>;
}

function tracked(create: () => Promise<DataDir>): { open: () => Promise<DataDir>; closeAll: () => Promise<void> } {
  const opened: DataDir[] = [];
  return {
    open: async () => {
      const data = await create();
      opened.push(data);
      return data;
    },
    closeAll: async () => {
      for (const data of opened) if (data.isOpen) await data.close().catch(() => undefined);
    },
  };
}

const sqlite: Backend = {
  name: 'sqlite',
  reportsOtherProcesses: false,
  create: async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'glossa-backend-'));
    const stores = tracked(() => openData(dir));
    return {
      backend: 'sqlite',
      location: dir,
      open: stores.open,
      sql: async (data, statement) => {
        if (!(data instanceof SqliteDataDir)) throw new TypeError('not a SQLite store');
        data.updates.db.exec(statement);
      },
      cleanup: async () => {
        await stores.closeAll();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: Backend = {
  name: 'postgres',
  reportsOtherProcesses: true,
  create: async () => {
    const database = await createTestDatabase();
    const stores = tracked(() => openData(database.url));
    return {
      backend: 'postgres',
      location: database.url,
      open: stores.open,
      sql: async (data, statement) => {
        if (!(data instanceof PostgresDataDir)) throw new TypeError('not a PostgreSQL store');
        await data.pool.query(statement);
      },
      cleanup: async () => {
        await stores.closeAll();
        await database.drop();
      },
    };
  },
};

/** Every backend, SQLite first. `GLOSSA_TEST_BACKENDS=sqlite` (or `postgres`) runs one only. */
export const BACKENDS: readonly Backend[] = [sqlite, postgres].filter((backend) => {
  const only = process.env.GLOSSA_TEST_BACKENDS;
  return only === undefined || only === '' || only.split(',').includes(backend.name);
});

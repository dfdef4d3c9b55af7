/**
 * `UpdateLog` on SQLite (better-sqlite3, WAL): one table of update rows per
 * room, each with a CRC-32 so a flipped bit is caught on load instead of being
 * merged into a document.
 *
 * Durability: the database runs in WAL mode. With `synchronous=FULL` (the
 * default) every commit fsyncs the log before `append` resolves, so it
 * survives a power loss. With `NORMAL` a commit is written to the operating
 * system before it resolves, so it survives a crash of the process (SIGKILL)
 * but the last commits can be lost on power loss; the sync server uses it
 * unless told to `fsync`, because the fsync is on its relay path. The cost of
 * FULL is one fsync per commit; `appendBatch` amortizes it (group commit), see
 * `bench/suites/storage.bench.ts`.
 */
import { crc32 } from 'node:zlib';
import Database from 'better-sqlite3';
import { BackgroundCheckpointer, type BackgroundCheckpointerOptions } from './checkpointer.js';
import { errorMessage } from '../error-message.js';
import { Listeners } from '../listeners.js';
import { settle } from './settle.js';
import { checkAfterId, checkRoom, checkRow, checkUpdateBytes, mergeRows, type UpdateRow } from '../update-rows.js';
import { StorageLoadError, type CommitEvent, type CommitListener, type NamedRoomVersion, type RoomUpdate, type RoomVersion, type StoredUpdate, type UpdateLog } from '../update-log.js';

/** How SQLite syncs commits to disk. */
export type SqliteSynchronous = 'FULL' | 'NORMAL' | 'OFF';

/** Options of `SqliteUpdateLog.open`. */
export interface SqliteUpdateLogOptions {
  /**
   * The `synchronous` pragma. `FULL` makes every commit survive a power
   * loss; `NORMAL` makes it survive a crash of the process, not a power loss;
   * `OFF` exists for benchmarks and throwaway stores.
   * @default 'FULL'
   */
  readonly synchronous?: SqliteSynchronous;
  /**
   * Run WAL checkpoints in a worker thread instead of inside the commit that
   * crosses SQLite's threshold (see `BackgroundCheckpointer`); an object
   * tunes them. Ignored for an in-memory database.
   * @default false
   */
  readonly backgroundCheckpoints?: boolean | BackgroundCheckpointerOptions;
  /** Milliseconds to wait for another connection's write lock. @default 5000 */
  readonly busyTimeoutMs?: number;
}

/**
 * A compaction read but not yet written: the merged state of every row of
 * `room` up to row `maxId`. @internal exposed so tests can interleave writes
 * between the two steps of `compact`.
 */
export interface CompactionPlan {
  readonly room: string;
  /** The largest row id that was merged. */
  readonly maxId: number;
  /** How many rows were merged. */
  readonly rows: number;
  /** The merged update. */
  readonly merged: Uint8Array;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS updates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  room TEXT NOT NULL,
  data BLOB NOT NULL,
  crc INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_by_room ON updates (room, id);
`;

/**
 * The embedded `UpdateLog`: one SQLite file in WAL mode. Its methods run
 * synchronously under the hood (better-sqlite3) and return settled promises,
 * so a write is committed by the time the call returns.
 *
 * @example
 * const log = SqliteUpdateLog.open('/var/lib/glossa/glossa.db');
 * await log.append('policy/doc1', update);
 * const state = await log.load('policy/doc1');
 */
export class SqliteUpdateLog implements UpdateLog {
  /** @internal the underlying database, for the other tables of the same file (catalog, users, tokens). */
  readonly db: Database.Database;
  private readonly insert: Database.Statement<[string, Uint8Array, number]>;
  private readonly selectRoom: Database.Statement<[string], UpdateRow>;
  private readonly selectAfter: Database.Statement<[string, number], UpdateRow>;
  private readonly countRoom: Database.Statement<[string], { n: number }>;
  private readonly versionOfRoom: Database.Statement<[string], { rows: number; maxId: number | null }>;
  private readonly versionsFrom: Database.Statement<[string], NamedRoomVersion>;
  private readonly countUpTo: Database.Statement<[string, number], { n: number }>;
  private readonly deleteUpTo: Database.Statement<[string, number]>;
  private readonly deleteRoom: Database.Statement<[string]>;
  private readonly appendRows: Database.Transaction<(entries: readonly RoomUpdate[]) => void>;
  private readonly replaceRows: Database.Transaction<(room: string, snapshot: Uint8Array, expectedRows: number) => boolean>;
  private readonly commits = new Listeners<CommitEvent>();
  /** One server process writes an embedded log (commands beside it write rarely, and are caught by the row count). */
  readonly sharedByProcesses = false;
  /** Checkpoints in a worker, when asked for. @internal exposed for tests. */
  checkpointer: BackgroundCheckpointer | null = null;

  private constructor(db: Database.Database) {
    this.db = db;
    db.exec(SCHEMA);
    this.insert = db.prepare('INSERT INTO updates (room, data, crc) VALUES (?, ?, ?)');
    this.selectRoom = db.prepare('SELECT id, data, crc FROM updates WHERE room = ? ORDER BY id');
    this.selectAfter = db.prepare('SELECT id, data, crc FROM updates WHERE room = ? AND id > ? ORDER BY id');
    this.countRoom = db.prepare('SELECT count(*) AS n FROM updates WHERE room = ?');
    this.versionOfRoom = db.prepare('SELECT count(*) AS rows, max(id) AS maxId FROM updates WHERE room = ?');
    this.versionsFrom = db.prepare('SELECT room, count(*) AS rows, max(id) AS maxId FROM updates WHERE room >= ? GROUP BY room ORDER BY room');
    this.countUpTo = db.prepare('SELECT count(*) AS n FROM updates WHERE room = ? AND id <= ?');
    this.deleteUpTo = db.prepare('DELETE FROM updates WHERE room = ? AND id <= ?');
    this.deleteRoom = db.prepare('DELETE FROM updates WHERE room = ?');
    this.appendRows = db.transaction((entries: readonly RoomUpdate[]) => {
      for (const { room, update } of entries) this.insert.run(room, update, crc32(update));
    });
    this.replaceRows = db.transaction((room: string, snapshot: Uint8Array, expectedRows: number) => {
      if ((this.countRoom.get(room)?.n ?? 0) !== expectedRows) return false;
      this.deleteRoom.run(room);
      this.insert.run(room, snapshot, crc32(snapshot));
      return true;
    });
  }

  /**
   * Opens (creating when needed) the log in `file`, in WAL mode with
   * `synchronous=FULL` unless `options.synchronous` says otherwise.
   */
  static open(file: string, options: SqliteUpdateLogOptions = {}): SqliteUpdateLog {
    const synchronous = options.synchronous ?? 'FULL';
    if (!['FULL', 'NORMAL', 'OFF'].includes(synchronous)) throw new RangeError(`synchronous must be FULL, NORMAL or OFF, got ${synchronous}`);
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${synchronous}`);
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      db.pragma('foreign_keys = ON');
      const log = new SqliteUpdateLog(db);
      const checkpoints = options.backgroundCheckpoints ?? false;
      if (checkpoints !== false && !db.memory) log.checkpointer = new BackgroundCheckpointer(db, file, checkpoints === true ? {} : checkpoints);
      return log;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Whether the database is open. */
  get isOpen(): boolean {
    return this.db.open;
  }

  /** Runs `fn` in one immediate (write-locking) transaction and returns its result; a throw rolls everything back. @internal for the other tables of the file */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  load(room: string): Promise<Uint8Array | null> {
    return settle(() => {
      checkRoom(room);
      const rows = this.readRows(room);
      if (rows.length === 0) return null;
      return mergeRows(room, rows);
    });
  }

  append(room: string, update: Uint8Array): Promise<void> {
    return settle(() => {
      checkRoom(room);
      checkUpdateBytes(update);
      this.insert.run(room, update, crc32(update));
      this.checkpointer?.noteCommit(update.length);
      if (this.commits.any) this.commits.emit({ rooms: new Set([room]), remote: false });
    });
  }

  appendBatch(entries: readonly RoomUpdate[]): Promise<void> {
    return settle(() => {
      for (const { room, update } of entries) {
        checkRoom(room);
        checkUpdateBytes(update);
      }
      if (entries.length === 0) return;
      this.appendRows.immediate(entries);
      this.noteCommitted(entries);
    });
  }

  /**
   * Writes rows inside the caller's `transaction` (a catalog write that adds
   * rooms); the caller calls `noteCommitted` once it committed. @internal
   */
  insertRows(entries: readonly RoomUpdate[]): void {
    for (const { room, update } of entries) {
      checkRoom(room);
      checkUpdateBytes(update);
      this.insert.run(room, update, crc32(update));
    }
  }

  /** Tells the checkpointer and the commit listeners of committed rows. @internal */
  noteCommitted(entries: readonly RoomUpdate[]): void {
    if (this.checkpointer !== null) {
      let bytes = 0;
      for (const { update } of entries) bytes += update.length;
      this.checkpointer.noteCommit(bytes);
    }
    if (this.commits.any && entries.length > 0) this.commits.emit({ rooms: new Set(entries.map((e) => e.room)), remote: false });
  }

  replaceWithSnapshot(room: string, snapshot: Uint8Array, expectedRows: number): Promise<boolean> {
    return settle(() => {
      checkRoom(room);
      checkUpdateBytes(snapshot);
      if (!Number.isInteger(expectedRows) || expectedRows < 0) throw new RangeError(`expectedRows must be a non-negative integer, got ${expectedRows}`);
      const replaced = this.replaceRows.immediate(room, snapshot, expectedRows);
      if (replaced) this.checkpointer?.noteCommit(snapshot.length);
      return replaced;
    });
  }

  compact(room: string): Promise<void> {
    return settle(() => {
      const plan = this.planCompaction(room);
      if (plan) this.commitCompaction(plan);
    });
  }

  /**
   * First step of `compact`: reads and merges the room's rows, without locking
   * out writers. Returns null when there is nothing to compact (fewer than two
   * rows). Throws `StorageLoadError` on a corrupt row. @internal
   */
  planCompaction(room: string): CompactionPlan | null {
    checkRoom(room);
    const rows = this.readRows(room);
    if (rows.length < 2) return null;
    const merged = mergeRows(room, rows);
    return { room, maxId: Math.max(...rows.map((r) => r.id)), rows: rows.length, merged };
  }

  /**
   * Second step of `compact`: in one transaction, deletes exactly the rows the
   * plan merged (by id ≤ `maxId`) and inserts the merged snapshot. Rows
   * appended after the plan was read are kept. When the merged rows changed in
   * the meantime (another compaction or a delete), writes nothing and returns
   * false. @internal
   */
  commitCompaction(plan: CompactionPlan): boolean {
    return this.transaction(() => {
      if (this.countUpTo.get(plan.room, plan.maxId)?.n !== plan.rows) return false;
      this.deleteUpTo.run(plan.room, plan.maxId);
      this.insert.run(plan.room, plan.merged, crc32(plan.merged));
      return true;
    });
  }

  listRooms(prefix = ''): Promise<string[]> {
    return settle(() => this.versionsWithPrefix(prefix).map(({ room }) => room));
  }

  updateCount(room: string): Promise<number> {
    return settle(() => {
      checkRoom(room);
      return this.countRoom.get(room)?.n ?? 0;
    });
  }

  /** The room's row count and largest row id, in one query answered from the `(room, id)` index alone. See `RoomVersion`. */
  roomVersion(room: string): Promise<RoomVersion> {
    return settle(() => {
      checkRoom(room);
      const row = this.versionOfRoom.get(room);
      return { rows: row?.rows ?? 0, maxId: row?.maxId ?? 0 };
    });
  }

  roomVersions(prefix: string): Promise<NamedRoomVersion[]> {
    return settle(() => this.versionsWithPrefix(prefix));
  }

  /**
   * The `RoomVersion` of every stored room whose name starts with `prefix`,
   * in one query answered from the `(room, id)` index alone: it walks the
   * index from `prefix` and stops at the first name that does not start
   * with it. Synchronous, so it can run inside a catalog transaction. @internal
   */
  versionsWithPrefix(prefix: string): NamedRoomVersion[] {
    if (typeof prefix !== 'string') throw new TypeError('prefix must be a string');
    const versions: NamedRoomVersion[] = [];
    // Rooms sharing a prefix are contiguous in SQLite's binary text order, and the groups come in index order.
    for (const version of this.versionsFrom.iterate(prefix)) {
      if (!version.room.startsWith(prefix)) break;
      versions.push(version);
    }
    return versions;
  }

  readAfter(room: string, afterId: number): Promise<StoredUpdate[]> {
    return settle(() => {
      checkRoom(room);
      checkAfterId(afterId);
      let rows: UpdateRow[];
      try {
        rows = this.selectAfter.all(room, afterId);
      } catch (error) {
        throw new StorageLoadError(room, errorMessage(error), { cause: error });
      }
      for (const row of rows) checkRow(room, row);
      return rows.map((row) => ({ id: row.id, update: row.data }));
    });
  }

  onCommit(listener: CommitListener): () => void {
    return this.commits.add((event) => listener(event.rooms, event.remote));
  }

  delete(room: string): Promise<void> {
    return settle(() => this.deleteRows(room));
  }

  /** Deletes every row of a room; inside the caller's `transaction` it commits with it. @internal */
  deleteRows(room: string): void {
    checkRoom(room);
    this.deleteRoom.run(room);
  }

  async close(): Promise<void> {
    const checkpointer = this.checkpointer;
    this.checkpointer = null;
    if (checkpointer !== null) await checkpointer.close();
    if (this.db.open) this.db.close();
  }

  private readRows(room: string): UpdateRow[] {
    try {
      return this.selectRoom.all(room);
    } catch (error) {
      throw new StorageLoadError(room, errorMessage(error), { cause: error });
    }
  }
}

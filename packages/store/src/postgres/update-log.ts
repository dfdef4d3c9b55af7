/**
 * `UpdateLog` on PostgreSQL: one table of update rows (`room`, `id
 * bigserial`, `data bytea`, `crc`), shared by every process of an
 * installation.
 *
 * Row ids of a room are committed in id order: every write to a room
 * (append, compaction, import) first takes the room's transaction-level
 * advisory lock, and only then draws its ids, so a process that read a
 * room's rows up to id N never finds a row below N committed later. Several
 * rooms are locked in one order (by key) so that writers never deadlock.
 *
 * A commit of appended updates sends a notification on `glossa_commit` in
 * its own transaction, delivered to every other process when it commits;
 * this process's listeners hear of it as soon as the commit resolves (with
 * `remote` false). When the listening connection is lost and back,
 * listeners are called with `null`: re-read every room of interest.
 */
import { crc32 } from 'node:zlib';
import type pg from 'pg';
import { errorMessage } from '../error-message.js';
import { Listeners } from '../listeners.js';
import { checkAfterId, checkRoom, checkRow, checkUpdateBytes, mergeRows, updateChecksum, type UpdateRow } from '../update-rows.js';
import { StorageLoadError, type CommitEvent, type CommitListener, type NamedRoomVersion, type RoomUpdate, type RoomVersion, type StoredUpdate, type UpdateLog } from '../update-log.js';
import { CHANNELS, ROOM_LOCK_CLASS, inTransaction } from './connection.js';
import type { CommitMessages, Fanout } from './fanout.js';

/** Most rows one INSERT statement writes (3 parameters each, under PostgreSQL's 65,535). */
const ROWS_PER_INSERT = 5_000;
/** Most bytes of one notification's payload (PostgreSQL refuses 8,000 and more). */
const MAX_PAYLOAD = 7_000;

/** The advisory lock key of a room: a signed 32-bit hash of its name (a collision only serializes two rooms' writers). */
function roomLockKey(room: string): number {
  return crc32(Buffer.from(room, 'utf8')) | 0;
}

/**
 * Takes the transaction-level advisory locks of `rooms`, in key order,
 * inside the caller's transaction (released when it ends). @internal
 */
export async function lockRooms(client: pg.ClientBase, rooms: Iterable<string>): Promise<void> {
  const keys = [...new Set([...rooms].map(roomLockKey))].sort((a, b) => a - b);
  if (keys.length === 0) return;
  await client.query('SELECT pg_advisory_xact_lock($1, k) FROM unnest($2::int[]) WITH ORDINALITY AS t(k, n) ORDER BY n', [ROOM_LOCK_CLASS, keys]);
}

/** Inserts update rows inside the caller's transaction, after `lockRooms` for their rooms. @internal */
export async function insertRows(client: pg.ClientBase, entries: readonly RoomUpdate[]): Promise<void> {
  for (let start = 0; start < entries.length; start += ROWS_PER_INSERT) {
    const chunk = entries.slice(start, start + ROWS_PER_INSERT);
    const values: unknown[] = [];
    const tuples = chunk.map(({ room, update }, i) => {
      values.push(room, Buffer.from(update.buffer, update.byteOffset, update.byteLength), updateChecksum(update));
      return `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`;
    });
    await client.query(`INSERT INTO updates (room, data, crc) VALUES ${tuples.join(', ')}`, values);
  }
}

/** The messages that tell of committed rooms, each under PostgreSQL's payload limit. @internal */
export function commitPayloads(origin: string, rooms: ReadonlySet<string>): string[] {
  const payloads: string[] = [];
  let batch: string[] = [];
  let size = 0;
  const send = (): void => {
    if (batch.length > 0) payloads.push(JSON.stringify({ o: origin, r: batch }));
    batch = [];
    size = 0;
  };
  for (const room of rooms) {
    const length = Buffer.byteLength(room) + 4;
    if (size + length > MAX_PAYLOAD) send();
    batch.push(room);
    size += length;
  }
  send();
  return payloads;
}

function checkEntries(entries: readonly RoomUpdate[]): void {
  for (const { room, update } of entries) {
    checkRoom(room);
    checkUpdateBytes(update);
  }
}

/**
 * The PostgreSQL `UpdateLog`. Opened by `openPostgres`, which runs the
 * migrations and starts the notifier.
 */
export class PostgresUpdateLog implements UpdateLog {
  private readonly commits = new Listeners<CommitEvent>();
  /** Any number of server processes write the database. */
  readonly sharedByProcesses = true;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly fanout: Fanout,
    /** This process's id in notifications, so it skips its own. */
    private readonly origin: string,
  ) {
    fanout.on(CHANNELS.commit, (payload) => {
      const message = parseCommit(payload);
      if (message !== null && message.o !== this.origin) this.commits.emit({ rooms: new Set(message.r), remote: true });
    });
    fanout.onCatchUp(() => this.commits.emit({ rooms: null, remote: true }));
  }

  async load(room: string): Promise<Uint8Array | null> {
    checkRoom(room);
    const rows = await this.rows(room, 0);
    if (rows.length === 0) return null;
    return mergeRows(room, rows);
  }

  append(room: string, update: Uint8Array): Promise<void> {
    return this.appendBatch([{ room, update }]);
  }

  async appendBatch(entries: readonly RoomUpdate[]): Promise<void> {
    checkEntries(entries);
    if (entries.length === 0) return;
    this.checkOpen();
    const rooms = new Set(entries.map((e) => e.room));
    const messages = this.commitMessages(rooms);
    await inTransaction(this.pool, async (client) => {
      await lockRooms(client, rooms);
      await insertRows(client, entries);
      await messages.inTransaction(client);
    });
    messages.afterCommit();
    this.noteCommitted(rooms);
  }

  /** The messages that tell the other processes of a commit to `rooms`. @internal */
  commitMessages(rooms: ReadonlySet<string>): CommitMessages {
    return this.fanout.commitMessages(CHANNELS.commit, commitPayloads(this.origin, rooms));
  }

  /** Tells this process's listeners of committed rooms (a catalog write that added rooms calls it too). @internal */
  noteCommitted(rooms: ReadonlySet<string>): void {
    if (this.commits.any && rooms.size > 0) this.commits.emit({ rooms, remote: false });
  }

  /** Merges the room's rows into one snapshot row, holding the room's lock, so no append interleaves. */
  async compact(room: string): Promise<void> {
    checkRoom(room);
    this.checkOpen();
    await inTransaction(this.pool, async (client) => {
      await lockRooms(client, [room]);
      const rows = await this.rows(room, 0, client);
      if (rows.length < 2) return;
      const merged = mergeRows(room, rows);
      const maxId = rows[rows.length - 1]!.id;
      await client.query('DELETE FROM updates WHERE room = $1 AND id <= $2', [room, maxId]);
      await insertRows(client, [{ room, update: merged }]);
    });
  }

  async replaceWithSnapshot(room: string, snapshot: Uint8Array, expectedRows: number): Promise<boolean> {
    checkRoom(room);
    checkUpdateBytes(snapshot);
    if (!Number.isInteger(expectedRows) || expectedRows < 0) throw new RangeError(`expectedRows must be a non-negative integer, got ${expectedRows}`);
    this.checkOpen();
    return inTransaction(this.pool, async (client) => {
      await lockRooms(client, [room]);
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM updates WHERE room = $1', [room]);
      if ((rows[0]?.n ?? 0) !== expectedRows) return false;
      await client.query('DELETE FROM updates WHERE room = $1', [room]);
      await insertRows(client, [{ room, update: snapshot }]);
      return true;
    });
  }

  async listRooms(prefix = ''): Promise<string[]> {
    return (await this.roomVersions(prefix)).map(({ room }) => room);
  }

  async updateCount(room: string): Promise<number> {
    return (await this.roomVersion(room)).rows;
  }

  async roomVersion(room: string): Promise<RoomVersion> {
    checkRoom(room);
    this.checkOpen();
    const { rows } = await this.pool.query<{ rows: number; max_id: number | null }>('SELECT count(*)::int AS rows, max(id) AS max_id FROM updates WHERE room = $1', [room]);
    return { rows: rows[0]?.rows ?? 0, maxId: rows[0]?.max_id ?? 0 };
  }

  async roomVersions(prefix: string): Promise<NamedRoomVersion[]> {
    return versionsWithPrefix(this.queryable(), prefix);
  }

  async readAfter(room: string, afterId: number): Promise<StoredUpdate[]> {
    checkRoom(room);
    checkAfterId(afterId);
    const rows = await this.rows(room, afterId);
    for (const row of rows) checkRow(room, row);
    return rows.map((row) => ({ id: row.id, update: row.data }));
  }

  onCommit(listener: CommitListener): () => void {
    return this.commits.add((event) => listener(event.rooms, event.remote));
  }

  async delete(room: string): Promise<void> {
    checkRoom(room);
    this.checkOpen();
    await this.pool.query('DELETE FROM updates WHERE room = $1', [room]);
  }

  /** Marks the log closed; the data directory ends the pool. */
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('the update log is closed');
  }

  private queryable(): pg.Pool {
    this.checkOpen();
    return this.pool;
  }

  /** The room's rows after `afterId`, in id order; a failure is a `StorageLoadError` naming the room. */
  private async rows(room: string, afterId: number, client: pg.ClientBase | pg.Pool = this.queryable()): Promise<UpdateRow[]> {
    try {
      const { rows } = await client.query<UpdateRow>('SELECT id, data, crc FROM updates WHERE room = $1 AND id > $2 ORDER BY id', [room, afterId]);
      return rows;
    } catch (error) {
      throw new StorageLoadError(room, errorMessage(error), { cause: error });
    }
  }
}

/** The `RoomVersion` of every room whose name starts with `prefix`, by name, on `client` (inside a transaction, if it has one). @internal */
export async function versionsWithPrefix(client: pg.ClientBase | pg.Pool, prefix: string): Promise<NamedRoomVersion[]> {
  if (typeof prefix !== 'string') throw new TypeError('prefix must be a string');
  const { rows } = await client.query<{ room: string; rows: number; max_id: number }>(
    'SELECT room, count(*)::int AS rows, max(id) AS max_id FROM updates WHERE room >= $1 AND starts_with(room, $1) GROUP BY room ORDER BY room',
    [prefix],
  );
  return rows.map((row) => ({ room: row.room, rows: row.rows, maxId: row.max_id }));
}

function parseCommit(payload: string): { o: string; r: string[] } | null {
  try {
    const value = JSON.parse(payload) as { o?: unknown; r?: unknown };
    if (typeof value.o !== 'string' || !Array.isArray(value.r) || !value.r.every((room) => typeof room === 'string')) return null;
    return { o: value.o, r: value.r as string[] };
  } catch {
    return null;
  }
}

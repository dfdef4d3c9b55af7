/**
 * The update log: per room, an append-only log of Yjs updates, merged on
 * load and compacted into snapshots. This is the contract every storage
 * backend implements (`SqliteUpdateLog` is the embedded one); the sync
 * server commits through it before it relays anything.
 */

/** One update of one room, as written by `UpdateLog.appendBatch`. */
export interface RoomUpdate {
  /** The room name, e.g. `project/doc` or `project/doc/layers/alice`. */
  readonly room: string;
  /** A Yjs update (V1 encoding). */
  readonly update: Uint8Array;
}

/**
 * What a room's stored rows look like from outside: how many there are and
 * the largest row id. Row ids are never reused, so every append, compaction
 * (the snapshot gets a new, larger id) and delete changes it; rows are never
 * rewritten in place, so equal versions mean the same rows.
 */
export interface RoomVersion {
  /** How many update rows the room has; 0 for a room never stored or deleted. */
  readonly rows: number;
  /** The largest row id of the room; 0 when it has no rows. */
  readonly maxId: number;
}

/** One room's `RoomVersion`, as `UpdateLog.roomVersions` lists them. */
export interface NamedRoomVersion extends RoomVersion {
  readonly room: string;
}

/** A committed row of a room's log, as `UpdateLog.readAfter` returns them. */
export interface StoredUpdate {
  /** The row id: larger than the id of every row committed before it. */
  readonly id: number;
  /** The Yjs update (a compaction snapshot holds every row it replaced). */
  readonly update: Uint8Array;
}

/**
 * A listener of `UpdateLog.onCommit`: the rooms of a commit, or `null` when
 * commits may have been missed, so every room of interest is to be re-read
 * (after its last row seen, by `readAfter`); `remote` tells whether another
 * process committed (always true with `null`).
 */
export type CommitListener = (rooms: ReadonlySet<string> | null, remote: boolean) => void;

/** What `onCommit` listeners are told, as backends keep it. @internal */
export interface CommitEvent {
  readonly rooms: ReadonlySet<string> | null;
  readonly remote: boolean;
}

/**
 * Durable storage of Yjs updates by room. Every write resolves only once it
 * is committed, so an update acknowledged to a client survives a crash of
 * the process (and, when the store is opened to flush every commit to the
 * disk, a power loss too).
 *
 * Several processes may share one log (the CLI beside a server; for a
 * networked backend, several servers): each reads what the others committed
 * by row id (`readAfter`), and `onCommit` tells of commits as they happen
 * (for the embedded backend, those of this process), so a missed
 * notification only delays a reader, it never loses a row.
 */
export interface UpdateLog {
  /**
   * Whether other server processes write this log while this one runs (a
   * networked backend). Then a row count cannot tell a process that its doc
   * holds every row, so it compacts by merging rows (`compact`), never by
   * `replaceWithSnapshot` of its doc.
   */
  readonly sharedByProcesses: boolean;
  /**
   * The room's stored state merged into one update, or null when the room has
   * never been stored. Throws `StorageLoadError` (naming the room) on a
   * corrupt row or an I/O failure; it never returns an empty doc for a failure.
   */
  load(room: string): Promise<Uint8Array | null>;
  /** Appends an update; resolves only once it is committed (durable). */
  append(room: string, update: Uint8Array): Promise<void>;
  /** Group commit: appends many updates (possibly of several rooms) in one transaction; resolves once committed. */
  appendBatch(entries: readonly RoomUpdate[]): Promise<void>;
  /** Merges a room's updates into one snapshot in a transaction; never loses an update that arrives during it. */
  compact(room: string): Promise<void>;
  /**
   * Replaces the room's rows with `snapshot`, a state that holds all of them,
   * in one transaction, but only when the room has exactly `expectedRows`
   * rows: then no row was written that the caller has not merged into the
   * snapshot. Resolves whether it replaced them (false changes nothing).
   */
  replaceWithSnapshot(room: string, snapshot: Uint8Array, expectedRows: number): Promise<boolean>;
  /** Stored room names in ascending order, optionally only those starting with `prefix`. */
  listRooms(prefix?: string): Promise<string[]>;
  /** Number of update rows of a room (for background compaction decisions); 0 for an unknown room. */
  updateCount(room: string): Promise<number>;
  /** The room's row count and largest row id: cheap enough to ask on every poll whether a room changed. */
  roomVersion(room: string): Promise<RoomVersion>;
  /** The `RoomVersion` of every stored room whose name starts with `prefix`, by room name; rooms without rows are not listed. */
  roomVersions(prefix: string): Promise<NamedRoomVersion[]>;
  /**
   * The committed rows of `room` whose id is larger than `afterId`, in id
   * order (0 reads them all). Rows merged by a compaction meanwhile are gone,
   * and the snapshot that holds them is among the rows returned.
   */
  readAfter(room: string, afterId: number): Promise<StoredUpdate[]>;
  /**
   * Calls `listener` with the rooms of each commit of appended updates, after
   * it is committed; returns a function that removes the listener. The
   * embedded backend reports this process's commits; a networked backend
   * reports every process's, and calls it with `null` when commits may have
   * gone unreported (its notification connection was lost and is back).
   */
  onCommit(listener: CommitListener): () => void;
  /** Deletes every update of a room; deleting an unknown room does nothing. */
  delete(room: string): Promise<void>;
  /** Closes the store; later calls throw. */
  close(): Promise<void>;
}

/**
 * A room's stored state could not be read: a row is corrupt (checksum
 * mismatch, bytes Yjs rejects) or the database failed. The room is named so
 * the operator knows which document to restore.
 */
export class StorageLoadError extends Error {
  override readonly name = 'StorageLoadError';
  constructor(
    /** The room whose state could not be loaded. */
    readonly room: string,
    /** What went wrong, e.g. `row 12: checksum mismatch`. */
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot load room "${room}": ${detail}`, options);
  }
}

/**
 * The persistence contract of the sync server: an append-only log of Yjs
 * updates per room, merged on load and compacted into snapshots.
 */

/** One update of one room, as written by `UpdateStore.appendBatch`. */
export interface RoomUpdate {
  /** The room name, e.g. `project/doc` or `project/doc/layers/alice`. */
  readonly room: string;
  /** A Yjs update (V1 encoding). */
  readonly update: Uint8Array;
}

/**
 * Durable storage of Yjs updates by room. Every write resolves only once it
 * is committed, so an update acknowledged to a client survives a crash of
 * the process (and, when the store is opened to flush every commit to the
 * disk, a power loss too).
 */
export interface UpdateStore {
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

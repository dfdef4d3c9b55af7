/**
 * A cache of the figures the documents listing shows for each stored room
 * (a content room's length in characters, a layer room's number of
 * annotations), so a listing that is polled does not load every room of the
 * project each time.
 *
 * Each figure is kept with the room's `RoomVersion` (row count and largest
 * row id) as it was read just before the room was loaded. A lookup asks
 * storage for the current version, one query on the `(room, id)` index, and
 * answers from the cache when it is unchanged; otherwise it loads the room
 * again. Rows are only appended, replaced by a compaction snapshot with a
 * new, larger id, or deleted, and ids are never reused, so any change to a
 * room's rows changes its version; a deleted room has no rows and is never
 * answered from the cache, and a new room of the same name gets new ids.
 * Reading the version before loading keeps the cache safe against a write
 * in between (another process): the figure is then newer than its version,
 * and the next lookup loads again.
 *
 * Only the rows' ids are compared, not their bytes: a row overwritten in
 * place (which the store never does) goes unnoticed until the room changes
 * again. The tests use exactly that to show that an unchanged room is not
 * loaded; `hits` and `misses` count the lookups for the same purpose.
 */
import { VersionedCache } from './versioned-cache.js';
import type { UpdateLog } from './update-log.js';

/** How many rooms a `DocumentSummaryCache` keeps by default: a few hundred bytes each. */
export const DEFAULT_SUMMARY_CACHE_ROOMS = 10_000;

/** Which figure of a room is cached: a content room's characters or a layer room's annotations. */
export type RoomFigure = 'characters' | 'spans';

/** Options of a `DocumentSummaryCache`. */
export interface DocumentSummaryCacheOptions {
  /** The most rooms kept; the least recently used one is forgotten first. @default 10,000 (`DEFAULT_SUMMARY_CACHE_ROOMS`) */
  readonly capacity?: number;
}

/**
 * Per-room figures of one store, each valid while the room's rows are
 * unchanged. Pass one to `describeDocuments` (through its `summaries`
 * option) and keep it for as long as the store is open.
 *
 * @example
 * const summaries = new DocumentSummaryCache(data.updates);
 * const listing = await describeDocuments(data, 'policy', { summaries }); // loads every room
 * const again = await describeDocuments(data, 'policy', { summaries }); // loads only changed rooms
 */
export class DocumentSummaryCache {
  private readonly figures: VersionedCache<number>;

  /**
   * @param store The store whose rooms are summarized; the cache answers for no other.
   * @throws RangeError when `options.capacity` is not a positive integer.
   */
  constructor(
    readonly store: UpdateLog,
    options: DocumentSummaryCacheOptions = {},
  ) {
    this.figures = new VersionedCache(options.capacity ?? DEFAULT_SUMMARY_CACHE_ROOMS);
  }

  /** The most rooms the cache holds at once. */
  get capacity(): number {
    return this.figures.capacity;
  }

  /** How many rooms the cache holds; never more than its capacity. */
  get size(): number {
    return this.figures.size;
  }

  /** Lookups answered from the cache. @internal for tests and diagnostics. */
  get hits(): number {
    return this.figures.hits;
  }

  /** Lookups that had to compute the figure (the room was new, changed or forgotten). @internal for tests and diagnostics. */
  get misses(): number {
    return this.figures.misses;
  }

  /**
   * The `figure` of `room`: the cached value when the room's rows are
   * unchanged since it was computed, otherwise `compute()`'s result (which
   * loads the room), remembered with the version read before it ran. A
   * room without rows is never cached, so `compute` decides what that means
   * (the listing throws). Errors from `compute` propagate and cache nothing.
   */
  async figureOf(room: string, figure: RoomFigure, compute: () => Promise<number>): Promise<number> {
    const { rows, maxId } = await this.store.roomVersion(room);
    return this.figures.get(room, rows > 0 ? `${figure}:${rows}:${maxId}` : undefined, compute);
  }
}

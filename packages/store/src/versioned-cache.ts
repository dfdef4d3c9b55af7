/**
 * Values kept with the version of what they were computed from: a lookup
 * with the current version answers from the cache when the version is the
 * one the value was kept with, and computes (and keeps) it again otherwise.
 * The caller reads the version before computing, so a change while the
 * value is computed leaves it kept under the older version, and the next
 * lookup computes again. Bounded: the least recently used entry goes first.
 */
import { LruMap } from './lru-map.js';

interface Entry<V> {
  readonly version: string;
  readonly value: V;
}

/** See the module comment. */
export class VersionedCache<V> {
  private readonly entries: LruMap<string, Entry<V>>;
  private hitCount = 0;
  private missCount = 0;

  /**
   * @param capacity The most entries kept; a positive integer.
   * @throws RangeError when `capacity` is not a positive integer.
   */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.entries = new LruMap(capacity);
  }

  /** The most entries kept at once. */
  get capacity(): number {
    return this.entries.capacity;
  }

  /** How many entries are kept; never more than `capacity`. */
  get size(): number {
    return this.entries.size;
  }

  /** Lookups answered from the cache. */
  get hits(): number {
    return this.hitCount;
  }

  /** Lookups that computed the value (new, changed or forgotten). */
  get misses(): number {
    return this.missCount;
  }

  /**
   * The value of `key` at `version`: the kept one when it was kept at this
   * version, else `compute()`'s. A computed value is kept at `version`
   * unless `version` is undefined or `keep` refuses it; an older entry of
   * `key` is dropped either way. Errors from `compute` propagate and keep
   * nothing.
   */
  async get(key: string, version: string | undefined, compute: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    const kept = this.entries.get(key);
    if (kept !== undefined && version !== undefined && kept.version === version) {
      this.hitCount++;
      return kept.value;
    }
    this.missCount++;
    if (kept !== undefined) this.entries.delete(key);
    const value = await compute();
    if (version !== undefined && keep(value)) this.entries.set(key, { version, value });
    return value;
  }
}

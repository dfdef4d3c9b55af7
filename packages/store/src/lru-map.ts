/**
 * A map with a fixed capacity that forgets its least recently used entry
 * when a new key would exceed it. Reading a key with `get` or writing it
 * with `set` makes it the most recently used; `peek` and `has` look without
 * touching the order. Built on `Map`, whose iteration order is insertion
 * order: a used key is deleted and inserted again, so the first key is
 * always the least recently used one.
 */

/** A map bounded to `capacity` entries that evicts the least recently used one. */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  /**
   * @param capacity Most entries kept at once; a positive integer.
   * @throws RangeError when `capacity` is not a positive integer.
   */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`An LruMap needs a positive integer capacity, got ${capacity}`);
  }

  /** How many entries the map holds; never more than `capacity`. */
  get size(): number {
    return this.entries.size;
  }

  /** The value of `key`, making it the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** The value of `key` without changing how recently it was used. */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Whether `key` is present, without changing how recently it was used. */
  has(key: K): boolean {
    return this.entries.has(key);
  }

  /**
   * Stores `value` under `key` as the most recently used entry. When that
   * adds a key to a full map, the least recently used entry is evicted and
   * returned as `[key, value]`; otherwise returns undefined.
   */
  set(key: K, value: V): [K, V] | undefined {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size <= this.capacity) return undefined;
    const [oldest] = this.entries;
    if (oldest === undefined) return undefined;
    this.entries.delete(oldest[0]);
    return oldest;
  }

  /** Removes `key`; returns whether it was present. */
  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** The keys from least to most recently used. */
  keys(): IterableIterator<K> {
    return this.entries.keys();
  }
}

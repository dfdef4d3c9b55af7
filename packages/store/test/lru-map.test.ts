/**
 * LruMap against a reference model (an array of entries ordered from least
 * to most recently used) under random operations, plus the eviction order
 * spelled out on small cases and refusal of a bad capacity.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LruMap } from '../src/lru-map.js';

type Operation =
  | { readonly kind: 'set'; readonly key: number; readonly value: number }
  | { readonly kind: 'get' | 'peek' | 'has' | 'delete'; readonly key: number };

/** The obvious, slow LRU: entries from least to most recently used. */
class ReferenceLru {
  entries: [number, number][] = [];
  constructor(readonly capacity: number) {}

  private take(key: number): [number, number] | undefined {
    const index = this.entries.findIndex(([k]) => k === key);
    return index < 0 ? undefined : this.entries.splice(index, 1)[0];
  }

  apply(op: Operation): unknown {
    switch (op.kind) {
      case 'set': {
        this.take(op.key);
        this.entries.push([op.key, op.value]);
        return this.entries.length > this.capacity ? this.entries.shift() : undefined;
      }
      case 'get': {
        const entry = this.take(op.key);
        if (entry) this.entries.push(entry);
        return entry?.[1];
      }
      case 'peek':
        return this.entries.find(([k]) => k === op.key)?.[1];
      case 'has':
        return this.entries.some(([k]) => k === op.key);
      case 'delete':
        return this.take(op.key) !== undefined;
    }
  }
}

function applyTo(map: LruMap<number, number>, op: Operation): unknown {
  switch (op.kind) {
    case 'set':
      return map.set(op.key, op.value);
    case 'get':
      return map.get(op.key);
    case 'peek':
      return map.peek(op.key);
    case 'has':
      return map.has(op.key);
    case 'delete':
      return map.delete(op.key);
  }
}

// Few keys relative to the capacity, so keys come back after eviction and hits are common.
const key = fc.integer({ min: 0, max: 7 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }),
  fc.record({ kind: fc.constantFrom('get' as const, 'peek' as const, 'has' as const, 'delete' as const), key }),
);

describe('LruMap', () => {
  it('behaves like the reference model: same answers, same entries in the same recency order, never over capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(operation, { maxLength: 200, size: 'medium' }), (capacity, ops) => {
        const map = new LruMap<number, number>(capacity);
        const model = new ReferenceLru(capacity);
        for (const op of ops) {
          expect(applyTo(map, op)).toEqual(model.apply(op));
          expect(map.size).toBeLessThanOrEqual(capacity);
          expect(map.size).toBe(model.entries.length);
          expect([...map.keys()]).toEqual(model.entries.map(([k]) => k));
        }
        for (const [k, v] of model.entries) expect(map.peek(k)).toBe(v);
      }),
    );
  });

  it('keeps exactly the most recently set N distinct keys after only sets', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(key, { maxLength: 100, size: 'medium' }), (capacity, keys) => {
        const map = new LruMap<number, number>(capacity);
        keys.forEach((k, i) => map.set(k, i));
        const lastDistinct: number[] = [];
        for (const k of [...keys].reverse()) if (!lastDistinct.includes(k)) lastDistinct.push(k);
        const kept = lastDistinct.slice(0, capacity);
        expect(new Set(map.keys())).toEqual(new Set(kept));
        for (const k of kept) expect(map.peek(k)).toBe(keys.lastIndexOf(k));
      }),
    );
  });

  it('keeps a key that is read between insertions, evicting the least recently used instead', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1);
    expect(map.set('c', 3)).toEqual(['b', 2]);
    expect([...map.keys()]).toEqual(['a', 'c']);
    expect(map.has('b')).toBe(false);
  });

  it('does not refresh a key on peek or has', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.peek('a')).toBe(1);
    expect(map.has('a')).toBe(true);
    expect(map.set('c', 3)).toEqual(['a', 1]);
    expect([...map.keys()]).toEqual(['b', 'c']);
  });

  it('overwrites a present key without evicting anything', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.set('a', 10)).toBeUndefined();
    expect(map.size).toBe(2);
    expect([...map.keys()]).toEqual(['b', 'a']);
    expect(map.get('a')).toBe(10);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses capacity %s with a RangeError', (capacity) => {
    expect(() => new LruMap(capacity)).toThrow(new RangeError(`An LruMap needs a positive integer capacity, got ${capacity}`));
  });
});

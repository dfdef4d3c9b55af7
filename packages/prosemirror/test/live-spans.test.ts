import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { SpanSet } from '@glossa/core';
import type { TextChange } from '@glossa/core';
import { LiveSpanSet, MAX_PENDING_SHIFTS } from '../src/index.js';
import { span } from './fixtures.js';

const initial = [span('a', 0, 5), span('b', 3, 9), span('c', 10, 11), span('d', 12, 30), span('e', 14, 16), span('f', 40, 44)];

/** A random operation on a span set, with sizes that stay inside a text of about 60 positions. */
const operation = fc.oneof(
  fc.record({
    kind: fc.constant('map' as const),
    changes: fc.array(fc.record({ from: fc.nat(60), length: fc.nat(5), insert: fc.nat(4) }), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('add' as const), start: fc.nat(60), length: fc.integer({ min: 1, max: 8 }), id: fc.constantFrom('a', 'c', 'x', 'y', 'z') }),
  fc.record({ kind: fc.constant('remove' as const), id: fc.constantFrom('a', 'b', 'd', 'x') }),
  fc.record({ kind: fc.constant('compact' as const) }),
);

describe('LiveSpanSet', () => {
  it('agrees with SpanSet through random edits, additions, removals and compactions', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 40 }), fc.array(fc.tuple(fc.nat(70), fc.nat(12)), { minLength: 1, maxLength: 5 }), (ops, queries) => {
        let reference = SpanSet.create(initial);
        let live = LiveSpanSet.create(initial);
        for (const op of ops) {
          if (op.kind === 'map') {
            const changes: TextChange[] = op.changes.map((c) => ({ from: c.from, to: c.from + c.length, insert: c.insert }));
            const expected = reference.map(changes);
            const actual = live.map(changes);
            expect(actual.collapsed).toEqual(expected.collapsed);
            reference = expected.set;
            live = actual.set;
          } else if (op.kind === 'add') {
            const added = span(op.id, op.start, op.start + op.length, 'place');
            reference = reference.add([added]);
            live = live.add([added]);
          } else if (op.kind === 'remove') {
            reference = reference.remove([op.id]);
            live = live.remove([op.id]);
          } else {
            live = live.compact();
            expect(live.pendingShifts).toBe(0);
          }
          expect(live.toArray()).toEqual(reference.toArray());
          expect(live.size).toBe(reference.size);
          for (const [from, length] of queries) {
            expect(live.find(from, from + length)).toEqual(reference.find(from, from + length));
            expect(live.at(from)).toEqual(reference.at(from));
          }
          for (const id of ['a', 'b', 'c', 'd', 'x', 'y']) {
            expect(live.get(id)).toEqual(reference.get(id));
            expect(live.has(id)).toBe(reference.has(id));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('maps a change that touches nothing without moving any span one by one', () => {
    const set = LiveSpanSet.create(initial).map([{ from: 35, to: 35, insert: 3 }]).set;
    expect(set.pendingShifts).toBe(1);
    expect(set.get('f')).toEqual(span('f', 43, 47));
    expect(set.find(42, 44).map((s) => s.id)).toEqual(['f']);
    expect(set.compact().toArray()).toEqual(set.toArray());
  });

  it('compacts on its own when changes pile up', () => {
    let set = LiveSpanSet.create(initial);
    for (let i = 0; i <= MAX_PENDING_SHIFTS; i++) set = set.map([{ from: 35, to: 35, insert: 1 }]).set;
    expect(set.pendingShifts).toBeLessThan(MAX_PENDING_SHIFTS);
    expect(set.get('f')).toEqual(span('f', 40 + MAX_PENDING_SHIFTS + 1, 44 + MAX_PENDING_SHIFTS + 1));
  });

  it.each([
    ['a duplicate id', () => LiveSpanSet.create([span('a', 0, 2), span('a', 3, 4)]), /Duplicate span id a/],
    ['an empty span', () => LiveSpanSet.create([span('a', 2, 2)]), /end must be an integer greater than start/],
    ['an inverted query', () => LiveSpanSet.create(initial).find(5, 2), /not a range/],
    ['a malformed change', () => LiveSpanSet.create(initial).map([{ from: 4, to: 2, insert: 0 }]), /to must be an integer >= from/],
    ['an update of a missing span', () => LiveSpanSet.create(initial).update('nope', {}), /No span with id nope/],
  ])('throws a RangeError for %s', (_name, run, message) => {
    expect(run).toThrow(RangeError);
    expect(run).toThrow(message);
  });
});

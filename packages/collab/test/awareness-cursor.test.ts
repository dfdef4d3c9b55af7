import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { CONTENT_FRAGMENT, MAX_TYPE_NAME_LENGTH, createContentDoc, parseAwarenessState, readAwarenessCursor, readAwarenessState } from '../src/index.js';
import type { AwarenessCursorPosition } from '../src/index.js';

const user = { id: 'ana', name: 'Ana', color: '#1f77b4' };
const huge = 'x'.repeat(1_000_000);
const anchor = { item: { client: 7, clock: 3 }, assoc: 0 };
const head = { tname: 'content', assoc: -1 };

/** The cursor as it travels: JSON text, parsed again on the other side. */
function overTheWire<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value));
}

describe('the awareness cursor', () => {
  it('accepts the cursor Yjs makes and returns a copy that resolves where it was made', () => {
    const content = createContentDoc('The National Guard\nwas deployed.');
    const fragment = content.getXmlFragment(CONTENT_FRAGMENT);
    const text = (fragment.get(1) as Y.XmlElement).get(0) as Y.XmlText;
    const cursor = {
      anchor: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 4, 0)),
      head: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(fragment, fragment.length, -1)),
    };
    const sent = overTheWire({ user, cursor, layer: 'shared' });
    const parsed = parseAwarenessState(sent);
    expect(parsed).toEqual(sent);
    if (parsed?.cursor === undefined) throw new Error('no cursor parsed');
    const at = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(parsed.cursor.anchor), content, false);
    expect(at?.type).toBe(text);
    expect(at?.index).toBe(4);
    expect(parsed.cursor.head.tname).toBe(CONTENT_FRAGMENT);
    const end = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(parsed.cursor.head), content, false);
    expect(end?.type).toBe(fragment);
    expect(end?.index).toBe(fragment.length);
  });

  it('keeps a cursor beside a selection, and leaves out nulls and unknown keys, huge ones included', () => {
    const sent = {
      user,
      cursor: {
        anchor: { item: { client: 7, clock: 3, note: huge }, type: null, tname: null, assoc: null, note: huge },
        head: { ...head, item: undefined },
        extra: huge,
      },
    };
    const parsed = parseAwarenessState(sent);
    expect(parsed).toEqual({ user, cursor: { anchor: { item: { client: 7, clock: 3 } }, head } });
    expect(Object.keys(parsed?.cursor?.anchor ?? {})).toEqual(['item']);
    expect(JSON.stringify(parsed).length).toBeLessThan(200);
  });

  it('reads -0 as 0, as JSON would carry it', () => {
    const read = readAwarenessCursor({ anchor: { item: { client: -0, clock: -0 }, assoc: -0 }, head });
    if (!read.ok) throw new Error(read.errors.join('; '));
    expect(Object.is(read.value.anchor.item?.client, 0)).toBe(true);
    expect(Object.is(read.value.anchor.item?.clock, 0)).toBe(true);
    expect(Object.is(read.value.anchor.assoc, 0)).toBe(true);
  });

  const position = (fields: Record<string, unknown>): Record<string, unknown> => ({ ...anchor, ...fields });
  const bad: [string, unknown, string][] = [
    ['a string', 'x', 'cursor: expected { anchor, head }, got a string of 1 character'],
    ['a number', 7, 'cursor: expected { anchor, head }, got 7'],
    ['a boolean', true, 'cursor: expected { anchor, head }, got true'],
    ['an array', [anchor, head], 'cursor: expected { anchor, head }, got an array of 2 items'],
    ['bytes', new Uint8Array(3), 'cursor: expected { anchor, head }, got 3 bytes'],
    ['no anchor', { head }, 'cursor.anchor: expected a relative position object ({ type, tname, item, assoc }), got nothing'],
    ['no head', { anchor }, 'cursor.head: expected a relative position object ({ type, tname, item, assoc }), got nothing'],
    ['a null head', { anchor, head: null }, 'cursor.head: expected a relative position object ({ type, tname, item, assoc }), got null'],
    ['an anchor that is an array', { anchor: [1], head }, 'cursor.anchor: expected a relative position object ({ type, tname, item, assoc }), got an array of 1 item'],
    ['an anchor of encoded bytes', { anchor: Uint8Array.from([1, 2, 3, 4]), head }, 'cursor.anchor: expected a relative position object ({ type, tname, item, assoc }), got 4 bytes'],
    ['an anchor with no fields', { anchor: {}, head }, 'cursor.anchor: expected one of item, type or tname'],
    ['an anchor with only assoc', { anchor: { assoc: 0 }, head }, 'cursor.anchor: expected one of item, type or tname'],
    ['an anchor with every field null', { anchor: { type: null, tname: null, item: null, assoc: null }, head }, 'cursor.anchor: expected one of item, type or tname'],
    ['an item that is a string', { anchor: position({ item: 'x' }), head }, 'cursor.anchor.item: expected { client, clock } or null, got a string of 1 character'],
    ['an item that is an array', { anchor: position({ item: [7, 3] }), head }, 'cursor.anchor.item: expected { client, clock } or null, got an array of 2 items'],
    ['an item without clock', { anchor: position({ item: { client: 1 } }), head }, 'cursor.anchor.item.clock: expected a non-negative integer, got nothing'],
    ['an item without client', { anchor: position({ item: { clock: 1 } }), head }, 'cursor.anchor.item.client: expected a non-negative integer, got nothing'],
    ['a negative clock', { anchor: position({ item: { client: 1, clock: -1 } }), head }, 'cursor.anchor.item.clock: expected a non-negative integer, got -1'],
    ['a fractional clock', { anchor: position({ item: { client: 1, clock: 1.5 } }), head }, 'cursor.anchor.item.clock: expected a non-negative integer, got 1.5'],
    ['a NaN clock', { anchor: position({ item: { client: 1, clock: Number.NaN } }), head }, 'cursor.anchor.item.clock: expected a non-negative integer, got NaN'],
    ['an infinite clock', { anchor: position({ item: { client: 1, clock: Infinity } }), head }, 'cursor.anchor.item.clock: expected a non-negative integer, got Infinity'],
    ['a clock beyond safe integers', { anchor: position({ item: { client: 1, clock: 2 ** 53 } }), head }, 'cursor.anchor.item.clock: expected a non-negative integer, got 9007199254740992'],
    ['a clock as a string', { anchor: position({ item: { client: 1, clock: '3' } }), head }, 'cursor.anchor.item.clock: expected a non-negative integer, got a string of 1 character'],
    ['a clock as an object', { anchor: position({ item: { client: 1, clock: { value: 3 } } }), head }, 'cursor.anchor.item.clock: expected a non-negative integer, got an object'],
    ['a clock as an array', { anchor: position({ item: { client: 1, clock: [3] } }), head }, 'cursor.anchor.item.clock: expected a non-negative integer, got an array of 1 item'],
    ['a negative client', { anchor: position({ item: { client: -5, clock: 1 } }), head }, 'cursor.anchor.item.client: expected a non-negative integer, got -5'],
    ['a null client', { anchor: position({ item: { client: null, clock: 1 } }), head }, 'cursor.anchor.item.client: expected a non-negative integer, got null'],
    ['a client of -Infinity', { anchor: position({ item: { client: -Infinity, clock: 1 } }), head }, 'cursor.anchor.item.client: expected a non-negative integer, got -Infinity'],
    ['a type that is a string', { anchor: position({ type: 'x' }), head }, 'cursor.anchor.type: expected { client, clock } or null, got a string of 1 character'],
    ['a type with a negative clock', { anchor: position({ type: { client: 1, clock: -1 } }), head }, 'cursor.anchor.type.clock: expected a non-negative integer, got -1'],
    ['a tname that is a number', { anchor: position({ tname: 3 }), head }, `cursor.anchor.tname: expected a string of 1 to ${MAX_TYPE_NAME_LENGTH} characters or null, got 3`],
    ['an empty tname', { anchor: position({ tname: '' }), head }, `cursor.anchor.tname: expected a string of 1 to ${MAX_TYPE_NAME_LENGTH} characters or null, got a string of 0 characters`],
    ['a huge tname', { anchor: position({ tname: huge }), head }, `cursor.anchor.tname: expected a string of 1 to ${MAX_TYPE_NAME_LENGTH} characters or null, got a string of 1000000 characters`],
    ['a tname one too long', { anchor: position({ tname: 'x'.repeat(MAX_TYPE_NAME_LENGTH + 1) }), head }, `cursor.anchor.tname: expected a string of 1 to ${MAX_TYPE_NAME_LENGTH} characters or null, got a string of ${MAX_TYPE_NAME_LENGTH + 1} characters`],
    ['a tname that is an object', { anchor: position({ tname: {} }), head }, `cursor.anchor.tname: expected a string of 1 to ${MAX_TYPE_NAME_LENGTH} characters or null, got an object`],
    ['a fractional assoc', { anchor: position({ assoc: 0.5 }), head }, 'cursor.anchor.assoc: expected an integer or null, got 0.5'],
    ['a NaN assoc', { anchor: position({ assoc: Number.NaN }), head }, 'cursor.anchor.assoc: expected an integer or null, got NaN'],
    ['an infinite assoc', { anchor: position({ assoc: -Infinity }), head }, 'cursor.anchor.assoc: expected an integer or null, got -Infinity'],
    ['an assoc as a string', { anchor: position({ assoc: '0' }), head }, 'cursor.anchor.assoc: expected an integer or null, got a string of 1 character'],
    ['an assoc as an object', { anchor: position({ assoc: { n: 0 } }), head }, 'cursor.anchor.assoc: expected an integer or null, got an object'],
    ['a head with a negative clock', { anchor, head: { item: { client: 1, clock: -2 } } }, 'cursor.head.item.clock: expected a non-negative integer, got -2'],
    ['a head naming no type', { anchor, head: { assoc: 1 } }, 'cursor.head: expected one of item, type or tname'],
  ];

  it.each(bad)('refuses %s, naming the field', (_what, cursor, message) => {
    expect(parseAwarenessState({ user, cursor })).toBeNull();
    expect(readAwarenessState({ user, cursor })).toEqual({ ok: false, errors: [message] });
    expect(readAwarenessCursor(cursor)).toEqual({ ok: false, errors: [message] });
  });

  it('names the field it is given', () => {
    expect(readAwarenessCursor({ anchor: 1, head }, 'states[3].cursor')).toEqual({
      ok: false,
      errors: ['states[3].cursor.anchor: expected a relative position object ({ type, tname, item, assoc }), got 1'],
    });
  });
});

const id = fc.record({ client: fc.nat({ max: 2 ** 32 - 1 }), clock: fc.nat() });
const typeName = fc.string({ minLength: 1, maxLength: MAX_TYPE_NAME_LENGTH });

/** A well-formed JSON relative position: at least one of type, tname and item. */
const wellFormedPosition: fc.Arbitrary<AwarenessCursorPosition> = fc
  .record({ type: id, tname: typeName, item: id, assoc: fc.integer({ min: -1, max: 1 }) }, { requiredKeys: [] })
  .filter((p) => p.type !== undefined || p.tname !== undefined || p.item !== undefined);

/** A value that is sometimes well formed and otherwise anything JSON can carry. */
function mostly<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: fc.jsonValue() }, { weight: 1, arbitrary: fc.constant(null) });
}

/** A JSON position with any leaf possibly malformed and unknown keys beside the known ones. */
const roughPosition = fc
  .tuple(
    fc.record({ type: mostly(id), tname: mostly(typeName), item: mostly(id), assoc: mostly(fc.integer()) }, { requiredKeys: [] }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 2 }),
  )
  .map(([known, extra]) => ({ ...extra, ...known }));

const encodedPosition = id.map((item) => Array.from(Y.encodeRelativePosition(Y.createRelativePositionFromJSON({ item }))));

/** Awareness states near the valid ones, so both acceptance and every refusal are reached. */
const roughState = fc.record(
  {
    user: mostly(fc.record({ id: fc.string({ minLength: 1, maxLength: 128 }), name: fc.string({ maxLength: 200 }), color: fc.constantFrom('#1f77b4', '#FF7F0E') })),
    cursor: mostly(fc.record({ anchor: mostly(roughPosition), head: mostly(roughPosition) })),
    selection: mostly(fc.record({ anchor: mostly(encodedPosition), head: mostly(encodedPosition) })),
    layer: mostly(fc.constantFrom('shared', 'gold', 'ana.b-1')),
    extra: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

const KNOWN_KEYS = new Set(['user', 'selection', 'cursor', 'layer']);

describe('the awareness state as untrusted input (property)', () => {
  it('never throws, whatever JSON value or JavaScript value it is given', () => {
    const anything = fc.anything({ withNullPrototype: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true, withMap: true, withSet: true });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), anything), fc.oneof(fc.jsonValue(), anything), (value, other) => {
        for (const state of [value, { user, cursor: value }, { user, cursor: { anchor: value, head: other } }, { user, cursor: { anchor: { item: value, type: other } } }, { user, selection: { anchor: value, head: other } }]) {
          const read = readAwarenessState(state);
          expect(read.ok ? true : read.errors.length > 0).toBe(true);
          expect(parseAwarenessState(state) === null).toBe(!read.ok);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips every state it accepts, over JSON and through itself, keeping only the documented fields', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(roughState, (state) => {
        const parsed = parseAwarenessState(state);
        if (parsed === null) {
          refused++;
          return;
        }
        accepted++;
        expect(Object.keys(parsed).every((key) => KNOWN_KEYS.has(key))).toBe(true);
        expect(parseAwarenessState(overTheWire(parsed))).toEqual(parsed);
        expect(parseAwarenessState(parsed)).toEqual(parsed);
        if (parsed.cursor !== undefined) {
          // Yjs reads the accepted positions as they are, and can encode them.
          for (const position of [parsed.cursor.anchor, parsed.cursor.head]) {
            const rpos = Y.createRelativePositionFromJSON(position);
            expect(overTheWire(Y.relativePositionToJSON(rpos))).toEqual({ ...position, assoc: position.assoc ?? 0 });
            expect(Y.decodeRelativePosition(Y.encodeRelativePosition(rpos)).assoc).toBe(position.assoc ?? 0);
          }
        }
      }),
      { numRuns: 1000 },
    );
    // Both outcomes were reached, so the property says something about each.
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it('accepts every well-formed cursor and returns it unchanged', () => {
    fc.assert(
      fc.property(wellFormedPosition, wellFormedPosition, (anchorPosition, headPosition) => {
        const cursor = { anchor: anchorPosition, head: headPosition };
        expect(readAwarenessCursor(overTheWire(cursor))).toEqual({ ok: true, value: cursor });
      }),
    );
  });
});

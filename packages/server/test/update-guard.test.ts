import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { checkUpdateEncoding } from '../src/update-guard.js';
import { ClientIds, clientIdSeed } from '../../../tests/support/seeded.js';

/** The bytes `write` encodes. */
function update(write: (e: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** A V1 update of client 99 from clock 0: a struct count of `count`, the structs `write` encodes, an empty delete set. */
function clientStructs(count: number, write: (e: encoding.Encoder) => void): Uint8Array {
  return update((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, count);
    encoding.writeVarUint(e, 99);
    encoding.writeVarUint(e, 0);
    write(e);
    encoding.writeVarUint(e, 0); // empty delete set
  });
}

/** One item in root type `m` with the info byte `info` and the content `content` writes (`structs` is the struct count claimed). */
function oneItem(info: number, content: (e: encoding.Encoder) => void, structs = 1): Uint8Array {
  return clientStructs(structs, (e) => {
    encoding.writeUint8(e, info);
    encoding.writeVarUint(e, 1); // parent is a root type
    encoding.writeVarString(e, 'm');
    content(e);
  });
}

/** One edit of a random history on one of two docs; `sync` exchanges their states. */
const edit = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), at: fc.nat(), text: fc.string({ unit: 'binary' }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat(5) }),
  fc.record({ kind: fc.constant('map' as const), key: fc.string(), value: fc.jsonValue() }),
  fc.record({ kind: fc.constant('array' as const), values: fc.array(fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.string(), fc.constant(null))) }),
  fc.record({ kind: fc.constant('xml' as const), name: fc.constantFrom('paragraph', 'p'), text: fc.string() }),
  fc.record({ kind: fc.constant('sync' as const) }),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

/**
 * Plays `edits` on two docs (alternately; `sync` exchanges their states, so
 * later edits refer to and delete the other client's items) and returns the
 * docs with every update they made, then each doc's whole state.
 */
function history(edits: readonly Edit[], ids: ClientIds): { docs: [Y.Doc, Y.Doc]; updates: Uint8Array[] } {
  const docs: [Y.Doc, Y.Doc] = [ids.doc(), ids.doc()];
  const updates: Uint8Array[] = [];
  for (const doc of docs) doc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'sync' && updates.push(u));
  for (const [i, op] of edits.entries()) {
    const doc = docs[i % 2] as Y.Doc;
    const text = doc.getText('t');
    if (op.kind === 'text') text.insert(op.at % (text.length + 1), op.text, op.at % 2 ? { bold: true } : undefined);
    else if (op.kind === 'delete') text.delete(op.at % (text.length + 1), Math.min(op.length, text.length - (op.at % (text.length + 1))));
    else if (op.kind === 'map') doc.getMap('m').set(op.key, op.value);
    else if (op.kind === 'array') doc.getArray('a').push([...op.values, new Uint8Array([1, 2])]);
    else if (op.kind === 'xml') doc.getXmlFragment('content').push([new Y.XmlElement(op.name), new Y.XmlText(op.text)]);
    else for (const [from, to] of [docs, [...docs].reverse()]) Y.applyUpdate(to as Y.Doc, Y.encodeStateAsUpdate(from as Y.Doc), 'sync');
  }
  updates.push(...docs.map((doc) => Y.encodeStateAsUpdate(doc)));
  return { docs, updates };
}

/** A change of one byte: set to a value, a value inserted before it, or removed. `at` is taken modulo the length. */
const byteChange = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
);
type ByteChange = typeof byteChange extends fc.Arbitrary<infer T> ? T : never;

function changeBytes(bytes: Uint8Array, changes: readonly ByteChange[]): Uint8Array {
  const out = [...bytes];
  for (const change of changes) {
    if (change.kind === 'insert') out.splice(change.at % (out.length + 1), 0, change.value);
    else if (out.length === 0) continue;
    else if (change.kind === 'set') out[change.at % out.length] = change.value;
    else out.splice(change.at % out.length, 1);
  }
  return new Uint8Array(out);
}

/**
 * A real update (one of a random two-client history) with a few bytes
 * changed, the second doc's whole state, and client ids for the docs that
 * receive them.
 */
const changedUpdate = fc
  .tuple(fc.array(edit, { minLength: 1, maxLength: 8 }), fc.nat(), fc.array(byteChange, { minLength: 1, maxLength: 2 }), clientIdSeed)
  .map(([edits, pick, changes, idSeed]) => {
    const ids = new ClientIds(idSeed);
    const { docs, updates } = history(edits, ids);
    const original = updates[pick % updates.length] as Uint8Array;
    return { original, changed: changeBytes(original, changes), other: Y.encodeStateAsUpdate(docs[1]), receivers: [ids.next(), ids.next()] as const };
  });

/**
 * Updates the guard accepts although Yjs cannot apply them (it throws while
 * integrating or while keeping them pending). A room refuses them when it
 * stages them; the cases below pin each kind until the guard refuses it.
 */
function knownGap(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  const refersForward = structs.some((struct) => {
    if (!(struct instanceof Y.Item)) return false;
    const refs = [struct.origin, struct.rightOrigin, struct.parent instanceof Y.ID ? struct.parent : null];
    return refs.some((ref) => ref !== null && ref.client === struct.id.client && ref.clock >= struct.id.clock);
  });
  const empty = structs.some((struct) => struct.length === 0) || [...ds.clients.values()].some((ranges) => ranges.some((range) => range.len === 0));
  return refersForward || empty;
}

/** One update of each kind in `knownGap`. */
const KNOWN_GAPS: [string, Uint8Array][] = [
  [
    'an item whose origin is a later clock of its own client',
    clientStructs(1, (e) => {
      encoding.writeUint8(e, 0x80 | 4); // an origin, string content
      encoding.writeVarUint(e, 99);
      encoding.writeVarUint(e, 5);
      encoding.writeVarString(e, 'x');
    }),
  ],
  [
    'an item of length 0 after another item of its client',
    clientStructs(2, (e) => {
      encoding.writeUint8(e, 4); // string content in root type 't'
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, 't');
      encoding.writeVarString(e, 'x');
      encoding.writeUint8(e, 8); // any content, no values, in root type 'a'
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, 'a');
      encoding.writeVarUint(e, 0);
    }),
  ],
  [
    'a deleted range of length 0',
    update((e) => {
      encoding.writeVarUint(e, 0); // no structs
      encoding.writeVarUint(e, 1); // one client in the delete set
      encoding.writeVarUint(e, 7);
      encoding.writeVarUint(e, 1); // one range: clock 0, length 0
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 0);
    }),
  ],
];

describe('checkUpdateEncoding', () => {
  it('accepts every update Yjs produces for random edits by two clients (property)', () => {
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 20 }), clientIdSeed, (edits, idSeed) => {
        for (const u of history(edits, new ClientIds(idSeed)).updates) expect(checkUpdateEncoding(u).ok).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('never throws, on arbitrary bytes and on real updates with bytes changed (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), changedUpdate.map((u) => u.changed)), (bytes) => {
        const result = checkUpdateEncoding(bytes);
        if (!result.ok) expect(result.errors[0]).toMatch(/^malformed update: ./);
      }),
      { numRuns: 2000 },
    );
  });

  it('what it accepts Yjs applies, on real updates with bytes changed (property)', () => {
    const numRuns = 300;
    let accepted = 0;
    let acceptedChanged = 0;
    fc.assert(
      fc.property(changedUpdate, ({ original, changed, other, receivers: [freshId, holdingId] }) => {
        fc.pre(checkUpdateEncoding(changed).ok && !knownGap(changed));
        accepted++;
        if (changed.length !== original.length || changed.some((byte, i) => byte !== original[i])) acceptedChanged++;
        const fresh = Object.assign(new Y.Doc(), { clientID: freshId });
        expect(() => Y.applyUpdate(fresh, changed)).not.toThrow();
        // A doc that already holds a history's state, as a room does.
        const holding = Object.assign(new Y.Doc(), { clientID: holdingId });
        Y.applyUpdate(holding, other);
        expect(() => Y.applyUpdate(holding, changed)).not.toThrow();
        expect(() => Y.encodeStateAsUpdate(holding)).not.toThrow();
      }),
      { numRuns },
    );
    // The property ran on accepted updates (runs whose input the guard refused are skipped), most of them changed.
    expect(accepted).toBe(numRuns);
    expect(acceptedChanged).toBeGreaterThan(numRuns / 2);
  });

  it.each(KNOWN_GAPS)('takes %s for an update Yjs cannot apply', (_what, bytes) => {
    expect(knownGap(bytes)).toBe(true);
    expect(() => Y.applyUpdate(new Y.Doc(), bytes)).toThrow();
  });

  // Expected to fail until the guard refuses these kinds: then drop `fails` and `knownGap`.
  it.fails.each(KNOWN_GAPS)('refuses %s (not yet: the guard accepts it)', (_what, bytes) => {
    expect(checkUpdateEncoding(bytes).ok).toBe(false);
  });

  it.each([
    ['a client count of 2^40', update((e) => encoding.writeVarUint(e, 2 ** 40)), /client count 1099511627776/],
    [
      'a struct count of 2^40',
      update((e) => {
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint(e, 2 ** 40);
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint(e, 0);
      }),
      /struct count/,
    ],
    [
      'a JSON content count of 2^32',
      oneItem(2, (e) => encoding.writeVarUint(e, 2 ** 32)),
      /JSON content count/,
    ],
    [
      'an any-array claiming 2^40 elements',
      oneItem(8, (e) => {
        encoding.writeVarUint(e, 1);
        encoding.writeUint8(e, 117);
        encoding.writeVarUint(e, 2 ** 40);
      }),
      /array element count/,
    ],
    [
      'values nested 1,000 deep',
      oneItem(8, (e) => {
        encoding.writeVarUint(e, 1);
        for (let i = 0; i < 1000; i++) {
          encoding.writeUint8(e, 117);
          encoding.writeVarUint(e, 1);
        }
        encoding.writeUint8(e, 126);
      }),
      /nested deeper/,
    ],
    ['an unknown content reference', oneItem(11, () => undefined), /unknown content reference 11/],
    ['an unknown type reference', oneItem(7, (e) => encoding.writeVarUint(e, 42)), /unknown type reference 42/],
    ['invalid JSON content', oneItem(2, (e) => (encoding.writeVarUint(e, 1), encoding.writeVarString(e, '{nope'))), /not valid JSON/],
    ['a string longer than the message', oneItem(4, (e) => encoding.writeVarUint(e, 5000)), /exceeds/],
    ['trailing bytes', new Uint8Array([0, 0, 7]), /unexpected bytes/],
    ['a truncated update', Y.encodeStateAsUpdate(docWithText('hello world')).subarray(0, 8), /unexpected end|exceeds/],
    ['an empty message', new Uint8Array(0), /unexpected end/],
    ['an integer over 2^53', new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), /out of range/],
  ])('refuses %s with a reason', (_what, bytes, reason) => {
    const result = checkUpdateEncoding(bytes);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(reason);
  });

  it('accepts the empty update', () => {
    expect(checkUpdateEncoding(new Uint8Array([0, 0])).ok).toBe(true);
  });
});

function docWithText(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return doc;
}

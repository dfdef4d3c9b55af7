import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { checkUpdateEncoding } from '../src/update-guard.js';

/** Encodes a V1 update header: one client with `structs` structs, then `rest`. */
function update(write: (e: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function oneItem(info: number, content: (e: encoding.Encoder) => void, structs = 1): Uint8Array {
  return update((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, structs);
    encoding.writeVarUint(e, 99);
    encoding.writeVarUint(e, 0);
    encoding.writeUint8(e, info);
    encoding.writeVarUint(e, 1); // parent is a root type
    encoding.writeVarString(e, 'm');
    content(e);
    encoding.writeVarUint(e, 0); // empty delete set
  });
}

describe('checkUpdateEncoding', () => {
  it('accepts every update Yjs produces for random edits (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('text' as const), at: fc.nat(), text: fc.string({ unit: 'binary' }) }),
            fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat(5) }),
            fc.record({ kind: fc.constant('map' as const), key: fc.string(), value: fc.jsonValue() }),
            fc.record({ kind: fc.constant('array' as const), values: fc.array(fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.string(), fc.constant(null))) }),
            fc.record({ kind: fc.constant('xml' as const), name: fc.constantFrom('paragraph', 'p'), text: fc.string() }),
          ),
          { maxLength: 20 },
        ),
        (ops) => {
          const doc = new Y.Doc();
          const updates: Uint8Array[] = [];
          doc.on('update', (u: Uint8Array) => updates.push(u));
          for (const op of ops) {
            const text = doc.getText('t');
            if (op.kind === 'text') text.insert(op.at % (text.length + 1), op.text, op.at % 2 ? { bold: true } : undefined);
            else if (op.kind === 'delete') text.delete(op.at % (text.length + 1), Math.min(op.length, text.length - (op.at % (text.length + 1))));
            else if (op.kind === 'map') doc.getMap('m').set(op.key, op.value);
            else if (op.kind === 'array') doc.getArray('a').push([...op.values, new Uint8Array([1, 2])]);
            else doc.getXmlFragment('content').push([new Y.XmlElement(op.name), new Y.XmlText(op.text)]);
          }
          updates.push(Y.encodeStateAsUpdate(doc));
          for (const u of updates) expect(checkUpdateEncoding(u).ok).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never throws on arbitrary bytes, and what it accepts Yjs applies (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const result = checkUpdateEncoding(bytes);
        if (result.ok) expect(() => Y.applyUpdate(new Y.Doc(), bytes)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
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

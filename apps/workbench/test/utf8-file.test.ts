import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { firstInvalidUtf8Byte } from '@glossa/formats';
import { decodeUtf8File, firstInvalidUtf8Offset } from '../src/components/utf8-file.js';

const bytesOf = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...new TextEncoder().encode(part)] : part)));

/** Byte arrays that are mostly UTF-8 with some bytes of anything among them. */
const mostlyText = fc
  .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 3 }).map((s) => [...new TextEncoder().encode(s)]), fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 3 })), { maxLength: 12 })
  .map((parts) => Uint8Array.from(parts.flat()));

describe('decodeUtf8File', () => {
  it.each([
    { name: 'Latin-1 é', bytes: bytesOf('Hello caf', [0xe9], ' world'), offset: 9 },
    { name: 'a lone continuation byte', bytes: bytesOf('ab', [0x80]), offset: 2 },
    { name: 'an overlong encoding', bytes: bytesOf('x', [0xc0, 0x80]), offset: 1 },
    { name: 'an encoded surrogate', bytes: bytesOf('€', [0xed, 0xa0, 0x80]), offset: 3 },
    { name: 'a sequence cut off at the end', bytes: bytesOf('ok ', [0xf0, 0x9f, 0x98]), offset: 3 },
    { name: 'a U+FFFD of the file before a bad byte', bytes: bytesOf('a\uFFFDb', [0xff]), offset: 5 },
  ])('refuses $name, naming the file and the byte offset', ({ bytes, offset }) => {
    expect(decodeUtf8File('notes.txt', bytes)).toEqual({ ok: false, message: `notes.txt: invalid UTF-8 at byte offset ${offset}: expected a UTF-8 text file` });
  });

  it('keeps a byte-order mark, CRLF and emoji, so the text encodes back to the same bytes', () => {
    const bytes = bytesOf([0xef, 0xbb, 0xbf], 'a\r\nb 👍🏽 \uFFFD');
    const decoded = decodeUtf8File('bom.txt', bytes);
    expect(decoded).toEqual({ ok: true, text: '\uFEFFa\r\nb 👍🏽 \uFFFD' });
    expect(new TextEncoder().encode(decoded.ok ? decoded.text : '')).toEqual(bytes);
  });

  it('finds the same first bad byte as the import of @glossa/formats, and none exactly when strict decoding succeeds', () => {
    fc.assert(
      fc.property(mostlyText, (bytes) => {
        const offset = firstInvalidUtf8Offset(bytes);
        expect(offset).toBe(firstInvalidUtf8Byte(bytes));
        expect(offset === -1).toBe(decodeUtf8File('f', bytes).ok);
      }),
      { seed: Number(process.env['GLOSSA_SEED'] ?? 1414), numRuns: 2000 },
    );
  });
});

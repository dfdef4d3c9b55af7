import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonString, jsonStringRepeated } from '../src/jsonquote.js';

describe('jsonString', () => {
  it.each(['', 'plain', 'with "quotes"', 'back\\slash', 'tab\tnew\nline\u0000', 'emoji 😀', 'lone \ud800 surrogate', 'line\u2028separator', '\u007f\u0080'])('%j is quoted as JSON.stringify quotes it', (value) => {
    expect(jsonString(value)).toBe(JSON.stringify(value));
    expect(jsonStringRepeated(value)).toBe(JSON.stringify(value));
  });

  it('is JSON.stringify for any string, remembered or not (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (value) => {
        expect(jsonString(value)).toBe(JSON.stringify(value));
        expect(jsonStringRepeated(value)).toBe(JSON.stringify(value));
        expect(jsonStringRepeated(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { normalizeQuote, quoteKey } from '../src/index.js';

describe('quoteKey', () => {
  it('compares quotes as rejections do: NFC, whitespace runs, case', () => {
    expect(quoteKey('org', '  National\n Guard ')).toBe(quoteKey('org', 'national guard'));
    expect(quoteKey('org', 'Medelli\u0301n')).toBe(quoteKey('org', 'Medell\u00edn'));
    expect(quoteKey('x', 'Guardia Nacio\u0301n')).toBe(quoteKey('x', 'guardia nación'));
  });

  it('keeps labels and texts apart', () => {
    expect(quoteKey('org', 'National Guard')).not.toBe(quoteKey('place', 'National Guard'));
    expect(quoteKey('org', 'National Guard')).not.toBe(quoteKey('org', 'National Guards'));
    // The separator cannot be forged by a label that ends where a text begins.
    expect(quoteKey('a', 'b c')).not.toBe(quoteKey('a b', 'c'));
  });

  it('normalizes a quote once: normalizing again changes nothing', () => {
    for (const text of ['  A\tB\u00a0C ', 'Cafe\u0301  au\n\nlait', '🛫 Lima', '']) {
      expect(normalizeQuote(normalizeQuote(text))).toBe(normalizeQuote(text));
    }
    expect(normalizeQuote('  National\n Guard ')).toBe('national guard');
  });
});

/**
 * Rejection memory: the key under which a user's rejection of a label on a
 * piece of text is remembered. The server (which drops rejected suggestions
 * before writing them) and the editor (which hides them) must compute the
 * same key, so it is defined here, once.
 */

/**
 * The text of a quote as rejections compare it: Unicode NFC, runs of
 * whitespace as one space, trimmed, lowercased.
 *
 * @example normalizeQuote('  National\n Guard ') === 'national guard'
 */
export function normalizeQuote(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim().toLowerCase();
}

/**
 * The key under which a rejection of `label` on `quote` holds: a user who
 * rejected a suggestion is not shown that label on the same (normalized)
 * text again, wherever it occurs and whatever model suggests it.
 */
export function quoteKey(label: string, quote: string): string {
  return `${label}\u0000${normalizeQuote(quote)}`;
}

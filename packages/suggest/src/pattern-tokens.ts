/**
 * The tokens patterns are matched against: the formats tokenizer's tokens,
 * adjusted where English spaCy tokenizes differently so that a pattern file
 * written for spaCy finds the same tokens:
 *
 * 1. English clitics are split off a word, as spaCy's tokenizer exceptions
 *    and suffix rules do: `'s` `’s` (`Mexico's` → `Mexico` `'s`), `n't`
 *    (`don't` → `do` `n't`, `can't` → `ca` `n't`), `'m` `'re` `'ve` `'ll`
 *    `'d` (and their `’` forms), case-insensitively.
 * 2. A period right after a word that is a single uppercase letter or holds
 *    a period already joins it, as spaCy keeps `U.S.`, `D.C.`, `e.g.` and
 *    `J.` whole (the tokenizer gives `U.S` `.`).
 *
 * Other differences remain and are listed in the README ("How tokens are
 * matched"): whitespace is never a token here, `10km` stays one token,
 * URLs and e-mail addresses are split at their punctuation.
 */
import { tokenize, type Token } from '@glossa/formats/tokenizer';

/** A token for pattern matching: its text and UTF-16 offsets. */
export interface PatternToken {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const CLITIC = /^(.*\p{L})(n['’]t|['’](?:s|m|re|ve|ll|d))$/iu;
const SINGLE_UPPER = /^\p{Lu}$/u;

function splitClitic(token: Token, out: PatternToken[]): void {
  const match = CLITIC.exec(token.text);
  if (!match) {
    out.push({ text: token.text, start: token.start, end: token.end });
    return;
  }
  const stem = match[1] as string;
  out.push({ text: stem, start: token.start, end: token.start + stem.length });
  out.push({ text: match[2] as string, start: token.start + stem.length, end: token.end });
}

/** Tokenizes a text for pattern matching (see the module comment). */
export function patternTokens(text: string): PatternToken[] {
  const tokens = tokenize(text);
  const out: PatternToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const next = tokens[i + 1];
    if (next && next.text === '.' && next.start === token.end && /\p{L}$/u.test(token.text) && (SINGLE_UPPER.test(token.text) || token.text.includes('.'))) {
      out.push({ text: token.text + '.', start: token.start, end: next.end });
      i++;
      continue;
    }
    splitClitic(token, out);
  }
  return out;
}

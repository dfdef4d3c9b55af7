/**
 * Code point classes of the tokenizer: one small integer per code point,
 * computed once from Unicode properties and cached (a table for the Basic
 * Multilingual Plane, a map above it), so scanning a text costs a table
 * lookup per code point. The classes and the joiner sets are the
 * tokenizer's specification (see the README, "Tokenizer").
 *
 * @internal
 */

/** Not yet computed (cache sentinel). */
const UNKNOWN = 0;
/** JavaScript `\s`: White_Space and U+FEFF. Never part of a token. */
export const SPACE = 1;
/** A letter (`\p{L}`, `\p{Nl}`) of a script written with spaces between words. */
export const LETTER = 2;
/** A decimal digit (`\p{Nd}`). */
export const DIGIT = 3;
/** Connector punctuation (`\p{Pc}`, e.g. `_`): part of a word, between letters and digits alike. */
export const CONNECTOR = 4;
/** Combining marks (`\p{M}`), format characters (`\p{Cf}` except U+200B) and emoji modifiers: they stay with the code point before. */
export const EXTENDER = 5;
/** A letter of a script written without spaces between words (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar): one token each. */
export const IDEOGRAPH = 6;
/** `\p{Extended_Pictographic}`: an emoji, joined to the next one by U+200D ZERO WIDTH JOINER. */
export const PICTOGRAPH = 7;
/** A regional indicator (`\p{Regional_Indicator}`): two make a flag. */
export const REGIONAL_INDICATOR = 8;
/** Everything else (punctuation, symbols, other numbers, controls, unassigned): one token each. */
export const OTHER = 9;

/** A code point class of the tokenizer: one of the constants above. */
export type CharClass = typeof SPACE | typeof LETTER | typeof DIGIT | typeof CONNECTOR | typeof EXTENDER | typeof IDEOGRAPH | typeof PICTOGRAPH | typeof REGIONAL_INDICATOR | typeof OTHER;

const SPACE_RE = /^\s$/u;
const REGIONAL_INDICATOR_RE = /^\p{Regional_Indicator}$/u;
const EXTENDER_RE = /^[\p{M}\p{Cf}\p{Emoji_Modifier}]$/u;
const PICTOGRAPH_RE = /^\p{Extended_Pictographic}$/u;
const DIGIT_RE = /^\p{Nd}$/u;
const IDEOGRAPH_RE = /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]$/u;
const LETTER_RE = /^[\p{L}\p{Nl}]$/u;
const CONNECTOR_RE = /^\p{Pc}$/u;
const ZERO_WIDTH_SPACE = 0x200b;

const bmpClasses = new Uint8Array(0x10000);
const astralClasses = new Map<number, CharClass>();

function computeClass(codePoint: number): CharClass {
  const c = String.fromCodePoint(codePoint);
  if (SPACE_RE.test(c)) return SPACE;
  if (REGIONAL_INDICATOR_RE.test(c)) return REGIONAL_INDICATOR;
  if (codePoint !== ZERO_WIDTH_SPACE && EXTENDER_RE.test(c)) return EXTENDER;
  if (PICTOGRAPH_RE.test(c)) return PICTOGRAPH;
  if (DIGIT_RE.test(c)) return DIGIT;
  if (LETTER_RE.test(c)) return IDEOGRAPH_RE.test(c) ? IDEOGRAPH : LETTER;
  if (CONNECTOR_RE.test(c)) return CONNECTOR;
  return OTHER;
}

/** The class of a code point (a lone surrogate is `Other`). */
export function charClass(codePoint: number): CharClass {
  if (codePoint < 0x10000) {
    const cached = bmpClasses[codePoint] as number;
    if (cached !== UNKNOWN) return cached as CharClass;
    const cls = codePoint >= 0xd800 && codePoint <= 0xdfff ? OTHER : computeClass(codePoint);
    bmpClasses[codePoint] = cls;
    return cls;
  }
  let cls = astralClasses.get(codePoint);
  if (cls === undefined) {
    cls = computeClass(codePoint);
    astralClasses.set(codePoint, cls);
  }
  return cls;
}

/** The classes of the ASCII code points, for scanners' fast paths. */
export const ASCII_CLASSES: Uint8Array = Uint8Array.from({ length: 0x80 }, (_, code) => charClass(code));

/**
 * Whether a code point joins two letters into one word when it stands alone
 * between them: `'` `’` `‘` `.` `:` `·` `״` (UAX #29 MidLetter, MidNumLet
 * and Single_Quote, their common members).
 */
export function joinsLetters(code: number): boolean {
  return code === 0x27 || code === 0x2e || code === 0x3a || code === 0xb7 || code === 0x2018 || code === 0x2019 || code === 0x5f4;
}

/**
 * Whether a code point joins two digits into one number when it stands alone
 * between them: `.` `,` `;` `'` `’` `‘` (UAX #29 MidNum, MidNumLet and
 * Single_Quote, their common members).
 */
export function joinsDigits(code: number): boolean {
  return code === 0x2e || code === 0x2c || code === 0x3b || code === 0x27 || code === 0x2018 || code === 0x2019;
}

/** Whether a code point starts a keycap (`#`, `*`, `0`–`9`, then U+FE0F optionally and U+20E3). */
export function isKeycapBase(code: number): boolean {
  return code === 0x23 || code === 0x2a || (code >= 0x30 && code <= 0x39);
}

/** U+200D ZERO WIDTH JOINER. */
export const ZERO_WIDTH_JOINER = 0x200d;
/** U+FE0F VARIATION SELECTOR-16 (emoji presentation). */
export const EMOJI_PRESENTATION = 0xfe0f;
/** U+20E3 COMBINING ENCLOSING KEYCAP. */
export const KEYCAP = 0x20e3;

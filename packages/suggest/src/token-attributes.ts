/**
 * spaCy's lexical token attributes, computed as spaCy computes them
 * (`spacy/lang/lex_attrs.py` and the English `like_num`), with Python's
 * string predicates (`str.isalpha`, `str.isupper`, …) written over Unicode
 * properties. Lengths count code points, as Python's `len`.
 */

const ALPHA = /^\p{L}+$/u;
const LETTER = /^\p{L}$/u;
const UPPER = /^\p{Uppercase}$/u;
const LOWER = /^\p{Lowercase}$/u;
const TITLE = /^\p{Lt}$/u;
const PUNCT = /^\p{P}+$/u;
const CURRENCY = /^\p{Sc}+$/u;
const SPACE = /^\s+$/u;
/** Python's `str.isdigit`: decimal digits and the digits written as super- or subscripts. */
const DIGIT_CHAR = /^[\p{Nd}\u00B2\u00B3\u00B9\u2070\u2074-\u2079\u2080-\u2089]$/u;

/** Python's `str.isdigit`. */
export function isDigit(text: string): boolean {
  if (text === '') return false;
  for (const ch of text) if (!DIGIT_CHAR.test(ch)) return false;
  return true;
}

/** Python's `str.isalpha`. */
export function isAlpha(text: string): boolean {
  return ALPHA.test(text);
}

/** Whether a text has a character of `cased` and none of `other` or titlecase (Python's `islower`/`isupper`). */
function onlyCased(text: string, cased: RegExp, other: RegExp): boolean {
  let found = false;
  for (const ch of text) {
    if (other.test(ch) || TITLE.test(ch)) return false;
    if (cased.test(ch)) found = true;
  }
  return found;
}

/** Python's `str.islower`: at least one cased character, and no uppercase or titlecase one. */
export function isLower(text: string): boolean {
  return onlyCased(text, LOWER, UPPER);
}

/** Python's `str.isupper`: at least one cased character, and no lowercase or titlecase one. */
export function isUpper(text: string): boolean {
  return onlyCased(text, UPPER, LOWER);
}

/** Python's `str.istitle`: uppercase characters only after uncased ones, lowercase only after cased ones. */
export function isTitle(text: string): boolean {
  let previousCased = false;
  let cased = false;
  for (const ch of text) {
    if (UPPER.test(ch) || TITLE.test(ch)) {
      if (previousCased) return false;
      previousCased = cased = true;
    } else if (LOWER.test(ch)) {
      if (!previousCased) return false;
      previousCased = cased = true;
    } else previousCased = false;
  }
  return cased;
}

/** spaCy's `is_punct`: every character is punctuation (`\p{P}`). */
export function isPunct(text: string): boolean {
  return PUNCT.test(text);
}

/** spaCy's `is_ascii`. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 128) return false;
  return true;
}

/** Python's `str.isspace`. */
export function isSpace(text: string): boolean {
  return SPACE.test(text);
}

/** spaCy's `is_currency`: every character is a currency symbol (`\p{Sc}`). */
export function isCurrency(text: string): boolean {
  return CURRENCY.test(text);
}

const BRACKETS = new Set(['(', ')', '[', ']', '{', '}', '<', '>']);
const QUOTES = new Set(['"', "'", '`', '«', '»', '‘', '’', '‚', '‛', '“', '”', '„', '‟', '‹', '›', '❮', '❯', "''", '``']);
const LEFT_PUNCT = new Set(['(', '[', '{', '<', '"', "'", '«', '‘', '‚', '‛', '“', '„', '‟', '‹', '❮', '``']);
const RIGHT_PUNCT = new Set([')', ']', '}', '>', '"', "'", '»', '’', '”', '›', '❯', "''"]);

/** spaCy's `is_bracket`. */
export function isBracket(text: string): boolean {
  return BRACKETS.has(text);
}
/** spaCy's `is_quote`. */
export function isQuote(text: string): boolean {
  return QUOTES.has(text);
}
/** spaCy's `is_left_punct`. */
export function isLeftPunct(text: string): boolean {
  return LEFT_PUNCT.has(text);
}
/** spaCy's `is_right_punct`. */
export function isRightPunct(text: string): boolean {
  return RIGHT_PUNCT.has(text);
}

const NUMBER_WORDS = new Set(
  'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion trillion quadrillion quintillion sextillion septillion octillion nonillion decillion gajillion bazillion'.split(' '),
);
const ORDINAL_WORDS = new Set(
  'first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth thousandth millionth billionth trillionth quadrillionth quintillionth sextillionth septillionth octillionth nonillionth decillionth gajillionth bazillionth'.split(' '),
);

/** spaCy's English `like_num`: digits (with `,` `.` and a leading sign), a fraction, a number word or an ordinal. */
export function likeNum(text: string): boolean {
  if (text.startsWith('+') || text.startsWith('-') || text.startsWith('±') || text.startsWith('~')) text = text.slice(1);
  text = text.replaceAll(',', '').replaceAll('.', '');
  if (isDigit(text)) return true;
  const slash = text.split('/');
  if (slash.length === 2 && isDigit(slash[0] as string) && isDigit(slash[1] as string)) return true;
  const lower = text.toLowerCase();
  if (NUMBER_WORDS.has(lower) || ORDINAL_WORDS.has(lower)) return true;
  return /(st|nd|rd|th)$/.test(lower) && isDigit(lower.slice(0, -2));
}

/**
 * spaCy's `word_shape`: letters become `X` or `x`, digits `d`, other
 * characters stay; a run of the same shape character is cut after four;
 * a text of 100 code points or more is `LONG`.
 *
 * @example
 * wordShape('Apple'); // 'Xxxxx'
 * wordShape('1999'); // 'dddd'
 * wordShape('C3PO-2000'); // 'XdXX-dddd'
 */
export function wordShape(text: string): string {
  const chars = Array.from(text);
  if (chars.length >= 100) return 'LONG';
  let shape = '';
  let last = '';
  let run = 0;
  for (const ch of chars) {
    const s = LETTER.test(ch) ? (UPPER.test(ch) ? 'X' : 'x') : DIGIT_CHAR.test(ch) ? 'd' : ch;
    if (s === last) run++;
    else {
      run = 0;
      last = s;
    }
    if (run < 4) shape += s;
  }
  return shape;
}

/** The length in code points (Python's `len`). */
export function codePointCount(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

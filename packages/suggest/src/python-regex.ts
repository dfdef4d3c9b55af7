/**
 * Translates a Python `re` pattern, as spaCy's `REGEX` predicates are
 * written, into a JavaScript regular expression (always compiled with the
 * `u` flag) that matches the same strings:
 *
 * - leading global flags `(?i)` `(?s)` `(?m)` `(?u)` become flags;
 * - `\w` `\W` `\d` `\D` `\b` `\B` keep Python's Unicode meaning
 *   (`\w` is `[\p{L}\p{N}_]`, `\d` is `\p{Nd}`);
 * - `\A` and `\Z` anchor the whole string; `(?P<name>…)` and `(?P=name)`
 *   become named groups and back references; `\U0001F600` becomes `\u{1F600}`;
 * - a brace that is not a quantifier is a literal, `{,m}` is `{0,m}`, and an
 *   escaped character without meaning is the character.
 *
 * What JavaScript cannot express (verbose or ASCII mode, `\N{…}`, `\W` inside
 * a character class, atomic groups, possessive quantifiers) is an error,
 * never a silent change of meaning.
 */

/** A translated expression, or why it cannot be translated. */
export type TranslatedRegex = { readonly ok: true; readonly source: string; readonly flags: string } | { readonly ok: false; readonly message: string };

const WORD = '\\p{L}\\p{N}_';
const SYNTAX = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);

/** Translates a Python regular expression (see the module comment). */
export function translatePythonRegex(pattern: string): TranslatedRegex {
  let flags = '';
  let i = 0;
  const leading = /^\(\?([aiLmsux]+)\)/.exec(pattern);
  if (leading) {
    for (const f of leading[1] as string) {
      if (f === 'i' || f === 'm' || f === 's') flags += flags.includes(f) ? '' : f;
      else if (f !== 'u') return { ok: false, message: `the inline flag (?${f}) has no JavaScript equivalent` };
    }
    i = leading[0].length;
  }
  let out = '';
  let inClass = false;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const e = pattern[i + 1];
      if (e === undefined) return { ok: false, message: 'the expression ends with a lone backslash' };
      const translated = translateEscape(pattern, i, inClass);
      if (!translated.ok) return translated;
      out += translated.text;
      i += translated.length;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (pattern[i + 1] === '^') {
        out += '^';
        i++;
      }
      // A `]` right after `[` or `[^` is a literal in Python.
      if (pattern[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      i++;
      continue;
    }
    if (c === '(' && pattern.startsWith('(?P<', i)) {
      out += '(?<';
      i += 4;
      continue;
    }
    if (c === '(' && pattern.startsWith('(?P=', i)) {
      const close = pattern.indexOf(')', i);
      if (close < 0) return { ok: false, message: 'unterminated (?P=name)' };
      out += `\\k<${pattern.slice(i + 4, close)}>`;
      i = close + 1;
      continue;
    }
    if (c === '(' && (pattern.startsWith('(?>', i) || /^\(\?[aiLmsux-]+[:)]/.test(pattern.slice(i)))) {
      return { ok: false, message: 'atomic groups and scoped inline flags have no JavaScript equivalent here' };
    }
    if (c === '{') {
      const quantifier = /^\{(\d*)(,?)(\d*)\}/.exec(pattern.slice(i));
      if (quantifier && (quantifier[1] !== '' || quantifier[3] !== '')) {
        out += `{${quantifier[1] === '' ? '0' : quantifier[1]}${quantifier[2]}${quantifier[3]}}`;
        i += quantifier[0].length;
        if (pattern[i] === '+') return { ok: false, message: 'possessive quantifiers have no JavaScript equivalent' };
        continue;
      }
      out += '\\{';
      i++;
      continue;
    }
    if (c === '}' || c === ']') {
      out += `\\${c}`;
      i++;
      continue;
    }
    if ((c === '+' || c === '*' || c === '?') && pattern[i + 1] === '+') return { ok: false, message: 'possessive quantifiers have no JavaScript equivalent' };
    out += c;
    i++;
  }
  try {
    new RegExp(out, flags + 'u');
  } catch (error) {
    return { ok: false, message: `not a valid regular expression: ${(error as Error).message}` };
  }
  return { ok: true, source: out, flags };
}

function translateEscape(pattern: string, i: number, inClass: boolean): { ok: true; text: string; length: number } | { ok: false; message: string } {
  const e = pattern[i + 1] as string;
  const done = (text: string, length = 2): { ok: true; text: string; length: number } => ({ ok: true, text, length });
  switch (e) {
    case 'w':
      return done(inClass ? WORD : `[${WORD}]`);
    case 'W':
      return inClass ? { ok: false, message: '\\W inside a character class has no JavaScript equivalent here' } : done(`[^${WORD}]`);
    case 'd':
      return done('\\p{Nd}');
    case 'D':
      return done('\\P{Nd}');
    case 'b':
      return done(inClass ? '\\x08' : `(?:(?<=[${WORD}])(?![${WORD}])|(?<![${WORD}])(?=[${WORD}]))`);
    case 'B':
      return inClass ? { ok: false, message: '\\B inside a character class is not valid' } : done(`(?:(?<=[${WORD}])(?=[${WORD}])|(?<![${WORD}])(?![${WORD}]))`);
    case 'A':
      return done('(?<![\\s\\S])');
    case 'Z':
      return done('(?![\\s\\S])');
    case 'U': {
      const hex = pattern.slice(i + 2, i + 10);
      if (!/^[0-9a-fA-F]{8}$/.test(hex)) return { ok: false, message: '\\U needs eight hex digits' };
      return done(`\\u{${hex.replace(/^0+(?=.)/, '')}}`, 10);
    }
    case 'N':
      return { ok: false, message: '\\N{…} (characters by name) has no JavaScript equivalent' };
    default:
      break;
  }
  if (/[0-9a-zA-Z]/.test(e)) {
    // \n \t \r \f \v \x.. \u.... \s \S and back references mean the same in both.
    return done(`\\${e}`);
  }
  if (SYNTAX.has(e) || (inClass && e === '-')) return done(`\\${e}`);
  // Python lets any character be escaped; JavaScript's `u` mode does not, and the character means itself.
  const cp = pattern.codePointAt(i + 1) as number;
  const ch = String.fromCodePoint(cp);
  return done(ch, 1 + ch.length);
}

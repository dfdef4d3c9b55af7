/**
 * The units agreement is measured over: the non-whitespace code points of a
 * text (`char`), or tokens given by the caller (`token`). Units are kept as
 * two parallel arrays of UTF-16 offsets, ascending and disjoint, so that the
 * units a span covers are found by binary search.
 */
import { isHighSurrogate, isLowSurrogate } from './offsets.js';
import { countAtMost, countBelow } from './sorted-search.js';

/** A range of a text in UTF-16 code units, start inclusive, end exclusive. */
export interface UnitBoundary {
  readonly start: number;
  readonly end: number;
}

/** The units of one text: unit `i` is `[starts[i], ends[i])` in UTF-16 code units. */
export interface TextUnits {
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
}

/**
 * Whether a UTF-16 code unit is whitespace as the `\s` of a JavaScript regular
 * expression defines it (Unicode White_Space plus U+FEFF). No astral code
 * point is whitespace.
 */
function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * The `char` units of a text: every code point that is not whitespace. A
 * surrogate pair is one unit of two code units; a lone surrogate is a unit of
 * one.
 */
export function characterUnits(text: string): TextUnits {
  const length = text.length;
  const starts = new Uint32Array(length);
  const ends = new Uint32Array(length);
  let count = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(i + 1))) {
      starts[count] = i;
      ends[count++] = i + 2;
      i++;
      continue;
    }
    if (isWhitespace(code)) continue;
    starts[count] = i;
    ends[count++] = i + 1;
  }
  return { starts: starts.subarray(0, count), ends: ends.subarray(0, count) };
}

/**
 * The `token` units of a text from token boundaries (UTF-16 offsets).
 *
 * @throws RangeError naming `place` when a token is empty, lies outside the
 * text, or overlaps or precedes the one before it.
 */
export function tokenUnits(text: string, tokens: readonly UnitBoundary[], place: string): TextUnits {
  const starts = new Uint32Array(tokens.length);
  const ends = new Uint32Array(tokens.length);
  let previousEnd = 0;
  tokens.forEach(({ start, end }, i) => {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < previousEnd || end <= start || end > text.length) {
      throw new RangeError(
        `${place}: token ${i} [${start}, ${end}) must be a non-empty UTF-16 range inside the text (length ${text.length}), after the previous token (ending at ${previousEnd})`,
      );
    }
    starts[i] = start;
    ends[i] = end;
    previousEnd = end;
  });
  return { starts, ends };
}

/**
 * The units that a span `[start, end)` overlaps (shares at least one code
 * unit with), as the index range `[first, last)`. Empty when none.
 */
export function coveredUnits(units: TextUnits, start: number, end: number): [first: number, last: number] {
  // The first unit that ends after `start`, and the first that starts at or after `end`.
  const first = countAtMost(units.ends, start);
  return [first, Math.max(first, countBelow(units.starts, end))];
}

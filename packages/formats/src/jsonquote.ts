/**
 * JSON string literals without a `JSON.stringify` call per string: a string
 * with nothing to escape is quoted as it is, and the quoted form of strings
 * that repeat (labels, annotators) is remembered. The result is always the
 * same as `JSON.stringify(string)`.
 */

/** Strings `JSON.stringify` writes between quotes unchanged: no `"`, `\`, control characters or surrogates. */
const NOTHING_TO_ESCAPE = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** The most quoted forms remembered before the memory is cleared. */
const MAX_REMEMBERED = 4096;
const remembered = new Map<string, string>();

/** The JSON string literal of a string, exactly as `JSON.stringify(value)` writes it. */
export function jsonString(value: string): string {
  return NOTHING_TO_ESCAPE.test(value) ? `"${value}"` : JSON.stringify(value);
}

/** {@link jsonString} for strings that repeat, such as labels and annotator names: remembered after the first time. */
export function jsonStringRepeated(value: string): string {
  let quoted = remembered.get(value);
  if (quoted === undefined) {
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    quoted = jsonString(value);
    remembered.set(value, quoted);
  }
  return quoted;
}

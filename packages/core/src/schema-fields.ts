/**
 * Reading the fields of a label schema: each reader checks one field, and
 * adds to an {@link ErrorList} an error naming the field's path and what was
 * expected (with a "did you mean" where a likely typo is found).
 * @internal except {@link ID_PATTERN}
 */
import { formatHexColor, isLongHexColor, parseHexColor } from './color.js';
import { levenshtein } from './edit-distance.js';
import { childPath } from './json-location.js';
import type { SchemaError } from './schema-error.js';

/**
 * The rule for ids of labels, groups, document-label groups and their values:
 * lowercase ASCII letters, digits, `-` and `_`, starting with a letter or digit.
 * Ids end up in file names, CoNLL tags and dataset columns, so they stay plain.
 */
export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

/** The errors found so far while reading a schema, in the order found. */
export class ErrorList {
  readonly errors: SchemaError[] = [];

  add(path: string, message: string): void {
    this.errors.push({ path, message });
  }
}

/** A short description of a JSON value for messages, such as `the number 3` or `an array`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value)}`;
    case 'number':
      return `the number ${String(value)}`;
    case 'boolean':
      return `${String(value)}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** Whether a JSON value is an object (not `null`, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How many ids a message lists at most; longer lists are cut with a count of the rest. */
const MAX_LISTED = 20;

/** Ids quoted and joined with commas, at most {@link MAX_LISTED} of them. */
export function quoteList(values: readonly string[]): string {
  const listed = values.slice(0, MAX_LISTED).map((value) => JSON.stringify(value));
  if (values.length > MAX_LISTED) listed.push(`… (${values.length - MAX_LISTED} more)`);
  return listed.join(', ');
}

/** The candidate closest to a misspelt word, when one is close enough to be a likely typo. */
function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = levenshtein(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= tolerance ? best : undefined;
}

/** ` (did you mean "x"?)` for the candidate closest to a likely typo, or the empty string. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : ` (did you mean ${JSON.stringify(match)}?)`;
}

/** Turns a name such as `Drug Policy` into an id such as `drug-policy`, for suggestions. */
function suggestId(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|-+$/g, '');
}

/** Reports every key of `record` that is not in `allowed`, suggesting the allowed key it was likely meant to be. */
export function checkKeys(record: Record<string, unknown>, allowed: readonly string[], path: string, errors: ErrorList): void {
  for (const key of Object.keys(record)) {
    if (allowed.includes(key)) continue;
    errors.add(childPath(path, key), `unknown key${didYouMean(key, allowed)}; expected only the keys ${quoteList(allowed)}`);
  }
}

/** A required non-blank string field; reports it missing, of another type or blank. */
export function readRequiredString(
  record: Record<string, unknown>,
  key: string,
  path: string,
  expected: string,
  errors: ErrorList,
): string | undefined {
  const fieldPath = childPath(path, key);
  if (!(key in record)) {
    errors.add(fieldPath, `missing; expected ${expected}`);
    return undefined;
  }
  return readString(record[key], fieldPath, expected, errors);
}

/** Whether `value` is a string; when not, reports that `expected` was expected instead. */
export function checkString(value: unknown, path: string, expected: string, errors: ErrorList): value is string {
  if (typeof value === 'string') return true;
  errors.add(path, `expected ${expected}, got ${describeValue(value)}`);
  return false;
}

/** A non-blank string; reports another type or a blank string. */
export function readString(value: unknown, path: string, expected: string, errors: ErrorList): string | undefined {
  if (!checkString(value, path, expected, errors)) return undefined;
  if (value.trim() === '') {
    errors.add(path, `is empty; expected ${expected}`);
    return undefined;
  }
  return value;
}

/** The `id` field of an item, checked against {@link ID_PATTERN}; `example` shows a good id in the message. */
export function readId(record: Record<string, unknown>, path: string, example: string, errors: ErrorList): string | undefined {
  const expected = `an id of lowercase letters, digits, "-" and "_", starting with a letter or digit (e.g. ${JSON.stringify(example)})`;
  const id = readRequiredString(record, 'id', path, expected, errors);
  if (id === undefined) return undefined;
  return checkId(id, childPath(path, 'id'), expected, errors);
}

/** `id` when it follows {@link ID_PATTERN}; otherwise reports it, suggesting the id it could be written as. */
export function checkId(id: string, path: string, expected: string, errors: ErrorList): string | undefined {
  if (ID_PATTERN.test(id)) return id;
  const suggestion = suggestId(id);
  const hint = suggestion && ID_PATTERN.test(suggestion) ? `; write it as ${JSON.stringify(suggestion)}` : '';
  errors.add(path, `${JSON.stringify(id)} is not a valid id; expected ${expected}${hint}`);
  return undefined;
}

/** A `#rrggbb` color, lowercased; reports the short form `#rgb` with its long form, and anything else. */
export function readColor(value: unknown, path: string, errors: ErrorList): string | undefined {
  const expected = 'a color written "#rrggbb" with six hexadecimal digits, e.g. "#ffd166"';
  if (!checkString(value, path, expected, errors)) return undefined;
  if (isLongHexColor(value)) return value.toLowerCase();
  const short = parseHexColor(value);
  if (short) {
    errors.add(path, `${JSON.stringify(value)} is the short form; write it as ${JSON.stringify(formatHexColor(short))}`);
  } else {
    errors.add(path, `${JSON.stringify(value)} is not a color; expected ${expected}`);
  }
  return undefined;
}

/** An array field; a missing one is an error when `required`, the empty list otherwise. */
export function readArray(
  record: Record<string, unknown>,
  key: string,
  path: string,
  expected: string,
  required: boolean,
  errors: ErrorList,
): readonly unknown[] | undefined {
  const fieldPath = childPath(path, key);
  if (!(key in record)) {
    if (required) errors.add(fieldPath, `missing; expected ${expected}`);
    return required ? undefined : [];
  }
  const value = record[key];
  if (!Array.isArray(value)) {
    errors.add(fieldPath, `expected ${expected}, got ${describeValue(value)}`);
    return undefined;
  }
  return value;
}

/** The optional `description` of an item, as an object to spread into it. */
export function readOptionalDescription(record: Record<string, unknown>, path: string, errors: ErrorList): { description?: string } {
  if (!('description' in record)) return {};
  const description = readString(record['description'], childPath(path, 'description'), 'a sentence describing it', errors);
  return description === undefined ? {} : { description };
}

/** A hotkey: exactly one printable character (a letter, digit, punctuation mark or symbol). */
export function readHotkey(value: unknown, path: string, errors: ErrorList): string | undefined {
  const expected = 'a single printable character such as "1" or "m"';
  if (!checkString(value, path, expected, errors)) return undefined;
  const characters = [...value];
  if (characters.length !== 1) {
    errors.add(path, `${JSON.stringify(value)} is ${characters.length === 0 ? 'empty' : `${characters.length} characters`}; expected ${expected}`);
    return undefined;
  }
  if (!/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(value)) {
    errors.add(path, `${JSON.stringify(value)} is not a printable character; expected ${expected}`);
    return undefined;
  }
  return value;
}

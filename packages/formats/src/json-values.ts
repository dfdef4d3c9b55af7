/**
 * Reading untyped JSON: type guards, and short descriptions of values for
 * the messages of import errors. @internal
 */

/** Whether a JSON value is an object (not `null`, not an array). */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value that may be one item or a list of items (as JSON-LD allows), as a list; nothing is the empty list. */
export function asList(value: unknown): readonly unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A text cut to its first 37 code points and an ellipsis when it is longer than 40. */
export function abbreviate(text: string): string {
  const points = Array.from(text);
  return points.length <= 40 ? text : `${points.slice(0, 37).join('')}…`;
}

/** A short description of a JSON value for error messages, such as `the string "abc"` or `an array`. */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(abbreviate(value))}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

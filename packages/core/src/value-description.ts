/**
 * Describing a value that was not what a validator expected, for messages.
 * @internal
 */

/** A short description of a value, such as `the string "x"`, `an array`, `nothing` or `3`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

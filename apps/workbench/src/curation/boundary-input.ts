/**
 * Reading the span boundaries a curator types into the gold editor.
 */
import { fail, ok } from '@glossa/core';
import type { Result } from '@glossa/core';

/**
 * Reads a boundary typed by the curator: a whole number of code points in
 * `0..max`. A bad entry comes back as a message naming the field and what
 * was expected.
 */
export function parseBoundary(field: string, input: string, max: number): Result<number, string> {
  const trimmed = input.trim();
  if (!/^\d+$/.test(trimmed)) return fail([`${field}: expected a whole number of characters from 0 to ${max}, got “${input}”`]);
  const value = Number(trimmed);
  if (value > max) return fail([`${field}: expected at most ${max} (the text’s length in characters), got ${value}`]);
  return ok(value);
}

/**
 * Reads the start and end typed by the curator (code points, end exclusive)
 * of a span in a text of `max` code points; the range must not be empty.
 */
export function parseSpanRange(start: string, end: string, max: number): Result<{ readonly start: number; readonly end: number }, string> {
  const from = parseBoundary('Start', start, max);
  if (!from.ok) return from;
  const to = parseBoundary('End', end, max);
  if (!to.ok) return to;
  if (to.value <= from.value) return fail([`End: expected more than the start (${from.value}), got ${to.value}`]);
  return ok({ start: from.value, end: to.value });
}

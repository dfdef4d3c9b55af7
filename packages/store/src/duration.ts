/**
 * Durations written as a number and a unit, e.g. `30d`, `12h`, `15m`, `45s`.
 */
import { fail, ok, type Result } from '@glossa/core';

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses a duration such as `30d` into milliseconds. Units: s, m, h, d, w.
 *
 * @example
 * parseDuration('12h') // ok(43_200_000)
 */
export function parseDuration(text: string): Result<number, string> {
  const match = /^(\d{1,6})([smhdw])$/.exec(text.trim());
  if (!match) return fail([`expected a duration such as 30d, 12h, 15m or 45s (units s, m, h, d, w), got ${JSON.stringify(text)}`]);
  const amount = Number(match[1]);
  if (amount === 0) return fail([`a duration must be longer than 0, got ${JSON.stringify(text)}`]);
  return ok(amount * (UNITS[match[2] as string] as number));
}

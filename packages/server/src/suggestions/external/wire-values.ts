/**
 * Reading values out of a backend's JSON: each reader returns the value or
 * a message naming the field and what was expected, so a bad answer is
 * reported as `results[0].result[2].value.start: expected an integer`.
 */
import { protocolError } from './errors.js';

/** A value read from JSON, or what was wrong with it. */
export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** Whether a JSON value is a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 30 ? `${value.slice(0, 27)}…` : value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** The field `key` of `record` at path `at` as an integer. */
export function readInteger(record: Record<string, unknown>, key: string, at: string): Read<number> {
  const value = record[key];
  return typeof value === 'number' && Number.isInteger(value) ? { ok: true, value } : { ok: false, message: `${at}.${key}: expected an integer, got ${describe(value)}` };
}

/** The field `key` as a non-empty string. */
export function readString(record: Record<string, unknown>, key: string, at: string): Read<string> {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? { ok: true, value } : { ok: false, message: `${at}.${key}: expected a non-empty string, got ${describe(value)}` };
}

/** The field `key` as a string when present (`undefined` when absent or null). */
export function readOptionalString(record: Record<string, unknown>, key: string, at: string): Read<string | undefined> {
  const value = record[key];
  if (value === undefined || value === null) return { ok: true, value: undefined };
  return typeof value === 'string' ? { ok: true, value } : { ok: false, message: `${at}.${key}: expected a string, got ${describe(value)}` };
}

/** The field `key` as a score in [0, 1] when present (`undefined` when absent or null). */
export function readOptionalScore(record: Record<string, unknown>, key: string, at: string): Read<number | undefined> {
  const value = record[key];
  if (value === undefined || value === null) return { ok: true, value: undefined };
  return typeof value === 'number' && value >= 0 && value <= 1 ? { ok: true, value } : { ok: false, message: `${at}.${key}: expected a number in [0, 1], got ${describe(value)}` };
}

/** The field `key` as an array. */
export function readArray(record: Record<string, unknown>, key: string, at: string): Read<readonly unknown[]> {
  const value = record[key];
  return Array.isArray(value) ? { ok: true, value } : { ok: false, message: `${at}.${key}: expected an array, got ${describe(value)}` };
}

/** A model version as a backend may send it (a string, or a number that reads as one). */
export function readOptionalVersion(record: Record<string, unknown>, key: string, at: string): Read<string | undefined> {
  const value = record[key];
  if (value === undefined || value === null || value === '') return { ok: true, value: undefined };
  if (typeof value === 'string') return { ok: true, value };
  if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value: String(value) };
  return { ok: false, message: `${at}.${key}: expected a version string, got ${describe(value)}` };
}

/** The value read, or else a `protocol` failure of the call `what` with the reader's message. */
export function required<T>(read: Read<T>, backend: string, what: string): T {
  if (!read.ok) throw protocolError(backend, what, read.message);
  return read.value;
}

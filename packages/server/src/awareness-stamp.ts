/**
 * Rewrites an awareness update from a client so that every state carries the
 * authenticated user's id and name: a client cannot show up as someone else.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { fail, ok, type Result } from '@glossa/core';
import { errorMessage } from './error-message.js';

/** The identity stamped into awareness states. */
export interface AwarenessIdentity {
  readonly id: string;
  readonly name: string;
}

/** One entry of an awareness update. */
export interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  /** The state, or null when the client removes itself. */
  readonly state: unknown;
}

/** Decodes an awareness update (y-protocols encoding) into its entries. */
export function decodeAwarenessUpdate(update: Uint8Array): Result<AwarenessEntry[], string> {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count * 3 > update.length) return fail([`awareness update claims ${count} entries in ${update.length} bytes`]);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state: unknown = JSON.parse(decoding.readVarString(decoder));
      entries.push({ clientId, clock, state });
    }
    if (decoding.hasContent(decoder)) return fail(['awareness update: unexpected bytes after the last entry']);
    return ok(entries);
  } catch (error) {
    return fail([`undecodable awareness update: ${errorMessage(error)}`]);
  }
}

/** Encodes awareness entries (y-protocols encoding). */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Replaces `user.id` and `user.name` of a non-null state with `identity`,
 * keeping the rest (color, selection, layer). A state that is not an object
 * is replaced by one holding only the user.
 */
export function stampAwarenessState(state: unknown, identity: AwarenessIdentity): unknown {
  if (state === null) return null;
  const base = isRecord(state) ? state : {};
  const user = isRecord(base.user) ? base.user : {};
  return { ...base, user: { ...user, id: identity.id, name: identity.name } };
}

/**
 * The selection a client publishes in its awareness state, in the two
 * encodings presence understands:
 *
 * - `cursor: { anchor, head }`, each a relative position as
 *   `Y.relativePositionToJSON` makes it (`{ type, tname, item, assoc }`).
 *   This is what y-prosemirror's cursor plugin reads and writes, and what
 *   `presencePlugin` publishes.
 * - `selection: { anchor, head }`, each an encoded relative position
 *   (`Y.encodeRelativePosition`, plain byte arrays once sent as JSON), as
 *   @glossa/collab's `encodeSelection` makes it.
 *
 * States come from other clients, so every field is checked before Yjs
 * sees it; a malformed selection reads as a message naming the field.
 */
import * as Y from 'yjs';
import { MAX_POSITION_BYTES } from '@glossa/collab';
import { fail, ok } from '@glossa/core';
import type { Result } from '@glossa/core';

/** The awareness field presence publishes: JSON relative positions, as y-prosemirror writes them. */
export const PRESENCE_CURSOR_FIELD = 'cursor';

/** A selection as two relative positions into the content fragment. */
export interface PresenceSelection {
  /** Where the selection started. */
  readonly anchor: Y.RelativePosition;
  /** Where the selection ends: the caret. */
  readonly head: Y.RelativePosition;
}

/** The JSON form of a relative position (`Y.relativePositionToJSON`). */
export interface RelativePositionJSON {
  readonly type?: { readonly client: number; readonly clock: number };
  readonly tname?: string;
  readonly item?: { readonly client: number; readonly clock: number };
  readonly assoc?: number;
}

/** The value of the `cursor` field presence publishes. */
export interface PresenceCursorField {
  readonly anchor: RelativePositionJSON;
  readonly head: RelativePositionJSON;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is { client: number; clock: number } {
  return isRecord(value) && Number.isSafeInteger(value.client) && Number.isSafeInteger(value.clock) && (value.clock as number) >= 0;
}

/** Reads a JSON relative position, or explains what is wrong with it at `place`. */
function readJsonPosition(value: unknown, place: string): Result<Y.RelativePosition, string> {
  if (!isRecord(value)) return fail([`${place}: expected a relative position object ({ type, tname, item, assoc })`]);
  const { type, tname, item, assoc } = value;
  if (type !== undefined && type !== null && !isId(type)) return fail([`${place}.type: expected { client, clock } integers or null`]);
  if (item !== undefined && item !== null && !isId(item)) return fail([`${place}.item: expected { client, clock } integers or null`]);
  if (tname !== undefined && tname !== null && typeof tname !== 'string') return fail([`${place}.tname: expected a string or null`]);
  if (assoc !== undefined && assoc !== null && !Number.isSafeInteger(assoc)) return fail([`${place}.assoc: expected an integer`]);
  const hasType = isId(type);
  const hasItem = isId(item);
  const hasName = typeof tname === 'string';
  if (!hasItem && !hasType && !hasName) return fail([`${place}: expected one of item, type or tname`]);
  return ok(Y.createRelativePositionFromJSON(value));
}

/** Reads an encoded relative position (bytes), or explains what is wrong with it at `place`. */
function readEncodedPosition(value: unknown, place: string): Result<Y.RelativePosition, string> {
  let bytes: Uint8Array;
  if (value instanceof Uint8Array) bytes = value;
  else if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && (b as number) >= 0 && (b as number) <= 255)) bytes = Uint8Array.from(value as number[]);
  else return fail([`${place}: expected an encoded relative position (an array of bytes)`]);
  if (bytes.length === 0 || bytes.length > MAX_POSITION_BYTES) return fail([`${place}: expected 1 to ${MAX_POSITION_BYTES} bytes, got ${bytes.length}`]);
  try {
    return ok(Y.decodeRelativePosition(bytes));
  } catch {
    return fail([`${place}: the bytes are not an encoded relative position`]);
  }
}

function readPair(
  value: unknown,
  field: string,
  read: (position: unknown, place: string) => Result<Y.RelativePosition, string>,
): Result<PresenceSelection, string> {
  if (!isRecord(value)) return fail([`${field}: expected { anchor, head }`]);
  const anchor = read(value.anchor, `${field}.anchor`);
  if (!anchor.ok) return anchor;
  const head = read(value.head, `${field}.head`);
  if (!head.ok) return head;
  return ok({ anchor: anchor.value, head: head.value });
}

/**
 * The selection in an awareness state: the `cursor` field (JSON relative
 * positions) when it is set, otherwise the `selection` field (encoded
 * relative positions). `null` inside the result when the state holds no
 * selection (the client's editor is not focused); a failure, naming the
 * field and what was expected, when the selection is malformed.
 *
 * @example
 * readPresenceSelection({ user, cursor: { anchor: Y.relativePositionToJSON(a), head: Y.relativePositionToJSON(h) } });
 */
export function readPresenceSelection(state: unknown): Result<PresenceSelection | null, string> {
  if (!isRecord(state)) return ok(null);
  if (state.cursor !== undefined && state.cursor !== null) return readPair(state.cursor, 'cursor', readJsonPosition);
  if (state.selection !== undefined && state.selection !== null) return readPair(state.selection, 'selection', readEncodedPosition);
  return ok(null);
}

/** The value presence publishes under `PRESENCE_CURSOR_FIELD` for a selection. */
export function presenceCursorField(selection: PresenceSelection): PresenceCursorField {
  return {
    anchor: Y.relativePositionToJSON(selection.anchor) as RelativePositionJSON,
    head: Y.relativePositionToJSON(selection.head) as RelativePositionJSON,
  };
}

/**
 * Whether two relative positions point to the same place. A position at an
 * item is compared by the item alone: the binary encoding drops its type.
 */
function samePosition(a: Y.RelativePosition, b: Y.RelativePosition): boolean {
  if (a.assoc !== b.assoc) return false;
  if (a.item !== null || b.item !== null) return a.item !== null && b.item !== null && Y.compareIDs(a.item, b.item);
  return a.tname === b.tname && Y.compareIDs(a.type, b.type);
}

/** Whether two selections point to the same places, whichever encoding they came in. */
export function samePresenceSelection(a: PresenceSelection, b: PresenceSelection): boolean {
  return samePosition(a.anchor, b.anchor) && samePosition(a.head, b.head);
}

/**
 * The awareness state each client publishes (y-protocols awareness): who the
 * user is, their selection as relative positions into the content room, and
 * the layer they are working in, with validators for untrusted states.
 *
 * Remote states come from any client, so every field is checked before it
 * reaches Yjs or the screen: the readers return a clean copy holding only the
 * documented fields, or a message naming the field and what was expected.
 */
import { fail, ok } from '@glossa/core';
import type { Result } from '@glossa/core';
import type { ContentIndex } from './content-index.js';
import { isRoomId } from './rooms.js';
import { decodeAnchor } from './structs.js';

/** The user behind a client. */
export interface AwarenessUser {
  /** The user id (as in annotations' `author`). At most 128 characters. */
  readonly id: string;
  /** The name shown beside the user's cursor. At most 200 characters. */
  readonly name: string;
  /** The cursor and selection color, `#rrggbb`. */
  readonly color: string;
}

/**
 * A selection as two encoded Yjs relative positions into the content room
 * (`Y.encodeRelativePosition`); plain arrays of bytes once sent as JSON.
 */
export interface AwarenessSelection {
  readonly anchor: Uint8Array | readonly number[];
  readonly head: Uint8Array | readonly number[];
}

/** A Yjs id in JSON: the client that made the struct and its clock. */
export interface AwarenessItemId {
  /** The Yjs client id, a non-negative integer. */
  readonly client: number;
  /** The clock of the struct within that client's structs, a non-negative integer. */
  readonly clock: number;
}

/**
 * A relative position in the JSON form `Y.relativePositionToJSON` makes and
 * `Y.createRelativePositionFromJSON` reads. At least one of `type`, `tname`
 * and `item` is set; a field that is absent was absent or null in the input.
 */
export interface AwarenessCursorPosition {
  /** The id of the type the position is in, when that is not a root type. */
  readonly type?: AwarenessItemId;
  /** The name of the root type the position is in, e.g. `content`. */
  readonly tname?: string;
  /** The id of the character the position sticks to; absent at the end of the type. */
  readonly item?: AwarenessItemId;
  /** Which side the position sticks to: 0 or more the character after it, below 0 the one before. */
  readonly assoc?: number;
}

/**
 * A selection as y-prosemirror's cursor plugin publishes it under `cursor`:
 * two relative positions in JSON form into the content fragment.
 */
export interface AwarenessCursor {
  /** Where the selection started. */
  readonly anchor: AwarenessCursorPosition;
  /** Where the selection ends: the caret. */
  readonly head: AwarenessCursorPosition;
}

/** The awareness state of one client. */
export interface AwarenessState {
  readonly user: AwarenessUser;
  /** The user's selection as encoded relative positions, absent when not published. */
  readonly selection?: AwarenessSelection;
  /** The user's selection as JSON relative positions, absent when the editor is not focused. */
  readonly cursor?: AwarenessCursor;
  /** The layer the user is annotating, e.g. `shared` or their own id. */
  readonly layer?: string;
}

/** The most bytes an encoded relative position in an awareness state may have. */
export const MAX_POSITION_BYTES = 64;

/** The most characters of a root type name (`tname`) in a cursor position. */
export const MAX_TYPE_NAME_LENGTH = 128;

const COLOR = /^#[0-9a-fA-F]{6}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A short description of a value for a message; never echoes the value's text, which may be huge or hostile. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return `a string of ${count(value.length, 'character')}`;
  if (Array.isArray(value)) return `an array of ${count(value.length, 'item')}`;
  if (value instanceof Uint8Array) return count(value.length, 'byte');
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function readUser(value: unknown): Result<AwarenessUser, string> {
  if (!isRecord(value)) return fail([`user: expected { id, name, color }, got ${describe(value)}`]);
  const { id, name, color } = value;
  if (typeof id !== 'string' || id === '' || id.length > 128) return fail([`user.id: expected a string of 1 to 128 characters, got ${describe(id)}`]);
  if (typeof name !== 'string' || name.length > 200) return fail([`user.name: expected a string of at most 200 characters, got ${describe(name)}`]);
  if (typeof color !== 'string' || !COLOR.test(color)) return fail([`user.color: expected a color #rrggbb, got ${describe(color)}`]);
  return ok({ id, name, color });
}

/** Reads one encoded relative position at `place`. */
function readEncodedPosition(value: unknown, place: string): Result<number[], string> {
  if (!(value instanceof Uint8Array) && !Array.isArray(value)) {
    return fail([`${place}: expected an encoded relative position (an array of bytes), got ${describe(value)}`]);
  }
  // The length is checked first, so a huge array costs no more than a short one.
  if (value.length === 0 || value.length > MAX_POSITION_BYTES) return fail([`${place}: expected 1 to ${MAX_POSITION_BYTES} bytes, got ${value.length}`]);
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const byte: unknown = value[i];
    if (!Number.isInteger(byte) || (byte as number) < 0 || (byte as number) > 255) {
      return fail([`${place}[${i}]: expected a byte (an integer from 0 to 255), got ${describe(byte)}`]);
    }
    bytes.push((byte as number) + 0); // + 0 turns -0 into 0, as JSON would
  }
  if (decodeAnchor(Uint8Array.from(bytes)) === null) return fail([`${place}: the bytes are not an encoded relative position`]);
  return ok(bytes);
}

/**
 * Reads a `selection` field: `{ anchor, head }`, each an encoded relative
 * position of 1 to `MAX_POSITION_BYTES` bytes (a `Uint8Array` or an array of
 * integers from 0 to 255) that Yjs decodes. Returns a copy with plain byte
 * arrays, or a message naming the field under `place` and what was expected.
 *
 * @example
 * readAwarenessSelection({ anchor: [0, 1, 2, 0], head: [1] }); // { ok: false, errors: ['selection.head: the bytes are not …'] }
 */
export function readAwarenessSelection(value: unknown, place = 'selection'): Result<{ anchor: number[]; head: number[] }, string> {
  return readAnchorHead(value, place, readEncodedPosition);
}

/** Reads `{ anchor, head }` at `place`, each end with `readEnd`. */
function readAnchorHead<T>(value: unknown, place: string, readEnd: (end: unknown, place: string) => Result<T, string>): Result<{ anchor: T; head: T }, string> {
  if (!isRecord(value)) return fail([`${place}: expected { anchor, head }, got ${describe(value)}`]);
  const anchor = readEnd(value.anchor, `${place}.anchor`);
  if (!anchor.ok) return anchor;
  const head = readEnd(value.head, `${place}.head`);
  if (!head.ok) return head;
  return ok({ anchor: anchor.value, head: head.value });
}

/** Reads a Yjs id `{ client, clock }` at `place`. */
function readItemId(value: unknown, place: string): Result<AwarenessItemId, string> {
  if (!isRecord(value)) return fail([`${place}: expected { client, clock } or null, got ${describe(value)}`]);
  const { client, clock } = value;
  if (!isCount(client)) return fail([`${place}.client: expected a non-negative integer, got ${describe(client)}`]);
  if (!isCount(clock)) return fail([`${place}.clock: expected a non-negative integer, got ${describe(clock)}`]);
  // + 0 turns -0 into 0, as JSON would, so the copy equals its JSON round trip.
  return ok({ client: client + 0, clock: clock + 0 });
}

/** Reads one JSON relative position at `place`. */
function readCursorPosition(value: unknown, place: string): Result<AwarenessCursorPosition, string> {
  if (!isRecord(value)) return fail([`${place}: expected a relative position object ({ type, tname, item, assoc }), got ${describe(value)}`]);
  const position: { type?: AwarenessItemId; tname?: string; item?: AwarenessItemId; assoc?: number } = {};
  if (!isAbsent(value.type)) {
    const type = readItemId(value.type, `${place}.type`);
    if (!type.ok) return type;
    position.type = type.value;
  }
  if (!isAbsent(value.tname)) {
    const { tname } = value;
    if (typeof tname !== 'string' || tname === '' || tname.length > MAX_TYPE_NAME_LENGTH) {
      return fail([`${place}.tname: expected a string of 1 to ${MAX_TYPE_NAME_LENGTH} characters or null, got ${describe(tname)}`]);
    }
    position.tname = tname;
  }
  if (!isAbsent(value.item)) {
    const item = readItemId(value.item, `${place}.item`);
    if (!item.ok) return item;
    position.item = item.value;
  }
  if (!isAbsent(value.assoc)) {
    if (!Number.isSafeInteger(value.assoc)) return fail([`${place}.assoc: expected an integer or null, got ${describe(value.assoc)}`]);
    position.assoc = (value.assoc as number) + 0;
  }
  if (position.type === undefined && position.tname === undefined && position.item === undefined) {
    return fail([`${place}: expected one of item, type or tname`]);
  }
  return ok(position);
}

/**
 * Reads a `cursor` field: `{ anchor, head }`, each a relative position in
 * JSON form (`{ type, tname, item, assoc }`, see `AwarenessCursorPosition`):
 * `type` and `item` null or `{ client, clock }` of non-negative integers,
 * `tname` null or 1 to `MAX_TYPE_NAME_LENGTH` characters, `assoc` null or an
 * integer, and at least one of `type`, `tname` and `item` set. Returns a copy
 * with only these fields (nulls left out), or a message naming the field
 * under `place` and what was expected. Whether the positions resolve in a
 * document is for the reader to check.
 *
 * @example
 * readAwarenessCursor({ anchor: { item: { client: 7, clock: 3 }, assoc: 0 }, head: { tname: 'content' } }); // ok
 * readAwarenessCursor({ anchor: { item: { client: 7, clock: -1 } }, head: {} }); // 'cursor.anchor.item.clock: expected a non-negative integer, got -1'
 */
export function readAwarenessCursor(value: unknown, place = 'cursor'): Result<AwarenessCursor, string> {
  return readAnchorHead(value, place, readCursorPosition);
}

/**
 * Checks an awareness state received from a client and returns a clean copy
 * (only the known fields, positions as plain byte arrays and plain JSON
 * positions), or the problems found, one per malformed field, each naming
 * the field and what was expected. `selection`, `cursor` and `layer` may be
 * absent or null (left out of the copy); any of them malformed refuses the
 * whole state.
 */
export function readAwarenessState(value: unknown): Result<AwarenessState, string> {
  if (!isRecord(value)) return fail([`awareness state: expected an object with a user, got ${describe(value)}`]);
  const errors: string[] = [];
  const user = readUser(value.user);
  if (!user.ok) errors.push(...user.errors);
  const fields: { selection?: AwarenessSelection; cursor?: AwarenessCursor; layer?: string } = {};
  if (!isAbsent(value.selection)) {
    const selection = readAwarenessSelection(value.selection);
    if (selection.ok) fields.selection = selection.value;
    else errors.push(...selection.errors);
  }
  if (!isAbsent(value.cursor)) {
    const cursor = readAwarenessCursor(value.cursor);
    if (cursor.ok) fields.cursor = cursor.value;
    else errors.push(...cursor.errors);
  }
  if (!isAbsent(value.layer)) {
    if (typeof value.layer === 'string' && isRoomId(value.layer)) fields.layer = value.layer;
    else errors.push(`layer: expected a layer id (1 to 128 characters of [A-Za-z0-9._-], starting with a letter, digit or _), got ${describe(value.layer)}`);
  }
  if (!user.ok || errors.length > 0) return fail(errors);
  return ok({ user: user.value, ...fields });
}

/**
 * Checks an awareness state received from a client and returns a clean copy
 * (only the known fields, positions as plain byte arrays and plain JSON
 * positions), or null when it is not a valid state; `readAwarenessState`
 * says what is wrong. A client that leaves publishes `null`, which also
 * returns null: check for it before calling when that matters.
 */
export function parseAwarenessState(value: unknown): AwarenessState | null {
  const read = readAwarenessState(value);
  return read.ok ? read.value : null;
}

/**
 * The awareness selection for text offsets `anchor` and `head` of the
 * indexed content, as JSON-ready byte arrays. Both positions stick to the
 * character after them, like a caret.
 * @throws RangeError when an offset is outside the text.
 */
export function encodeSelection(index: ContentIndex, anchor: number, head: number): { anchor: number[]; head: number[] } {
  return { anchor: Array.from(index.encodeAnchor(anchor, 0)), head: Array.from(index.encodeAnchor(head, 0)) };
}

/** The text offsets of an awareness selection in the indexed content, or null when either does not resolve. */
export function resolveSelection(index: ContentIndex, selection: AwarenessSelection): { anchor: number; head: number } | null {
  const anchor = index.resolveEncoded(Uint8Array.from(selection.anchor));
  const head = index.resolveEncoded(Uint8Array.from(selection.head));
  return anchor === null || head === null ? null : { anchor, head };
}

/**
 * The awareness state each client publishes (y-protocols awareness): who the
 * user is, their selection as relative positions into the content room, and
 * the layer they are working in, with a validator for untrusted states.
 */
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

/** The awareness state of one client. */
export interface AwarenessState {
  readonly user: AwarenessUser;
  /** The user's selection, absent when the editor is not focused. */
  readonly selection?: AwarenessSelection;
  /** The layer the user is annotating, e.g. `shared` or their own id. */
  readonly layer?: string;
}

/** The most bytes an encoded relative position in an awareness state may have. */
export const MAX_POSITION_BYTES = 64;

const COLOR = /^#[0-9a-fA-F]{6}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parsePosition(value: unknown): number[] | null {
  let bytes: number[];
  if (value instanceof Uint8Array) bytes = Array.from(value);
  else if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) bytes = value as number[];
  else return null;
  if (bytes.length === 0 || bytes.length > MAX_POSITION_BYTES) return null;
  return decodeAnchor(Uint8Array.from(bytes)) === null ? null : bytes;
}

/**
 * Checks an awareness state received from a client and returns a clean copy
 * (only the known fields, positions as plain byte arrays), or null when it is
 * not a valid state. A client that leaves publishes `null`, which also
 * returns null: check for it before calling when that matters.
 */
export function parseAwarenessState(value: unknown): AwarenessState | null {
  if (!isRecord(value) || !isRecord(value.user)) return null;
  const { id, name, color } = value.user;
  if (typeof id !== 'string' || id === '' || id.length > 128) return null;
  if (typeof name !== 'string' || name.length > 200) return null;
  if (typeof color !== 'string' || !COLOR.test(color)) return null;
  const state: { user: AwarenessUser; selection?: AwarenessSelection; layer?: string } = { user: { id, name, color } };
  if (value.selection !== undefined && value.selection !== null) {
    if (!isRecord(value.selection)) return null;
    const anchor = parsePosition(value.selection.anchor);
    const head = parsePosition(value.selection.head);
    if (anchor === null || head === null) return null;
    state.selection = { anchor, head };
  }
  if (value.layer !== undefined && value.layer !== null) {
    if (typeof value.layer !== 'string' || !isRoomId(value.layer)) return null;
    state.layer = value.layer;
  }
  return state;
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

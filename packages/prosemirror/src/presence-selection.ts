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
 * States come from other clients, so both fields are checked by
 * @glossa/collab's `readAwarenessCursor` and `readAwarenessSelection` (the
 * rules of the layout's awareness section) before Yjs sees them; a
 * malformed selection reads as a message naming the field.
 */
import * as Y from 'yjs';
import { readAwarenessCursor, readAwarenessSelection, sameRelativePosition } from '@glossa/collab';
import type { AwarenessCursor, AwarenessCursorPosition } from '@glossa/collab';
import { ok } from '@glossa/core';
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

/** The JSON form of a relative position (`Y.relativePositionToJSON`), as collab checks it. */
export type RelativePositionJSON = AwarenessCursorPosition;

/** The value of the `cursor` field presence publishes, as collab checks it. */
export type PresenceCursorField = AwarenessCursor;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The selection in an awareness state: the `cursor` field (JSON relative
 * positions) when it is set, otherwise the `selection` field (encoded
 * relative positions). `null` inside the result when the state holds no
 * selection (the client's editor is not focused); a failure, naming the
 * field and what was expected, when the selection is malformed. Only these
 * two fields are read: the user is shown with fallbacks when it is missing.
 *
 * @example
 * readPresenceSelection({ user, cursor: { anchor: Y.relativePositionToJSON(a), head: Y.relativePositionToJSON(h) } });
 */
export function readPresenceSelection(state: unknown): Result<PresenceSelection | null, string> {
  if (!isRecord(state)) return ok(null);
  if (state.cursor !== undefined && state.cursor !== null) {
    const cursor = readAwarenessCursor(state.cursor);
    if (!cursor.ok) return cursor;
    return ok({ anchor: Y.createRelativePositionFromJSON(cursor.value.anchor), head: Y.createRelativePositionFromJSON(cursor.value.head) });
  }
  if (state.selection !== undefined && state.selection !== null) {
    const selection = readAwarenessSelection(state.selection);
    if (!selection.ok) return selection;
    return ok({
      anchor: Y.decodeRelativePosition(Uint8Array.from(selection.value.anchor)),
      head: Y.decodeRelativePosition(Uint8Array.from(selection.value.head)),
    });
  }
  return ok(null);
}

/** The value presence publishes under `PRESENCE_CURSOR_FIELD` for a selection. */
export function presenceCursorField(selection: PresenceSelection): PresenceCursorField {
  return {
    anchor: Y.relativePositionToJSON(selection.anchor) as RelativePositionJSON,
    head: Y.relativePositionToJSON(selection.head) as RelativePositionJSON,
  };
}

/** Whether two selections point to the same places, whichever encoding they came in. */
export function samePresenceSelection(a: PresenceSelection, b: PresenceSelection): boolean {
  return sameRelativePosition(a.anchor, b.anchor) && sameRelativePosition(a.head, b.head);
}

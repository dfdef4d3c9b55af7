/**
 * Room names: a content room `<project>/<doc>` holds a document's text, a
 * layer room `<project>/<doc>/layers/<layer>` holds one layer of annotations
 * over it.
 */

/**
 * The characters allowed in a project, document or layer id: 1 to 128 of
 * ASCII letters, digits, `.`, `_` and `-`, starting with a letter, digit or
 * `_`. This keeps ids safe in URLs, file names and room names.
 */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** A parsed room name. */
export type RoomName =
  | { readonly kind: 'content'; readonly project: string; readonly doc: string }
  | { readonly kind: 'layer'; readonly project: string; readonly doc: string; readonly layer: string };

/** Whether `id` is a valid project, document or layer id (see `ROOM_ID_PATTERN`). */
export function isRoomId(id: string): boolean {
  return ROOM_ID_PATTERN.test(id);
}

function checkId(what: string, id: string): void {
  if (typeof id !== 'string' || !ROOM_ID_PATTERN.test(id)) {
    throw new RangeError(`${what} id ${JSON.stringify(id)} is not 1–128 characters of [A-Za-z0-9._-] starting with a letter, digit or '_'`);
  }
}

/**
 * The name of the content room of a document: `${project}/${doc}`.
 * @throws RangeError when an id does not match `ROOM_ID_PATTERN`.
 * @example contentRoom('policy', 'interview') // 'policy/interview'
 */
export function contentRoom(project: string, doc: string): string {
  checkId('project', project);
  checkId('document', doc);
  return `${project}/${doc}`;
}

/**
 * The name of a layer room of a document: `${project}/${doc}/layers/${layer}`.
 * @throws RangeError when an id does not match `ROOM_ID_PATTERN`.
 * @example layerRoom('policy', 'interview', 'gold') // 'policy/interview/layers/gold'
 */
export function layerRoom(project: string, doc: string, layer: string): string {
  checkId('project', project);
  checkId('document', doc);
  checkId('layer', layer);
  return `${project}/${doc}/layers/${layer}`;
}

/**
 * Parses a room name, or returns null when it is not a content or layer room
 * name with valid ids (untrusted input, e.g. a WebSocket URL path).
 */
export function parseRoom(name: string): RoomName | null {
  if (typeof name !== 'string') return null;
  const parts = name.split('/');
  if (parts.length === 2) {
    const [project, doc] = parts as [string, string];
    if (isRoomId(project) && isRoomId(doc)) return { kind: 'content', project, doc };
    return null;
  }
  if (parts.length === 4 && parts[2] === 'layers') {
    const [project, doc, , layer] = parts as [string, string, string, string];
    if (isRoomId(project) && isRoomId(doc) && isRoomId(layer)) return { kind: 'layer', project, doc, layer };
  }
  return null;
}

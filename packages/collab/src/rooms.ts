/**
 * Room names: a content room `<project>/<doc>` holds a document's text, a
 * layer room `<project>/<doc>/layers/<layer>` holds one layer of annotations
 * over it, and a suggestion room `<project>/<doc>/suggestions/<scope>` holds
 * the suggestions the server's recommenders made for the annotators of one
 * scope (see `suggestionScope` in `access.ts`).
 */

/**
 * The characters allowed in a project, document, layer or suggestion scope id: 1 to 128 of
 * ASCII letters, digits, `.`, `_` and `-`, starting with a letter, digit or
 * `_`. This keeps ids safe in URLs, file names and room names.
 */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** A parsed room name. */
export type RoomName =
  | { readonly kind: 'content'; readonly project: string; readonly doc: string }
  | { readonly kind: 'layer'; readonly project: string; readonly doc: string; readonly layer: string };

/** A parsed suggestion room name. */
export interface SuggestionRoomName {
  readonly kind: 'suggestions';
  readonly project: string;
  readonly doc: string;
  /** The scope: the id of the layer whose annotators see these suggestions. */
  readonly scope: string;
}

/** Whether `id` is a valid project, document, layer or scope id (see `ROOM_ID_PATTERN`). */
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
 * The name of a suggestion room of a document: `${project}/${doc}/suggestions/${scope}`.
 * A scope is named after the layer whose annotators see its suggestions:
 * `shared`, `gold` or an annotator's user id (see `suggestionScope`).
 * @throws RangeError when an id does not match `ROOM_ID_PATTERN`.
 * @example suggestionRoom('policy', 'interview', 'ana') // 'policy/interview/suggestions/ana'
 */
export function suggestionRoom(project: string, doc: string, scope: string): string {
  checkId('project', project);
  checkId('document', doc);
  checkId('suggestion scope', scope);
  return `${project}/${doc}/suggestions/${scope}`;
}

/**
 * Parses a content or layer room name, or returns null when it is not one
 * with valid ids (untrusted input, e.g. a WebSocket URL path). Suggestion
 * rooms are parsed by `parseSuggestionRoom`, so that code written before
 * they existed, which addresses every non-content room by its layer,
 * refuses them.
 */
export function parseRoom(name: string): RoomName | null {
  if (typeof name !== 'string') return null;
  const parts = name.split('/');
  if (parts.length === 2) {
    const [project, doc] = parts as [string, string];
    if (isRoomId(project) && isRoomId(doc)) return { kind: 'content', project, doc };
    return null;
  }
  const room = splitRoom(name, 'layers');
  return room === null ? null : { kind: 'layer', project: room.project, doc: room.doc, layer: room.id };
}

/**
 * Parses a suggestion room name, or returns null when it is not one with
 * valid ids (untrusted input).
 * @example parseSuggestionRoom('policy/interview/suggestions/ana') // { kind: 'suggestions', project: 'policy', doc: 'interview', scope: 'ana' }
 */
export function parseSuggestionRoom(name: string): SuggestionRoomName | null {
  const room = splitRoom(name, 'suggestions');
  return room === null ? null : { kind: 'suggestions', project: room.project, doc: room.doc, scope: room.id };
}

/** `<project>/<doc>/<keyword>/<id>` split into its valid ids, or null. */
function splitRoom(name: string, keyword: string): { project: string; doc: string; id: string } | null {
  if (typeof name !== 'string') return null;
  const parts = name.split('/');
  if (parts.length !== 4 || parts[2] !== keyword) return null;
  const [project, doc, , id] = parts as [string, string, string, string];
  return isRoomId(project) && isRoomId(doc) && isRoomId(id) ? { project, doc, id } : null;
}

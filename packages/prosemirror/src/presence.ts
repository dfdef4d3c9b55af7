/// <reference lib="dom" />
/**
 * Remote presence: other users' carets and selections, drawn from the
 * awareness state of the content room (`{ user: { id, name, color },
 * selection: { anchor, head } }`, see @glossa/collab). Built on
 * y-prosemirror's cursor plugin; names go into text nodes and colors are
 * validated, so nothing a user sets is parsed as HTML or CSS.
 */
import { yCursorPlugin } from 'y-prosemirror';
import type { Plugin } from 'prosemirror-state';
import type { DecorationAttrs } from 'prosemirror-view';
import type { Awareness } from 'y-protocols/awareness';
import { readableTextColor } from '@glossa/core';
import { FALLBACK_LABEL_COLOR, REMOTE_CURSOR_CLASS, REMOTE_CURSOR_LABEL_CLASS, REMOTE_SELECTION_CLASS, safeColor } from './styles.js';

/** The awareness field holding a user's selection (relative positions). */
export const PRESENCE_SELECTION_FIELD = 'selection';

/** The user part of an awareness state, as far as presence reads it. */
interface PresenceUser {
  readonly name?: unknown;
  readonly color?: unknown;
}

/** A user's display name: the `name` string, or `User <clientId>`, at most 64 characters. */
export function presenceName(user: PresenceUser, clientId: number): string {
  const name = typeof user.name === 'string' && user.name.trim() !== '' ? user.name.trim() : `User ${clientId}`;
  return name.length > 64 ? `${name.slice(0, 63)}…` : name;
}

/** A user's color: the `color` when it is `#rrggbb`, otherwise the fallback. */
export function presenceColor(user: PresenceUser): string {
  return safeColor(typeof user.color === 'string' ? user.color : undefined, FALLBACK_LABEL_COLOR);
}

/** Builds the caret widget of a remote user: a bar with a name tag, text set as a text node. */
export function buildRemoteCursor(user: PresenceUser, clientId: number, doc: Document = globalThis.document): HTMLElement {
  const color = presenceColor(user);
  const caret = doc.createElement('span');
  caret.className = REMOTE_CURSOR_CLASS;
  caret.style.setProperty('--glossa-user-color', color);
  const label = doc.createElement('span');
  label.className = REMOTE_CURSOR_LABEL_CLASS;
  label.style.setProperty('color', readableTextColor(color));
  label.append(doc.createTextNode(presenceName(user, clientId)));
  caret.append(doc.createTextNode('\u2060'), label, doc.createTextNode('\u2060'));
  return caret;
}

/** The attributes of a remote user's selection highlight. */
export function buildRemoteSelection(user: PresenceUser): DecorationAttrs {
  return { class: REMOTE_SELECTION_CLASS, style: `--glossa-user-color: ${presenceColor(user)}` };
}

/**
 * The presence plugin: shows every other client's caret and selection from
 * `awareness` and publishes the local selection under
 * `PRESENCE_SELECTION_FIELD`. Needs y-prosemirror's `ySyncPlugin` on the
 * content fragment in the same editor.
 */
export function presencePlugin(awareness: Awareness): Plugin {
  return yCursorPlugin(
    awareness,
    {
      cursorBuilder: (user: PresenceUser, clientId: number) => buildRemoteCursor(user, clientId),
      selectionBuilder: (user: PresenceUser) => buildRemoteSelection(user),
    },
    PRESENCE_SELECTION_FIELD,
  ) as Plugin;
}

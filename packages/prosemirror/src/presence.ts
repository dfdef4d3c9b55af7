/// <reference lib="dom" />
/**
 * Remote presence: other users' carets and selections, drawn from the
 * awareness state of the content room, and the local selection published
 * there. Names go into text nodes and colors are validated, so nothing a
 * user sets is parsed as HTML or CSS.
 *
 * The local selection is published under `cursor` as JSON relative
 * positions, as y-prosemirror's cursor plugin does, so both draw each
 * other's carets; a `selection` of encoded relative positions (collab's
 * `encodeSelection`) is read as well (see presence-selection.ts). It is
 * published only when its relative positions change: typing moves the
 * caret along with the character after it, whose relative position stays
 * the same, so typing publishes nothing. The plugin must come after
 * `ySyncPlugin`, which writes each edit to Yjs before the selection is
 * converted.
 */
import type * as Y from 'yjs';
import { Plugin, PluginKey } from 'prosemirror-state';
import type { EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { DecorationAttrs, EditorView } from 'prosemirror-view';
import type { Awareness } from 'y-protocols/awareness';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from 'y-prosemirror';
import { readableTextColor } from '@glossa/core';
import { namesAnotherRoot } from '@glossa/collab';
import { FALLBACK_LABEL_COLOR, REMOTE_CURSOR_CLASS, REMOTE_CURSOR_LABEL_CLASS, REMOTE_SELECTION_CLASS, safeColor } from './styles.js';
import { PRESENCE_CURSOR_FIELD, presenceCursorField, readPresenceSelection, samePresenceSelection } from './presence-selection.js';
import type { PresenceSelection } from './presence-selection.js';

/**
 * The awareness field of collab's selection form (encoded relative
 * positions), which presence reads when a client sets no `cursor`.
 */
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

/** The key of the presence plugin's state. */
export const presencePluginKey = new PluginKey<DecorationSet>('glossa-presence');

/** Transaction meta: the awareness states changed, redraw the remote carets. */
const AWARENESS_CHANGED = 'awarenessChanged';

/** The part of y-prosemirror's sync state presence uses. */
interface SyncState {
  readonly type: Y.XmlFragment;
  readonly doc: Y.Doc;
  readonly binding: { readonly mapping: Map<Y.AbstractType<unknown>, unknown> };
  readonly snapshot: unknown;
  readonly prevSnapshot: unknown;
  readonly isChangeOrigin: boolean;
}

function syncState(state: EditorState): SyncState | undefined {
  return ySyncPluginKey.getState(state) as SyncState | undefined;
}

/** The editor position of a relative position into the synced fragment, or null when it does not resolve there. */
function toEditorPosition(sync: SyncState, rpos: Y.RelativePosition): number | null {
  // A named root type other than the fragment would be created by resolving it.
  if (namesAnotherRoot(rpos, sync.type)) return null;
  return relativePositionToAbsolutePosition(sync.doc, sync.type, rpos, sync.binding.mapping as never);
}

/** The carets and selections of every other client in `awareness`. */
function remoteDecorations(state: EditorState, awareness: Awareness): DecorationSet {
  const sync = syncState(state);
  if (sync === undefined || sync.snapshot != null || sync.prevSnapshot != null || sync.binding.mapping.size === 0) return DecorationSet.empty;
  const decorations: Decoration[] = [];
  const maxPos = Math.max(state.doc.content.size - 1, 0);
  awareness.getStates().forEach((value, clientId) => {
    if (clientId === awareness.clientID) return;
    const read = readPresenceSelection(value);
    if (!read.ok || read.value === null) return;
    const anchor = toEditorPosition(sync, read.value.anchor);
    const head = toEditorPosition(sync, read.value.head);
    if (anchor === null || head === null) return;
    const record = value as { user?: unknown };
    const user: PresenceUser = typeof record.user === 'object' && record.user !== null ? (record.user as PresenceUser) : {};
    const name = presenceName(user, clientId);
    const color = presenceColor(user);
    const at = Math.min(head, maxPos);
    // The key names what the widget shows, so a renamed user gets a new caret.
    decorations.push(Decoration.widget(at, () => buildRemoteCursor(user, clientId), { key: `${clientId}:${color}:${name}`, side: 10, clientId }));
    const from = Math.min(anchor, head, maxPos);
    const to = Math.min(Math.max(anchor, head), maxPos);
    if (from < to) decorations.push(Decoration.inline(from, to, buildRemoteSelection(user), { inclusiveEnd: true, inclusiveStart: false, clientId }));
  });
  return DecorationSet.create(state.doc, decorations);
}

/**
 * The presence plugin: draws every other client's caret and selection from
 * `awareness` and publishes the local selection, while the editor has
 * focus, under `cursor` (`PRESENCE_CURSOR_FIELD`) as JSON relative
 * positions. It publishes once per change of the selection's relative
 * positions, and `null` when the editor loses focus. While the main mouse
 * button is down in the editor (a selection being dragged) the others'
 * changes are held and drawn once when it is released. Needs y-prosemirror's
 * `ySyncPlugin` on the content fragment in the same editor.
 *
 * @example
 * plugins: [ySyncPlugin(contentDoc.getXmlFragment('content')), presencePlugin(provider.awareness)]
 */
export function presencePlugin(awareness: Awareness): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: presencePluginKey,
    state: {
      init: (_config, state) => remoteDecorations(state, awareness),
      // Rebuilt when the awareness or the whole document (a remote change) changed, otherwise mapped.
      apply: (tr, prev, _before, after) =>
        tr.getMeta(presencePluginKey) === AWARENESS_CHANGED || syncState(after)?.isChangeOrigin === true
          ? remoteDecorations(after, awareness)
          : prev.map(tr.mapping, tr.doc),
    },
    props: {
      decorations: (state) => presencePluginKey.getState(state),
    },
    view: (view: EditorView) => {
      let published: PresenceSelection | null = null;
      // The document and selection last checked: updates that change neither need no check.
      let checkedDoc: EditorState['doc'] | null = null;
      let checkedSelection: EditorState['selection'] | null = null;
      const publish = (selection: PresenceSelection | null): void => {
        published = selection;
        awareness.setLocalStateField(PRESENCE_CURSOR_FIELD, selection === null ? null : presenceCursorField(selection));
      };
      const publishSelection = (): void => {
        const sync = syncState(view.state);
        if (sync === undefined) return;
        if (!view.hasFocus()) {
          if (published !== null) publish(null);
          checkedDoc = null;
          return;
        }
        const { doc, selection: current } = view.state;
        if (published !== null && checkedDoc === doc && checkedSelection?.eq(current) === true) return;
        checkedDoc = doc;
        checkedSelection = current;
        const { anchor, head } = current;
        const mapping = sync.binding.mapping as never;
        const selection: PresenceSelection = {
          anchor: absolutePositionToRelativePosition(anchor, sync.type, mapping),
          head: absolutePositionToRelativePosition(head, sync.type, mapping),
        };
        if (published === null || !samePresenceSelection(published, selection)) publish(selection);
      };
      let redrawQueued = false;
      // While a mouse button is down in the editor the user is making a selection, which the
      // browser moves before ProseMirror reads it: a redraw then would put the older one back.
      let pointerHeld = false;
      let redrawHeld = false;
      const redraw = (): void => {
        if (view.isDestroyed) return;
        view.dispatch(view.state.tr.setMeta(presencePluginKey, AWARENESS_CHANGED).setMeta('addToHistory', false));
      };
      const onAwarenessChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }): void => {
        // Only other clients' states are drawn; the local one changes when this plugin publishes.
        const own = awareness.clientID;
        if (![...added, ...updated, ...removed].some((client) => client !== own)) return;
        if (pointerHeld) {
          redrawHeld = true;
          return;
        }
        if (redrawQueued) return;
        redrawQueued = true;
        // A burst of awareness messages is drawn once, outside whatever dispatch is running.
        queueMicrotask(() => {
          redrawQueued = false;
          if (pointerHeld) redrawHeld = true;
          else redraw();
        });
      };
      const onMouseDown = (event: MouseEvent): void => {
        if (event.button === 0) pointerHeld = true;
      };
      const release = (): void => {
        if (!pointerHeld) return;
        pointerHeld = false;
        if (!redrawHeld || view.isDestroyed) return;
        redrawHeld = false;
        // ProseMirror reads the browser's selection on `selectionchange`, which may not have fired
        // yet: let it read the selection the drag made before the redraw writes the selection back.
        view.dom.ownerDocument.dispatchEvent(new Event('selectionchange'));
        redraw();
      };
      const win = view.dom.ownerDocument.defaultView;
      awareness.on('change', onAwarenessChange);
      view.dom.addEventListener('focusin', publishSelection);
      view.dom.addEventListener('focusout', publishSelection);
      view.dom.addEventListener('mousedown', onMouseDown);
      // On the window, so that ProseMirror's own mouseup handler (on the document) has run first.
      win?.addEventListener('mouseup', release);
      win?.addEventListener('dragend', release);
      win?.addEventListener('blur', release);
      return {
        update: publishSelection,
        destroy: () => {
          view.dom.removeEventListener('focusin', publishSelection);
          view.dom.removeEventListener('focusout', publishSelection);
          view.dom.removeEventListener('mousedown', onMouseDown);
          win?.removeEventListener('mouseup', release);
          win?.removeEventListener('dragend', release);
          win?.removeEventListener('blur', release);
          awareness.off('change', onAwarenessChange);
          if (published !== null) awareness.setLocalStateField(PRESENCE_CURSOR_FIELD, null);
        },
      };
    },
  });
}

// @vitest-environment happy-dom
import { describe, it, expect, afterEach } from 'vitest';
import * as Y from 'yjs';
import { EditorState, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import type { DecorationSet } from 'prosemirror-view';
import { ySyncPlugin } from 'y-prosemirror';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { CONTENT_FRAGMENT, ContentIndex, createContentDoc, encodeSelection } from '@glossa/collab';
import { documentSchema, posToTextOffset, presencePlugin, presencePluginKey, textOffsetToPos } from '../src/index.js';

const TEXT = 'The National Guard was deployed.\nA second paragraph follows here.\nAnd a third one.';
const REMOTE = 'remote';

/** Everything a test opened, torn down after it. */
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** Keeps two docs in step, as a provider would. */
function syncDocs(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a), REMOTE);
  const forward = (to: Y.Doc) => (update: Uint8Array, origin: unknown) => {
    if (origin !== REMOTE) Y.applyUpdate(to, update, REMOTE);
  };
  const toB = forward(b);
  const toA = forward(a);
  a.on('update', toB);
  b.on('update', toA);
  cleanups.push(() => {
    a.off('update', toB);
    b.off('update', toA);
  });
}

/**
 * Relays awareness updates between two awareness instances, as the server
 * does, and counts the messages each one sends about its own state.
 */
function relayAwareness(a: Awareness, b: Awareness): { sentBy: Map<Awareness, number> } {
  const sentBy = new Map<Awareness, number>([
    [a, 0],
    [b, 0],
  ]);
  const forward =
    (from: Awareness, to: Awareness) =>
    ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
      if (origin === REMOTE) return;
      sentBy.set(from, (sentBy.get(from) ?? 0) + 1);
      applyAwarenessUpdate(to, encodeAwarenessUpdate(from, [...added, ...updated, ...removed]), REMOTE);
    };
  const fromA = forward(a, b);
  const fromB = forward(b, a);
  a.on('update', fromA);
  b.on('update', fromB);
  cleanups.push(() => {
    a.off('update', fromA);
    b.off('update', fromB);
  });
  return { sentBy };
}

/** A focused-able editor in the document with ySyncPlugin and presence. */
function editor(contentDoc: Y.Doc, awareness: Awareness): EditorView {
  const mount = document.createElement('div');
  document.body.append(mount);
  const view = new EditorView(mount, {
    state: EditorState.create({ schema: documentSchema, plugins: [ySyncPlugin(contentDoc.getXmlFragment(CONTENT_FRAGMENT)), presencePlugin(awareness)] }),
  });
  cleanups.push(() => {
    view.destroy();
    mount.remove();
  });
  return view;
}

/** Two clients on one text, with live awareness between them. */
function twoClients(): {
  a: EditorView;
  b: EditorView;
  awarenessA: Awareness;
  awarenessB: Awareness;
  sentBy: Map<Awareness, number>;
  docB: Y.Doc;
} {
  const docA = createContentDoc(TEXT);
  const docB = new Y.Doc();
  syncDocs(docA, docB);
  const awarenessA = new Awareness(docA);
  const awarenessB = new Awareness(docB);
  cleanups.push(() => {
    awarenessA.destroy();
    awarenessB.destroy();
  });
  awarenessA.setLocalStateField('user', { id: 'ana', name: 'Ana', color: '#1f77b4' });
  awarenessB.setLocalStateField('user', { id: 'ben', name: 'Ben', color: '#ff7f0e' });
  const { sentBy } = relayAwareness(awarenessA, awarenessB);
  const a = editor(docA, awarenessA);
  const b = editor(docB, awarenessB);
  return { a, b, awarenessA, awarenessB, sentBy, docB };
}

/** Settles the redraws presence queues as microtasks after awareness changes. */
async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) await Promise.resolve();
}

/** The remote carets drawn in `view`: text offset of the caret and the name on it. */
function remoteCarets(view: EditorView): { at: number; name: string }[] {
  const set = presencePluginKey.getState(view.state) as DecorationSet;
  return set
    .find()
    .filter((decoration) => decoration.from === decoration.to)
    .map((decoration) => {
      const dom = (decoration as unknown as { type: { toDOM: (view: EditorView, pos: () => number) => HTMLElement } }).type.toDOM(view, () => decoration.from);
      return { at: posToTextOffset(view.state.doc, decoration.from), name: dom.textContent?.replace(/\u2060/g, '') ?? '' };
    });
}

function placeCaret(view: EditorView, textOffset: number): void {
  const pos = textOffsetToPos(view.state.doc, textOffset);
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, pos)));
}

describe('presence over a live awareness', () => {
  it('publishes once per selection change and nothing while typing, and the other editor follows the caret', async () => {
    const { a, b, awarenessA, sentBy } = twoClients();
    a.focus();
    expect(a.hasFocus()).toBe(true);
    placeCaret(a, 4);
    await flush();
    const afterPlacing = sentBy.get(awarenessA) ?? 0;
    expect(afterPlacing).toBeGreaterThanOrEqual(1);
    expect(afterPlacing).toBeLessThanOrEqual(2); // the focus and the caret placement
    expect(remoteCarets(b)).toEqual([{ at: 4, name: 'Ana' }]);

    // Forty keystrokes: each moves the caret, none changes its relative position.
    for (let i = 0; i < 40; i++) a.dispatch(a.state.tr.insertText(i % 5 === 4 ? ' ' : 'x'));
    await flush();
    expect(sentBy.get(awarenessA)).toBe(afterPlacing);
    expect(remoteCarets(b)).toEqual([{ at: 44, name: 'Ana' }]);
    expect(posToTextOffset(a.state.doc, a.state.selection.head)).toBe(44);

    // Ten selection moves: one message each.
    for (let i = 0; i < 10; i++) placeCaret(a, 50 + i);
    await flush();
    expect(sentBy.get(awarenessA)).toBe(afterPlacing + 10);
    expect(remoteCarets(b)).toEqual([{ at: 59, name: 'Ana' }]);
  });

  it('does not answer the other client’s messages with its own (no echo loop)', async () => {
    const { a, b, awarenessA, awarenessB, sentBy } = twoClients();
    a.focus();
    placeCaret(a, 2);
    await flush();
    const sentA = sentBy.get(awarenessA) ?? 0;
    b.focus();
    for (let i = 0; i < 10; i++) placeCaret(b, 10 + i);
    await flush();
    // A lost focus to B's editor: one message withdrawing its caret, and no more.
    expect(sentBy.get(awarenessA)).toBe(sentA + 1);
    expect(sentBy.get(awarenessB)).toBeLessThanOrEqual(12);
    expect(remoteCarets(a)).toEqual([{ at: 19, name: 'Ben' }]);
    expect(remoteCarets(b)).toEqual([]);
  });

  it('follows a remote caret through the other client’s edits, a paragraph split included', async () => {
    const { a, b } = twoClients();
    a.focus();
    placeCaret(a, 40);
    await flush();
    // B types before A's caret: A's caret moves on in B's editor without a message.
    b.dispatch(b.state.tr.insertText('zzz', textOffsetToPos(b.state.doc, 1)));
    await flush();
    expect(remoteCarets(b)).toEqual([{ at: 43, name: 'Ana' }]);
    // A splits its paragraph at the caret: the caret now starts the new paragraph.
    a.dispatch(a.state.tr.split(a.state.selection.head));
    await flush();
    const head = posToTextOffset(a.state.doc, a.state.selection.head);
    expect(a.state.doc.textBetween(0, a.state.doc.content.size, '\n')).toBe(b.state.doc.textBetween(0, b.state.doc.content.size, '\n'));
    expect(remoteCarets(b)).toEqual([{ at: head, name: 'Ana' }]);
  });

  it('reads a selection in collab’s encoded form', async () => {
    const { b, awarenessB, docB } = twoClients();
    const other = new Awareness(new Y.Doc());
    cleanups.push(() => other.destroy());
    // A third client writes `selection` with encoded positions, no `cursor`.
    const selection = encodeSelection(new ContentIndex(docB), 13, 18);
    applyAwarenessUpdate(awarenessB, encodedState(other, { user: { id: 'cy', name: 'Cy', color: '#2ca02c' }, selection }), REMOTE);
    await flush();
    expect(remoteCarets(b)).toEqual([{ at: 18, name: 'Cy' }]);
    const highlighted = (presencePluginKey.getState(b.state) as DecorationSet).find().filter((d) => d.from < d.to);
    expect(highlighted.map((d) => b.state.doc.textBetween(d.from, d.to))).toEqual(['Guard']);
  });

  it('draws the caret of a client that publishes no user id, as y-prosemirror clients do', async () => {
    const { a, b, awarenessA, awarenessB } = twoClients();
    a.focus();
    placeCaret(a, 7);
    await flush();
    const cursor: unknown = awarenessA.getLocalState()?.cursor;
    const other = new Awareness(new Y.Doc());
    cleanups.push(() => other.destroy());
    applyAwarenessUpdate(awarenessB, encodedState(other, { user: { name: 'Dee' }, cursor }), REMOTE);
    await flush();
    expect(remoteCarets(b).sort((x, y) => x.name.localeCompare(y.name))).toEqual([
      { at: 7, name: 'Ana' },
      { at: 7, name: 'Dee' },
    ]);
  });

  it('holds the others’ changes while the mouse button is down in the editor and draws them once it is released', async () => {
    const { a, b } = twoClients();
    a.focus();
    placeCaret(a, 4);
    await flush();
    expect(remoteCarets(b)).toEqual([{ at: 4, name: 'Ana' }]);
    let redraws = 0;
    const counting = b.props.dispatchTransaction;
    b.setProps({
      dispatchTransaction(tr) {
        if (tr.getMeta(presencePluginKey) !== undefined) redraws++;
        if (counting === undefined) b.updateState(b.state.apply(tr));
        else counting.call(b, tr);
      },
    });

    // A right click holds nothing; the main button does.
    b.dom.dispatchEvent(new MouseEvent('mousedown', { button: 2, bubbles: true }));
    placeCaret(a, 8);
    await flush();
    expect(remoteCarets(b)).toEqual([{ at: 8, name: 'Ana' }]);
    window.dispatchEvent(new MouseEvent('mouseup', { button: 2 }));

    b.dom.dispatchEvent(new MouseEvent('mousedown', { button: 0, bubbles: true }));
    const before = redraws;
    for (const at of [10, 12, 14]) {
      placeCaret(a, at);
      await flush();
    }
    expect(redraws).toBe(before);
    expect(remoteCarets(b)).toEqual([{ at: 8, name: 'Ana' }]);
    window.dispatchEvent(new MouseEvent('mouseup', { button: 0 }));
    expect(redraws).toBe(before + 1);
    expect(remoteCarets(b)).toEqual([{ at: 14, name: 'Ana' }]);

    // Released, changes are drawn as they come again.
    placeCaret(a, 16);
    await flush();
    expect(remoteCarets(b)).toEqual([{ at: 16, name: 'Ana' }]);
  });

  it.each([
    ['a cursor that is not an object', { cursor: 'x' }],
    ['a cursor anchor with a string clock', { cursor: { anchor: { item: { client: 1, clock: 'a' } }, head: { tname: 'content' } } }],
    ['a cursor head naming no type', { cursor: { anchor: { tname: 'content' }, head: { assoc: 0 } } }],
    ['a cursor in another root type', { cursor: { anchor: { tname: 'elsewhere' }, head: { tname: 'elsewhere' } } }],
    ['a cursor with a negative clock', { cursor: { anchor: { item: { client: 1, clock: -1 } }, head: { tname: 'content' } } }],
    ['a cursor with a huge type name', { cursor: { anchor: { tname: 'x'.repeat(100_000) }, head: { tname: 'content' } } }],
    ['a cursor at an unknown item', { cursor: { anchor: { item: { client: 99, clock: 5 } }, head: { item: { client: 99, clock: 5 } } } }],
    ['selection bytes out of range', { selection: { anchor: [300], head: [1] } }],
    ['selection bytes that do not decode', { selection: { anchor: [255, 255, 255], head: [255] } }],
    ['too many selection bytes', { selection: { anchor: new Array(65).fill(1), head: [1] } }],
  ])('draws nothing for %s and keeps working', async (_name, fields) => {
    const { b, awarenessB, docB } = twoClients();
    const other = new Awareness(new Y.Doc());
    cleanups.push(() => other.destroy());
    applyAwarenessUpdate(awarenessB, encodedState(other, { user: { id: 'cy', name: 'Cy', color: '#2ca02c' }, ...fields }), REMOTE);
    await flush();
    expect(remoteCarets(b)).toEqual([]);
    expect(docB.share.has('elsewhere')).toBe(false);
  });
});

/** An awareness update carrying `state` as the state of `client`. */
function encodedState(client: Awareness, state: Record<string, unknown>): Uint8Array {
  client.setLocalState(state);
  return encodeAwarenessUpdate(client, [client.clientID]);
}

// @vitest-environment happy-dom
import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import { readAwarenessCursor, readAwarenessSelection } from '@glossa/collab';
import { buildRemoteCursor, buildRemoteSelection, presenceCursorField, presenceName, readPresenceSelection, samePresenceSelection } from '../src/index.js';

describe('remote presence', () => {
  it('puts a user name into a text node, never markup', () => {
    const caret = buildRemoteCursor({ name: '<img src=x onerror=alert(1)>', color: '#12ab34' }, 7);
    expect(caret.querySelector('img')).toBeNull();
    expect(caret.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(caret.style.getPropertyValue('--glossa-user-color')).toBe('#12ab34');
  });

  it.each([
    ['a CSS injection', 'red; background: url(x)'],
    ['a short hex color', '#abc'],
    ['a non-string', 42],
  ])('replaces %s in the color with the fallback', (_name, color) => {
    expect(buildRemoteSelection({ name: 'Ana', color })).toEqual({
      class: 'glossa-remote-selection',
      style: '--glossa-user-color: #9e9e9e',
    });
  });

  it('names users without a name by client id and shortens long names', () => {
    expect(presenceName({}, 12)).toBe('User 12');
    expect(presenceName({ name: 'x'.repeat(100) }, 1)).toHaveLength(64);
  });
});

describe('reading the selection of an awareness state', () => {
  const doc = new Y.Doc();
  const text = doc.getXmlFragment('content');
  const paragraph = new Y.XmlElement('paragraph');
  text.insert(0, [paragraph]);
  const run = new Y.XmlText('Hello');
  paragraph.insert(0, [run]);
  const anchor = Y.createRelativePositionFromTypeIndex(run, 1, 0);
  const head = Y.createRelativePositionFromTypeIndex(run, 4, -1);

  it('reads what presence publishes and collab’s encoded form alike', () => {
    const published = readPresenceSelection({ cursor: presenceCursorField({ anchor, head }) });
    const encoded = readPresenceSelection({ selection: { anchor: Array.from(Y.encodeRelativePosition(anchor)), head: Y.encodeRelativePosition(head) } });
    for (const read of [published, encoded]) {
      if (!read.ok || read.value === null) throw new Error(`not read: ${JSON.stringify(read)}`);
      expect(Y.createAbsolutePositionFromRelativePosition(read.value.anchor, doc)?.index).toBe(1);
      expect(Y.createAbsolutePositionFromRelativePosition(read.value.head, doc)?.index).toBe(4);
      expect(samePresenceSelection(read.value, { anchor, head })).toBe(true);
    }
  });

  it('prefers `cursor` and reads no selection from a state without one', () => {
    expect(readPresenceSelection({ user: {} })).toEqual({ ok: true, value: null });
    expect(readPresenceSelection(null)).toEqual({ ok: true, value: null });
    expect(readPresenceSelection({ cursor: null, selection: null })).toEqual({ ok: true, value: null });
    const both = readPresenceSelection({ cursor: presenceCursorField({ anchor, head }), selection: 'ignored' });
    expect(both.ok).toBe(true);
  });

  it.each([
    ['cursor: expected { anchor, head }', { cursor: 7 }],
    ['cursor.anchor: expected a relative position object', { cursor: { anchor: [1], head: {} } }],
    ['cursor.anchor.item.clock: expected a non-negative integer, got nothing', { cursor: { anchor: { item: { client: 1 } }, head: {} } }],
    ['cursor.anchor.item.client: expected a non-negative integer, got -1', { cursor: { anchor: { item: { client: -1, clock: 0 } }, head: {} } }],
    ['cursor.anchor.type: expected { client, clock } or null', { cursor: { anchor: { type: 'x' }, head: {} } }],
    ['cursor.anchor.tname: expected a string of 1 to 128 characters or null, got 3', { cursor: { anchor: { tname: 3 }, head: {} } }],
    ['cursor.anchor.tname: expected a string of 1 to 128 characters or null, got a string of 100000 characters', { cursor: { anchor: { tname: 'x'.repeat(100_000) }, head: {} } }],
    ['cursor.anchor.assoc: expected an integer or null, got 0.5', { cursor: { anchor: { tname: 'content', assoc: 0.5 }, head: {} } }],
    ['cursor.anchor.assoc: expected an integer or null, got NaN', { cursor: { anchor: { tname: 'content', assoc: Number.NaN }, head: {} } }],
    ['cursor.head: expected one of item, type or tname', { cursor: { anchor: { tname: 'content' }, head: { assoc: 1 } } }],
    ['selection: expected { anchor, head }', { selection: [1, 2] }],
    ['selection.anchor: expected an encoded relative position', { selection: { anchor: 'AQI=', head: [1] } }],
    ['selection.anchor: expected 1 to 64 bytes, got 0', { selection: { anchor: [], head: [1] } }],
    ['selection.anchor[0]: expected a byte (an integer from 0 to 255), got 300', { selection: { anchor: [300], head: [1] } }],
    ['selection.head: the bytes are not an encoded relative position', { selection: { anchor: Array.from(Y.encodeRelativePosition(anchor)), head: [255, 255] } }],
  ])('reports %s', (message, state) => {
    const read = readPresenceSelection(state);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.errors[0]).toContain(message);
  });

  it.each([
    ['a cursor', { cursor: { anchor: { item: { client: 1, clock: -1 } }, head: { tname: 'content' } } }],
    ['a cursor with an empty type name', { cursor: { anchor: { tname: '' }, head: { tname: 'content' } } }],
    ['a selection', { selection: { anchor: [1, 2], head: [1] } }],
  ])('refuses %s with collab’s own message', (_what, state) => {
    const read = readPresenceSelection(state);
    const collab = 'cursor' in state ? readAwarenessCursor(state.cursor) : readAwarenessSelection(state.selection);
    expect(collab.ok).toBe(false);
    expect(read).toEqual(collab);
  });

  it('reads the selection of a state whatever its user, which presence shows with fallbacks', () => {
    const cursor = presenceCursorField({ anchor, head });
    for (const state of [{ cursor }, { user: 'not an object', cursor }, { user: { name: 5 }, cursor }]) {
      const read = readPresenceSelection(state);
      if (!read.ok || read.value === null) throw new Error(`not read: ${JSON.stringify(read)}`);
      expect(samePresenceSelection(read.value, { anchor, head })).toBe(true);
    }
  });

  it('reads a published cursor after a trip through JSON as collab parses it', () => {
    const sent: unknown = JSON.parse(JSON.stringify({ cursor: presenceCursorField({ anchor, head }) }));
    const read = readPresenceSelection(sent);
    if (!read.ok || read.value === null) throw new Error(`not read: ${JSON.stringify(read)}`);
    expect(Y.createAbsolutePositionFromRelativePosition(read.value.anchor, doc)?.index).toBe(1);
    expect(Y.createAbsolutePositionFromRelativePosition(read.value.head, doc)?.index).toBe(4);
    expect(read.value.head.assoc).toBe(-1);
  });
});

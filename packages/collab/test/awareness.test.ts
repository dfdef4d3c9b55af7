import { describe, it, expect } from 'vitest';
import { ContentIndex, createContentDoc, editContentText, encodeSelection, parseAwarenessState, readAwarenessState, resolveSelection } from '../src/index.js';

const user = { id: 'ana', name: 'Ana', color: '#1f77b4' };

describe('awareness state', () => {
  it('accepts a full state and returns a clean copy with byte arrays', () => {
    const index = new ContentIndex(createContentDoc('The National Guard'));
    const selection = encodeSelection(index, 4, 12);
    const parsed = parseAwarenessState({ user, selection: { anchor: Uint8Array.from(selection.anchor), head: selection.head }, layer: 'shared', extra: 1 });
    expect(parsed).toEqual({ user, selection, layer: 'shared' });
  });

  it('accepts a state with only a user, and null fields as absent', () => {
    expect(parseAwarenessState({ user })).toEqual({ user });
    expect(parseAwarenessState({ user, selection: null, cursor: null, layer: null })).toEqual({ user });
  });

  const bad: [string, unknown, string][] = [
    ['null (a client that left)', null, 'awareness state: expected an object with a user, got null'],
    ['a string', 'ana', 'awareness state: expected an object with a user, got a string of 3 characters'],
    ['an array', [user], 'awareness state: expected an object with a user, got an array of 1 item'],
    ['no user', { layer: 'shared' }, 'user: expected { id, name, color }, got nothing'],
    ['an empty user id', { user: { ...user, id: '' } }, 'user.id: expected a string of 1 to 128 characters, got a string of 0 characters'],
    ['a too long user id', { user: { ...user, id: 'x'.repeat(129) } }, 'user.id: expected a string of 1 to 128 characters, got a string of 129 characters'],
    ['a name that is not a string', { user: { ...user, name: 5 } }, 'user.name: expected a string of at most 200 characters, got 5'],
    ['a huge name', { user: { ...user, name: 'x'.repeat(1_000_000) } }, 'user.name: expected a string of at most 200 characters, got a string of 1000000 characters'],
    ['a color that is not #rrggbb', { user: { ...user, color: 'red' } }, 'user.color: expected a color #rrggbb, got a string of 3 characters'],
    ['a selection that is not an object', { user, selection: [1, 2] }, 'selection: expected { anchor, head }, got an array of 2 items'],
    ['a selection without head', { user, selection: { anchor: [0, 1, 2, 0] } }, 'selection.head: expected an encoded relative position (an array of bytes), got nothing'],
    ['a selection as a base64 string', { user, selection: { anchor: 'AQI=', head: [1] } }, 'selection.anchor: expected an encoded relative position (an array of bytes), got a string of 4 characters'],
    ['a selection with bytes out of range', { user, selection: { anchor: [300], head: [1] } }, 'selection.anchor[0]: expected a byte (an integer from 0 to 255), got 300'],
    ['a selection with a fractional byte', { user, selection: { anchor: [1, 0.5], head: [1] } }, 'selection.anchor[1]: expected a byte (an integer from 0 to 255), got 0.5'],
    ['a selection with NaN', { user, selection: { anchor: [Number.NaN], head: [1] } }, 'selection.anchor[0]: expected a byte (an integer from 0 to 255), got NaN'],
    ['a selection with an object byte', { user, selection: { anchor: [{}], head: [1] } }, 'selection.anchor[0]: expected a byte (an integer from 0 to 255), got an object'],
    ['a selection that is empty', { user, selection: { anchor: [], head: [1] } }, 'selection.anchor: expected 1 to 64 bytes, got 0'],
    ['a selection that does not decode', { user, selection: { anchor: [0], head: [0] } }, 'selection.anchor: the bytes are not an encoded relative position'],
    ['a selection too long', { user, selection: { anchor: new Array(65).fill(1), head: [1, 3, 97, 0] } }, 'selection.anchor: expected 1 to 64 bytes, got 65'],
    ['a huge selection array', { user, selection: { anchor: new Array(1_000_000).fill('x'), head: [1] } }, 'selection.anchor: expected 1 to 64 bytes, got 1000000'],
    ['a layer with a slash', { user, layer: 'a/b' }, 'layer: expected a layer id (1 to 128 characters of [A-Za-z0-9._-], starting with a letter, digit or _), got a string of 3 characters'],
    ['a layer that is a number', { user, layer: 7 }, 'layer: expected a layer id (1 to 128 characters of [A-Za-z0-9._-], starting with a letter, digit or _), got 7'],
  ];

  it.each(bad)('refuses %s, naming the field', (_what, value, message) => {
    expect(parseAwarenessState(value)).toBeNull();
    expect(readAwarenessState(value)).toEqual({ ok: false, errors: [message] });
  });

  it('reports every malformed field at once', () => {
    const read = readAwarenessState({ user: { ...user, color: 5 }, selection: 'x', cursor: 'y', layer: '' });
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.errors.map((error) => error.slice(0, error.indexOf(':')))).toEqual(['user.color', 'selection', 'cursor', 'layer']);
  });

  it('selections follow edits', () => {
    const content = createContentDoc('The National Guard');
    const selection = encodeSelection(new ContentIndex(content), 4, 12);
    editContentText(content, 0, 0, 'And ');
    expect(resolveSelection(new ContentIndex(content), selection)).toEqual({ anchor: 8, head: 16 });
  });
});

import { describe, it, expect } from 'vitest';
import { ContentIndex, createContentDoc, editContentText, encodeSelection, parseAwarenessState, resolveSelection } from '../src/index.js';

const user = { id: 'ana', name: 'Ana', color: '#1f77b4' };

describe('awareness state', () => {
  it('accepts a full state and returns a clean copy with byte arrays', () => {
    const index = new ContentIndex(createContentDoc('The National Guard'));
    const selection = encodeSelection(index, 4, 12);
    const parsed = parseAwarenessState({ user, selection: { anchor: Uint8Array.from(selection.anchor), head: selection.head }, layer: 'shared', extra: 1 });
    expect(parsed).toEqual({ user, selection, layer: 'shared' });
  });

  it('accepts a state with only a user', () => {
    expect(parseAwarenessState({ user })).toEqual({ user });
  });

  const bad: [string, unknown][] = [
    ['null (a client that left)', null],
    ['a string', 'ana'],
    ['no user', { layer: 'shared' }],
    ['an empty user id', { user: { ...user, id: '' } }],
    ['a too long user id', { user: { ...user, id: 'x'.repeat(129) } }],
    ['a name that is not a string', { user: { ...user, name: 5 } }],
    ['a color that is not #rrggbb', { user: { ...user, color: 'red' } }],
    ['a selection without head', { user, selection: { anchor: [0, 1, 2, 0] } }],
    ['a selection with bytes out of range', { user, selection: { anchor: [300], head: [1] } }],
    ['a selection that does not decode', { user, selection: { anchor: [0], head: [0] } }],
    ['a selection too long', { user, selection: { anchor: new Array(65).fill(1), head: [1, 3, 97, 0] } }],
    ['a layer with a slash', { user, layer: 'a/b' }],
  ];

  it.each(bad)('rejects %s', (_what, value) => {
    expect(parseAwarenessState(value)).toBeNull();
  });

  it('selections follow edits', () => {
    const content = createContentDoc('The National Guard');
    const selection = encodeSelection(new ContentIndex(content), 4, 12);
    editContentText(content, 0, 0, 'And ');
    expect(resolveSelection(new ContentIndex(content), selection)).toEqual({ anchor: 8, head: 16 });
  });
});

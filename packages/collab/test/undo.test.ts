import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import { IMPORT_ORIGIN, createContentDoc, createUserUndoManager, localOrigin, resolveLayer, updateAnnotation, writeAnnotations } from '../src/index.js';
import { span } from './tagged.js';

/** Two users, each with their own copy of the layer, kept in sync both ways. */
function twoUsers(): { content: Y.Doc; ana: Y.Doc; ben: Y.Doc } {
  const content = createContentDoc('The National Guard was deployed in May.');
  const ana = new Y.Doc();
  const ben = new Y.Doc();
  ana.on('update', (u: Uint8Array, origin: unknown) => origin !== 'sync' && Y.applyUpdate(ben, u, 'sync'));
  ben.on('update', (u: Uint8Array, origin: unknown) => origin !== 'sync' && Y.applyUpdate(ana, u, 'sync'));
  return { content, ana, ben };
}

const ids = (layer: Y.Doc, content: Y.Doc): string[] => resolveLayer(layer, content).spans.map((s) => `${s.id}:${s.label}`);

describe('undo per user', () => {
  it("undoing my annotation never undoes yours (each user on their own client)", () => {
    const { content, ana, ben } = twoUsers();
    const anaUndo = createUserUndoManager(ana, localOrigin('ana'));
    const benUndo = createUserUndoManager(ben, localOrigin('ben'));
    writeAnnotations(ana, content, [span('a1', 4, 18, { author: 'ana' })], localOrigin('ana'));
    writeAnnotations(ben, content, [span('b1', 23, 31, { author: 'ben' })], localOrigin('ben'));
    writeAnnotations(ana, content, [span('a2', 35, 38, { author: 'ana' })], localOrigin('ana'));
    anaUndo.undo();
    expect(ids(ben, content)).toEqual(['a1:militarization', 'b1:militarization']);
    anaUndo.undo();
    expect(ids(ana, content)).toEqual(['b1:militarization']);
    expect(anaUndo.canUndo()).toBe(false);
    benUndo.undo();
    expect(ids(ana, content)).toEqual([]);
    anaUndo.redo();
    expect(ids(ben, content)).toEqual(['a1:militarization']);
  });

  it('two users on one client: each undo manager takes back only its own user', () => {
    const content = createContentDoc('The National Guard was deployed in May.');
    const layer = new Y.Doc();
    const anaUndo = createUserUndoManager(layer, localOrigin('ana'));
    const benUndo = createUserUndoManager(layer, localOrigin('ben'));
    writeAnnotations(layer, content, [span('a1', 4, 18)], localOrigin('ana'));
    writeAnnotations(layer, content, [span('b1', 23, 31)], localOrigin('ben'));
    updateAnnotation(layer, 'a1', { label: 'police' }, { kind: 'local', userId: 'ben' });
    benUndo.undo();
    expect(ids(layer, content)).toEqual(['a1:militarization', 'b1:militarization']);
    anaUndo.undo();
    expect(ids(layer, content)).toEqual(['b1:militarization']);
  });

  it('does not track imports or other kinds of origin', () => {
    const content = createContentDoc('The National Guard was deployed in May.');
    const layer = new Y.Doc();
    const undo = createUserUndoManager(layer, localOrigin('ana'));
    writeAnnotations(layer, content, [span('i', 0, 3)], IMPORT_ORIGIN);
    writeAnnotations(layer, content, [span('n', 4, 12)]);
    expect(undo.canUndo()).toBe(false);
  });

  it('throws a RangeError for something that is not an origin', () => {
    expect(() => createUserUndoManager(new Y.Doc(), { kind: 'user' } as never)).toThrow(RangeError);
  });
});

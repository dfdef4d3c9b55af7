import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createContentDoc, createUserUndoManager, deleteAnnotations, localOrigin, updateAnnotation, writeAnnotations } from '@glossa/collab';
import type { SpanAnnotation } from '@glossa/core';
import { watchLostChanges } from '../src/session/lost-changes.js';
import type { LostChange } from '../src/session/lost-changes.js';

const TEXT = 'The Interior Secretary announced a plan.';

function span(id: string, quote: string, label = 'militarization'): SpanAnnotation {
  const start = TEXT.indexOf(quote);
  return { id, start, end: start + quote.length, label, author: 'olga', status: 'proposed', note: '', created: 0, source: 'human' };
}

/** Two copies of a layer (Olga's, watched, and Pablo's) that start equal; `deliver` sends what one has to the other. */
function setup() {
  const content = createContentDoc(TEXT);
  const olga = new Y.Doc();
  const pablo = new Y.Doc();
  writeAnnotations(olga, content, [span('a', 'Interior Secretary'), span('b', 'a plan', 'justice-reform')], localOrigin('olga'));
  Y.applyUpdate(pablo, Y.encodeStateAsUpdate(olga), 'server');
  let inSync = true;
  const lost: LostChange[] = [];
  const watch = watchLostChanges({ layer: 'shared', doc: olga, inSync: () => inSync, onLost: (change) => lost.push(change) });
  const deliver = (from: Y.Doc, to: Y.Doc): void => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'server');
  return { content, olga, pablo, lost, watch, deliver, setInSync: (value: boolean) => (inSync = value) };
}

describe('watchLostChanges', () => {
  it('reports a relabel made out of sync when the annotation arrives deleted, naming its text and the new label', () => {
    const { olga, pablo, lost, watch, deliver, setInSync } = setup();
    setInSync(false);
    updateAnnotation(olga, 'a', { label: 'human-rights' }, localOrigin('olga'));
    deleteAnnotations(pablo, ['a'], localOrigin('pablo'));
    deliver(pablo, olga);
    expect(lost).toEqual([{ layer: 'shared', id: 'a', label: 'human-rights', quote: 'Interior Secretary' }]);
    watch.synced();
    deliver(olga, pablo);
    // Both converge on the deletion; nothing is reported twice.
    expect(olga.getMap('annotations').has('a')).toBe(false);
    expect(pablo.getMap('annotations').has('a')).toBe(false);
    expect(lost).toHaveLength(1);
  });

  it('says nothing about changes made in sync, deletions of untouched annotations, own deletions and undos, or after a sync', () => {
    const { olga, pablo, lost, watch, deliver, setInSync } = setup();
    // Made in sync: the change reached the server before anyone could delete without seeing it.
    updateAnnotation(olga, 'a', { status: 'accepted' }, localOrigin('olga'));
    setInSync(false);
    // Olga's own change, then her own undo of it and her own deletion.
    const undo = createUserUndoManager(olga, localOrigin('olga'));
    updateAnnotation(olga, 'b', { note: 'check' }, localOrigin('olga'));
    undo.undo();
    deleteAnnotations(olga, ['b'], localOrigin('olga'));
    // Pablo deletes "a", which Olga changed while in sync only.
    deleteAnnotations(pablo, ['a'], localOrigin('pablo'));
    deliver(pablo, olga);
    expect(lost).toEqual([]);

    // A change out of sync that reached the server (a completed sync) before the deletion is not lost either.
    const { olga: o2, pablo: p2, lost: lost2, watch: w2, deliver: d2, setInSync: s2 } = setup();
    s2(false);
    updateAnnotation(o2, 'a', { label: 'human-rights' }, localOrigin('olga'));
    w2.synced();
    d2(o2, p2);
    deleteAnnotations(p2, ['a'], localOrigin('pablo'));
    d2(p2, o2);
    expect(lost2).toEqual([]);
    watch.destroy();
    w2.destroy();
  });
});

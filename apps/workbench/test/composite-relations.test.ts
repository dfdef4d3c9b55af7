import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createContentDoc, writeAnnotations } from '@glossa/collab';
import type { SpanAnnotation } from '@glossa/core';
import { LayerNotWritableError } from '../src/session/composite-layer.js';
import { compositeRelations } from '../src/session/composite-relations.js';

const TEXT = 'The National Guard was deployed to the border.';
const span = (id: string, start: number, end: number): SpanAnnotation => ({ id, start, end, label: 'x', author: 'x', status: 'proposed', note: '', created: 0, source: 'human' });

function setup() {
  const content = createContentDoc(TEXT);
  const mine = new Y.Doc();
  const theirs = new Y.Doc();
  writeAnnotations(mine, content, [span('a', 4, 18), span('b', 39, 45)]);
  writeAnnotations(theirs, content, [span('c', 4, 18), span('d', 39, 45)]);
  const relations = compositeRelations(
    [
      { id: 'ann', doc: mine, writable: true },
      { id: 'bob', doc: theirs, writable: false },
    ],
    'ann',
    ['ann', 'bob'],
  );
  return { relations, mine, theirs };
}

const relation = (from: string, to: string) => ({ id: 'ann:new', from, to, label: 'funded-by', directed: true, author: 'ann' });

describe('compositeRelations', () => {
  it('writes a relation to its layer and reads it back with editor ids', () => {
    const { relations } = setup();
    const id = relations.write({ type: 'create', relation: relation('ann:a', 'ann:b') });
    expect(id).toMatch(/^ann:r:/);
    expect(relations.resolve().live).toEqual([expect.objectContaining({ id, from: 'ann:a', to: 'ann:b', label: 'funded-by' })]);
    relations.write({ type: 'reverse', id: id as string });
    expect(relations.resolve().live[0]).toMatchObject({ from: 'ann:b', to: 'ann:a' });
    relations.setVisibleLayers(['bob']);
    expect(relations.resolve().live).toEqual([]);
  });

  it('refuses a relation between two layers, into a read-only layer, or with an id without a layer, naming what is wrong', () => {
    const { relations } = setup();
    expect(relations.canRelate('ann:a', 'bob:c')).toBe(false);
    expect(relations.canRelate('bob:c', 'bob:d')).toBe(false);
    expect(relations.canRelate('ann:a', 'ann:b')).toBe(true);
    expect(() => relations.write({ type: 'create', relation: relation('ann:a', 'bob:c') })).toThrow(/one layer, not of "ann" and "bob"/);
    expect(() => relations.write({ type: 'create', relation: { ...relation('bob:c', 'bob:d'), id: 'bob:new' } })).toThrow(LayerNotWritableError);
    expect(() => relations.write({ type: 'delete', ids: ['nolayer'] })).toThrow(/no layer prefix/);
  });

  it('reports another client’s relation change, and only for shown layers', () => {
    const { relations, mine } = setup();
    let calls = 0;
    const off = relations.subscribe(() => calls++);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(mine));
    other.on('update', (update: Uint8Array) => Y.applyUpdate(mine, update));
    // Another client (not this user's origin) relates a and b.
    const before = calls;
    other.getMap('relations').set('r:x', new Y.Map<unknown>([['from', 'a'], ['to', 'b'], ['label', 'l'], ['directed', true], ['author', 'bob'], ['status', 'proposed'], ['note', ''], ['created', 0], ['source', 'human']]));
    expect(calls).toBeGreaterThan(before);
    relations.setVisibleLayers(['bob']);
    const hidden = calls;
    other.getMap('relations').delete('r:x');
    expect(calls).toBe(hidden);
    off();
  });
});

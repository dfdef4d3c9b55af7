import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import {
  AnnotationNotFoundError,
  LAYOUT_REVISION,
  RELATIONS_MAP,
  RelationNotFoundError,
  changedRelationIds,
  createContentDoc,
  createRelation,
  createUserUndoManager,
  deleteAnnotations,
  deleteRelations,
  editContentText,
  layerUndoScope,
  localOrigin,
  relabelRelation,
  relationId,
  resolveLayer,
  reverseRelation,
  setRelationStatus,
  updateRelation,
  writeAnnotations,
} from '../src/index.js';
import { span } from './tagged.js';

const TEXT = 'The measure is funded by the budget line of May.';
const ana = localOrigin('ana');

/** A layer with three annotations: m (measure), b (budget line), y (May). */
function setup(): { content: Y.Doc; layer: Y.Doc } {
  const content = createContentDoc(TEXT);
  const layer = new Y.Doc();
  writeAnnotations(layer, content, [span('m', 4, 11), span('b', 29, 40), span('y', 44, 47)], ana);
  return { content, layer };
}

const summary = (layer: Y.Doc, content: Y.Doc): { live: string[]; dangling: string[] } => {
  const { relations } = resolveLayer(layer, content);
  return {
    live: relations.live.map((r) => `${r.from}-${r.label}-${r.to}`),
    dangling: relations.dangling.map((d) => `${d.relation.from}-${d.relation.label}-${d.relation.to}:${d.from}/${d.to}`),
  };
};

describe('relations in a layer room', () => {
  it('creates a relation under an id derived from its identity and reads it back live, marking revision 2', () => {
    const { content, layer } = setup();
    const id = createRelation(layer, { from: 'm', to: 'b', label: 'funded-by', author: 'ana', created: 5 }, ana);
    expect(id).toBe(relationId({ from: 'm', to: 'b', label: 'funded-by', directed: true }));
    expect(layer.getMap('meta').get('revision')).toBe(LAYOUT_REVISION);
    expect(layer.getMap('meta').get('layout')).toBe(1);
    const { relations } = resolveLayer(layer, content);
    expect(relations.live).toEqual([
      { id, from: 'm', to: 'b', label: 'funded-by', directed: true, author: 'ana', status: 'proposed', note: '', created: 5, source: 'human' },
    ]);
    expect(relations.dangling).toEqual([]);
  });

  it('gives an undirected relation the same id whichever end comes first', () => {
    expect(relationId({ from: 'a', to: 'b', label: 'same', directed: false })).toBe(relationId({ from: 'b', to: 'a', label: 'same', directed: false }));
    expect(relationId({ from: 'a', to: 'b', label: 'x', directed: true })).not.toBe(relationId({ from: 'b', to: 'a', label: 'x', directed: true }));
    // Ids hold no separator an end could forge.
    expect(relationId({ from: 'a:b', to: 'c', label: 'x', directed: true })).not.toBe(relationId({ from: 'a', to: 'b:c', label: 'x', directed: true }));
  });

  it('two people creating the same relation at once end with one', () => {
    const { content, layer } = setup();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(layer));
    createRelation(layer, { from: 'm', to: 'b', label: 'funded-by', author: 'ana', created: 1 }, ana);
    createRelation(other, { from: 'm', to: 'b', label: 'funded-by', author: 'ben', created: 2 }, localOrigin('ben'));
    Y.applyUpdate(layer, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(layer));
    expect(summary(layer, content).live).toEqual(['m-funded-by-b']);
    expect(resolveLayer(other, content).relations).toEqual(resolveLayer(layer, content).relations);
    expect(layer.getMap(RELATIONS_MAP).size).toBe(1);
  });

  it('a relabel that meets an existing relation reads as one; deleting it deletes both', () => {
    const { content, layer } = setup();
    const first = createRelation(layer, { from: 'm', to: 'b', label: 'funded-by', author: 'ana' }, ana);
    const second = createRelation(layer, { from: 'm', to: 'b', label: 'supports', author: 'ana' }, ana);
    relabelRelation(layer, second, 'funded-by', ana);
    const { relations } = resolveLayer(layer, content);
    expect(relations.live.map((r) => r.id)).toEqual([[first, second].sort()[0]]);
    expect(relations.duplicates).toHaveLength(1);
    expect(createRelation(layer, { from: 'm', to: 'b', label: 'funded-by', author: 'ben' })).toBe([first, second].sort()[0]);
    expect(deleteRelations(layer, [first], ana)).toBe(2);
    expect(summary(layer, content)).toEqual({ live: [], dangling: [] });
  });

  it('relabels, reverses, sets status and note', () => {
    const { content, layer } = setup();
    const id = createRelation(layer, { from: 'm', to: 'b', label: 'funded-by', author: 'ana' }, ana);
    relabelRelation(layer, id, 'supports', ana);
    reverseRelation(layer, id, ana);
    setRelationStatus(layer, id, 'accepted', ana);
    updateRelation(layer, id, { note: 'checked' }, ana);
    const [relation] = resolveLayer(layer, content).relations.live;
    expect(relation).toMatchObject({ id, from: 'b', to: 'm', label: 'supports', status: 'accepted', note: 'checked' });
  });

  it('refuses relations to missing annotations, to itself, and bad fields; unknown ids throw', () => {
    const { layer } = setup();
    expect(() => createRelation(layer, { from: 'm', to: 'nope', label: 'x', author: 'ana' })).toThrow(AnnotationNotFoundError);
    expect(() => createRelation(layer, { from: 'm', to: 'm', label: 'x', author: 'ana' })).toThrow(/two different annotations/);
    expect(() => createRelation(layer, { from: 'm', to: 'b', label: '', author: 'ana' })).toThrow(/label/);
    expect(() => createRelation(layer, { from: 'm', to: 'b', label: 'x', author: 'ana', status: 'maybe' as never })).toThrow(/status/);
    expect(() => relabelRelation(layer, 'r:none', 'x')).toThrow(RelationNotFoundError);
    expect(() => reverseRelation(layer, 'r:none')).toThrow(RelationNotFoundError);
    expect(layer.getMap(RELATIONS_MAP).size).toBe(0);
  });

  it('a relation whose end is deleted concurrently, or whose text is gone, is dangling', () => {
    const { content, layer } = setup();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(layer));
    createRelation(layer, { from: 'm', to: 'b', label: 'funded-by', author: 'ana' }, ana);
    createRelation(layer, { from: 'y', to: 'm', label: 'dated', author: 'ana' }, ana);
    deleteAnnotations(other, ['b'], localOrigin('ben'));
    Y.applyUpdate(layer, Y.encodeStateAsUpdate(other));
    editContentText(content, 44, 3, '');
    expect(summary(layer, content)).toEqual({ live: [], dangling: ['y-dated-m:orphaned/live', 'm-funded-by-b:live/missing'] });
  });

  it('deleting a span deletes its relations in the same transaction, and one undo brings both back', () => {
    const { content, layer } = setup();
    createRelation(layer, { from: 'm', to: 'b', label: 'funded-by', author: 'ana' }, ana);
    createRelation(layer, { from: 'y', to: 'b', label: 'dated', author: 'ana' }, ana);
    const undo = createUserUndoManager(layerUndoScope(layer), ana);
    let transactions = 0;
    layer.on('afterTransaction', () => transactions++);
    deleteAnnotations(layer, ['m'], ana);
    expect(transactions).toBe(1);
    expect(summary(layer, content)).toEqual({ live: ['y-dated-b'], dangling: [] });
    undo.undo();
    expect(summary(layer, content)).toEqual({ live: ['y-dated-b', 'm-funded-by-b'], dangling: [] });
    expect(resolveLayer(layer, content).spans.map((s) => s.id)).toEqual(['m', 'b', 'y']);
    undo.redo();
    expect(summary(layer, content)).toEqual({ live: ['y-dated-b'], dangling: [] });
  });

  it('names malformed entries as problems and leaves them in place', () => {
    const { content, layer } = setup();
    const relations = layer.getMap(RELATIONS_MAP);
    relations.set('bad-from', new Y.Map<unknown>([['to', 'b'], ['label', 'x']]));
    relations.set('bad-status', new Y.Map<unknown>([['from', 'm'], ['to', 'b'], ['label', 'x'], ['status', 'maybe']]));
    relations.set('self', { from: 'm', to: 'm', label: 'x' });
    relations.set('number', 7);
    relations.set('plain', { from: 'm', to: 'y', label: 'dated', directed: false });
    const resolved = resolveLayer(layer, content).relations;
    expect(resolved.problems.map((p) => `${p.id}.${p.field}`)).toEqual(['bad-from.from', 'bad-status.status', 'number.', 'self.to']);
    expect(resolved.problems[1]?.message).toBe('relations/bad-status/status: expected one of proposed, accepted, rejected, found "maybe"');
    expect(resolved.live.map((r) => r.id)).toEqual(['plain']);
    // A plain-object entry is editable: it becomes a Y.Map of its fields.
    relabelRelation(layer, 'plain', 'near', ana);
    expect(resolveLayer(layer, content).relations.live[0]).toMatchObject({ id: 'plain', label: 'near', directed: false });
    expect(relations.size).toBe(5);
  });

  it('changedRelationIds names the relations a transaction touched', () => {
    const { layer } = setup();
    const id = createRelation(layer, { from: 'm', to: 'b', label: 'funded-by', author: 'ana' }, ana);
    const seen: (string[] | null)[] = [];
    layer.on('afterTransaction', (t: Y.Transaction) => seen.push(changedRelationIds(t, layer)));
    relabelRelation(layer, id, 'supports', ana);
    deleteAnnotations(layer, ['y'], ana);
    deleteAnnotations(layer, ['b'], ana);
    expect(seen).toEqual([[id], [], [id]]);
  });
});

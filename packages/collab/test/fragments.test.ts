import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import {
  ANNOTATIONS_MAP,
  ContentIndex,
  addFragment,
  createContentDoc,
  createRelation,
  createUserUndoManager,
  editContentText,
  keepAnchors,
  layerUndoScope,
  localOrigin,
  readAnnotationEntry,
  removeFragment,
  resolveLayer,
  writeAnnotations,
} from '../src/index.js';
import { deleteAnnotationsV1, resolveLayerV1, updateAnnotationV1, writeAnnotationsV1 } from './fixtures/layout-v1-client.js';
import { span } from './tagged.js';

// "the National … and local Guard": one category in two pieces.
const TEXT = 'the National and local Guard patrols the city.';
const NATIONAL: [number, number] = [4, 12];
const GUARD: [number, number] = [23, 28];
const ana = localOrigin('ana');

const pieces = (layer: Y.Doc, content: Y.Doc, id: string): unknown => {
  const found = resolveLayer(layer, content).spans.find((s) => s.id === id);
  return found === undefined ? undefined : { start: found.start, end: found.end, fragments: found.fragments };
};

describe('discontinuous annotations (fragments)', () => {
  it('writes and resolves fragments; the covering span stays start/end', () => {
    const content = createContentDoc(TEXT);
    const layer = new Y.Doc();
    writeAnnotations(layer, content, [span('g', 4, 28, { fragments: [NATIONAL, GUARD] })], ana);
    expect(pieces(layer, content, 'g')).toEqual({ start: 4, end: 28, fragments: [NATIONAL, GUARD] });
    expect(layer.getMap('meta').get('revision')).toBe(2);
    // Rewriting it contiguous removes the fragments.
    writeAnnotations(layer, content, [span('g', 4, 12)], ana);
    expect(pieces(layer, content, 'g')).toEqual({ start: 4, end: 12, fragments: undefined });
    expect((layer.getMap(ANNOTATIONS_MAP).get('g') as Y.Map<unknown>).has('fragments')).toBe(false);
  });

  it('refuses fragments that break the rules, naming the annotation', () => {
    const content = createContentDoc(TEXT);
    const layer = new Y.Doc();
    expect(() => writeAnnotations(layer, content, [span('g', 4, 28, { fragments: [[4, 12]] })])).toThrow(/annotation "g": fragments must hold at least two/);
    expect(() => writeAnnotations(layer, content, [span('g', 4, 28, { fragments: [[4, 12], [10, 28]] })])).toThrow(/overlaps/);
    expect(() => writeAnnotations(layer, content, [span('g', 4, 28, { fragments: [[4, 12], [23, 27]] })])).toThrow(/cover \[4, 27\)/);
    expect(layer.getMap(ANNOTATIONS_MAP).size).toBe(0);
  });

  it('adds and removes a fragment, keeping the other fields and the relations; undo takes it back', () => {
    const content = createContentDoc(TEXT);
    const layer = new Y.Doc();
    writeAnnotations(layer, content, [span('g', 4, 12, { note: 'kept' }), span('c', 41, 45)], ana);
    createRelation(layer, { from: 'g', to: 'c', label: 'patrols', author: 'ana' }, ana);
    const undo = createUserUndoManager(layerUndoScope(layer), ana);
    expect(addFragment(layer, content, 'g', GUARD, ana)).toMatchObject({ start: 4, end: 28, fragments: [NATIONAL, GUARD], note: 'kept' });
    expect(pieces(layer, content, 'g')).toEqual({ start: 4, end: 28, fragments: [NATIONAL, GUARD] });
    // A range touching a piece joins it.
    addFragment(layer, content, 'g', [12, 13], ana);
    expect(pieces(layer, content, 'g')).toEqual({ start: 4, end: 28, fragments: [[4, 13], GUARD] });
    removeFragment(layer, content, 'g', 0, ana);
    expect(pieces(layer, content, 'g')).toEqual({ start: 23, end: 28, fragments: undefined });
    expect(() => removeFragment(layer, content, 'g', 0, ana)).toThrow(/no fragment 0 to remove \(it has one contiguous range\)/);
    expect(() => addFragment(layer, content, 'g', [5, 5], ana)).toThrow(/not a non-empty range/);
    expect(resolveLayer(layer, content).relations.live).toHaveLength(1);
    undo.undo();
    undo.undo();
    expect(pieces(layer, content, 'g')).toEqual({ start: 4, end: 28, fragments: [NATIONAL, GUARD] });
    undo.undo();
    expect(pieces(layer, content, 'g')).toEqual({ start: 4, end: 12, fragments: undefined });
  });

  it('a fragment whose text is deleted drops out; one piece left reads contiguous', () => {
    const content = createContentDoc(TEXT);
    const layer = new Y.Doc();
    writeAnnotations(layer, content, [span('g', 0, 28, { fragments: [[0, 3], NATIONAL, GUARD] })], ana);
    editContentText(content, 4, 8, ''); // "National" gone
    expect(pieces(layer, content, 'g')).toEqual({ start: 0, end: 20, fragments: [[0, 3], [15, 20]] });
    editContentText(content, 0, 4, ''); // "the " gone: the covering span starts at "and"
    expect(pieces(layer, content, 'g')).toEqual({ start: 0, end: 16, fragments: undefined });
  });

  it('marks a malformed fragments key as a problem of that entry', () => {
    const layer = new Y.Doc();
    const content = createContentDoc(TEXT);
    writeAnnotations(layer, content, [span('g', 4, 12)], ana);
    (layer.getMap(ANNOTATIONS_MAP).get('g') as Y.Map<unknown>).set('fragments', [[new Uint8Array([1])]]);
    const read = readAnnotationEntry('g', layer.getMap(ANNOTATIONS_MAP).get('g'));
    expect('problem' in read && read.problem.field).toBe('fragments');
    expect(resolveLayer(layer, content).problems.map((p) => p.id)).toEqual(['g']);
  });
});

describe('a client of layout revision 1 on a layer of revision 2', () => {
  it('edits an annotation that has fragments in a layer with relations: both survive', () => {
    const content = createContentDoc(TEXT);
    const v2 = new Y.Doc();
    writeAnnotations(v2, content, [span('g', 4, 28, { fragments: [NATIONAL, GUARD] }), span('c', 41, 45), span('p', 29, 36)], ana);
    const relation = createRelation(v2, { from: 'g', to: 'c', label: 'patrols', author: 'ana' }, ana);
    createRelation(v2, { from: 'p', to: 'c', label: 'where', author: 'ana' }, ana);

    const v1 = new Y.Doc();
    Y.applyUpdate(v1, Y.encodeStateAsUpdate(v2));
    const index = new ContentIndex(content);
    // It reads the covering span of the discontinuous annotation.
    expect(resolveLayerV1(v1, index).spans.map((s) => [s.id, s.start, s.end])).toEqual([['g', 4, 28], ['p', 29, 36], ['c', 41, 45]]);
    // It relabels it, rewrites it in place (same boundaries), and deletes another annotation.
    updateAnnotationV1(v1, 'g', { label: 'police', note: 'v1 was here' }, localOrigin('old'));
    const g = resolveLayerV1(v1, index).spans.find((s) => s.id === 'g');
    if (g === undefined) throw new Error('the revision 1 client did not read g');
    writeAnnotationsV1(v1, index, [{ ...g, status: 'accepted' }], localOrigin('old'));
    deleteAnnotationsV1(v1, ['p'], localOrigin('old'));

    Y.applyUpdate(v2, Y.encodeStateAsUpdate(v1));
    const resolved = resolveLayer(v2, content);
    expect(resolved.problems).toEqual([]);
    expect(resolved.spans.find((s) => s.id === 'g')).toMatchObject({ label: 'police', note: 'v1 was here', status: 'accepted', start: 4, end: 28, fragments: [NATIONAL, GUARD] });
    expect(resolved.relations.live.map((r) => r.id)).toEqual([relation]);
    // The v1 client's delete left the relation of `p` dangling: kept, not live.
    expect(resolved.relations.dangling.map((d) => [d.relation.from, d.from])).toEqual([['p', 'missing']]);
  });

  it('a revision 1 client that moves the covering span: fragments are clipped and stretched to it', () => {
    const content = createContentDoc(TEXT);
    const v2 = new Y.Doc();
    writeAnnotations(v2, content, [span('g', 4, 28, { fragments: [NATIONAL, GUARD] })], ana);
    const v1 = new Y.Doc();
    Y.applyUpdate(v1, Y.encodeStateAsUpdate(v2));
    const index = new ContentIndex(content);
    writeAnnotationsV1(v1, index, [span('g', 6, 36)], localOrigin('old'));
    Y.applyUpdate(v2, Y.encodeStateAsUpdate(v1));
    expect(pieces(v2, content, 'g')).toEqual({ start: 6, end: 36, fragments: [[6, 12], [23, 36]] });
  });
});

describe('keepAnchors and the pieces of a discontinuous annotation', () => {
  it('a paragraph split inside a piece, or before it, keeps every piece on its text', () => {
    const content = createContentDoc(TEXT);
    const layer = new Y.Doc();
    const keeper = keepAnchors(layer, content);
    writeAnnotations(layer, content, [span('g', 4, 28, { fragments: [NATIONAL, GUARD] })], ana);
    editContentText(content, 8, 0, '\n'); // Enter inside "National": "the Nati\nonal and local Guard…"
    const text = new ContentIndex(content).text;
    const g = resolveLayer(layer, content).spans.find((s) => s.id === 'g');
    expect(g?.fragments?.map(([from, to]) => text.slice(from, to))).toEqual(['Nati\nonal', 'Guard']);
    editContentText(content, 18, 0, '\n'); // Enter before "local", between the pieces
    const after = new ContentIndex(content).text;
    const again = resolveLayer(layer, content).spans.find((s) => s.id === 'g');
    expect(again?.fragments?.map(([from, to]) => after.slice(from, to))).toEqual(['Nati\nonal', 'Guard']);
    keeper.destroy();
  });
});

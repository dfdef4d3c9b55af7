import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RELATIONS_MAP, createContentDoc, createRelation, createUserUndoManager, layerUndoScope, localOrigin, writeAnnotations } from '@glossa/collab';
import type { SpanAnnotation } from '@glossa/core';
import { CURATION_MAP, PROVENANCE_KEY, readGold } from '../src/curation/gold-layer.js';
import { acceptRelation, inGold, readLayerRelations, rejectRelation, relationDecisionKey, unrejectRelation } from '../src/curation/gold-relations.js';

const TEXT = 'The National Guard was deployed to the border with funds of the Interior.';

const at = (quote: string): { start: number; end: number } => ({ start: TEXT.indexOf(quote), end: TEXT.indexOf(quote) + quote.length });
const span = (id: string, quote: string, label: string): SpanAnnotation => ({ id, ...at(quote), label, author: 'x', status: 'proposed', note: '', created: 0, source: 'human' });

/** A source layer with two spans and a relation between them (ids differ per layer). */
function sourceLayer(content: Y.Doc, prefix: string): Y.Doc {
  const layer = new Y.Doc();
  writeAnnotations(layer, content, [span(`${prefix}1`, 'National Guard', 'militarization'), span(`${prefix}2`, 'funds of the Interior', 'resources-budget')]);
  createRelation(layer, { from: `${prefix}1`, to: `${prefix}2`, label: 'funded-by', author: prefix });
  return layer;
}

function setup() {
  const content = createContentDoc(TEXT);
  const gold = new Y.Doc();
  let n = 0;
  return { content, gold, writer: { gold, content, user: 'erin', newId: () => `g${n++}` } };
}

describe('relations in curation', () => {
  it('reads live and dangling relations of a layer with their ends', () => {
    const { content } = setup();
    const layer = sourceLayer(content, 'a');
    writeAnnotations(layer, content, [span('a3', 'border', 'militarization')]);
    createRelation(layer, { from: 'a3', to: 'a1', label: 'same-as', directed: false, author: 'a' });
    // Delete an end behind collab's back, as an old client could: the relation stays, dangling.
    layer.getMap('annotations').delete('a3');
    const relations = readLayerRelations('alice', layer, content);
    expect(relations.map((r) => ({ label: r.relation.label, from: r.from?.id ?? null, to: r.to?.id ?? null }))).toEqual([
      { label: 'funded-by', from: 'a1', to: 'a2' },
      { label: 'same-as', from: null, to: 'a1' },
    ]);
  });

  it('accepts a relation into gold with its ends and the layer as provenance, merges a second layer, and one undo takes it back', () => {
    const { content, gold, writer } = setup();
    const [alice] = readLayerRelations('alice', sourceLayer(content, 'a'), content);
    const [bob] = readLayerRelations('bob', sourceLayer(content, 'b'), content);
    const undo = createUserUndoManager(layerUndoScope(gold), localOrigin('erin'));
    const id = acceptRelation(writer, alice!);
    const state = readGold(gold, content);
    expect(state.spans.map((s) => ({ quote: TEXT.slice(s.start, s.end), provenance: s.provenance }))).toEqual([
      { quote: 'National Guard', provenance: ['alice'] },
      { quote: 'funds of the Interior', provenance: ['alice'] },
    ]);
    const goldRelations = readLayerRelations('gold', gold, content).map((r) => r.relation);
    expect(goldRelations).toEqual([expect.objectContaining({ id, label: 'funded-by', directed: true, author: 'erin', status: 'accepted' })]);
    expect(inGold(bob!, state.spans, goldRelations)).toBe(true);
    undo.stopCapturing();
    expect(acceptRelation(writer, bob!)).toBe(id);
    expect((gold.getMap(RELATIONS_MAP).get(id) as Y.Map<unknown>).get(PROVENANCE_KEY)).toEqual(['alice', 'bob']);
    expect(readGold(gold, content).spans.map((s) => s.provenance)).toEqual([['alice', 'bob'], ['alice', 'bob']]);
    undo.undo();
    undo.undo();
    expect(gold.getMap(RELATIONS_MAP).size).toBe(0);
    expect(readGold(gold, content).spans).toEqual([]);
  });

  it('refuses a dangling relation, and records and takes back a rejection', () => {
    const { content, writer, gold } = setup();
    const layer = sourceLayer(content, 'a');
    const [live] = readLayerRelations('alice', layer, content);
    layer.getMap('annotations').delete('a2');
    const [dangling] = readLayerRelations('alice', layer, content);
    expect(dangling?.to).toBeNull();
    expect(() => acceptRelation(writer, dangling!)).toThrow(/deleted/);
    rejectRelation(writer, dangling!);
    expect(gold.getMap(CURATION_MAP).get(relationDecisionKey(dangling!))).toMatchObject({ decision: 'rejected', by: 'erin' });
    unrejectRelation(writer, dangling!);
    expect(gold.getMap(CURATION_MAP).has(relationDecisionKey(live!))).toBe(false);
  });
});

/**
 * Randomized convergence of relations and discontinuous spans: 3 clients
 * edit one content room and one layer room with 5,000 random operations a
 * seed (text edits, span creation and deletion, relation creation at the
 * same time as the deletion of its ends, relabels, reverses, status
 * changes, fragments added and removed, undo and redo) over a network that
 * disconnects, reorders and duplicates updates. After everything is
 * delivered every client must hold the same live and dangling relations
 * and the same spans and fragments, no entry may be malformed, and an
 * export of the layer must write only relations whose two ends it writes,
 * counting each dangling relation once.
 *
 * One seed by default; `GLOSSA_SOAK=1` runs 20, `GLOSSA_SEED=<n>` replays
 * one seed. Every choice, Y.Doc client ids included, comes from the seed.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  ContentIndex,
  addFragment,
  createContentDoc,
  createRelation,
  createUserUndoManager,
  deleteAnnotations,
  deleteRelations,
  editContentText,
  keepAnchors,
  layerUndoScope,
  localOrigin,
  readRelationEntries,
  relabelRelation,
  relationIdentity,
  removeFragment,
  resolveLayer,
  reverseRelation,
  setRelationStatus,
  writeAnnotationsWith,
} from '@glossa/collab';
import type { ResolvedLayer } from '@glossa/collab';
import { splitsSurrogatePair } from '@glossa/core';
import type { LabelSchema, SpanFragment } from '@glossa/core';
import { LossRecorder, prepareDocument } from '@glossa/formats';
import { readLayerParts } from '@glossa/store';
import { SimulatedNetwork } from './support/convergence-network.js';
import { ClientIds, replayable, seededRandom, seedsToRun } from './support/seeded.js';

const CLIENTS = 3;
const OPERATIONS = 5_000;
const CONTENT = 'p/d';
const LAYER = 'p/d/layers/shared';
const PIECES = ['a', 'Guard', ' ', 'é', '😀', '\n', 'x\ny', 'la Guardia Nacional'];
const LABELS = ['militarization', 'police'];
const RELATION_LABELS = ['funded-by', 'supports', 'same'];

const schema: LabelSchema = {
  version: 1,
  name: 'convergence',
  textColor: '#000000',
  groups: [],
  labels: LABELS.map((id) => ({ id, name: id, description: id, color: '#81b29a' })),
  documentLabels: [],
  relationLabels: RELATION_LABELS.map((id) => ({ id, name: id, description: id, directed: id !== 'same', color: '#3d405b' })),
};

function boundary(text: string, offset: number): number {
  return splitsSurrogatePair(text, offset) ? offset - 1 : offset;
}

/** Runs `write`, skipping the operation when the client's state refuses it (an end gone, an orphan, an empty range). */
function tolerate(write: () => void): void {
  try {
    write();
  } catch (error) {
    if (!(error instanceof RangeError) && !(error instanceof Error && /NotFoundError$/.test(error.name))) throw error;
  }
}

function runSeed(seed: number): void {
  const random = seededRandom(seed);
  const ids = new ClientIds(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const initial = ids.during(() => createContentDoc('The measure is funded by the budget line.\nThe National and local Guard patrols.\n\nIn May.'));
  const network = new SimulatedNetwork(CLIENTS, [CONTENT, LAYER], random, ids, new Map([[CONTENT, Y.encodeStateAsUpdate(initial)]]));
  const undos = network.clients.map((_, c) => {
    keepAnchors(network.doc(c, LAYER), network.doc(c, CONTENT));
    return createUserUndoManager(layerUndoScope(network.doc(c, LAYER)), localOrigin(`user${c}`));
  });
  let nextId = 0;
  const counts = { relationsCreated: 0, spansDeleted: 0, fragments: 0, undos: 0 };

  for (let step = 0; step < OPERATIONS; step++) {
    const c = Math.floor(random() * CLIENTS);
    const origin = localOrigin(`user${c}`);
    const content = network.doc(c, CONTENT);
    const layer = network.doc(c, LAYER);
    const spanIds = (): string[] => [...layer.getMap('annotations').keys()];
    const relationIds = (): string[] => [...layer.getMap('relations').keys()];
    const roll = random();
    if (roll < 0.12) {
      const text = new ContentIndex(content).text;
      const at = boundary(text, Math.floor(random() * (text.length + 1)));
      const del = random() < 0.5 ? boundary(text, Math.min(text.length, at + Math.floor(random() * 6))) - at : 0;
      editContentText(content, at, del, random() < 0.7 ? pick(PIECES) : '', origin);
    } else if (roll < 0.27) {
      const index = new ContentIndex(content);
      if (index.length < 4) continue;
      const start = boundary(index.text, Math.floor(random() * (index.length - 3)));
      const end = boundary(index.text, Math.min(index.length, start + 1 + Math.floor(random() * 10)));
      if (end <= start) continue;
      const id = `s${nextId++}`;
      const span = { id, start, end, label: pick(LABELS), author: `user${c}`, status: 'proposed', note: '', created: step, source: 'human' } as const;
      writeAnnotationsWith(layer, index, [span], origin);
    } else if (roll < 0.37) {
      const spans = spanIds();
      if (spans.length === 0) continue;
      deleteAnnotations(layer, [pick(spans)], origin);
      counts.spansDeleted++;
    } else if (roll < 0.55) {
      // Ends drawn from the newest few spans, so clients often relate the same pair at once.
      const spans = spanIds().sort((a, b) => Number(b.slice(1)) - Number(a.slice(1))).slice(0, 4);
      if (spans.length < 2) continue;
      const from = pick(spans);
      const to = pick(spans.filter((s) => s !== from));
      const label = pick(RELATION_LABELS);
      tolerate(() => createRelation(layer, { from, to, label, directed: label !== 'same', author: `user${c}`, created: step }, origin));
      counts.relationsCreated++;
    } else if (roll < 0.63) {
      const relations = relationIds();
      if (relations.length === 0) continue;
      const id = pick(relations);
      const what = random();
      tolerate(() => {
        if (what < 0.3) relabelRelation(layer, id, pick(RELATION_LABELS.filter((l) => l !== 'same')), origin);
        else if (what < 0.55) reverseRelation(layer, id, origin);
        else if (what < 0.8) setRelationStatus(layer, id, pick(['proposed', 'accepted'] as const), origin);
        else deleteRelations(layer, [id], origin);
      });
    } else if (roll < 0.73) {
      const spans = spanIds();
      if (spans.length === 0) continue;
      const id = pick(spans);
      const text = new ContentIndex(content).text;
      tolerate(() => {
        if (random() < 0.65) {
          const from = boundary(text, Math.floor(random() * Math.max(1, text.length - 2)));
          const range: SpanFragment = [from, boundary(text, Math.min(text.length, from + 1 + Math.floor(random() * 5)))];
          addFragment(layer, content, id, range, origin);
        } else {
          removeFragment(layer, content, id, Math.floor(random() * 3), origin);
        }
        counts.fragments++;
      });
    } else if (roll < 0.81) {
      const undo = undos[c] as Y.UndoManager;
      if (random() < 0.7) undo.undo();
      else undo.redo();
      counts.undos++;
    } else if (roll < 0.86) {
      network.setOnline(c, !network.clients[c]?.online);
    } else {
      // Enough deliveries to keep up with the updates made, so backlogs come and go rather than grow all run.
      for (let n = Math.floor(random() * 32); n > 0; n--) network.deliverOne(0.15);
    }
  }

  network.settle();
  expect(network.pending).toBe(0);
  // The run exercised what it claims to.
  expect(counts.relationsCreated).toBeGreaterThan(300);
  expect(counts.spansDeleted).toBeGreaterThan(200);
  expect(counts.fragments).toBeGreaterThan(100);
  expect(counts.undos).toBeGreaterThan(100);

  for (const room of [CONTENT, LAYER]) {
    const vectors = network.clients.map((client) => Y.encodeStateVector(client.docs.get(room) as Y.Doc));
    for (const [c, vector] of vectors.entries()) expect(vector, `state vector of ${room} on client ${c}`).toEqual(vectors[0]);
  }
  const resolved: ResolvedLayer[] = network.clients.map((_, c) => resolveLayer(network.doc(c, LAYER), network.doc(c, CONTENT)));
  const first = resolved[0] as ResolvedLayer;
  for (const [c, layer] of resolved.entries()) {
    // Undoing a change of a field that a concurrent change of the same field came between can leave the field with
    // no value (Known limits, collab README): such an entry is a problem, kept and the same on every client; no other
    // problem may arise.
    const emptied = (p: { message: string }): boolean => p.message.endsWith('found nothing');
    expect(layer.problems.filter((p) => !emptied(p)), `annotation problems on client ${c}`).toEqual([]);
    expect(layer.relations.problems.filter((p) => !emptied(p)), `relation problems on client ${c}`).toEqual([]);
    expect(layer.relations.live, `live relations on client ${c}`).toEqual(first.relations.live);
    expect(layer.relations.dangling, `dangling relations on client ${c}`).toEqual(first.relations.dangling);
    expect(layer, `layer resolved on client ${c}`).toEqual(first);
  }
  expect(first.relations.live.length + first.relations.dangling.length, 'relations left at the end').toBeGreaterThan(0);

  // Every live relation joins two spans; every dangling one has an end that is not a span.
  const spanIdSet = new Set(first.spans.map((s) => s.id));
  for (const r of first.relations.live) expect(spanIdSet.has(r.from) && spanIdSet.has(r.to), `live relation ${r.id}`).toBe(true);
  for (const d of first.relations.dangling) expect(spanIdSet.has(d.relation.from) && spanIdSet.has(d.relation.to), `dangling relation ${d.relation.id}`).toBe(false);
  // One relation per identity is shown; the others are listed as duplicates.
  const shown = [...first.relations.live, ...first.relations.dangling.map((d) => d.relation)];
  expect(new Set(shown.map(relationIdentity)).size).toBe(shown.length);
  expect(shown.length + first.relations.duplicates.length).toBe(readRelationEntries(network.doc(0, LAYER)).entries.length);
  // Fragments follow the model's rules.
  for (const s of first.spans) {
    if (s.fragments === undefined) continue;
    expect(s.fragments.length).toBeGreaterThanOrEqual(2);
    expect(s.fragments[0]?.[0]).toBe(s.start);
    expect(s.fragments[s.fragments.length - 1]?.[1]).toBe(s.end);
    s.fragments.forEach(([from, to], i) => {
      expect(from).toBeLessThan(to);
      if (i > 0) expect(from).toBeGreaterThan((s.fragments?.[i - 1] as SpanFragment)[1]);
    });
  }

  // What an export of the layer writes: every relation's ends are exported spans; each dangling relation is counted once.
  const parts = readLayerParts('d', 'shared', network.doc(0, LAYER), network.doc(0, CONTENT));
  const doc = { id: 'd', text: new ContentIndex(network.doc(0, CONTENT)).text, spans: parts.spans, relations: parts.relations, labels: {}, meta: {} };
  const losses = new LossRecorder();
  const prepared = prepareDocument(doc, { schema, consolidation: 'none' }, losses, { lineBreaks: 'exact' });
  let exported = 0;
  for (const layer of prepared.layers) {
    const exportedSpans = new Set(layer.spans.map((s) => s.id));
    for (const r of layer.relations) {
      expect(exportedSpans.has(r.from) && exportedSpans.has(r.to), `exported relation ${r.id}`).toBe(true);
      exported++;
    }
  }
  expect(exported).toBe(first.relations.live.length);
  expect(losses.count('dangling-relation')).toBe(first.relations.dangling.length);
}

const SEEDS = seedsToRun(process.env.GLOSSA_SOAK ? 20 : 1);
/** A seed of 5,000 operations costs about 40 s of CPU on a loaded machine; allow 300 s a seed. */
const TIME_ALLOWED_MS = SEEDS.length * 300_000;

describe('convergence of relations and discontinuous spans', () => {
  it(
    'converges for every seed (3 clients, 5,000 operations: span deletion beside relation creation, fragments, undo)',
    () => {
      for (const seed of SEEDS) replayable(seed, () => runSeed(seed));
    },
    TIME_ALLOWED_MS,
  );
});

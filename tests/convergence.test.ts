/**
 * Randomized convergence: 5 clients edit one content room and annotate in
 * two layer rooms over a network that disconnects, reorders and duplicates
 * updates. After everything is delivered, all clients must hold the same
 * state, nothing may be pending, no annotation may be lost, and every
 * annotation must resolve to the same range everywhere.
 *
 * 200 seeds by default; `GLOSSA_SOAK=1` runs 10,000, `GLOSSA_SEED=<n>`
 * replays one seed. A failure names its seed. Every choice, Y.Doc client
 * ids included, comes from the seed, and nothing is shared between seeds,
 * so a seed fails alone exactly as it failed among the others.
 */
import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import {
  ContentIndex,
  createContentDoc,
  deleteAnnotations,
  editContentText,
  keepAnchors,
  localOrigin,
  resolveLayer,
  updateAnnotation,
  writeAnnotationsWith,
} from '@glossa/collab';
import type { ResolvedLayer } from '@glossa/collab';
import { splitsSurrogatePair } from '@glossa/core';
import { SimulatedNetwork } from './support/convergence-network.js';
import { ClientIds, replayable, seededRandom, seedsToRun } from './support/seeded.js';

const CLIENTS = 5;
const CONTENT = 'p/d';
const LAYERS = ['p/d/layers/shared', 'p/d/layers/gold'];
const STEPS = 100;
const PIECES = ['a', 'Guard', ' ', 'é', '😀', '🇲🇽', '\n', 'x\ny', '\n\n', 'la Guardia Nacional'];
const LABELS = ['militarization', 'police', 'prevention'];

/** Moves an offset off the middle of a surrogate pair. */
function boundary(text: string, offset: number): number {
  return splitsSurrogatePair(text, offset) ? offset - 1 : offset;
}

/** What the operation log expects: per layer, the ids created and the ids deleted. */
interface OperationLog {
  readonly created: Map<string, Set<string>>;
  readonly deleted: Map<string, Set<string>>;
}

function runSeed(seed: number): void {
  const random = seededRandom(seed);
  const ids = new ClientIds(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const initial = ids.during(() => createContentDoc('The National Guard was deployed.\nIn May 🇲🇽 the mayor said\n\nno.'));
  const network = new SimulatedNetwork(CLIENTS, [CONTENT, ...LAYERS], random, ids, new Map([[CONTENT, Y.encodeStateAsUpdate(initial)]]));
  for (let c = 0; c < CLIENTS; c++) for (const layer of LAYERS) keepAnchors(network.doc(c, layer), network.doc(c, CONTENT));
  const log: OperationLog = { created: new Map(LAYERS.map((l) => [l, new Set()])), deleted: new Map(LAYERS.map((l) => [l, new Set()])) };
  let nextId = 0;

  for (let step = 0; step < STEPS; step++) {
    const c = Math.floor(random() * CLIENTS);
    const origin = localOrigin(`user${c}`);
    const content = network.doc(c, CONTENT);
    const layerName = pick(LAYERS);
    const layer = network.doc(c, layerName);
    const roll = random();
    if (roll < 0.3) {
      const text = new ContentIndex(content).text;
      const at = boundary(text, Math.floor(random() * (text.length + 1)));
      const del = random() < 0.4 ? boundary(text, Math.min(text.length, at + Math.floor(random() * 8))) - at : 0;
      editContentText(content, at, del, random() < 0.8 ? pick(PIECES) : '', origin);
    } else if (roll < 0.5) {
      const index = new ContentIndex(content);
      if (index.length < 2) continue;
      const start = boundary(index.text, Math.floor(random() * (index.length - 1)));
      const end = boundary(index.text, Math.min(index.length, start + 1 + Math.floor(random() * 12)));
      if (end <= start) continue;
      const id = `s${seed}-${nextId++}`;
      writeAnnotationsWith(layer, index, [{ id, start, end, label: pick(LABELS), author: `user${c}`, status: 'proposed', note: '', created: step, source: 'human' }], origin);
      log.created.get(layerName)?.add(id);
    } else if (roll < 0.65) {
      const ids = [...layer.getMap('annotations').keys()];
      if (ids.length === 0) continue;
      const id = pick(ids);
      if (random() < 0.5) updateAnnotation(layer, id, { label: pick(LABELS) }, origin);
      else updateAnnotation(layer, id, { note: `note ${step}`, status: pick(['accepted', 'rejected'] as const) }, origin);
    } else if (roll < 0.72) {
      const ids = [...layer.getMap('annotations').keys()];
      if (ids.length === 0) continue;
      const id = pick(ids);
      deleteAnnotations(layer, [id], origin);
      log.deleted.get(layerName)?.add(id);
    } else if (roll < 0.8) {
      network.setOnline(c, !network.clients[c]?.online);
    } else {
      for (let n = Math.floor(random() * 6); n > 0; n--) network.deliverOne(0.15);
    }
  }

  network.settle();
  expect(network.pending).toBe(0);
  for (const room of [CONTENT, ...LAYERS]) {
    const vectors = network.clients.map((client) => Y.encodeStateVector(client.docs.get(room) as Y.Doc));
    for (const [c, vector] of vectors.entries()) {
      expect(vector, `state vector of ${room} on client ${c}`).toEqual(vectors[0]);
      const store = network.doc(c, room).store;
      expect(store.pendingStructs, `pending structs of ${room} on client ${c}`).toBeNull();
      expect(store.pendingDs, `pending deletes of ${room} on client ${c}`).toBeNull();
    }
  }
  const texts = network.clients.map((client) => new ContentIndex(client.docs.get(CONTENT) as Y.Doc).text);
  for (const text of texts) expect(text).toBe(texts[0]);
  for (const layerName of LAYERS) {
    const created = log.created.get(layerName) as Set<string>;
    const deleted = log.deleted.get(layerName) as Set<string>;
    const expected = [...created].filter((id) => !deleted.has(id)).sort();
    const resolved: ResolvedLayer[] = network.clients.map((client) => resolveLayer(client.docs.get(layerName) as Y.Doc, client.docs.get(CONTENT) as Y.Doc));
    for (const [c, layer] of resolved.entries()) {
      expect(layer.problems, `problems in ${layerName} on client ${c}`).toEqual([]);
      const present = [...layer.spans.map((s) => s.id), ...layer.orphans.map((o) => o.annotation.id)].sort();
      expect(present, `annotations of ${layerName} on client ${c} against the operation log`).toEqual(expected);
      expect(layer, `${layerName} resolved on client ${c}`).toEqual(resolved[0]);
    }
    for (const s of resolved[0]?.spans ?? []) {
      expect(s.start).toBeLessThan(s.end);
      expect(s.end).toBeLessThanOrEqual((texts[0] as string).length);
    }
  }
}

const SEEDS = seedsToRun(process.env.GLOSSA_SOAK ? 10_000 : 200);
/**
 * A seed costs about 0.1 s of CPU. The time allowed is 3 s a seed, so that a
 * machine shared with other work slows the run down without failing it; a
 * run that hangs still fails.
 */
const TIME_ALLOWED_MS = Math.max(60_000, SEEDS.length * 3_000);

describe('convergence of content and layer rooms', () => {
  it(
    'converges for every seed (5 clients, disconnects, reordering, duplicates)',
    () => {
      for (const seed of SEEDS) replayable(seed, () => runSeed(seed));
    },
    TIME_ALLOWED_MS,
  );
});

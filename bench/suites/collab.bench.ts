/**
 * Collaboration benchmarks:
 * (a) a layer of 10k spans over a 1 MB text: reload both rooms from their
 *     encoded state and resolve every span, against a plain `Y.applyUpdate`
 *     of the same two docs;
 * (b) resolving 20k anchors at once (`ContentIndex`, one pass over the
 *     content) on a heavily edited text (the automerge-paper editing trace
 *     replayed into one paragraph), against Yjs one by one
 *     (`Y.createAbsolutePositionFromRelativePosition`).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { CONTENT_FRAGMENT, ContentIndex, PARAGRAPH_NODE, createContentDoc, resolveLayer, writeAnnotationsWith } from '@glossa/collab';
import type { SpanAnnotation } from '@glossa/core';
import { seededRandom, timeIt, type BenchResult, type BenchSuite } from '../harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TRACE = path.resolve(root, '../shared/data/automerge-paper.json.gz');

/** A text of at least `bytes` UTF-16 code units made of the seed texts, repeated. */
export function seedText(bytes: number): string {
  const dir = path.join(root, 'seeds');
  const texts = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(path.join(dir, f), 'utf8'));
  let text = '';
  for (let i = 0; text.length < bytes; i++) text += (text === '' ? '' : '\n') + (texts[i % texts.length] as string);
  return text;
}

/** `count` seeded spans of 1–50 code units over `text`, none splitting a surrogate pair. */
export function spansOver(text: string, count: number, random: () => number): SpanAnnotation[] {
  const spans: SpanAnnotation[] = [];
  for (let i = 0; i < count; i++) {
    let start = Math.floor(random() * (text.length - 60));
    let end = start + 1 + Math.floor(random() * 50);
    if (/[\udc00-\udfff]/.test(text[start] ?? '')) start--;
    if (/[\udc00-\udfff]/.test(text[end] ?? '')) end++;
    spans.push({ id: `s${i}`, start, end, label: 'militarization', author: 'bench', status: 'proposed', note: '', created: i, source: 'import' });
  }
  return spans;
}

function benchReload(): BenchResult {
  const content = createContentDoc(seedText(1_000_000), { title: 'bench' });
  const layer = new Y.Doc();
  const spans = spansOver(new ContentIndex(content).text, 10_000, seededRandom(7));
  writeAnnotationsWith(layer, new ContentIndex(content), spans);
  const contentUpdate = Y.encodeStateAsUpdate(content);
  const layerUpdate = Y.encodeStateAsUpdate(layer);
  const load = (): [Y.Doc, Y.Doc] => {
    const c = new Y.Doc();
    const l = new Y.Doc();
    Y.applyUpdate(c, contentUpdate);
    Y.applyUpdate(l, layerUpdate);
    return [c, l];
  };
  const check = resolveLayer(load()[1], load()[0]);
  if (check.spans.length !== spans.length) throw new Error(`reload resolved ${check.spans.length} of ${spans.length} spans`);
  const baseline = timeIt(() => void load(), 1000);
  const value = timeIt(() => {
    const [c, l] = load();
    resolveLayer(l, c);
  }, 1000);
  return {
    name: `reload + resolve 10k spans, ${(contentUpdate.length / 1e6).toFixed(1)} MB text + ${(layerUpdate.length / 1e6).toFixed(1)} MB layer`,
    value,
    baselineName: 'plain Y.applyUpdate of both docs',
    baseline,
    unit: 'ms',
    lowerIsBetter: true,
    goal: '≤ 1.5× the plain load',
    met: value <= 1.5 * baseline,
  };
}

interface Trace {
  readonly startContent: string;
  readonly endContent: string;
  readonly txns: readonly { readonly patches: readonly (readonly [number, number, string])[] }[];
}

/** The client id the trace is replayed under; copies get 1, 2, 3… */
const TRACE_CLIENT = 1_000_000;

/**
 * Replays the trace into a content doc of one paragraph, one transaction per
 * keystroke as the editor made them (this is what fragments the text), and
 * returns the doc's update: every struct of it, fragment child included, made
 * by `TRACE_CLIENT`.
 */
function replayTrace(trace: Trace): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = TRACE_CLIENT;
  const paragraph = new Y.XmlElement(PARAGRAPH_NODE);
  const segment = new Y.XmlText();
  doc.getXmlFragment(CONTENT_FRAGMENT).insert(0, [paragraph]);
  paragraph.insert(0, [segment]);
  segment.insert(0, trace.startContent);
  for (const txn of trace.txns) {
    doc.transact(() => {
      for (const [pos, del, ins] of txn.patches) {
        if (del > 0) segment.delete(pos, del);
        if (ins !== '') segment.insert(pos, ins);
      }
    });
  }
  return Y.encodeStateAsUpdate(doc);
}

function renamed(id: Y.ID, from: number, to: number): Y.ID {
  return id.client === from ? Y.createID(to, id.clock) : id;
}

/**
 * `update` (V1, every struct and deletion by client `from`) as if client
 * `to` had made it: the same items with the same origins, contents and
 * deletions, every id of `from` renamed. Applied beside the original, the
 * copy's paragraph is a second child of the fragment, inserted concurrently
 * at its start, holding its own copy of the whole edit history.
 */
function underClient(update: Uint8Array, from: number, to: number): Uint8Array {
  const { structs, ds } = Y.decodeUpdate(update);
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, 1);
  encoding.writeVarUint(encoder.restEncoder, structs.length);
  encoder.writeClient(to);
  encoding.writeVarUint(encoder.restEncoder, structs[0]?.id.clock ?? 0);
  for (const struct of structs) {
    if (struct.id.client !== from) throw new Error(`the update holds a struct of client ${struct.id.client}, not only of ${from}`);
    struct.id = Y.createID(to, struct.id.clock);
    if (struct instanceof Y.Item) {
      if (struct.origin !== null) struct.origin = renamed(struct.origin, from, to);
      if (struct.rightOrigin !== null) struct.rightOrigin = renamed(struct.rightOrigin, from, to);
      const parent: unknown = struct.parent;
      if (parent instanceof Y.ID) struct.parent = renamed(parent, from, to) as unknown as Y.AbstractType<unknown>;
    }
    struct.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, ds.clients.size);
  for (const [client, ranges] of ds.clients) {
    if (client !== from) throw new Error(`the update deletes structs of client ${client}, not only of ${from}`);
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, to);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const range of ranges) {
      encoder.writeDsClock(range.clock);
      encoder.writeDsLen(range.len);
    }
  }
  return encoder.toUint8Array();
}

/** How many items the paragraphs' texts hold, and how many of them are deleted. */
function countTextItems(content: Y.Doc): { items: number; deleted: number } {
  let items = 0;
  let deleted = 0;
  for (const paragraph of content.getXmlFragment(CONTENT_FRAGMENT).toArray()) {
    if (!(paragraph instanceof Y.XmlElement)) continue;
    for (const segment of paragraph.toArray()) {
      if (!(segment instanceof Y.XmlText)) continue;
      for (let item = segment._start; item !== null; item = item.right) {
        items++;
        if (item.deleted) deleted++;
      }
    }
  }
  return { items, deleted };
}

/**
 * A content doc of `copies` paragraphs, each holding the trace's whole edit
 * history under its own client: the text is `copies` times the trace's end
 * content, and every paragraph is as fragmented as the trace leaves it.
 */
function tracedContent(update: Uint8Array, copies: number): Y.Doc {
  const content = new Y.Doc();
  for (let copy = 1; copy <= copies; copy++) Y.applyUpdate(content, underClient(update, TRACE_CLIENT, copy));
  return content;
}

/**
 * Resolves 20k anchors (half start, half end anchors, at seeded random
 * offsets) with a fresh `ContentIndex` each run, against Yjs one by one;
 * every answer is checked against Yjs's.
 */
function benchBatch(content: Y.Doc, expectedText: string): BenchResult {
  const index = new ContentIndex(content);
  if (index.text !== expectedText) throw new Error('the traced content does not give the trace\'s end content');
  const { items, deleted } = countTextItems(content);
  const random = seededRandom(11);
  const anchors = Array.from({ length: 20_000 }, (_, i) => index.relativePosition(Math.floor(random() * (index.length + 1)), i % 2 === 0 ? 0 : -1));
  let batch: (number | null)[] = [];
  const value = timeIt(() => {
    const fresh = new ContentIndex(content);
    batch = anchors.map((rpos) => fresh.resolve(rpos));
  }, 1000);
  const t0 = performance.now();
  const single = anchors.map((rpos) => Y.createAbsolutePositionFromRelativePosition(rpos, content, false));
  const baseline = performance.now() - t0;
  single.forEach((absolute, i) => {
    const expected = absolute === null ? null : index.offsetOfAbsolute(absolute);
    if (expected !== batch[i]) throw new Error(`anchor ${i}: batch ${batch[i]} but Yjs ${expected}`);
  });
  const paragraphs = index.paragraphs.length;
  const shape = `${paragraphs === 1 ? '1 paragraph' : `${paragraphs} paragraphs`}, ${items.toLocaleString('en-US')} items of which ${deleted.toLocaleString('en-US')} deleted`;
  return {
    name: `resolve 20k anchors, edited text of ${index.length.toLocaleString('en-US')} chars (${shape})`,
    value,
    baselineName: 'Yjs one by one',
    baseline,
    unit: 'ms',
    lowerIsBetter: true,
    goal: '≥ 40× faster',
    met: baseline / value >= 40,
  };
}

/**
 * Batch resolution on the trace as replayed (104,852 chars) and on ten
 * copies of it (~1 MB), or nothing when the trace is absent.
 */
function benchBatches(): BenchResult[] {
  if (!existsSync(TRACE)) {
    process.stderr.write(`bench collab: skipping batch resolution, ${TRACE} is absent\n`);
    return [];
  }
  const trace = JSON.parse(gunzipSync(readFileSync(TRACE)).toString('utf8')) as Trace;
  const update = replayTrace(trace);
  return [1, 10].map((copies) => benchBatch(tracedContent(update, copies), Array.from({ length: copies }, () => trace.endContent).join('\n')));
}

/** The collab suite: reload + resolve, and batch resolution on an edited text. */
export const suite: BenchSuite = {
  name: 'collab',
  async run() {
    return [benchReload(), ...benchBatches()];
  },
};

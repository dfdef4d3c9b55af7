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
import * as Y from 'yjs';
import { CONTENT_FRAGMENT, ContentIndex, createContentDoc, resolveLayer, writeAnnotationsWith } from '@glossa/collab';
import type { SpanAnnotation } from '@glossa/core';
import { seededRandom, timeIt, type BenchResult, type BenchSuite } from '../harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TRACE = path.resolve(root, '../shared/data/automerge-paper.json.gz');

/** A text of at least `bytes` UTF-16 code units made of the seed texts, repeated. */
function seedText(bytes: number): string {
  const dir = path.join(root, 'seeds');
  const texts = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(path.join(dir, f), 'utf8'));
  let text = '';
  for (let i = 0; text.length < bytes; i++) text += (text === '' ? '' : '\n') + (texts[i % texts.length] as string);
  return text;
}

function spansOver(text: string, count: number, random: () => number): SpanAnnotation[] {
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

function benchBatch(): BenchResult | null {
  if (!existsSync(TRACE)) {
    process.stderr.write(`bench collab: skipping batch resolution, ${TRACE} is absent\n`);
    return null;
  }
  const trace = JSON.parse(gunzipSync(readFileSync(TRACE)).toString('utf8')) as Trace;
  const content = createContentDoc('');
  const segment = new Y.XmlText();
  const paragraph = content.getXmlFragment(CONTENT_FRAGMENT).get(0) as Y.XmlElement;
  paragraph.insert(0, [segment]);
  segment.insert(0, trace.startContent);
  // One transaction per keystroke, as the editor made them: this is what fragments the text.
  for (const txn of trace.txns) {
    content.transact(() => {
      for (const [pos, del, ins] of txn.patches) {
        if (del > 0) segment.delete(pos, del);
        if (ins !== '') segment.insert(pos, ins);
      }
    });
  }
  const index = new ContentIndex(content);
  if (index.text !== trace.endContent) throw new Error('the replayed trace does not give its end content');
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
  return {
    name: `resolve 20k anchors, edited text of ${index.length.toLocaleString('en-US')} chars`,
    value,
    baselineName: 'Yjs one by one',
    baseline,
    unit: 'ms',
    lowerIsBetter: true,
    goal: '≥ 40× faster',
    met: baseline / value >= 40,
  };
}

/** The collab suite: reload + resolve, and batch resolution on an edited text. */
export const suite: BenchSuite = {
  name: 'collab',
  async run() {
    const results: BenchResult[] = [benchReload()];
    const batch = benchBatch();
    if (batch !== null) results.push(batch);
    return results;
  },
};

/**
 * The cost of keeping anchors through paragraph splits: a ~1 MB document of
 * the seed texts with a layer of 10k spans, split inside spans the way
 * y-prosemirror splits a paragraph (the text after the cursor deleted and
 * inserted again in a new paragraph, one local transaction), with
 * `keepAnchors` repairing the spans hit. The median split is measured
 * against the same splits on the same document without a layer, and against
 * `resolveLayer` of the whole layer (what re-reading every annotation after
 * each edit would cost). After the run every span is checked to still cover
 * its text.
 */
import * as Y from 'yjs';
import { CONTENT_FRAGMENT, ContentIndex, PARAGRAPH_NODE, createContentDoc, keepAnchors, resolveLayer, writeAnnotationsWith } from '@glossa/collab';
import type { SpanAnnotation } from '@glossa/core';
import { percentile, seededRandom, timeIt, type BenchResult, type BenchSuite } from '../harness.js';
import { seedText, spansOver } from './collab.bench.js';

/** How many splits are timed. */
const SPLITS = 300;

/** Where to split: a paragraph and an index inside its text. */
interface SplitPoint {
  /** The text offset of the split in the original text. */
  readonly offset: number;
  readonly paragraph: number;
  readonly index: number;
}

/**
 * Split points in the middle of randomly chosen spans, strictly inside a
 * paragraph, each at a distinct offset, in descending offset order: a split
 * then never moves the text of a later one, so every split point can be
 * found in an index of the original text.
 */
function splitPoints(index: ContentIndex, spans: readonly SpanAnnotation[], random: () => number): SplitPoint[] {
  const points = new Map<number, SplitPoint>();
  while (points.size < SPLITS) {
    const span = spans[Math.floor(random() * spans.length)] as SpanAnnotation;
    if (span.end - span.start < 2) continue;
    const offset = span.start + Math.floor((span.end - span.start) / 2);
    const paragraph = index.paragraphAt(offset);
    const at = offset - index.paragraphStart(paragraph);
    if (at <= 0 || at >= index.paragraphLength(paragraph) || /[\udc00-\udfff]/.test(index.text[offset] ?? '')) continue;
    points.set(offset, { offset, paragraph, index: at });
  }
  return [...points.values()].sort((a, b) => b.offset - a.offset);
}

/** The content doc and what a split needs of it: its paragraph elements and where each one's text ends now. */
interface SplitTarget {
  readonly content: Y.Doc;
  readonly paragraphs: readonly Y.XmlElement[];
  readonly ends: number[];
  readonly text: string;
}

function splitTarget(content: Y.Doc): SplitTarget {
  const index = new ContentIndex(content);
  return { content, paragraphs: index.paragraphs, ends: index.paragraphs.map((_, i) => index.paragraphStart(i) + index.paragraphLength(i)), text: index.text };
}

/** Splits a paragraph as y-prosemirror does, in one local transaction; returns the milliseconds it took (repairs included). */
function split(target: SplitTarget, point: SplitPoint): number {
  const paragraph = target.paragraphs[point.paragraph] as Y.XmlElement;
  const segment = paragraph.get(0) as Y.XmlText;
  const end = target.ends[point.paragraph] as number;
  const tail = target.text.slice(point.offset, end);
  const t0 = performance.now();
  target.content.transact(() => {
    segment.delete(point.index, tail.length);
    const moved = new Y.XmlElement(PARAGRAPH_NODE);
    const text = new Y.XmlText();
    text.insert(0, tail);
    moved.insert(0, [text]);
    target.content.getXmlFragment(CONTENT_FRAGMENT).insertAfter(paragraph, [moved]);
  });
  const elapsed = performance.now() - t0;
  target.ends[point.paragraph] = point.offset;
  return elapsed;
}

/** Checks that every span without a split at its edges grew by one `\n` per split inside it and kept its text. */
function checkRepairs(layer: Y.Doc, content: Y.Doc, spans: readonly SpanAnnotation[], points: readonly SplitPoint[], original: string): void {
  const resolved = resolveLayer(layer, content);
  if (resolved.spans.length !== spans.length) throw new Error(`${spans.length - resolved.spans.length} spans were lost to the splits`);
  const text = new ContentIndex(content).text;
  const offsets = points.map((p) => p.offset);
  const byId = new Map(resolved.spans.map((s) => [s.id, s]));
  for (const span of spans) {
    if (offsets.includes(span.start) || offsets.includes(span.end)) continue;
    const now = byId.get(span.id) as SpanAnnotation;
    const inside = offsets.filter((o) => span.start < o && o < span.end).length;
    const expected = original.slice(span.start, span.end);
    if (now.end - now.start !== expected.length + inside || text.slice(now.start, now.end).replaceAll('\n', '') !== expected.replaceAll('\n', '')) {
      throw new Error(`span ${span.id}: expected ${JSON.stringify(expected)} with ${inside} splits, found ${JSON.stringify(text.slice(now.start, now.end))}`);
    }
  }
}


async function run(): Promise<BenchResult[]> {
  const source = seedText(1_000_000);
  const kept = createContentDoc(source, { title: 'bench' });
  const bare = createContentDoc(source, { title: 'bench' });
  const index = new ContentIndex(kept);
  const spans = spansOver(index.text, 10_000, seededRandom(7));
  const layer = new Y.Doc();
  writeAnnotationsWith(layer, index, spans);
  const wholeLayer = timeIt(() => void resolveLayer(layer, kept), 1000);
  const points = splitPoints(index, spans, seededRandom(13));
  const keeper = keepAnchors(layer, kept);
  const keptTarget = splitTarget(kept);
  const bareTarget = splitTarget(bare);
  // The first split builds the keeper's index of anchors: time it apart.
  const [first, ...rest] = points;
  const firstSplit = split(keptTarget, first as SplitPoint);
  split(bareTarget, first as SplitPoint);
  const withKeeper: number[] = [];
  const without: number[] = [];
  // Interleaved, so a busy machine slows both alike.
  for (const point of rest) {
    without.push(split(bareTarget, point));
    withKeeper.push(split(keptTarget, point));
  }
  keeper.destroy();
  checkRepairs(layer, kept, spans, points, index.text);
  // Medians: a garbage collection of the 1 MB heap (tens of ms) lands in a few splits of either run at random.
  const repair = percentile(withKeeper, 50);
  const chars = `${(index.length / 1e6).toFixed(1)}M chars`;
  return [
    {
      name: `paragraph split inside a span + keepAnchors repair (median), ${chars}, ${paragraphCount(index)} paragraphs, 10k spans`,
      value: repair,
      baselineName: 'the same split without a layer',
      baseline: percentile(without, 50),
      unit: 'ms/split',
      lowerIsBetter: true,
    },
    {
      name: `paragraph split inside a span + keepAnchors repair (median), ${chars}, 10k spans`,
      value: repair,
      baselineName: 'resolveLayer of the whole layer',
      baseline: wholeLayer,
      unit: 'ms',
      lowerIsBetter: true,
      goal: '≥ 100× faster',
      met: wholeLayer / repair >= 100,
    },
    {
      name: `first split after keepAnchors starts (builds the index of anchors), ${chars}, 10k spans`,
      value: firstSplit,
      baselineName: 'resolveLayer of the whole layer',
      baseline: wholeLayer,
      unit: 'ms',
      lowerIsBetter: true,
    },
  ];
}

function paragraphCount(index: ContentIndex): string {
  return index.paragraphs.length.toLocaleString('en-US');
}

/** The anchor-keeper suite: repair cost of a paragraph split on a large annotated document. */
export const suite: BenchSuite = { name: 'anchor-keeper', run };

/**
 * Core: span-set range queries against a linear scan, and offset conversion
 * against a naive per-lookup scan.
 */
import { OffsetIndex, SpanSet, toCodePointOffset, type SpanAnnotation } from '@glossa/core';
import { seededRandom, speedup, timeIt, type BenchResult, type BenchSuite } from '../harness.js';

/**
 * Times each function in alternating rounds and keeps its fastest round, so
 * that a burst of load on the machine does not land on one side only.
 */
function fastestOf(fns: readonly (() => void)[], rounds = 5, minMs = 100): number[] {
  const best = fns.map(() => Number.POSITIVE_INFINITY);
  for (let round = 0; round < rounds; round++) {
    fns.forEach((fn, i) => {
      best[i] = Math.min(best[i] as number, timeIt(fn, minMs));
    });
  }
  return best;
}

/** Characters of the offset workload: mostly ASCII, with emoji (surrogate pairs) sprinkled in. */
const WORDS = ['the', 'National', 'Guard', 'was', 'deployed', 'مرحبا', 'שלום', '漢字', '😀', '👩‍👩‍👧', '🇫🇷', 'café'];

function makeText(utf16Length: number, random: () => number): string {
  const parts: string[] = [];
  let length = 0;
  while (length < utf16Length) {
    const word = WORDS[Math.floor(random() * WORDS.length)] as string;
    parts.push(word, ' ');
    length += word.length + 1;
  }
  return parts.join('');
}

/** Spans of 1–200 code units at random places in a text of `textLength`, a few of them paragraph-long. */
function makeSpans(count: number, textLength: number, random: () => number): SpanAnnotation[] {
  const spans: SpanAnnotation[] = [];
  for (let i = 0; i < count; i++) {
    const length = random() < 0.01 ? 1 + Math.floor(random() * 5000) : 1 + Math.floor(random() * 200);
    const start = Math.floor(random() * (textLength - length));
    spans.push({
      id: `span-${i}`,
      start,
      end: start + length,
      label: `label-${i % 12}`,
      author: 'bench',
      status: 'proposed',
      note: '',
      created: 0,
      source: 'human',
    });
  }
  return spans;
}

/** The baseline: one pass over all spans, kept sorted by (start, end, id) so results come out in order. */
function linearFind(spans: readonly SpanAnnotation[], from: number, to: number): SpanAnnotation[] {
  const out: SpanAnnotation[] = [];
  for (const span of spans) if (span.start < to && span.end > from) out.push(span);
  return out;
}

function rangeQueries(spanCount: number): BenchResult {
  const textLength = 1_000_000;
  const viewport = 2_000;
  const random = seededRandom(spanCount);
  const spans = makeSpans(spanCount, textLength, random);
  const set = SpanSet.create(spans);
  const sorted = set.toArray();
  const starts = Array.from({ length: 1_000 }, () => Math.floor(random() * (textLength - viewport)));
  // Both must agree before either is timed.
  for (const from of starts.slice(0, 50)) {
    const a = set.find(from, from + viewport);
    const b = linearFind(sorted, from, from + viewport);
    if (a.length !== b.length || a.some((s, i) => s !== b[i])) throw new Error(`find(${from}) disagrees with the linear scan`);
  }
  let sink = 0;
  const [indexed, linear] = fastestOf([
    () => {
      for (const from of starts) sink += set.find(from, from + viewport).length;
    },
    () => {
      for (const from of starts) sink += linearFind(sorted, from, from + viewport).length;
    },
  ]) as [number, number];
  if (sink < 0) throw new Error('unreachable');
  const label = spanCount >= 1000 ? `${spanCount / 1000}k` : String(spanCount);
  const result = {
    name: `SpanSet.find(), 2,000-unit viewport over 1 MB, ${label} spans`,
    value: (indexed * 1000) / starts.length,
    baselineName: 'linear scan of a sorted array',
    baseline: (linear * 1000) / starts.length,
    unit: 'µs/query',
    lowerIsBetter: true,
  };
  if (spanCount !== 10_000) return result;
  return { ...result, goal: '≥ 50× faster', met: speedup(result) >= 50 };
}

/** Offsets of `text` that are code point boundaries, at random. */
function boundaries(text: string, count: number, random: () => number): number[] {
  const index = new OffsetIndex(text);
  const out: number[] = [];
  while (out.length < count) {
    const u = Math.floor(random() * (text.length + 1));
    if (index.isBoundary(u)) out.push(u);
  }
  return out;
}

function offsetConversions(): BenchResult[] {
  const random = seededRandom(7);
  const text = makeText(200_000, random);
  const index = new OffsetIndex(text);
  const utf16Offsets = boundaries(text, 200, random);
  const codePointOffsets = utf16Offsets.map((u) => index.toCodePoint(u));
  const chars = Array.from(text);
  for (let i = 0; i < 20; i++) {
    const u = utf16Offsets[i] as number;
    if (index.toCodePoint(u) !== Array.from(text.slice(0, u)).length) throw new Error(`toCodePoint(${u}) disagrees with Array.from`);
  }
  let sink = 0;
  const naiveToCodePoint = timeIt(() => {
    for (const u of utf16Offsets) sink += Array.from(text.slice(0, u)).length;
  });
  const naiveToUtf16 = timeIt(() => {
    for (const c of codePointOffsets) sink += chars.slice(0, c).join('').length;
  });
  // The index answers in well under a microsecond: repeat the lookups to time them.
  const repeat = 500;
  const indexedToCodePoint = timeIt(() => {
    for (let r = 0; r < repeat; r++) for (const u of utf16Offsets) sink += index.toCodePoint(u);
  });
  const indexedToUtf16 = timeIt(() => {
    for (let r = 0; r < repeat; r++) for (const c of codePointOffsets) sink += index.toUtf16(c);
  });
  const scanToCodePoint = timeIt(() => {
    for (const u of utf16Offsets) sink += toCodePointOffset(text, u);
  });
  const [build, spread] = fastestOf([
    () => {
      sink += new OffsetIndex(text).codePointLength;
    },
    () => {
      sink += Array.from(text).length;
    },
  ]) as [number, number];
  if (sink < 0) throw new Error('unreachable');
  const perLookup = (ms: number, lookups: number): number => (ms * 1000) / lookups;
  const lookups = utf16Offsets.length;
  const naiveCodePoint = perLookup(naiveToCodePoint, lookups);
  const rows: BenchResult[] = [
    {
      name: 'OffsetIndex.toCodePoint(), 200 kB text with emoji',
      value: perLookup(indexedToCodePoint, lookups * repeat),
      baselineName: 'Array.from(text.slice(0, u)).length',
      baseline: naiveCodePoint,
      unit: 'µs/lookup',
      lowerIsBetter: true,
    },
    {
      name: 'OffsetIndex.toUtf16(), 200 kB text with emoji',
      value: perLookup(indexedToUtf16, lookups * repeat),
      baselineName: 'code points sliced and joined',
      baseline: perLookup(naiveToUtf16, lookups),
      unit: 'µs/lookup',
      lowerIsBetter: true,
    },
    {
      name: 'toCodePointOffset() without an index, 200 kB text with emoji',
      value: perLookup(scanToCodePoint, lookups),
      baselineName: 'Array.from(text.slice(0, u)).length',
      baseline: naiveCodePoint,
      unit: 'µs/lookup',
      lowerIsBetter: true,
    },
    {
      name: 'new OffsetIndex(), 200 kB text with emoji',
      value: build,
      baselineName: 'Array.from(text) once',
      baseline: spread,
      unit: 'ms/text',
      lowerIsBetter: true,
    },
  ];
  return rows;
}

export const suite: BenchSuite = {
  name: 'core',
  async run() {
    return [rangeQueries(10_000), rangeQueries(100_000), ...offsetConversions()];
  },
};

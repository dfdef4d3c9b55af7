/**
 * Dataset export throughput and memory: JSONL of 1M spans against a raw
 * JSON.stringify of the same records, CoNLL tokens/s against the tokenizer
 * alone, .spacy of 10k documents against tokenize + msgpack + zlib of the
 * same arrays (a `.spacy` file is zlib-compressed at zlib's default level,
 * as spaCy writes it, so compression is part of any writer), and the
 * RSS growth of a large streamed export against its size. Each timed pair is
 * warmed up first and measured in alternating rounds; the best round counts.
 */
import { deflateSync } from 'node:zlib';
import { Packr } from 'msgpackr';
import type { LabelSchema } from '@glossa/core';
import type { CorpusDocument, CorpusSpan, ExportContent, ExportSink } from '@glossa/formats';
import { conllFormat, contentChunks, jsonlFormat, spacyFormat, tokenize } from '@glossa/formats';
import { seededRandom, type BenchResult, type BenchSuite } from '../harness.js';

const schema: LabelSchema = {
  version: 1,
  name: 'bench',
  textColor: '#000000',
  groups: [],
  labels: ['HATE', 'SPAM', 'ORG', 'LOC'].map((id) => ({ id, name: id, description: id, color: '#ffffff' })),
  documentLabels: [],
};

const WORDS = ['the', 'police', 'said', 'security', 'reform', 'mayor', 'city', 'guard', 'plan', 'crime', 'public', 'report', 'Lima', 'México', 'café', '😀'];

/** A generated document: `words` words in sentences, `spans` spans on word boundaries. */
function makeDoc(i: number, words: number, spans: number, random: () => number): CorpusDocument {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (let w = 0; w < words; w++) {
    if (w > 0) text += w % 15 === 0 ? '. ' : ' ';
    starts.push(text.length);
    text += WORDS[Math.floor(random() * WORDS.length)] as string;
    ends.push(text.length);
  }
  text += '.';
  const list: CorpusSpan[] = [];
  for (let k = 0; k < spans; k++) {
    const a = Math.floor(random() * (words - 3));
    const b = a + 1 + Math.floor(random() * 3);
    list.push({ id: `s${k}`, start: starts[a] as number, end: ends[b - 1] as number, label: schema.labels[k % 4]?.id as string, layer: 'gold', author: 'a', status: 'proposed', note: '', created: 0, source: 'human' });
  }
  list.sort((x, y) => x.start - y.start || x.end - y.end || (x.label < y.label ? -1 : 1) || (x.id < y.id ? -1 : 1));
  return { id: `doc-${i}`, text, spans: list, labels: {}, meta: {} };
}

/** A sink that only counts bytes. */
class CountingSink implements ExportSink {
  bytes = 0;
  async writeFile(_path: string, content: ExportContent): Promise<void> {
    for await (const chunk of contentChunks(content)) this.bytes += chunk.length;
  }
}

async function* stream(docs: readonly CorpusDocument[]): AsyncGenerator<CorpusDocument> {
  yield* docs;
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Rounds of each measurement; a figure is the best round (the machine may be busy with other work). */
const ROUNDS = 5;

/**
 * Times two workloads after a warm-up of each (so neither pays for
 * compilation), alternating them for `ROUNDS` rounds, and returns the best
 * time of each in milliseconds.
 */
async function bestOfPair(ours: () => Promise<void>, baseline: () => Promise<void>, warmUp: () => Promise<void>): Promise<{ ours: number; baseline: number }> {
  await warmUp();
  let best = { ours: Infinity, baseline: Infinity };
  for (let round = 0; round < ROUNDS; round++) {
    best = { ours: Math.min(best.ours, await timed(ours)), baseline: Math.min(best.baseline, await timed(baseline)) };
  }
  return best;
}

async function jsonlBench(): Promise<BenchResult> {
  const random = seededRandom(1);
  const docs = Array.from({ length: 10_000 }, (_, i) => makeDoc(i, 300, 100, random));
  const spans = docs.reduce((a, d) => a + d.spans.length, 0);
  const ctx = { schema, consolidation: 'gold' as const };
  const exportJsonl = async (list: readonly CorpusDocument[]): Promise<void> => void (await jsonlFormat.export?.(stream(list), ctx, new CountingSink()));
  const writeRaw = async (list: readonly CorpusDocument[]): Promise<void> => {
    const sink = new CountingSink();
    async function* lines(): AsyncGenerator<string> {
      for (const d of list) yield `${JSON.stringify({ id: d.id, text: d.text, spans: d.spans.map((s) => ({ id: s.id, start: s.start, end: s.end, label: s.label, annotator: s.layer })) })}\n`;
    }
    await sink.writeFile('x', lines());
  };
  const warm = docs.slice(0, 500);
  const times = await bestOfPair(
    () => exportJsonl(docs),
    () => writeRaw(docs),
    async () => {
      await exportJsonl(warm);
      await writeRaw(warm);
    },
  );
  const value = spans / (times.ours / 1000);
  const baseline = spans / (times.baseline / 1000);
  return { name: `JSONL export, ${spans / 1e6}M spans`, value, baselineName: 'JSON.stringify + write of the same records', baseline, unit: 'spans/s', lowerIsBetter: false, goal: '≥ 0.8× the raw baseline', met: value >= 0.8 * baseline };
}

async function conllBench(): Promise<BenchResult> {
  const random = seededRandom(2);
  const docs = Array.from({ length: 2_000 }, (_, i) => makeDoc(i, 500, 30, random));
  const tokens = docs.reduce((a, d) => a + tokenize(d.text).length, 0);
  const exportConll = async (list: readonly CorpusDocument[]): Promise<void> => void (await conllFormat.export?.(stream(list), { schema, consolidation: 'gold' }, new CountingSink()));
  const tokenizeAll = async (list: readonly CorpusDocument[]): Promise<void> => {
    for (const d of list) tokenize(d.text);
  };
  const warm = docs.slice(0, 100);
  const times = await bestOfPair(
    () => exportConll(docs),
    () => tokenizeAll(docs),
    async () => {
      await exportConll(warm);
      await tokenizeAll(warm);
    },
  );
  const value = tokens / (times.ours / 1000);
  return { name: `CoNLL export, ${(tokens / 1e6).toFixed(1)}M tokens`, value, baselineName: 'tokenizer alone', baseline: tokens / (times.baseline / 1000), unit: 'tokens/s', lowerIsBetter: false, goal: '≥ 2M tokens/s', met: value >= 2e6 };
}

async function spacyBench(): Promise<BenchResult> {
  const random = seededRandom(3);
  const docs = Array.from({ length: 10_000 }, (_, i) => makeDoc(i, 60, 5, random));
  const exportSpacy = async (list: readonly CorpusDocument[]): Promise<void> => void (await spacyFormat.export?.(stream(list), { schema, consolidation: 'gold' }, new CountingSink()));
  const packr = new Packr({ useRecords: false });
  const packArrays = async (list: readonly CorpusDocument[]): Promise<void> => {
    // The same information as plain arrays: token texts, token offsets, span tuples; compressed as spaCy compresses (zlib.compress, default level).
    const arrays = list.map((d) => {
      const t = tokenize(d.text);
      return [t.map((x) => x.text), t.map((x) => x.cpStart), d.spans.map((s) => [s.start, s.end, s.label])];
    });
    deflateSync(packr.pack(arrays));
  };
  const warm = docs.slice(0, 500);
  const times = await bestOfPair(
    () => exportSpacy(docs),
    () => packArrays(docs),
    async () => {
      await exportSpacy(warm);
      await packArrays(warm);
    },
  );
  // The export does the baseline's three steps (tokenize, msgpack, zlib at the same level) plus spaCy's token rows, string hashes and span groups.
  return {
    name: '.spacy export, 10k documents',
    value: times.ours,
    baselineName: 'tokenize + msgpack + zlib (default level, as spaCy) of the same arrays',
    baseline: times.baseline,
    unit: 'ms',
    lowerIsBetter: true,
    goal: '≤ 1.5× the baseline',
    met: times.ours <= 1.5 * times.baseline,
  };
}

async function memoryBench(): Promise<BenchResult> {
  const target = 200 * 1024 * 1024;
  const random = seededRandom(4);
  const template = Array.from({ length: 64 }, (_, i) => makeDoc(i, 4_000, 200, random));
  let produced = 0;
  async function* corpus(): AsyncGenerator<CorpusDocument> {
    for (let i = 0; produced < target; i++) {
      const t = template[i % template.length] as CorpusDocument;
      produced += t.text.length * 2;
      // A fresh copy of the text, so the corpus is not the template over and over.
      yield { ...t, id: `doc-${i}`, text: `${t.text.slice(0, -1)}${String.fromCharCode(97 + (i % 26))}` };
    }
  }
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sink: ExportSink = {
    async writeFile(_p, content) {
      for await (const _chunk of contentChunks(content)) peak = Math.max(peak, process.memoryUsage().rss);
    },
  };
  await jsonlFormat.export?.(corpus(), { schema, consolidation: 'gold' }, sink);
  const growth = (peak - before) / 1e6;
  const size = produced / 1e6;
  return { name: `RSS growth, streamed JSONL export of ${size.toFixed(0)} MB (UTF-16) generated lazily`, value: growth, baselineName: 'corpus size', baseline: size, unit: 'MB', lowerIsBetter: true, goal: '≤ 25% of the corpus size', met: growth <= 0.25 * size };
}

export const suite: BenchSuite = {
  name: 'formats',
  async run() {
    // The memory figure first, while the heap is still small: RSS seldom shrinks after the other runs.
    const memory = await memoryBench();
    return [await jsonlBench(), await conllBench(), await spacyBench(), memory];
  },
};

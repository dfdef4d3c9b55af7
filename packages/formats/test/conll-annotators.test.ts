import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CorpusDocument, CorpusSpan } from '../src/index.js';
import { CONLL_DOCSTART, compareCorpusSpans, conllFormat } from '../src/index.js';
import { schema } from './corpus.js';
import { asInput, exportTo, inputOf } from './helpers.js';

const ANNOTATORS = ['alice', 'bob', 'carol'] as const;
const LABELS = ['HATE', 'SPAM', 'ORG'] as const;

/**
 * A document of whole words: `marks[layer]` lists, per annotator who has a
 * layer, the word ranges they tag (non-overlapping, so CoNLL carries them).
 */
function document(id: string, words: readonly string[], marks: Partial<Record<string, readonly [number, number, string][]>>): CorpusDocument {
  const starts: number[] = [];
  let text = '';
  words.forEach((w, i) => {
    if (i > 0) text += i % 4 === 0 ? '.\n' : ' ';
    starts.push(text.length);
    text += w;
  });
  const spans: CorpusSpan[] = [];
  for (const [layer, ranges] of Object.entries(marks)) {
    ranges?.forEach(([first, last, label], k) => {
      const start = starts[first] as number;
      const end = (starts[last - 1] as number) + (words[last - 1] as string).length;
      spans.push({ id: `${layer}-${k}`, start, end, label, layer, author: layer, status: 'proposed', note: '', created: 0, source: 'human' });
    });
  }
  return { id, text, spans: spans.sort(compareCorpusSpans), labels: {}, meta: {} };
}

/** What CoNLL carries of a corpus, in order: per document its words, and per layer its tagged word sequences. */
function carried(docs: readonly CorpusDocument[]): { words: string; layers: string[] }[] {
  return docs.map((d) => ({
    words: d.text.replace(/\s+/g, ''),
    layers: [...new Set(d.spans.map((s) => s.layer))].sort().map((layer) =>
      `${layer}: ${d.spans
        .filter((s) => s.layer === layer)
        .map((s) => `${s.label} ${d.text.slice(s.start, s.end).replace(/\s+/g, '')}`)
        .join(' | ')}`,
    ),
  }));
}

async function roundTrip(docs: readonly CorpusDocument[]): Promise<CorpusDocument[]> {
  const { sink } = await exportTo(conllFormat, docs, { consolidation: 'none', layout: 'folder' });
  const imported = await conllFormat.import?.(asInput(sink), { schema });
  if (imported === undefined || !imported.ok) throw new Error(JSON.stringify(imported));
  return [...imported.value];
}

describe('CoNLL per annotator (the folder form): export and import give the same documents with their layers', () => {
  it('three annotators, each missing from some document (first, middle, last)', async () => {
    const docs = [
      document('d1', ['Ban', 'all', 'spam', 'now', 'said', 'ACME'], { alice: [[0, 2, 'HATE']], carol: [[2, 3, 'SPAM'], [5, 6, 'ORG']] }),
      document('d2', ['The', 'police', 'of', 'Lima'], { alice: [[1, 2, 'ORG']], bob: [[1, 4, 'ORG']], carol: [[3, 4, 'ORG']] }),
      document('d3', ['spam', 'spam', 'spam'], { alice: [[0, 3, 'SPAM']], bob: [[1, 2, 'SPAM']] }),
      document('d4', ['ACME', 'hates', 'Lima'], { bob: [[0, 1, 'ORG']], carol: [[0, 3, 'HATE']] }),
    ];
    const { sink } = await exportTo(conllFormat, docs, { consolidation: 'none', layout: 'folder' });
    expect([...sink.files.keys()].sort()).toEqual(['corpus.alice.conll', 'corpus.bob.conll', 'corpus.carol.conll']);
    const imported = await roundTrip(docs);
    expect(imported.map((d) => d.id)).toEqual(['corpus-1', 'corpus-2', 'corpus-3', 'corpus-4']);
    expect(carried(imported)).toEqual(carried(docs));
  });

  it('numbers documents per file, so the same document has the same id in every annotator file', async () => {
    const alice = `${CONLL_DOCSTART}\n\nBan -X- _ B-HATE\n\n${CONLL_DOCSTART}\n\nspam -X- _ O\n\n`;
    const bob = `${CONLL_DOCSTART}\n\nBan -X- _ O\n\n${CONLL_DOCSTART}\n\nspam -X- _ B-SPAM\n\n`;
    const other = `${CONLL_DOCSTART}\n\nLima -X- _ B-ORG\n\n`;
    const result = await conllFormat.import?.(inputOf({ 'corpus.alice.conll': alice, 'corpus.bob.conll': bob, 'news.conll': other }), { schema });
    if (result === undefined || !result.ok) throw new Error(JSON.stringify(result));
    const summary = result.value.map((d) => `${d.id} ${d.text} ${d.spans.map((s) => `${s.layer}:${s.label}`).join(',')}`);
    expect(summary).toEqual(['corpus-1 Ban alice:HATE', 'corpus-2 spam bob:SPAM', 'news-1 Lima shared:ORG']);
  });

  it('keeps dots of a longer stem: train.v2.alice.conll is document train.v2-1 in layer alice', async () => {
    const result = await conllFormat.import?.(inputOf({ 'train.v2.alice.conll': `${CONLL_DOCSTART}\n\nBan -X- _ B-HATE\n\n` }), { schema });
    if (result === undefined || !result.ok) throw new Error(JSON.stringify(result));
    expect(result.value.map((d) => [d.id, d.spans[0]?.layer])).toEqual([['train.v2-1', 'alice']]);
  });

  it('round-trips any presence of annotators over documents', async () => {
    const words = ['Ban', 'all', 'spam', 'now', 'ACME', 'Lima', 'police', 'said'];
    const layerArb = fc.array(fc.tuple(fc.nat({ max: 5 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom(...LABELS)), { maxLength: 3 }).map((raw) => {
      // Non-overlapping ranges over 6 words: each range starts after the previous one ends.
      const ranges: [number, number, string][] = [];
      let from = 0;
      for (const [skip, length, label] of raw) {
        const first = from + (skip % 2);
        if (first + length > 6) break;
        ranges.push([first, first + length, label]);
        from = first + length;
      }
      return ranges;
    });
    const docArb = fc.record({
      words: fc.array(fc.constantFrom(...words), { minLength: 6, maxLength: 6 }),
      layers: fc.record({ alice: fc.option(layerArb, { nil: undefined }), bob: fc.option(layerArb, { nil: undefined }), carol: fc.option(layerArb, { nil: undefined }) }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(docArb, { minLength: 1, maxLength: 6 }), async (raw) => {
        // A layer is present when it has at least one span (CoNLL cannot tell an empty layer from none).
        const docs = raw.map((r, i) => document(`d${i}`, r.words, Object.fromEntries(ANNOTATORS.flatMap((a) => (r.layers[a] !== undefined && r.layers[a].length > 0 ? [[a, r.layers[a]]] : [])))));
        expect(carried(await roundTrip(docs))).toEqual(carried(docs));
      }),
      { numRuns: 60 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { TagScheme } from '../src/index.js';
import { CONLL_DOCSTART, ExportLayoutError, conllFormat, webannoFormat } from '../src/index.js';
import { corpus, schema } from './corpus.js';
import { exportTo, inputOf } from './helpers.js';

/** An independent reader: documents → sentences → [token, tag]. */
function readConll(text: string): [string, string][][][] {
  const docs: [string, string][][][] = [];
  let sentence: [string, string][] = [];
  for (const line of text.split('\n')) {
    if (line === CONLL_DOCSTART) {
      docs.push([]);
      continue;
    }
    if (line === '') {
      if (sentence.length > 0) docs[docs.length - 1]?.push(sentence);
      sentence = [];
      continue;
    }
    const cols = line.split(' ');
    expect(cols.length).toBe(4);
    sentence.push([cols[0] as string, cols[3] as string]);
  }
  return docs;
}

describe('CoNLL export', () => {
  it.each<[TagScheme, string[]]>([
    ['bio', ['B-HATE', 'I-HATE', 'I-HATE', 'O', 'O']],
    ['bioes', ['B-HATE', 'I-HATE', 'E-HATE', 'O', 'O']],
    ['iob1', ['I-HATE', 'I-HATE', 'I-HATE', 'O', 'O']],
  ])('tags with %s; the folder form has a file per annotator, each with every document; overlaps and notes reported', async (scheme, aliceTags) => {
    const { sink, report } = await exportTo(conllFormat, corpus(), { scheme, layout: 'folder' });
    const secon = corpus()[2]?.text.indexOf('Secon') ?? -1;
    expect([...sink.files.keys()].sort()).toEqual(['corpus.alice.conll', 'corpus.bob.conll', 'corpus.carol.conll', 'corpus.gold.conll']);
    const alice = readConll(sink.text('corpus.alice.conll'));
    expect(alice.length).toBe(corpus().length);
    for (const doc of alice) expect(doc.length).toBeGreaterThan(0);
    expect(alice[0]?.[0]?.map(([t]) => t)).toEqual(['Ban', '😀', 'all', 'spam', 'now']);
    expect(alice[0]?.[0]?.map(([, tag]) => tag)).toEqual(aliceTags);
    expect(report.losses.find((l) => l.kind === 'overlap')?.examples[0]).toMatchObject({ document: 'd1', layer: 'alice' });
    expect(report.losses.find((l) => l.kind === 'note')?.count).toBe(1);
    expect(report.losses.find((l) => l.kind === 'document-label')?.count).toBeGreaterThan(0);
    expect(report.losses.find((l) => l.kind === 'token-boundary')?.examples[0]?.detail).toContain(`[${secon},${secon + 5})`);
  });

  it('writes one file with a tag column per layer, each the tags of that layer in the folder form', async () => {
    const folder = await exportTo(conllFormat, corpus(), { layout: 'folder' });
    const { sink } = await exportTo(conllFormat, corpus(), {});
    expect([...sink.files.keys()]).toEqual(['corpus.conll']);
    const rows = sink
      .text('corpus.conll')
      .split('\n')
      .filter((line) => line !== '' && line !== CONLL_DOCSTART)
      .map((line) => line.split(' '));
    expect(new Set(rows.map((row) => row.length))).toEqual(new Set([7]));
    ['alice', 'bob', 'carol', 'gold'].forEach((layer, k) => {
      const tags = readConll(folder.sink.text(`corpus.${layer}.conll`)).flatMap((doc) => doc.flatMap((sentence) => sentence.map(([, tag]) => tag)));
      expect(rows.map((row) => row[3 + k]), layer).toEqual(tags);
    });
  });

  it('refuses one file when a document has a layer the export does not list, naming the ways out', async () => {
    await expect(exportTo(conllFormat, corpus(), { layers: ['alice', 'bob'] })).rejects.toThrow(
      new ExportLayoutError('conll', 'conll: cannot write corpus.conll: document d1 has layer carol, which is not among the layers of the export (alice, bob), so it has no tag column; consolidate the layers into one column, export only some layers, or write the folder form'),
    );
  });

  it('leaves out a document without tokens, counted, rather than writing an empty -DOCSTART- block', async () => {
    const blank = { id: 'blank', text: ' \n', spans: [], labels: {}, meta: {} };
    const { sink, report } = await exportTo(conllFormat, [blank, ...corpus()], { consolidation: 'union' });
    expect(readConll(sink.text('corpus.conll'))).toHaveLength(corpus().length);
    expect(report.losses.find((l) => l.kind === 'empty-document')).toMatchObject({ count: 1, examples: [{ document: 'blank' }] });
  });

  it('writes IOB1 B- only where a chunk follows a chunk of the same type', async () => {
    const text = 'alpha beta gamma';
    const doc = {
      id: 'x',
      text,
      spans: [
        { id: 'a', start: 0, end: 5, label: 'ORG', layer: 'gold', author: 'g', status: 'proposed' as const, note: '', created: 0, source: 'human' as const },
        { id: 'b', start: 6, end: 16, label: 'ORG', layer: 'gold', author: 'g', status: 'proposed' as const, note: '', created: 0, source: 'human' as const },
      ],
      labels: {},
      meta: {},
    };
    const { sink } = await exportTo(conllFormat, [doc], { scheme: 'iob1', consolidation: 'gold' });
    expect(readConll(sink.text('corpus.conll'))[0]?.[0]?.map(([, t]) => t)).toEqual(['I-ORG', 'B-ORG', 'I-ORG']);
  });

  it('splits sentences with the tokenizer and keeps -DOCSTART- and a blank line before each document', async () => {
    const { sink } = await exportTo(conllFormat, corpus(), { consolidation: 'union' });
    const text = sink.text('corpus.conll');
    expect(text.startsWith(`${CONLL_DOCSTART}\n\n`)).toBe(true);
    const docs = readConll(text);
    expect(docs.map((d) => d.length)).toEqual([1, 2, 3]);
  });

  it('imports IOB1, BIO and BIOES tags into spans over tokens joined by spaces', async () => {
    const file = `${CONLL_DOCSTART}\n\nBan -X- _ I-HATE\n😀 -X- _ I-HATE\nnow -X- _ O\nACME -X- _ S-ORG\n\n`;
    const result = await conllFormat.import?.(inputOf({ 'x.conll': file }), { schema });
    if (!result?.ok) throw new Error('import failed');
    const doc = result.value[0];
    expect(doc?.text).toBe('Ban 😀 now ACME');
    expect(doc?.spans.map((s) => [doc.text.slice(s.start, s.end), s.label])).toEqual([
      ['Ban 😀', 'HATE'],
      ['ACME', 'ORG'],
    ]);
  });
});

describe('WebAnno TSV', () => {
  it('writes UTF-16 offsets, stacked [N] ids and escapes', async () => {
    const { sink } = await exportTo(webannoFormat, corpus(), { consolidation: 'none' });
    const tsv = sink.text('alice/d1.tsv');
    const text = corpus()[0]?.text ?? '';
    const rows = tsv.split('\n').filter((l) => /^\d+-\d+\t/.test(l)).map((l) => l.split('\t'));
    for (const [, offsets, token] of rows) {
      const [b, e] = (offsets as string).split('-').map(Number);
      expect(text.slice(b, e)).toBe(token);
    }
    expect(rows.find((r) => r[2] === '😀')?.[1]).toBe('4-6');
    expect(rows.find((r) => r[2] === 'all')?.[3]).toBe('HATE[1]|SPAM[2]');
    expect(tsv.startsWith('#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|label\n\n\n#Text=Ban 😀 all spam now\n')).toBe(true);
    expect(sink.text('carol/d3.tsv')).toContain('#Text=Menu \\| Home \\| Login');
  });
});

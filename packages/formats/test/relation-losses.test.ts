/**
 * The loss report of every export format for what it cannot hold of
 * discontinuous spans, relations, dangling relations and model scores:
 * a table of expected counts, each written by hand from the format's
 * documentation (see the module comments of the adapters).
 */
import { describe, expect, it } from 'vitest';
import { exportFormatNames, getFormat } from '../src/index.js';
import type { CorpusDocument, CorpusRelation, CorpusSpan, FormatAdapter } from '../src/index.js';
import { exportWith, fixtureText } from './relation-fixtures.js';

const TEXT = fixtureText('brat/policy.txt');

function span(id: string, quote: string, label: string, extra: Partial<CorpusSpan> = {}): CorpusSpan {
  const start = TEXT.indexOf(quote);
  if (start < 0) throw new Error(`'${quote}' not in the text`);
  return { id, start, end: start + quote.length, label, layer: 'alice', author: 'alice', status: 'proposed', note: '', created: 0, source: 'human', ...extra };
}

function relation(id: string, from: string, to: string, label = 'funded-by'): CorpusRelation {
  return { id, from, to, label, directed: label !== 'same-as', author: 'alice', status: 'proposed', note: '', created: 0, source: 'human', layer: 'alice' };
}

function doc(spans: CorpusSpan[], relations: CorpusRelation[] = []): CorpusDocument {
  return { id: 'policy', text: TEXT, spans, ...(relations.length === 0 ? {} : { relations }), labels: {}, meta: {} };
}

const national = TEXT.indexOf('National');
const guard = TEXT.indexOf('Guard');
const CASES: Record<string, CorpusDocument> = {
  /** One discontinuous span, "National … Guard". */
  fragments: doc([span('s1', 'National and local Guard', 'measure', { fragments: [[national, national + 8], [guard, guard + 5]] })]),
  /** Four contiguous spans and three relations between them (one undirected). */
  relations: doc(
    [span('s2', 'local Guard', 'measure'), span('s3', 'federal security budget', 'budget'), span('s4', 'Municipal police training', 'measure'), span('s5', 'same budget line', 'budget')],
    [relation('r1', 's2', 's3'), relation('r2', 's4', 's5'), relation('r3', 's3', 's5', 'same-as')],
  ),
  /** A relation whose end is no span of its layer. */
  dangling: doc([span('s3', 'federal security budget', 'budget')], [relation('r9', 's3', 'gone')]),
  /** A span a model proposed, with its score and model version. */
  model: doc([span('s5', 'same budget line', 'budget', { source: 'model:tagger', score: 0.8, modelVersion: 'v3' })]),
};

/** Per format, per case: every loss kind and its count (nothing else may be reported). */
const EXPECTED: Record<string, Record<keyof typeof CASES, Record<string, number>>> = {
  jsonl: { fragments: {}, relations: {}, dangling: { 'dangling-relation': 1 }, model: {} },
  w3c: { fragments: {}, relations: {}, dangling: { 'dangling-relation': 1 }, model: {} },
  brat: { fragments: {}, relations: {}, dangling: { 'dangling-relation': 1 }, model: { score: 1, 'model-version': 1 } },
  labelstudio: { fragments: { fragment: 1 }, relations: {}, dangling: { 'dangling-relation': 1 }, model: {} },
  doccano: { fragments: { fragment: 1 }, relations: {}, dangling: { 'dangling-relation': 1 }, model: { score: 1, 'model-version': 1 } },
  webanno: { fragments: { fragment: 1 }, relations: {}, dangling: { 'dangling-relation': 1 }, model: { score: 1, 'model-version': 1 } },
  spacy: { fragments: { fragment: 1 }, relations: {}, dangling: { 'dangling-relation': 1 }, model: { score: 1, 'model-version': 1 } },
  'spacy-json': { fragments: { fragment: 1 }, relations: { relation: 3 }, dangling: { 'dangling-relation': 1 }, model: { score: 1, 'model-version': 1 } },
  hf: { fragments: { fragment: 1 }, relations: {}, dangling: { 'dangling-relation': 1 }, model: { score: 1, 'model-version': 1 } },
  conll: { fragments: { fragment: 1 }, relations: { relation: 3 }, dangling: { 'dangling-relation': 1 }, model: { score: 1, 'model-version': 1 } },
  csv: { fragments: { fragment: 1 }, relations: { relation: 3 }, dangling: { 'dangling-relation': 1 }, model: { score: 1, 'model-version': 1 } },
};

describe('loss counts for fragments, relations, dangling relations and model scores', () => {
  it('has a row for every format that exports', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...exportFormatNames].sort());
  });

  for (const [name, row] of Object.entries(EXPECTED)) {
    it.each(Object.keys(CASES))(`${name}: %s`, async (kind) => {
      const { report } = await exportWith(getFormat(name) as FormatAdapter, [CASES[kind] as CorpusDocument]);
      expect(Object.fromEntries(report.losses.map((l) => [l.kind, l.count]))).toEqual(row[kind]);
    });
  }

  it('counts HF token rows, which have no relations column, as losing relations', async () => {
    const { report } = await exportWith(getFormat('hf') as FormatAdapter, [CASES['relations'] as CorpusDocument], { tokens: true });
    expect(Object.fromEntries(report.losses.map((l) => [l.kind, l.count]))).toEqual({ relation: 3 });
  });

  it('counts relations whose direction the format writes from the label, and relations filtered with their ends', async () => {
    const wrongWay = doc(CASES['relations']?.spans as CorpusSpan[], [{ ...relation('r3', 's3', 's5', 'same-as'), directed: true }]);
    for (const name of ['brat', 'doccano', 'webanno']) {
      const { report } = await exportWith(getFormat(name) as FormatAdapter, [wrongWay]);
      expect(Object.fromEntries(report.losses.map((l) => [l.kind, l.count])), name).toEqual({ 'relation-direction': 1 });
    }
    const rejectedEnd = doc(
      (CASES['relations']?.spans as CorpusSpan[]).map((s) => (s.id === 's5' ? { ...s, status: 'rejected' as const } : s)),
      CASES['relations']?.relations as CorpusRelation[],
    );
    const { report } = await exportWith(getFormat('jsonl') as FormatAdapter, [rejectedEnd]);
    expect(report.losses.map((l) => [l.kind, l.count, l.examples.map((e) => e.detail)])).toEqual([
      ['dangling-relation', 2, ['relation funded-by s4 → s5: span s5 is left out of the export', 'relation same-as s3 — s5: span s5 is left out of the export']],
      ['status-filter', 1, [`budget [${TEXT.indexOf('same budget line')},${TEXT.indexOf('same budget line') + 16}) has status rejected`]],
    ]);
  });
});

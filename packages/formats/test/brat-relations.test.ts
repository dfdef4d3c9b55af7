import { describe, expect, it } from 'vitest';
import { getFormat } from '../src/index.js';
import type { CorpusDocument, FormatAdapter } from '../src/index.js';
import { inputOf } from './helpers.js';
import { exportWith, fixtureInput, fixtureText, importWith, relationSchema } from './relation-fixtures.js';

const brat = getFormat('brat') as FormatAdapter;
const TEXT = fixtureText('brat/policy.txt');
const ANN = fixtureText('brat/policy.ann');

/** The quote of each span of a document, by id; a discontinuous span's fragments joined by ` … `. */
function quotes(doc: CorpusDocument): Record<string, string> {
  return Object.fromEntries(doc.spans.map((s) => [s.id, (s.fragments ?? [[s.start, s.end]]).map(([a, b]) => doc.text.slice(a, b)).join(' … ')]));
}

describe('brat: fragments, R and * lines', () => {
  it('reads the fixture: a discontinuous span, directed R relations and an undirected * relation', async () => {
    const { documents, losses } = await importWith(brat, fixtureInput('brat'));
    expect(losses).toEqual([]);
    const [doc] = documents;
    if (doc === undefined) throw new Error('no document');
    expect(quotes(doc)).toEqual({ T1: 'National … Guard', T2: 'local Guard', T3: 'federal security budget', T4: 'Municipal police training', T5: 'same budget line' });
    expect(doc.spans.find((s) => s.id === 'T4')?.status).toBe('accepted');
    expect(doc.spans.find((s) => s.id === 'T5')?.note).toBe('the line of the first sentence');
    expect(doc.relations?.map((r) => [r.label, r.from, r.to, r.directed])).toEqual([
      ['same-as', 'T3', 'T5', false],
      ['funded-by', 'T1', 'T3', true],
      ['funded-by', 'T2', 'T3', true],
      ['funded-by', 'T4', 'T5', true],
    ]);
  });

  it('writes the same .ann back, with an empty loss report', async () => {
    const { documents } = await importWith(brat, fixtureInput('brat'));
    const { sink, report } = await exportWith(brat, documents);
    expect(report.losses).toEqual([]);
    expect(report.relations).toBe(4);
    expect(sink.text('shared/policy.ann')).toBe(ANN);
    expect(sink.text('shared/policy.txt')).toBe(TEXT);
  });

  it('is identical apart from ids when the file numbers and orders its lines otherwise', async () => {
    const renumbered = [
      'T9\tbudget 121 137\tsame budget line',
      'T7\tmeasure 4 12;23 28\tNational Guard',
      '*\tsame-as T8 T9',
      'R5\tfunded-by Arg1:T6 Arg2:T9',
      'T8\tbudget 53 76\tfederal security budget',
      'T3\tmeasure 17 28\tlocal Guard',
      'T6\tmeasure 78 103\tMunicipal police training',
      'R7\tfunded-by Arg1:T7 Arg2:T8',
      'R2\tfunded-by Arg1:T3 Arg2:T8',
      'A4\tStatus T6 accepted',
      '#2\tAnnotatorNotes T9\tthe line of the first sentence',
      '',
    ].join('\n');
    const { documents } = await importWith(brat, inputOf({ 'policy.txt': TEXT, 'policy.ann': renumbered }));
    const { sink, report } = await exportWith(brat, documents);
    expect(report.losses).toEqual([]);
    expect(sink.text('shared/policy.ann')).toBe(ANN);
  });

  it('joins fragments brat split at a line break, and reads a * line of three spans as a chain', async () => {
    const ann = ['T1\tmeasure 53 77;78 103\tfederal security budget. Municipal police training', 'T2\tbudget 121 137\tsame budget line', 'T3\tbudget 53 60\tfederal', '*\tsame-as T1 T2 T3', ''].join('\n');
    const { documents } = await importWith(brat, inputOf({ 'policy.txt': TEXT, 'policy.ann': ann }));
    const [doc] = documents;
    const joined = doc?.spans.find((s) => s.id === 'T1');
    expect(joined?.fragments).toBeUndefined();
    expect(doc?.text.slice(joined?.start, joined?.end)).toBe('federal security budget.\nMunicipal police training');
    expect(doc?.relations?.map((r) => `${r.from}-${r.to}`)).toEqual(['T1-T2', 'T2-T3']);
  });

  it('counts the events, normalizations and attributes it skips', async () => {
    const ann = ['T1\tmeasure 78 103\tMunicipal police training', 'E1\tmeasure:T1', 'N1\tReference T1 Wikidata:Q1\tpolice', 'A1\tNegation T1', 'A2\tStatus T1 rejected', ''].join('\n');
    const { documents, losses } = await importWith(brat, inputOf({ 'policy.txt': TEXT, 'policy.ann': ann }));
    expect(documents[0]?.spans[0]?.status).toBe('rejected');
    expect(losses).toEqual([
      { kind: 'attribute', count: 1, examples: [{ document: 'policy', layer: 'shared', detail: 'policy.ann:4: Negation T1' }] },
      { kind: 'event', count: 1, examples: [{ document: 'policy', layer: 'shared', detail: 'policy.ann:2: measure:T1' }] },
      { kind: 'normalization', count: 1, examples: [{ document: 'policy', layer: 'shared', detail: 'policy.ann:3: Reference T1 Wikidata:Q1' }] },
    ]);
  });

  it.each([
    ['an unknown relation label', 'R1\tpaid-by Arg1:T1 Arg2:T2', /policy\.ann:3: label: unknown relation label 'paid-by': expected one of funded-by, same-as/],
    ['a relation to a missing span', 'R1\tfunded-by Arg1:T1 Arg2:T9', /policy\.ann:3: to: relation funded-by T1 → T9: to "T9" is no span of layer "shared"/],
    ['ends the relation label does not allow', 'R1\tfunded-by Arg1:T2 Arg2:T1', /policy\.ann:3: relation: relation funded-by T2 → T1: "funded-by" joins "measure" to "budget", not "budget" to "measure"/],
    ['a truncated relation', 'R1\tfunded-by Arg1:T1', /policy\.ann:3: data: expected 'LABEL Arg1:T1 Arg2:T2'/],
    ['overlapping fragments', 'T3\tmeasure 4 12;10 28\tNational  and local Guard', /policy\.ann:3: offsets: fragment 10 28 overlaps or precedes the one before it/],
  ])('reports %s with its line', async (_name, line, message) => {
    const ann = ['T1\tmeasure 78 103\tMunicipal police training', 'T2\tbudget 121 137\tsame budget line', line, ''].join('\n');
    const result = await brat.import?.(inputOf({ 'policy.txt': TEXT, 'policy.ann': ann }), { schema: relationSchema });
    expect(result?.ok).toBe(false);
    if (result === undefined || result.ok) return;
    const { formatIssue } = await import('../src/index.js');
    expect(result.errors.map(formatIssue).join('\n')).toMatch(message);
  });
});

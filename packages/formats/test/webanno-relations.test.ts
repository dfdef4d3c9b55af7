import { describe, expect, it } from 'vitest';
import { formatIssue, getFormat } from '../src/index.js';
import type { CorpusDocument, FormatAdapter } from '../src/index.js';
import { inputOf } from './helpers.js';
import { exportWith, fixtureInput, fixtureText, importWith, relationSchema } from './relation-fixtures.js';

const webanno = getFormat('webanno') as FormatAdapter;
const TSV = fixtureText('webanno/policy.tsv');

/** Each relation as `label: from quote → to quote`. */
function described(doc: CorpusDocument): string[] {
  const quote = (id: string): string => {
    const span = doc.spans.find((s) => s.id === id);
    return span === undefined ? `?${id}` : doc.text.slice(span.start, span.end);
  };
  return (doc.relations ?? []).map((r) => `${r.label}: ${quote(r.from)} ${r.directed ? '→' : '—'} ${quote(r.to)}`);
}

describe('WebAnno TSV: relation columns', () => {
  it('reads relations from the governor column, disambiguating a stacked governor with [2_0]', async () => {
    const { documents } = await importWith(webanno, fixtureInput('webanno'));
    const [doc] = documents;
    if (doc === undefined) throw new Error('no document');
    expect(described(doc).sort()).toEqual([
      'funded-by: Guard → federal security budget',
      'funded-by: Municipal police training → same budget line',
      'funded-by: local Guard → federal security budget',
      'same-as: federal security budget — same budget line',
    ]);
  });

  it('writes the same file back, with an empty loss report', async () => {
    const { documents } = await importWith(webanno, fixtureInput('webanno'));
    const { sink, report } = await exportWith(webanno, documents);
    expect(report.losses).toEqual([]);
    expect(sink.text('shared/policy.tsv')).toBe(TSV);
  });

  it('reads relation layers after other layers, finding their columns from the header', async () => {
    const withMore = TSV.replace('#T_SP=webanno.custom.Span|label\n', '#T_SP=webanno.custom.Span|label\n#T_SP=webanno.custom.Other|a|b\n').replace(/^(\d+-\d+\t\d+-\d+\t[^\t]+\t[^\t]+)\t/gm, '$1\t_\t_\t');
    const { documents } = await importWith(webanno, inputOf({ 'policy.tsv': withMore }));
    expect(documents[0]?.relations).toHaveLength(4);
  });

  it.each([
    ['a governor with no span', (t: string) => t.replace('1-4|1-5[2_0]', '1-3|1-5[2_0]'), /policy\.tsv:18: governor: the governor at 1-3 cannot be found \(no span there\)/],
    ['an ambiguous governor without ids', (t: string) => t.replace('1-4|1-5[2_0]', '1-4|1-5'), /policy\.tsv:18: governor: the governor at 1-5 cannot be found \(2 spans there and no \[governor id_dependent id\] to choose\)/],
    ['an unknown relation label', (t: string) => t.replace('funded-by|funded-by', 'funded-by|pays'), /policy\.tsv:18: relation: unknown relation label 'pays'/],
    ['ends the label does not allow', (t: string) => t.replace('same-as|funded-by\t1-12|2-1', 'same-as|funded-by\t1-12|1-12'), /policy\.tsv:31: relation: "funded-by" joins "measure" to "budget", not "budget" to "budget"/],
    ['fewer governors than labels', (t: string) => t.replace('1-4|1-5[2_0]', '1-4'), /policy\.tsv:18: relation: 2 relation labels but 1 governors/],
  ])('reports %s with its line', async (_name, change, message) => {
    const read = await webanno.import?.(inputOf({ 'policy.tsv': change(TSV) }), { schema: relationSchema });
    expect(read?.ok).toBe(false);
    if (read === undefined || read.ok) return;
    expect(read.errors.map(formatIssue).join('\n')).toMatch(message);
  });
});

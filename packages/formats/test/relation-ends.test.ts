/**
 * Exports drop and count a relation whose label the schema does not allow
 * between the labels of its ends (`sourceLabels` / `targetLabels`): a room
 * may hold one (a span relabelled after the relation was drawn), and no
 * format may write it.
 */
import { describe, expect, it } from 'vitest';
import { exportFormatNames, getFormat } from '../src/index.js';
import type { CorpusDocument, CorpusRelation, CorpusSpan, FormatAdapter } from '../src/index.js';
import { exportWith, fixtureText } from './relation-fixtures.js';

const TEXT = fixtureText('brat/policy.txt');

function span(id: string, quote: string, label: string): CorpusSpan {
  const start = TEXT.indexOf(quote);
  if (start < 0) throw new Error(`'${quote}' not in the text`);
  return { id, start, end: start + quote.length, label, layer: 'alice', author: 'alice', status: 'proposed', note: '', created: 0, source: 'human' };
}

function relation(id: string, from: string, to: string, label: string): CorpusRelation {
  return { id, from, to, label, directed: label !== 'same-as', author: 'alice', status: 'proposed', note: '', created: 0, source: 'human', layer: 'alice' };
}

// funded-by goes from a measure to a budget: r1 is allowed, r2 (budget → measure) and r3 (measure → measure) are not; same-as allows any ends.
const DOC: CorpusDocument = {
  id: 'policy',
  text: TEXT,
  spans: [span('s2', 'local Guard', 'measure'), span('s3', 'federal security budget', 'budget'), span('s4', 'Municipal police training', 'measure')],
  relations: [relation('r1', 's2', 's3', 'funded-by'), relation('r2', 's3', 's4', 'funded-by'), relation('r3', 's2', 's4', 'funded-by'), relation('r4', 's3', 's4', 'same-as')],
  labels: {},
  meta: {},
};

describe('relations whose ends the schema forbids', () => {
  it.each(['jsonl', 'brat'])('%s: leaves them out and counts each as relation-ends', async (name) => {
    const format = getFormat(name) as FormatAdapter;
    const { sink, report } = await exportWith(format, [DOC]);
    const ends = report.losses.find((l) => l.kind === 'relation-ends');
    expect(ends?.count).toBe(2);
    expect(ends?.examples.map((e) => e.relation)).toEqual(['r2', 'r3']);
    expect(ends?.examples[0]?.detail).toBe("relation funded-by s3 → s4: the schema does not allow 'funded-by' from a 'budget' span to a 'measure' span");
    const written = [...sink.files.values()].map((bytes) => new TextDecoder().decode(bytes)).join('\n');
    if (name === 'jsonl') {
      const line = JSON.parse(written.trim()) as { relations: { id: string }[] };
      expect(line.relations.map((r) => r.id)).toEqual(['r1', 'r4']);
    } else {
      expect(written.match(/^R\d+\t/gm)).toHaveLength(1);
      expect(written.match(/^\*\t/gm)).toHaveLength(1);
    }
  });

  it('every exporting format counts them the same', async () => {
    for (const name of exportFormatNames) {
      const { report } = await exportWith(getFormat(name) as FormatAdapter, [DOC]);
      expect(report.losses.find((l) => l.kind === 'relation-ends')?.count, name).toBe(2);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { formatIssue, getFormat } from '../src/index.js';
import type { FormatAdapter } from '../src/index.js';
import { inputOf } from './helpers.js';
import { exportWith, fixtureInput, fixtureText, importWith, relationSchema } from './relation-fixtures.js';

const doccano = getFormat('doccano') as FormatAdapter;

describe('doccano: entities and relations', () => {
  it('reads relations between entities, each with its label’s direction', async () => {
    const { documents } = await importWith(doccano, fixtureInput('doccano'));
    const [doc] = documents;
    expect(doc?.relations?.map((r) => `${r.layer} ${r.from} ${r.directed ? '→' : '—'} ${r.to} ${r.label}`)).toEqual(['alice 1 → 2 funded-by', 'alice 2 — 4 same-as', 'alice 3 → 4 funded-by']);
    expect(doc?.spans.filter((s) => s.layer === 'bob').map((s) => doc.text.slice(s.start, s.end))).toEqual(['local Guard', 'federal security budget']);
  });

  it('writes the same files back, with an empty loss report', async () => {
    const { documents } = await importWith(doccano, fixtureInput('doccano'));
    const { sink, report } = await exportWith(doccano, documents);
    expect(report.losses).toEqual([]);
    expect(sink.text('alice.jsonl')).toBe(fixtureText('doccano/alice.jsonl'));
    expect(sink.text('bob.jsonl')).toBe(fixtureText('doccano/bob.jsonl'));
  });

  it.each([
    ['a relation to no entity', '{"id":1,"from_id":1,"to_id":9,"type":"funded-by"}', /alice\.jsonl:1: relations\[0\]: to "9" is no span of layer "alice"/],
    ['an unknown relation type', '{"id":1,"from_id":1,"to_id":2,"type":"pays"}', /alice\.jsonl:1: relations\[0\]\.type: unknown relation label 'pays'/],
    ['ends the label does not allow', '{"id":1,"from_id":2,"to_id":1,"type":"funded-by"}', /alice\.jsonl:1: relations\[0\]: "funded-by" joins "measure" to "budget", not "budget" to "measure"/],
    ['a relation without ends', '{"id":1,"type":"funded-by"}', /alice\.jsonl:1: relations\[0\]: expected \{id, from_id, to_id, type\}/],
  ])('reports %s with its line and field', async (_name, relation, message) => {
    const line = fixtureText('doccano/alice.jsonl').replace(/"relations":\[.*\]/, `"relations":[${relation}]`);
    const read = await doccano.import?.(inputOf({ 'alice.jsonl': line }), { schema: relationSchema });
    expect(read?.ok).toBe(false);
    if (read === undefined || read.ok) return;
    expect(read.errors.map(formatIssue).join('\n')).toMatch(message);
  });
});

import { describe, expect, it } from 'vitest';
import { JSONL_FORMAT_VERSION, getFormat, parseJsonl, serializeJsonlLine } from '../src/index.js';
import type { FormatAdapter } from '../src/index.js';
import { exportWith, fixtureInput, fixtureText, importWith, relationSchema } from './relation-fixtures.js';

const NATIVE = fixtureText('native.jsonl');
const jsonl = getFormat('jsonl') as FormatAdapter;

describe('native JSONL version 2: fragments, relations, sources, scores', () => {
  it('parses the fixture against the schema and writes the same bytes back', () => {
    expect(JSONL_FORMAT_VERSION).toBe(2);
    const { documents, issues } = parseJsonl(NATIVE, { schema: relationSchema });
    expect(issues).toEqual([]);
    const [doc] = documents;
    expect(doc?.spans.find((s) => s.id === 'a1')?.fragments?.map(([a, b]) => doc.text.slice(a, b))).toEqual(['National', 'Guard']);
    expect(doc?.spans.find((s) => s.id === 'm1')).toMatchObject({ layer: 'suggestions', author: 'tagger', source: 'model:tagger', score: 0.91, modelVersion: 'tagger-3f2a' });
    expect(doc?.relations?.find((r) => r.id === 'r3')).toMatchObject({ from: 'a3', to: 'a4', directed: false, layer: 'alice' });
    expect(documents.map((d) => `${serializeJsonlLine(d)}\n`).join('')).toBe(NATIVE);
  });

  it('exports it losslessly, with an empty loss report', async () => {
    const { documents } = await importWith(jsonl, fixtureInput('native.jsonl'));
    const { sink, report } = await exportWith(jsonl, documents, { statuses: ['proposed', 'accepted', 'rejected'] });
    expect(report.losses).toEqual([]);
    expect(report.relations).toBe(3);
    expect(sink.text('corpus.jsonl')).toBe(NATIVE);
  });

  it('reads a version 1 line as before: spans from an import, no relations', () => {
    const { documents, issues } = parseJsonl('{"id":"d","text":"abc","spans":[{"id":"s","start":0,"end":1,"label":"measure"}]}\n', { schema: relationSchema });
    expect(issues).toEqual([]);
    expect(documents[0]?.spans[0]?.source).toBe('import');
    expect(documents[0]?.relations).toBeUndefined();
  });
});

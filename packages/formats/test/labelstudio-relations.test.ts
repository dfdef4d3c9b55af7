import { describe, expect, it } from 'vitest';
import { formatIssue, getFormat } from '../src/index.js';
import type { FormatAdapter } from '../src/index.js';
import { inputOf } from './helpers.js';
import { exportWith, fixtureInput, fixtureText, importWith, relationSchema } from './relation-fixtures.js';

const labelStudio = getFormat('labelstudio') as FormatAdapter;
const TASKS = fixtureText('labelstudio/tasks.json');

describe('Label Studio: relation results', () => {
  it('reads relation results: right is directed, bi undirected, a prediction keeps its score', async () => {
    const { documents } = await importWith(labelStudio, fixtureInput('labelstudio'));
    const [doc] = documents;
    expect(doc?.relations?.map((r) => `${r.layer} ${r.from} ${r.directed ? '→' : '—'} ${r.to} ${r.label}`)).toEqual([
      'alice a1 → a2 funded-by',
      'alice a2 — a4 same-as',
      'alice a3 → a4 funded-by',
      'bob b1 → b2 funded-by',
      'bob b3 — b2 same-as',
    ]);
    expect(doc?.spans.find((s) => s.id === 'a4')).toMatchObject({ score: 0.87, source: 'model' });
  });

  it('writes the same tasks back, with an empty loss report', async () => {
    const { documents } = await importWith(labelStudio, fixtureInput('labelstudio'));
    const { sink, report } = await exportWith(labelStudio, documents, { fileName: 'tasks.json' });
    expect(report.losses).toEqual([]);
    expect(sink.text('tasks.json')).toBe(TASKS);
    expect(sink.text('tasks.config.xml')).toContain('<Relations>\n    <Relation value="funded-by" background="#a0c4ff"/>\n    <Relation value="same-as" background="#bdb2ff"/>\n  </Relations>');
  });

  it('reads a left relation the other way round', async () => {
    const tasks = JSON.parse(TASKS) as { annotations: { result: Record<string, unknown>[] }[] }[];
    const result = tasks[0]?.annotations[0]?.result ?? [];
    result[4] = { from_id: 'a2', to_id: 'a1', type: 'relation', direction: 'left', labels: ['funded-by'] };
    const { documents } = await importWith(labelStudio, inputOf({ 'tasks.json': JSON.stringify(tasks) }));
    expect(documents[0]?.relations?.find((r) => r.layer === 'alice' && r.label === 'funded-by' && r.to === 'a2')).toMatchObject({ from: 'a1', directed: true });
  });

  it.each([
    ['a relation to no region', { from_id: 'a1', to_id: 'zz', type: 'relation', direction: 'right', labels: ['funded-by'] }, /record 0: annotations\[0\]\.result\[4\]: to "zz" is no span of layer "alice"/],
    ['a relation without a label', { from_id: 'a1', to_id: 'a2', type: 'relation', direction: 'right', labels: [] }, /annotations\[0\]\.result\[4\]\.labels: expected exactly one relation label/],
    ['an unknown relation label', { from_id: 'a1', to_id: 'a2', type: 'relation', labels: ['pays'] }, /unknown relation label 'pays': expected one of funded-by, same-as/],
    ['a direction the label does not allow', { from_id: 'a1', to_id: 'a2', type: 'relation', direction: 'bi', labels: ['funded-by'] }, /annotations\[0\]\.result\[4\]: directed is false but "funded-by" is directed; expected true/],
    ['an unknown direction', { from_id: 'a1', to_id: 'a2', type: 'relation', direction: 'up', labels: ['funded-by'] }, /result\[4\]\.direction: expected right, left or bi, got "up"/],
  ])('reports %s, naming the result', async (_name, item, message) => {
    const tasks = JSON.parse(TASKS) as { annotations: { result: unknown[] }[] }[];
    const result = tasks[0]?.annotations[0]?.result ?? [];
    result[4] = item;
    const read = await labelStudio.import?.(inputOf({ 'tasks.json': JSON.stringify(tasks) }), { schema: relationSchema });
    expect(read?.ok).toBe(false);
    if (read === undefined || read.ok) return;
    expect(read.errors.map(formatIssue).join('\n')).toMatch(message);
  });
});

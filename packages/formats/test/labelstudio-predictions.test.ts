/**
 * Label Studio `predictions[]`: spans a named model proposed are written
 * as one prediction per model (`model_version`, mean `score`, the regions)
 * and read back with their source and model version; bad predictions are
 * reported naming the field.
 */
import { describe, expect, it } from 'vitest';
import type { CorpusDocument, CorpusSpan, FormatAdapter } from '../src/index.js';
import { formatIssue, getFormat } from '../src/index.js';
import { schema } from './corpus.js';
import { asInput, exportTo, inputOf } from './helpers.js';

const labelStudio = getFormat('labelstudio') as FormatAdapter;
const TEXT = 'Spam 😀 here, HATE there, ACME Corp and more spam.';

function span(id: string, quote: string, label: string, layer: string, extra: Partial<CorpusSpan> = {}): CorpusSpan {
  const start = TEXT.indexOf(quote);
  return { id, start, end: start + quote.length, label, layer, author: layer, status: 'proposed', note: '', created: 0, source: 'human', ...extra };
}

const DOC: CorpusDocument = {
  id: 'd1',
  text: TEXT,
  spans: [
    span('a1', 'Spam', 'SPAM', 'alice', { source: 'import' }),
    span('a2', 'HATE', 'HATE', 'alice', { source: 'model:tagger', score: 0.5, modelVersion: '3f2a' }),
    span('a3', 'ACME Corp', 'ORG', 'alice', { source: 'model:tagger', score: 0.9, modelVersion: '3f2a' }),
    span('b1', 'spam', 'SPAM', 'bob', { source: 'model:strings', score: 1 }),
    span('b2', 'ACME Corp', 'ORG', 'bob', { source: 'model', score: 0.7, modelVersion: 'ls-3' }),
  ],
  labels: {},
  meta: {},
};

describe('Label Studio predictions', () => {
  it('writes one prediction per model, with model_version and the mean score, and an empty loss report', async () => {
    const { sink, report } = await exportTo(labelStudio, [DOC], { fileName: 'tasks.json', layout: 'file' });
    expect(report.losses).toEqual([]);
    const [task] = JSON.parse(sink.text('tasks.json')) as { predictions: { model_version: string; score?: number; result: { id: string; origin: string; score?: number; value: { start: number; end: number; text: string } }[] }[] }[];
    expect(task?.predictions.map((p) => [p.model_version, p.score, p.result.map((r) => r.id)])).toEqual([
      ['tagger@3f2a', 0.7, ['a2', 'a3']],
      ['strings@', 1, ['b1']],
      ['ls-3', 0.7, ['b2']],
    ]);
    // Code point offsets, as in the annotations: the emoji counts once.
    expect(task?.predictions[0]?.result[1]).toMatchObject({ origin: 'prediction', score: 0.9, value: { start: 25, end: 34, text: 'ACME Corp' } });
  });

  it('reads every span back with its source, score and model version', async () => {
    const { sink } = await exportTo(labelStudio, [DOC], { fileName: 'tasks.json', layout: 'file' });
    const read = await labelStudio.import?.(asInput(sink), { schema });
    if (read === undefined || !read.ok) throw new Error(`import failed: ${JSON.stringify(read)}`);
    const provenance = (s: CorpusSpan): unknown[] => [s.layer, s.id, s.start, s.end, s.source, s.score, s.modelVersion];
    expect(read.value[0]?.spans.map(provenance).sort()).toEqual(DOC.spans.map(provenance).sort());
  });

  it('leaves a region no prediction holds as it was, and a prediction no annotation holds unread', async () => {
    const task = {
      data: { text: 'The army.', doc_id: 'x' },
      annotations: [{ completed_by: 'ana', result: [{ id: 'r1', from_name: 'label', to_name: 'text', type: 'labels', origin: 'prediction', score: 0.4, value: { start: 4, end: 8, text: 'army', labels: ['ORG'] } }] }],
      predictions: [{ model_version: 'ner@7', score: 0.4, result: [{ id: 'other', from_name: 'label', to_name: 'text', type: 'labels', value: { start: 0, end: 3, text: 'The', labels: ['ORG'] } }] }],
    };
    const read = await labelStudio.import?.(inputOf({ 'tasks.json': JSON.stringify([task]) }), { schema });
    if (read === undefined || !read.ok) throw new Error('import failed');
    expect(read.value[0]?.spans.map((s) => [s.id, s.source, s.score, s.modelVersion])).toEqual([['r1', 'model', 0.4, undefined]]);
  });

  it.each([
    ['predictions that are not an array', { model_version: 'x' }, /record 0: predictions: expected an array/],
    ['a model_version that is not a string', [{ model_version: 3, result: [] }], /record 0: predictions\[0\]\.model_version: expected a string/],
    ['a score that is not a number', [{ model_version: 'x', score: 'high', result: [] }], /record 0: predictions\[0\]\.score: expected a number/],
    ['a result that is not an array', [{ model_version: 'x', result: {} }], /record 0: predictions\[0\]\.result: expected an array/],
  ])('reports %s, naming the field', async (_name, predictions, message) => {
    const task = { data: { text: 'The army.', doc_id: 'x' }, annotations: [], predictions };
    const read = await labelStudio.import?.(inputOf({ 'tasks.json': JSON.stringify([task]) }), { schema });
    expect(read?.ok).toBe(false);
    if (read === undefined || read.ok) return;
    expect(read.errors.map(formatIssue).join('\n')).toMatch(message);
  });
});

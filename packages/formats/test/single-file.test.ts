/**
 * `FormatAdapter.singleFile` holds: for random export contexts (one file or
 * the folder form) and subsets
 * of the test corpus (the empty corpus included), every adapter that
 * declares a single file writes exactly that file and nothing else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnnotationStatus } from '@glossa/core';
import type { ExportContext, FormatAdapter } from '../src/index.js';
import { CONSOLIDATION_METHODS, formats } from '../src/index.js';
import { corpus, schema } from './corpus.js';
import { exportTo } from './helpers.js';

/** The adapters that declare a single file for some context. */
const DECLARING = formats.filter((f): f is FormatAdapter & Required<Pick<FormatAdapter, 'singleFile'>> => f.singleFile !== undefined);

const STATUSES: readonly AnnotationStatus[] = ['proposed', 'accepted', 'rejected'];

/** Export contexts of every option a file format reads (the schema and project come from `exportTo`). */
const contexts: fc.Arbitrary<Partial<ExportContext>> = fc.record(
  {
    fileName: fc.constantFrom('named.jsonl', 'named.csv', 'named.conll', 'named', 'sub/dir/data.json'),
    consolidation: fc.constantFrom(...CONSOLIDATION_METHODS),
    statuses: fc.subarray([...STATUSES]),
    includeExcluded: fc.boolean(),
    stripBoilerplate: fc.boolean(),
    scheme: fc.constantFrom('bio', 'bioes', 'iob1'),
    tokens: fc.boolean(),
    ents: fc.boolean(),
    splits: fc.constant({ shares: [{ name: 'train', fraction: 0.5 }, { name: 'test', fraction: 0.5 }] }),
    baseUrl: fc.constant('https://example.org/docs/'),
    layout: fc.constantFrom('file', 'folder'),
  },
  { requiredKeys: [] },
);

describe('single-file declarations', () => {
  it('are made by the formats that write one main file', () => {
    expect(DECLARING.map((f) => f.name).sort()).toEqual(['conll', 'csv', 'jsonl', 'labelstudio', 'spacy', 'spacy-json', 'w3c']);
    expect(DECLARING.every((f) => f.kind === 'file')).toBe(true);
  });

  it.each(DECLARING.map((f) => [f.name, f] as const))('%s writes exactly the declared file', async (_name, adapter) => {
    let declaredRuns = 0;
    await fc.assert(
      fc.asyncProperty(contexts, fc.subarray(corpus()), async (ctx, docs) => {
        const declared = adapter.singleFile(ctx as ExportContext);
        if (declared === undefined) return;
        declaredRuns++;
        const { sink, report } = await exportTo(adapter, docs, ctx);
        expect([...sink.files.keys()]).toEqual([declared]);
        expect(report.files.map((f) => f.path)).toEqual([declared]);
      }),
      { numRuns: 60 },
    );
    expect(declaredRuns).toBeGreaterThan(0);
  });

  it.each([
    ['consolidated', 'corpus.conll', { consolidation: 'gold' }],
    ['consolidated, named', 'train.conll', { consolidation: 'majority', fileName: 'train.conll' }],
    ['per annotator, a tag column each', 'corpus.conll', { consolidation: 'none' }],
    ['by default', 'corpus.conll', {}],
    ['per annotator, the folder form', undefined, { consolidation: 'none', layout: 'folder' }],
    ['consolidated, the folder form', undefined, { consolidation: 'gold', layout: 'folder' }],
  ] as const)('CoNLL %s declares %s', (_what, declared, ctx) => {
    const conll = DECLARING.find((f) => f.name === 'conll');
    expect(conll?.singleFile({ schema, ...ctx })).toBe(declared);
  });
});

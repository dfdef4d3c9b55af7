import { describe, expect, it } from 'vitest';
import type { CorpusDocument } from '../src/index.js';
import { formats, getFormat } from '../src/index.js';
import { corpus, schema } from './corpus.js';
import { asInput, exportTo, texts } from './helpers.js';

const roundTripping = formats.filter((f) => f.export !== undefined && f.import !== undefined).map((f) => f.name);

describe('export → import → export is identical', () => {
  it('covers every format that both exports and imports', () => {
    expect(roundTripping.sort()).toEqual(['brat', 'conll', 'doccano', 'jsonl', 'labelstudio', 'w3c', 'webanno'].sort());
  });

  // CoNLL's one file of several layers (a tag column each) names no layer, so its per-layer form is the folder one.
  const cases = (['file', 'folder'] as const).flatMap((layout) =>
    ([undefined, 'union'] as const).flatMap((consolidation) => roundTripping.filter((name) => !(name === 'conll' && layout === 'file' && consolidation === undefined)).map((name) => [name, consolidation, layout] as const)),
  );
  it.each(cases)('%s (consolidation %s, layout %s)', async (name, consolidation, layout) => {
    const format = getFormat(name);
    if (format?.import === undefined) throw new Error('no importer');
    const first = await exportTo(format, corpus(), { consolidation, layout });
    const imported = await format.import(asInput(first.sink), { schema });
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    expect(imported.value.length).toBeGreaterThan(0);
    const second = await exportTo(format, imported.value as CorpusDocument[], { consolidation, layout });
    expect(texts(second.sink)).toEqual(texts(first.sink));
  });
});

describe('lossless formats keep every span, note, status and document label', () => {
  it.each([
    ['jsonl', 'file'],
    ['w3c', 'file'],
    ['w3c', 'folder'],
  ] as const)('%s (layout %s)', async (name, layout) => {
    const format = getFormat(name);
    if (format?.import === undefined) throw new Error('no importer');
    const original = corpus();
    const { sink, report } = await exportTo(format, original, { consolidation: 'none', statuses: ['proposed', 'accepted', 'rejected'], includeExcluded: true, layout });
    expect(report.losses).toEqual([]);
    const imported = await format.import(asInput(sink), { schema });
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    const key = (d: CorpusDocument) =>
      d.spans.map((s) => `${d.id} ${s.layer} ${s.start}-${s.end} ${s.label} ${s.status} ${s.note}`).concat(Object.entries(d.labels).map(([l, v]) => `${d.id} ${l} ${JSON.stringify(Object.fromEntries(Object.entries(v).sort()))}`));
    expect(imported.value.flatMap(key).sort()).toEqual(original.flatMap(key).sort());
  });
});

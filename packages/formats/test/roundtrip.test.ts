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

  for (const consolidation of [undefined, 'union'] as const) {
    it.each(roundTripping)(`%s (consolidation ${consolidation ?? 'default'})`, async (name) => {
      const format = getFormat(name);
      if (format?.import === undefined) throw new Error('no importer');
      const first = await exportTo(format, corpus(), { consolidation });
      const imported = await format.import(asInput(first.sink), { schema });
      if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
      expect(imported.value.length).toBeGreaterThan(0);
      const second = await exportTo(format, imported.value as CorpusDocument[], { consolidation });
      expect(texts(second.sink)).toEqual(texts(first.sink));
    });
  }
});

describe('lossless formats keep every span, note, status and document label', () => {
  it.each(['jsonl', 'w3c'])('%s', async (name) => {
    const format = getFormat(name);
    if (format?.import === undefined) throw new Error('no importer');
    const original = corpus();
    const { sink, report } = await exportTo(format, original, { consolidation: 'none', statuses: ['proposed', 'accepted', 'rejected'], includeExcluded: true });
    expect(report.losses).toEqual([]);
    const imported = await format.import(asInput(sink), { schema });
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    const key = (d: CorpusDocument) =>
      d.spans.map((s) => `${d.id} ${s.layer} ${s.start}-${s.end} ${s.label} ${s.status} ${s.note}`).concat(Object.entries(d.labels).map(([l, v]) => `${d.id} ${l} ${JSON.stringify(Object.fromEntries(Object.entries(v).sort()))}`));
    expect(imported.value.flatMap(key).sort()).toEqual(original.flatMap(key).sort());
  });
});

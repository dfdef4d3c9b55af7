import { inflateSync } from 'node:zlib';
import { parquetReadObjects } from 'hyparquet';
import { Unpackr } from 'msgpackr';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { getFormat } from '../src/index.js';
import { SPACY_RELATIONS_KEY } from '../src/spacydoc.js';
import type { CorpusDocument, FormatAdapter } from '../src/index.js';
import { exportWith, fixtureInput, importWith } from './relation-fixtures.js';

const unpackr = new Unpackr({ mapsAsObjects: false });

/** The doccano fixture: alice's four entities and three relations, bob's two entities. */
async function fixture(): Promise<CorpusDocument[]> {
  return (await importWith(getFormat('doccano') as FormatAdapter, fixtureInput('doccano'))).documents;
}

describe('.spacy: relations in doc.user_data', () => {
  it('writes user_data, one msgpack map per doc, the relations by their positions in the span group', async () => {
    const { sink, report } = await exportWith(getFormat('spacy') as FormatAdapter, await fixture());
    expect(report.losses).toEqual([]);
    const msg = unpackr.unpack(inflateSync(sink.bytes('corpus.spacy'))) as Map<string, unknown>;
    expect([...msg.keys()]).toEqual(['version', 'attrs', 'tokens', 'spaces', 'lengths', 'strings', 'cats', 'flags', 'span_groups', 'user_data']);
    const [userData] = msg.get('user_data') as Uint8Array[];
    const decoded = unpackr.unpack(userData as Uint8Array) as Map<string, Map<string, unknown>[]>;
    expect([...decoded.keys()]).toEqual([SPACY_RELATIONS_KEY]);
    expect(decoded.get(SPACY_RELATIONS_KEY)?.map((r) => Object.fromEntries(r))).toEqual([
      { key: 'sc_alice', from: 0, to: 1, label: 'funded-by', directed: true },
      { key: 'sc_alice', from: 1, to: 3, label: 'same-as', directed: false },
      { key: 'sc_alice', from: 2, to: 3, label: 'funded-by', directed: true },
    ]);
  });

  it('leaves relations out of Doc.to_json, counting them', async () => {
    const { report } = await exportWith(getFormat('spacy-json') as FormatAdapter, await fixture());
    expect(report.losses.map((l) => [l.kind, l.count])).toEqual([['relation', 3]]);
  });
});

describe('Hugging Face: a relations column', () => {
  it('gives span rows relations by span position, and declares the column in the card', async () => {
    const { sink, report } = await exportWith(getFormat('hf') as FormatAdapter, await fixture());
    expect(report.losses).toEqual([]);
    const rows = sink.text('data/train-00000-of-00001.jsonl').trim().split('\n').map((l) => JSON.parse(l) as { annotator: string; relations: unknown[] });
    expect(rows.map((r) => [r.annotator, r.relations])).toEqual([
      ['alice', [{ from: 0, to: 1, label: 'funded-by', directed: true }, { from: 1, to: 3, label: 'same-as', directed: false }, { from: 2, to: 3, label: 'funded-by', directed: true }]],
      ['bob', []],
    ]);
    const card = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(sink.text('README.md'))?.[1] ?? '') as { dataset_info: { features: { name: string; list?: unknown }[] } };
    expect(card.dataset_info.features.find((f) => f.name === 'relations')?.list).toEqual([
      { name: 'from', dtype: 'int32' },
      { name: 'to', dtype: 'int32' },
      { name: 'label', dtype: 'string' },
      { name: 'directed', dtype: 'bool' },
    ]);
  });

  it('writes the column to Parquet, read back with hyparquet', async () => {
    const { sink } = await exportWith(getFormat('hf') as FormatAdapter, await fixture(), { parquet: true });
    const bytes = sink.bytes('data/train-00000-of-00001.parquet');
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const rows = (await parquetReadObjects({ file })) as { annotator: string; relations: { from: number; to: number; label: string; directed: boolean }[] }[];
    expect(rows.find((r) => r.annotator === 'alice')?.relations).toEqual([
      { from: 0, to: 1, label: 'funded-by', directed: true },
      { from: 1, to: 3, label: 'same-as', directed: false },
      { from: 2, to: 3, label: 'funded-by', directed: true },
    ]);
  });
});

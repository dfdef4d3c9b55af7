import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { hfFormat, parseSplitSpec } from '../src/index.js';
import { corpus } from './corpus.js';
import { exportTo } from './helpers.js';

interface Card {
  license: string;
  language: string[];
  task_categories: string[];
  task_ids: string[];
  annotations_creators: string[];
  size_categories: string[];
  configs: { config_name: string; data_files: { split: string; path: string }[] }[];
  dataset_info: { features: Record<string, unknown>[]; splits: { name: string; num_examples: number; num_bytes: number }[] };
}

function frontMatter(readme: string): Card {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(readme);
  if (m === null) throw new Error('no front matter');
  return parseYaml(m[1] as string) as Card;
}

describe('hf span rows (JSONL)', () => {
  it('writes code point offsets, an annotator column and a card whose YAML parses', async () => {
    const splits = { shares: parseSplitSpec('train=0.5,test=0.5'), seed: 3 };
    const { sink } = await exportTo(hfFormat, corpus(), { splits, agreement: { measure: 'span F1 (exact)', value: 0.5, perLabel: { HATE: 0.4 } }, card: { license: 'cc-by-4.0' } });
    const rows = ['train', 'test'].flatMap((s) =>
      sink
        .text(`data/${s}-00000-of-00001.jsonl`)
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => ({ split: s, row: JSON.parse(l) as { id: string; annotator: string; text: string; spans: { start: number; end: number; label: string }[]; labels: string[] } })),
    );
    const alice = rows.find((r) => r.row.id === 'd1' && r.row.annotator === 'alice')?.row;
    expect(alice?.spans.map((s) => Array.from(alice.text).slice(s.start, s.end).join(''))).toEqual(['Ban 😀 all', 'all spam']);
    expect(alice?.labels).toEqual(['CRIME', 'POLICY', 'TOXIC']);
    const card = frontMatter(sink.text('README.md'));
    expect(card.license).toBe('cc-by-4.0');
    expect(card.task_categories).toContain('token-classification');
    expect(card.size_categories).toEqual(['n<1K']);
    expect(card.configs[0]?.data_files).toEqual([
      { split: 'train', path: 'data/train-*' },
      { split: 'test', path: 'data/test-*' },
    ]);
    for (const s of card.dataset_info.splits) expect(s.num_examples).toBe(rows.filter((r) => r.split === s.name).length);
    expect(card.dataset_info.features.map((f) => f['name'])).toEqual(['id', 'annotator', 'text', 'spans', 'labels']);
    const body = sink.text('README.md');
    for (const d of ['Hateful language.', 'Unsolicited advertising.', 'code point', 'span F1 (exact)', '0.5000', 'alice', 'gold layer']) expect(body).toContain(d);
  });

  it('leaves the annotator column out when consolidated', async () => {
    const { sink } = await exportTo(hfFormat, corpus(), { consolidation: 'majority' });
    const rows = sink.text('data/train-00000-of-00001.jsonl').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => r['id'])).toEqual(['d1', 'd2', 'd3']);
    expect(rows.every((r) => !('annotator' in r))).toBe(true);
  });
});

describe('hf token rows as Parquet', () => {
  it('reads back with hyparquet, ClassLabel names in the huggingface metadata', async () => {
    const { sink, report } = await exportTo(hfFormat, corpus(), { tokens: true, parquet: true, consolidation: 'union' });
    const bytes = sink.bytes('data/train-00000-of-00001.parquet');
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const meta = parquetMetadata(file);
    const hf = JSON.parse(meta.key_value_metadata?.find((k) => k.key === 'huggingface')?.value ?? '{}') as { info: { features: Record<string, { feature: { names?: string[]; _type: string }; _type: string }> } };
    const names = hf.info.features['ner_tags']?.feature.names ?? [];
    expect(names).toEqual(['O', 'B-HATE', 'I-HATE', 'B-SPAM', 'I-SPAM', 'B-ORG', 'I-ORG']);
    expect(hf.info.features['tokens']?._type).toBe('List');
    const rows = (await parquetReadObjects({ file })) as { id: string; tokens: string[]; ner_tags: (number | bigint)[] }[];
    const d1 = rows.find((r) => r.id === 'd1');
    expect(d1?.tokens).toEqual(['Ban', '😀', 'all', 'spam', 'now']);
    // Union has HATE "Ban", HATE "Ban 😀 all", SPAM "all spam", SPAM "spam". Token rows keep the earliest,
    // longest span ("Ban 😀 all"), drop "Ban" and "all spam" (overlaps) and keep "spam", which is clear of it.
    expect(d1?.ner_tags.map((n) => names[Number(n)])).toEqual(['B-HATE', 'I-HATE', 'I-HATE', 'B-SPAM', 'O']);
    // Two overlaps in d1, and in d3 ORG "police (ACME" overlaps ORG "ACME Corp".
    expect(report.losses.find((l) => l.kind === 'overlap')?.count).toBe(3);
    const card = frontMatter(sink.text('README.md'));
    const ner = card.dataset_info.features.find((f) => f['name'] === 'ner_tags') as { list: { class_label: { names: Record<string, string> } } };
    expect(Object.entries(ner.list.class_label.names)).toEqual(names.map((n, i) => [String(i), n]));
  });
});

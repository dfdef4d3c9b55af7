/**
 * The Hugging Face dataset card: README.md with YAML front matter the Hub
 * reads (license, language, tasks, configs, dataset_info) and a body that
 * documents the schema, offsets, annotators, agreement and consolidation.
 */
import type { LabelSchema } from '@glossa/core';
import type { AgreementSummary, DatasetCardOptions } from './adapter.js';
import type { LossEntry } from './report.js';

/** A column of the dataset, as `dataset_info.features` describes it. */
export type CardFeature =
  | { readonly name: string; readonly dtype: 'string' | 'int32' | 'int64' }
  | { readonly name: string; readonly list: 'string' }
  | { readonly name: string; readonly classLabels: readonly string[] }
  | { readonly name: string; readonly structList: readonly { readonly name: string; readonly dtype: 'string' | 'int32' | 'bool' }[] };

/** A split as the card lists it. */
export interface CardSplit {
  readonly name: string;
  readonly numExamples: number;
  readonly numBytes: number;
  /** The data file pattern, e.g. `data/train-*`. */
  readonly path: string;
}

/** Everything a dataset card shows. */
export interface DatasetCardInput {
  readonly project: string;
  readonly schema: LabelSchema;
  /** The span labels exported, in order. */
  readonly labels: readonly string[];
  readonly features: readonly CardFeature[];
  readonly splits: readonly CardSplit[];
  /** Whether rows are token-classification rows. */
  readonly tokenRows: boolean;
  /** The tagging scheme of token rows. */
  readonly scheme?: string;
  /** Annotator layers and how many rows each has (absent when consolidated). */
  readonly annotators?: Readonly<Record<string, number>>;
  readonly consolidation: string;
  readonly agreement?: AgreementSummary;
  readonly losses: readonly LossEntry[];
  readonly options?: DatasetCardOptions;
}

/** The `size_categories` bucket of a number of examples. */
export function sizeCategory(n: number): string {
  if (n < 1000) return 'n<1K';
  if (n < 10_000) return '1K<n<10K';
  if (n < 100_000) return '10K<n<100K';
  if (n < 1_000_000) return '100K<n<1M';
  if (n < 10_000_000) return '1M<n<10M';
  if (n < 100_000_000) return '10M<n<100M';
  return '100M<n<1B';
}

const q = (value: string): string => JSON.stringify(value);

/** Writes the dataset card (README.md). YAML scalars are written as JSON strings, which YAML reads as they are. */
export function datasetCard(input: DatasetCardInput): string {
  const o = input.options ?? {};
  const total = input.splits.reduce((a, s) => a + s.numExamples, 0);
  const hasDocLabels = input.schema.documentLabels.length > 0;
  const tasks = ['token-classification', ...(hasDocLabels ? ['text-classification'] : [])];
  const taskIds = ['named-entity-recognition', ...(hasDocLabels ? ['multi-label-classification'] : [])];
  const y: string[] = ['---'];
  y.push(`license: ${q(o.license ?? 'other')}`);
  y.push(`language: [${(o.language ?? ['en']).map(q).join(', ')}]`);
  y.push(`pretty_name: ${q(o.prettyName ?? input.project)}`);
  y.push(`task_categories: [${tasks.map(q).join(', ')}]`);
  y.push(`task_ids: [${taskIds.map(q).join(', ')}]`);
  y.push(`annotations_creators: [${(o.annotationsCreators ?? ['expert-generated']).map(q).join(', ')}]`);
  y.push(`size_categories: [${q(sizeCategory(total))}]`);
  y.push('configs:', '- config_name: "default"', '  data_files:');
  for (const s of input.splits) y.push(`  - {split: ${q(s.name)}, path: ${q(s.path)}}`);
  y.push('dataset_info:', '  features:');
  for (const f of input.features) {
    if ('dtype' in f) y.push(`  - {name: ${q(f.name)}, dtype: ${q(f.dtype)}}`);
    else if ('list' in f) y.push(`  - {name: ${q(f.name)}, list: ${q(f.list)}}`);
    else if ('classLabels' in f) {
      y.push(`  - name: ${q(f.name)}`, '    list:', '      class_label:', '        names:');
      f.classLabels.forEach((n, i) => y.push(`          ${q(String(i))}: ${q(n)}`));
    } else {
      y.push(`  - name: ${q(f.name)}`, '    list:');
      for (const c of f.structList) y.push(`    - {name: ${q(c.name)}, dtype: ${q(c.dtype)}}`);
    }
  }
  y.push('  splits:');
  for (const s of input.splits) y.push(`  - {name: ${q(s.name)}, num_bytes: ${s.numBytes}, num_examples: ${s.numExamples}}`);
  y.push('---', '');

  const b: string[] = [];
  b.push(`# ${o.prettyName ?? input.project}`, '');
  b.push(`Span annotations of the project \`${input.project}\` with the label schema **${input.schema.name}** (version ${input.schema.version}), exported by Glossa.`, '');
  b.push('## Labels', '');
  for (const id of input.labels) {
    const l = input.schema.labels.find((x) => x.id === id);
    b.push(`- \`${id}\`${l === undefined ? '' : ` (${l.name}): ${l.description}`}`);
  }
  const excluded = input.schema.labels.filter((l) => !input.labels.includes(l.id));
  if (excluded.length > 0) b.push('', `Left out of this export: ${excluded.map((l) => `\`${l.id}\``).join(', ')}.`);
  if (hasDocLabels) {
    b.push('', '## Document labels', '');
    for (const g of input.schema.documentLabels) {
      b.push(`- \`${g.id}\` (${g.name}, ${g.choice === 'single' ? 'one value' : 'any number of values'})${g.description === undefined ? '' : `: ${g.description}`} Values: ${g.values.map((v) => `\`${v}\``).join(', ')}.`);
    }
    b.push('', 'The `labels` column lists a document\'s document-label values.');
  }
  b.push('', '## Offsets', '');
  if (input.tokenRows) {
    b.push(
      `Rows are token-classification rows: \`tokens\` and \`ner_tags\` (${input.scheme ?? 'bio'} tags as ClassLabel ids). Tokens come from Unicode word segmentation (UAX #29): punctuation and emoji are tokens, whitespace is not.`,
    );
  } else {
    b.push('Span `start` and `end` are **Unicode code point** offsets into `text`, start inclusive, end exclusive: `text[start:end]` in Python is the span\'s text.');
  }
  b.push('', '## Annotators and consolidation', '');
  b.push(`Consolidation: ${input.consolidation}.`);
  if (input.annotators !== undefined) {
    b.push('', 'Each row is one (document, annotator) pair; the `annotator` column names the layer (`gold` is the curated layer).', '');
    for (const [a, n] of Object.entries(input.annotators).sort()) b.push(`- \`${a}\`: ${n} rows`);
  }
  b.push('', '## Agreement', '');
  if (input.agreement === undefined) b.push('No agreement figures were given for this export.');
  else {
    const ag = input.agreement;
    b.push(`${ag.measure}: **${ag.value.toFixed(4)}**${ag.documents === undefined ? '' : ` over ${ag.documents} documents`}.`);
    if (ag.perLabel !== undefined) {
      b.push('', '| label | value |', '|---|---|');
      for (const [l, v] of Object.entries(ag.perLabel).sort()) b.push(`| \`${l}\` | ${v.toFixed(4)} |`);
    }
  }
  b.push('', '## Splits', '', '| split | examples |', '|---|---|');
  for (const s of input.splits) b.push(`| ${s.name} | ${s.numExamples} |`);
  b.push('', 'Documents are assigned to splits by a seeded hash of their id, so a document keeps its split when others are added.');
  if (input.losses.length > 0) {
    b.push('', '## What this export could not carry', '', '| kind | count |', '|---|---|');
    for (const l of input.losses) b.push(`| ${l.kind} | ${l.count} |`);
  }
  return `${y.join('\n')}\n${b.join('\n')}\n`;
}

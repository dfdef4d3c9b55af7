/**
 * The test corpus: emoji, a ZWJ sequence, combining marks, RTL text, a text
 * that came from CRLF input, overlapping spans, three annotators, a gold
 * layer on one document, notes, statuses and document labels. Offsets are
 * found with `indexOf`, never written by hand.
 */
import type { LabelSchema } from '@glossa/core';
import type { CorpusDocument, CorpusSpan } from '../src/index.js';
import { compareCorpusSpans } from '../src/index.js';
import { normalizeLineBreaks } from '../src/input.js';

export const schema: LabelSchema = {
  version: 1,
  name: 'test policy',
  textColor: '#000000',
  groups: [],
  labels: [
    { id: 'HATE', name: 'Hate', description: 'Hateful language.', color: '#ff8888' },
    { id: 'SPAM', name: 'Spam', description: 'Unsolicited advertising.', color: '#88ff88' },
    { id: 'ORG', name: 'Organization', description: 'A named organization.', color: '#8888ff' },
    { id: 'boilerplate', name: 'Boilerplate', description: 'Site navigation and other noise.', color: '#cccccc', excludeFromExport: true },
  ],
  documentLabels: [
    { id: 'toxicity', name: 'Toxicity', choice: 'single', values: ['TOXIC', 'CLEAN'] },
    { id: 'topics', name: 'Topics', choice: 'multiple', values: ['POLICY', 'CRIME'] },
  ],
};

let counter = 0;

/** A span over the `occurrence`-th match of `quote` in `text`. */
export function span(text: string, quote: string, label: string, layer: string, extra: Partial<CorpusSpan> = {}, occurrence = 0): CorpusSpan {
  let at = -1;
  for (let k = 0; k <= occurrence; k++) at = text.indexOf(quote, at + 1);
  if (at < 0) throw new Error(`'${quote}' not in text`);
  counter++;
  return { id: `s${counter}`, start: at, end: at + quote.length, label, layer, author: layer, status: 'proposed', note: '', created: 1_700_000_000_000 + counter, source: 'human', ...extra };
}

function doc(id: string, text: string, spans: CorpusSpan[], labels: CorpusDocument['labels'] = {}): CorpusDocument {
  return { id, text, spans: [...spans].sort(compareCorpusSpans), labels, meta: {} };
}

const t1 = 'Ban 😀 all spam now';
const t2 = 'The family 👩‍👩‍👧 visited the café\u0301 of ACME Corp.\nThen they read שלום עולם aloud!';
const t3 = normalizeLineBreaks('Menu | Home | Login\r\nThe police (ACME Corp) said: no spam here.\r\nSecond sentence, with HATE.').text;

/** The corpus. Alice, bob and carol annotate; d2 also has a gold layer. */
export function corpus(): CorpusDocument[] {
  counter = 0;
  return [
    doc(
      'd1',
      t1,
      [
        span(t1, 'Ban 😀 all', 'HATE', 'alice', { status: 'accepted', note: 'clearly hateful' }),
        span(t1, 'all spam', 'SPAM', 'alice'),
        span(t1, 'Ban', 'HATE', 'bob'),
        span(t1, 'spam', 'SPAM', 'bob'),
        span(t1, 'Ban 😀 all', 'HATE', 'carol'),
      ],
      { alice: { toxicity: 'TOXIC', topics: ['CRIME', 'POLICY'] }, bob: { toxicity: 'TOXIC' }, carol: { toxicity: 'CLEAN' } },
    ),
    doc(
      'd2',
      t2,
      [
        span(t2, 'family 👩‍👩‍👧', 'HATE', 'alice'),
        span(t2, 'café\u0301', 'ORG', 'alice'),
        span(t2, 'ACME Corp', 'ORG', 'alice'),
        span(t2, 'שלום עולם', 'SPAM', 'bob'),
        span(t2, 'ACME Corp', 'ORG', 'bob'),
        span(t2, 'ACME Corp', 'ORG', 'gold'),
        span(t2, 'שלום', 'SPAM', 'gold'),
      ],
      { gold: { toxicity: 'CLEAN' } },
    ),
    doc('d3', t3, [
      span(t3, 'Menu | Home | Login', 'boilerplate', 'carol'),
      span(t3, 'ACME Corp', 'ORG', 'carol'),
      span(t3, 'police (ACME', 'ORG', 'carol'),
      span(t3, 'spam', 'SPAM', 'carol', { status: 'rejected' }),
      span(t3, 'HATE', 'HATE', 'carol'),
      span(t3, 'Secon', 'HATE', 'bob'),
    ]),
  ];
}

/** Yields documents as an async stream, as exports take them. */
export async function* stream<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

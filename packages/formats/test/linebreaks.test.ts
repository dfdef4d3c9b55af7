import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OffsetIndex } from '@glossa/core';
import type { CorpusDocument, CorpusSpan } from '../src/index.js';
import { compareCorpusSpans, getFormat, withLfLineBreaks } from '../src/index.js';
import { schema } from './corpus.js';
import { asInput, exportTo } from './helpers.js';

/** The text with CRLF and lone CR written as LF, independently of the library. */
const lf = (text: string): string => text.replace(/\r\n?/g, '\n');

/** A span over the first match of `quote` at or after `from`. */
function spanAt(text: string, quote: string, label: string, layer: string, id: string, from = 0): CorpusSpan {
  const at = text.indexOf(quote, from);
  if (at < 0) throw new Error(`'${quote}' not in text`);
  return { id, start: at, end: at + quote.length, label, layer, author: layer, status: 'proposed', note: '', created: 1_700_000_000_000, source: 'human' };
}

/**
 * The same annotated document twice: once with CRLF (and one lone CR) line
 * breaks, once written with LF by hand. Spans are found by their quotes in
 * each text, so the two agree by construction, not by the code under test.
 */
function pair(): { crlf: CorpusDocument; lf: CorpusDocument } {
  const crlfText = 'Menu | Home\r\nThe police 😀 said: no spam.\r\n\r\nACME Corp spoke\rto the HATE group.\r\nEnd.';
  const lfText = lf(crlfText);
  const make = (text: string): CorpusDocument => {
    const spans = [
      spanAt(text, 'police 😀', 'ORG', 'alice', 'a1'),
      spanAt(text, 'spam', 'SPAM', 'alice', 'a2'),
      spanAt(text, 'ACME Corp', 'ORG', 'bob', 'b1'),
      spanAt(text, 'HATE', 'HATE', 'bob', 'b2'),
      spanAt(text, 'End', 'SPAM', 'alice', 'a3'),
    ].sort(compareCorpusSpans);
    return { id: 'doc', text, spans, labels: { alice: { toxicity: 'TOXIC' } }, meta: {} };
  };
  return { crlf: make(crlfText), lf: make(lfText) };
}

/** Every file of an export, as base64 (binary formats included), by path. */
async function exportedFiles(name: string, doc: CorpusDocument, consolidation?: 'union'): Promise<Record<string, string>> {
  const format = getFormat(name);
  if (format === undefined) throw new Error(`no format ${name}`);
  const { sink } = await exportTo(format, [doc], { consolidation });
  return Object.fromEntries([...sink.files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, bytes]) => [p, Buffer.from(bytes).toString('base64')]));
}

const LF_FORMATS = ['brat', 'conll', 'spacy', 'spacy-json', 'doccano', 'labelstudio', 'webanno', 'hf', 'csv', 'w3c'];

describe('exports write LF-only texts with offsets into them', () => {
  it('every exporter except jsonl is listed here', async () => {
    const { formats } = await import('../src/index.js');
    expect(formats.filter((f) => f.export !== undefined && f.name !== 'jsonl').map((f) => f.name).sort()).toEqual([...LF_FORMATS].sort());
  });

  for (const consolidation of [undefined, 'union'] as const) {
    it.each(LF_FORMATS)(`%s: a CRLF document exports exactly as its LF twin (consolidation ${consolidation ?? 'default'})`, async (name) => {
      const { crlf, lf: twin } = pair();
      const fromCrlf = await exportedFiles(name, crlf, consolidation);
      expect(Object.keys(fromCrlf).length).toBeGreaterThan(0);
      expect(fromCrlf).toEqual(await exportedFiles(name, twin, consolidation));
    });
  }

  it('brat: offsets of a CRLF document point at the quotes in the .txt, and the importer agrees', async () => {
    const { crlf } = pair();
    const brat = getFormat('brat');
    if (brat?.import === undefined) throw new Error('no brat importer');
    const { sink } = await exportTo(brat, [crlf]);
    const txt = sink.text('bob/doc.txt');
    expect(txt).not.toContain('\r');
    const index = new OffsetIndex(txt);
    const lines = sink.text('bob/doc.ann').split('\n').filter((l) => l.startsWith('T'));
    expect(lines.length).toBe(2);
    for (const line of lines) {
      const [, data, quote] = line.split('\t') as [string, string, string];
      const [, start, end] = data.split(' ').map(Number) as [number, number, number];
      expect(txt.slice(index.toUtf16(start), index.toUtf16(end))).toBe(quote);
    }
    const imported = await brat.import(asInput(sink), { schema });
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    const doc = imported.value[0] as CorpusDocument;
    const quotes = (d: CorpusDocument): string[] => d.spans.map((s) => `${s.layer} ${s.label} ${lf(d.text.slice(s.start, s.end))}`).sort();
    expect(quotes(doc)).toEqual(quotes(crlf));
  });

  it('jsonl keeps the text exactly, CRLF and lone CR included', async () => {
    const { crlf } = pair();
    const jsonl = getFormat('jsonl');
    if (jsonl?.import === undefined) throw new Error('no jsonl importer');
    const { sink } = await exportTo(jsonl, [crlf], { consolidation: 'none' });
    const imported = await jsonl.import(asInput(sink), { schema });
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    const doc = imported.value[0] as CorpusDocument;
    expect(doc.text).toBe(crlf.text);
    expect(doc.spans.map((s) => [s.start, s.end, s.label])).toEqual(crlf.spans.map((s) => [s.start, s.end, s.label]));
  });
});

describe('withLfLineBreaks', () => {
  const pieces = ['a', 'b c', '😀', '\r\n', '\r', '\n', 'e\u0301', ' '];
  const textArb = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 30 }).map((p) => p.join(''));
  const docArb = textArb.chain((text) =>
    fc
      .array(
        fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: text.length })).filter(([a, b]) => a !== b),
        { maxLength: 6 },
      )
      .map((ranges): CorpusDocument => {
        const spans = ranges.map(([a, b], i): CorpusSpan => ({ ...spanAt('x', 'x', 'ORG', 'alice', `s${i}`), start: Math.min(a, b), end: Math.max(a, b) }));
        return { id: 'p', text, spans: spans.sort(compareCorpusSpans), labels: {}, meta: {} };
      }),
  );

  it('maps every span onto the LF text: its quote is the old quote with line breaks as LF, never empty, in canonical order', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const out = withLfLineBreaks(doc);
        expect(out.text).toBe(lf(doc.text));
        expect(out.spans.length).toBe(doc.spans.length);
        const byId = new Map(doc.spans.map((s) => [s.id, s]));
        for (const s of out.spans) {
          const old = byId.get(s.id) as CorpusSpan;
          expect(s.end).toBeGreaterThan(s.start);
          expect(out.text.slice(s.start, s.end)).toBe(lf(doc.text.slice(old.start, old.end)));
        }
        expect([...out.spans].sort(compareCorpusSpans)).toEqual(out.spans);
      }),
    );
  });

  it('moves each fragment of a discontinuous span, joining fragments that only a CR kept apart', () => {
    const text = 'one two\r\nthree four';
    const frag = (quote: string): [number, number] => [text.indexOf(quote), text.indexOf(quote) + quote.length];
    const apart: CorpusSpan = { ...spanAt(text, 'one', 'ORG', 'alice', 'p'), end: text.indexOf('four') + 4, fragments: [frag('one'), frag('four')] };
    // "two" ends at the CR; "\nthree" starts at the LF: only the CR is between them.
    const joined: CorpusSpan = { ...spanAt(text, 'two', 'ORG', 'alice', 'j'), end: text.indexOf('three') + 5, fragments: [frag('two'), frag('\nthree')] };
    const out = withLfLineBreaks({ id: 'f', text, spans: [apart, joined], labels: {}, meta: {} });
    const moved = new Map(out.spans.map((x) => [x.id, x]));
    expect(moved.get('p')?.fragments?.map(([a, b]) => out.text.slice(a, b))).toEqual(['one', 'four']);
    const one = moved.get('j');
    expect([one?.fragments, out.text.slice(one?.start, one?.end)]).toEqual([undefined, 'two\nthree']);
  });

  it('returns the document itself when it has no CR', () => {
    const { lf: doc } = pair();
    expect(withLfLineBreaks(doc)).toBe(doc);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OffsetIndex } from '@glossa/core';
import type { SpanAnnotation, TextDocument } from '@glossa/core';
import { fromW3CAnnotation, fromW3CDocumentLabel, GLOSSA_W3C_CONTEXT, toW3CAnnotation, toW3CDocumentLabel } from '../src/index.js';
import type { W3CAnnotation, W3CError, W3CTextTarget } from '../src/index.js';

// A corpus line with an astral emoji, a ZWJ sequence, a flag, an emoji with a
// skin-tone modifier, combining marks, right-to-left scripts and a CRLF.
const CORPUS_TEXT =
  'Ban 😀 all spam now.\r\n' +
  'The 👩‍👩‍👧 family and 👩🏽‍💻 coder saw the 🇲🇽 flag.\n' +
  'Cafe\u0301 con n\u0303 y Ame\u0301lie; "שָׁלוֹם" and "مرحبا" are RTL.\n' +
  'the army and the army again, then the navy.';

const DOC: TextDocument = { id: 'd1', text: CORPUS_TEXT };
const SOURCE = 'urn:doc:d1';

/** Code point offsets of `needle`'s `occurrence`-th match, computed with Array.from (independently of OffsetIndex). */
function codePointRange(text: string, needle: string, occurrence = 0): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`fixture: ${needle} not found`);
  const start = Array.from(text.slice(0, at)).length;
  return { start, end: start + Array.from(needle).length };
}

/** UTF-16 offsets from code point offsets, computed with Array.from. */
function utf16Range(text: string, cp: { start: number; end: number }): { start: number; end: number } {
  const points = Array.from(text);
  const start = points.slice(0, cp.start).join('').length;
  return { start, end: start + points.slice(cp.start, cp.end).join('').length };
}

function span(start: number, end: number, extra: Partial<SpanAnnotation> = {}): SpanAnnotation {
  return { id: 's1', start, end, label: 'HATE', author: 'alice', status: 'proposed', note: '', created: 1767607200000, source: 'human', ...extra };
}

function spanOf(text: string, needle: string, occurrence = 0, extra: Partial<SpanAnnotation> = {}): SpanAnnotation {
  const { start, end } = utf16Range(text, codePointRange(text, needle, occurrence));
  return span(start, end, extra);
}

function selectorsOf(annotation: W3CAnnotation): { start: number; end: number; exact: string; prefix: string | undefined; suffix: string | undefined } {
  if (Array.isArray(annotation.target)) throw new Error('expected the one target of a contiguous span');
  const [position, quote] = (annotation.target as W3CTextTarget).selector;
  return { start: position.start, end: position.end, exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix };
}

function expectSpan(result: ReturnType<typeof fromW3CAnnotation>): SpanAnnotation {
  if (!result.ok) throw new Error(`expected a span, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

function expectErrors(result: { ok: boolean; errors?: readonly W3CError[] }): readonly W3CError[] {
  if (result.ok || result.errors === undefined) throw new Error('expected errors');
  return result.errors;
}

describe('toW3CAnnotation', () => {
  it('writes the FORMATS.md §5 example: code point positions and a quote with context', () => {
    const text = 'Ban 😀 all spam now';
    const annotation = toW3CAnnotation(span(0, 10, { id: '8d3e0f5e-8f2b-4a51-9d43-2a7f0c1e9b11' }), { id: '42', text }, { source: 'urn:doc:42' });
    expect(annotation).toEqual({
      '@context': ['http://www.w3.org/ns/anno.jsonld', { glossa: 'urn:glossa:ns:' }],
      id: 'urn:uuid:8d3e0f5e-8f2b-4a51-9d43-2a7f0c1e9b11',
      type: 'Annotation',
      motivation: 'classifying',
      creator: { id: 'urn:glossa:annotator:alice', type: 'Person', nickname: 'alice' },
      created: '2026-01-05T10:00:00.000Z',
      body: [{ type: 'TextualBody', purpose: 'classifying', value: 'HATE' }],
      target: {
        source: 'urn:doc:42',
        selector: [
          { type: 'TextPositionSelector', start: 0, end: 9 },
          { type: 'TextQuoteSelector', exact: 'Ban 😀 all', prefix: '', suffix: ' spam now' },
        ],
      },
      'glossa:status': 'proposed',
      'glossa:source': 'human',
    });
  });

  it('carries the note as a commenting body, the status, and a Software creator for model spans', () => {
    const annotation = toW3CAnnotation(spanOf(CORPUS_TEXT, 'spam', 0, { note: 'obvious spam', status: 'accepted', source: 'model', author: 'tagger v1' }), DOC, {
      source: SOURCE,
      annotatorIri: (author) => `https://example.org/users/${encodeURIComponent(author)}`,
    });
    expect(annotation.body).toEqual([
      { type: 'TextualBody', purpose: 'classifying', value: 'HATE' },
      { type: 'TextualBody', purpose: 'commenting', value: 'obvious spam' },
    ]);
    expect(annotation['glossa:status']).toBe('accepted');
    expect(annotation['glossa:source']).toBe('model');
    expect(annotation.creator).toEqual({ id: 'https://example.org/users/tagger%20v1', type: 'Software', nickname: 'tagger v1' });
    expect(annotation['@context']).toBe(GLOSSA_W3C_CONTEXT);
  });

  it('keeps prefixLength code points of context, counting code points (not UTF-16 units or graphemes)', () => {
    const annotation = toW3CAnnotation(spanOf(CORPUS_TEXT, 'family'), DOC, { source: SOURCE, prefixLength: 5 });
    const { prefix, suffix } = selectorsOf(annotation);
    // The family emoji is five code points (three emoji joined by two ZWJs).
    expect(prefix).toBe('\u200d👩\u200d👧 ');
    expect(Array.from(prefix ?? '')).toHaveLength(5);
    expect(selectorsOf(toW3CAnnotation(spanOf(CORPUS_TEXT, 'family'), DOC, { source: SOURCE, prefixLength: 8 })).prefix).toBe('e 👩‍👩‍👧 ');
    expect(suffix).toBe(' and ');
  });

  it.each([
    ['a start inside a surrogate pair', 5, 8],
    ['an end past the text', 0, CORPUS_TEXT.length + 1],
    ['a reversed range', 8, 4],
    ['an empty range', 4, 4],
    ['a fractional offset', 1.5, 4],
  ])('throws RangeError for %s', (_name, start, end) => {
    expect(() => toW3CAnnotation(span(start, end), DOC, { source: SOURCE })).toThrow(RangeError);
  });

  it('throws RangeError for an offset index of another text', () => {
    expect(() => toW3CAnnotation(span(0, 3), DOC, { source: SOURCE, offsetIndex: new OffsetIndex('short') })).toThrow(RangeError);
  });
});

describe('round trip through W3C', () => {
  const needles: readonly [string, number][] = [
    ['Ban 😀 all', 0],
    ['😀', 0],
    ['👩‍👩‍👧', 0],
    ['👩🏽‍💻 coder', 0],
    ['🇲🇽', 0],
    ['Cafe\u0301', 0],
    ['n\u0303 y Ame\u0301lie', 0],
    ['שָׁלוֹם', 0],
    ['"مرحبا" are RTL.\n', 0],
    ['now.\r\nThe', 0],
    ['the army', 1],
    ['navy.', 0],
    [CORPUS_TEXT, 0],
  ];

  it.each(needles)('round-trips %j with code point positions', (needle, occurrence) => {
    const original = spanOf(CORPUS_TEXT, needle, occurrence, { id: `span-${needle.length}`, note: 'n', status: 'rejected' });
    const annotation = toW3CAnnotation(original, DOC, { source: SOURCE });
    const { start, end, exact, prefix, suffix } = selectorsOf(annotation);
    expect({ start, end }).toEqual(codePointRange(CORPUS_TEXT, needle, occurrence));
    expect(Array.from(CORPUS_TEXT).slice(start, end).join('')).toBe(exact);
    expect(exact).toBe(needle);
    expect(CORPUS_TEXT.endsWith(suffix ?? '') || CORPUS_TEXT.includes(exact + (suffix ?? ''))).toBe(true);
    expect(CORPUS_TEXT.includes((prefix ?? '') + exact)).toBe(true);
    const back = fromW3CAnnotation(JSON.parse(JSON.stringify(annotation)), DOC, { source: SOURCE });
    expect(expectSpan(back)).toEqual(original);
  });

  it('round-trips every code point range of the corpus (property)', () => {
    const points = Array.from(CORPUS_TEXT);
    const index = new OffsetIndex(CORPUS_TEXT);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: points.length - 1 }),
        fc.integer({ min: 1, max: points.length }),
        fc.constantFrom('proposed', 'accepted', 'rejected'),
        fc.string(),
        (a, length, status, note) => {
          const b = Math.min(points.length, a + length);
          const cp = { start: a, end: b };
          const u16 = utf16Range(CORPUS_TEXT, cp);
          const original = span(u16.start, u16.end, { status, note, id: `id ${a}/${b}` });
          const annotation = toW3CAnnotation(original, DOC, { source: SOURCE, offsetIndex: index });
          const selectors = selectorsOf(annotation);
          expect({ start: selectors.start, end: selectors.end }).toEqual(cp);
          expect(points.slice(cp.start, cp.end).join('')).toBe(selectors.exact);
          expect(selectors.prefix).toBe(points.slice(Math.max(0, cp.start - 32), cp.start).join(''));
          expect(selectors.suffix).toBe(points.slice(cp.end, cp.end + 32).join(''));
          expect(expectSpan(fromW3CAnnotation(JSON.parse(JSON.stringify(annotation)), DOC))).toEqual(original);
        },
      ),
    );
  });
});

describe('fromW3CAnnotation anchoring', () => {
  const ORIGINAL = 'Intro. The National Guard patrols the city. Closing words.';
  const original: TextDocument = { id: 'd', text: ORIGINAL };

  function annotate(needle: string, occurrence = 0): W3CAnnotation {
    return toW3CAnnotation(spanOf(ORIGINAL, needle, occurrence), original, { source: 'urn:doc:d' });
  }

  it('uses the position when the text there still equals the quote', () => {
    const result = expectSpan(fromW3CAnnotation(annotate('National Guard'), original));
    expect(ORIGINAL.slice(result.start, result.end)).toBe('National Guard');
    expect(result.start).toBe(ORIGINAL.indexOf('National Guard'));
  });

  it('re-anchors a quote moved by an edit before it', () => {
    const edited = 'A much longer 😀 introduction was written here. The National Guard patrols the city. Closing words.';
    const result = expectSpan(fromW3CAnnotation(annotate('National Guard'), { id: 'd', text: edited }));
    expect(result.start).toBe(edited.indexOf('National Guard'));
    expect(edited.slice(result.start, result.end)).toBe('National Guard');
  });

  it('re-anchors a quote whose typo was fixed, fuzzily', () => {
    const typo = 'Intro. The Natonal Gaurd patrols the city. Closing words.';
    const annotation = toW3CAnnotation(spanOf(typo, 'Natonal Gaurd'), { id: 'd', text: typo }, { source: 'urn:doc:d' });
    const fixed = 'Intro. The National Guard patrols the city. Closing words.';
    const result = expectSpan(fromW3CAnnotation(annotation, { id: 'd', text: fixed }));
    expect(fixed.slice(result.start, result.end)).toBe('National Guard');
  });

  it('reports a deleted quote as orphaned, with the quote and the annotation', () => {
    const edited = 'Intro. Closing words.';
    const errors = expectErrors(fromW3CAnnotation(annotate('National Guard'), { id: 'd', text: edited }));
    expect(errors).toHaveLength(1);
    const [error] = errors;
    if (error?.kind !== 'orphaned') throw new Error(`expected an orphaned error, got ${JSON.stringify(error)}`);
    expect(error.quote.exact).toBe('National Guard');
    expect(error.quote.prefix).toBe('Intro. The ');
    expect(error.position).toEqual({ start: 11, end: 25 });
    expect(error.annotation.label).toBe('HATE');
    expect(error.message).toContain('"National Guard" is no longer in the document');
  });

  it('resolves an ambiguous quote by its prefix and suffix', () => {
    const text = 'the army and the army again, then the navy.';
    const annotation = toW3CAnnotation(spanOf(text, 'the army', 1), { id: 'd', text }, { source: 'urn:doc:d' });
    // An edit shifts everything by 1 so the stored position no longer matches.
    const edited = 'Xthe army and the army again, then the navy.';
    const result = expectSpan(fromW3CAnnotation(annotation, { id: 'd', text: edited }));
    expect(result.start).toBe(edited.indexOf('the army', 2));
    // Without any position, only the context tells the two apart.
    const quoteOnly = { ...annotation, target: { source: 'urn:doc:d', selector: (annotation.target as W3CTextTarget).selector[1] } };
    expect(expectSpan(fromW3CAnnotation(quoteOnly, { id: 'd', text })).start).toBe(text.indexOf('the army', 1));
  });

  it('uses a position selector alone, converting code points to UTF-16', () => {
    const annotation = toW3CAnnotation(spanOf(CORPUS_TEXT, '🇲🇽 flag'), DOC, { source: SOURCE });
    const positionOnly = { ...annotation, target: { source: SOURCE, selector: (annotation.target as W3CTextTarget).selector[0] } };
    const result = expectSpan(fromW3CAnnotation(positionOnly, DOC));
    expect(CORPUS_TEXT.slice(result.start, result.end)).toBe('🇲🇽 flag');
  });

  it('re-anchors a quote whose position is past the end of a shortened text', () => {
    const annotation = annotate('Closing words');
    const edited = 'Closing words.';
    const result = expectSpan(fromW3CAnnotation(annotation, { id: 'd', text: edited }));
    expect([result.start, result.end]).toEqual([0, 13]);
  });
});

describe('fromW3CAnnotation bad input', () => {
  const good = toW3CAnnotation(spanOf(CORPUS_TEXT, 'spam'), DOC, { source: SOURCE });
  const goodJson = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
  const goodTarget = goodJson['target'] as Record<string, unknown>;
  const [position, quote] = goodTarget['selector'] as Record<string, unknown>[];

  function withTarget(selector: unknown, source: unknown = SOURCE): Record<string, unknown> {
    return { ...goodJson, target: { source, selector } };
  }

  const cases: readonly [string, unknown, string, string][] = [
    ['not an object', 'hello', '', 'expected an annotation (a JSON object), got the string "hello"'],
    ['an array', [goodJson], '', 'got an array'],
    ['null', null, '', 'got null'],
    ['a foreign @context', { ...goodJson, '@context': 'http://schema.org' }, '@context', 'expected "http://www.w3.org/ns/anno.jsonld"'],
    ['a missing type', { ...goodJson, type: undefined }, 'type', 'expected "Annotation", got nothing'],
    ['a missing id', { ...goodJson, id: undefined }, 'id', "expected the annotation's IRI"],
    ['an id that is a number', { ...goodJson, id: 7 }, 'id', 'got number 7'],
    ['no classifying body', { ...goodJson, body: [{ type: 'TextualBody', purpose: 'commenting', value: 'x' }] }, 'body', 'purpose "classifying"'],
    ['a label that is not a string', { ...goodJson, body: [{ type: 'TextualBody', purpose: 'classifying', value: 3 }] }, 'body[0].value', 'expected the label id as a non-empty string, got number 3'],
    ['a note that is not a string', { ...goodJson, body: [good.body[0], { type: 'TextualBody', purpose: 'commenting', value: {} }] }, 'body[1].value', 'expected the note as a string, got an object'],
    ['a bad status', { ...goodJson, 'glossa:status': 'done' }, 'glossa:status', 'expected one of proposed, accepted, rejected, got the string "done"'],
    ['a bad source', { ...goodJson, 'glossa:source': 'robot' }, 'glossa:source', 'expected human, model, import or model:<recommender>, got the string "robot"'],
    ['a bad created', { ...goodJson, created: 'yesterday' }, 'created', 'expected an ISO 8601 date-time'],
    ['a missing creator', { ...goodJson, creator: undefined }, 'creator', 'missing; expected an Agent'],
    ['a creator without id or nickname', { ...goodJson, creator: { type: 'Person' } }, 'creator', 'expected an Agent with a nickname or an id'],
    ['a document target', { ...goodJson, target: SOURCE }, 'target', 'fromW3CDocumentLabel'],
    ['a missing target', { ...goodJson, target: undefined }, 'target', 'expected a SpecificResource'],
    ['a target without source', { ...goodJson, target: { selector: [position, quote] } }, 'target.source', "expected the document's IRI"],
    ['a target of another document', withTarget([position, quote], 'urn:doc:other'), 'target.source', 'expected the document "urn:doc:d1", got "urn:doc:other"'],
    ['no selector', withTarget(undefined), 'target.selector', 'expected a TextPositionSelector or a TextQuoteSelector, got nothing'],
    ['only unknown selectors', withTarget([{ type: 'XPathSelector', value: '/p' }]), 'target.selector', 'expected a TextPositionSelector or a TextQuoteSelector'],
    ['a selector that is a string', withTarget(['x']), 'target.selector[0]', 'expected a selector object, got the string "x"'],
    ['a negative start', withTarget([{ ...position, start: -1 }]), 'target.selector[0].start', 'expected a non-negative integer (code points), got number -1'],
    ['a fractional end', withTarget([{ ...position, end: 2.5 }]), 'target.selector[0].end', 'got number 2.5'],
    ['a start given as a string', withTarget([{ ...position, start: '3' }]), 'target.selector[0].start', 'got the string "3"'],
    ['start after end', withTarget([{ ...position, start: 9, end: 4 }]), 'target.selector[0].end', '4 is before start 9'],
    ['a quote without exact', withTarget([{ type: 'TextQuoteSelector', prefix: 'a' }]), 'target.selector[0].exact', 'expected the quoted text as a string, got nothing'],
    ['a prefix that is a number', withTarget([{ ...quote, prefix: 5 }]), 'target.selector[0].prefix', 'expected a string, got number 5'],
    ['a position past the end and no quote', withTarget([{ ...position, start: 10, end: 999 }]), 'target.selector', `past the end of the text (${Array.from(CORPUS_TEXT).length} code points)`],
    ['an empty position and no quote', withTarget([{ ...position, start: 3, end: 3 }]), 'target.selector[0].end', '3 equals start; expected start < end (a span covers at least one character)'],
    ['an empty position and an empty quote', withTarget([{ ...position, start: 3, end: 3 }, { ...quote, exact: '' }]), 'target.selector[0].end', 'expected start < end'],
    ['an empty quote', withTarget([{ ...quote, exact: '' }]), 'target.selector[0].exact', 'is empty; expected the quoted text (at least one character)'],
  ];

  it.each(cases)('rejects %s, naming the field', (_name, json, field, message) => {
    const errors = expectErrors(fromW3CAnnotation(json, DOC, { source: SOURCE }));
    const match = errors.find((error) => error.field === field);
    expect(match, JSON.stringify(errors)).toBeDefined();
    expect(match?.kind).toBe('shape');
    expect(match?.message).toContain(message);
  });

  it('uses the defaults given for a missing creator and created time', () => {
    const result = expectSpan(fromW3CAnnotation({ ...goodJson, creator: undefined, created: undefined }, DOC, { defaultAuthor: 'importer', defaultCreated: 5 }));
    expect(result.author).toBe('importer');
    expect(result.created).toBe(5);
  });

  it('reads foreign annotations: plain IRIs, a single body without purpose, https context, defaults', () => {
    const foreign = {
      '@context': 'https://www.w3.org/ns/anno.jsonld',
      id: 'https://example.org/anno/1',
      type: 'Annotation',
      motivation: 'classifying',
      creator: 'https://example.org/users/bob',
      body: { type: 'TextualBody', value: 'SPAM' },
      target: { source: SOURCE, selector: { type: 'TextQuoteSelector', exact: 'all spam' } },
    };
    const result = expectSpan(fromW3CAnnotation(foreign, DOC));
    expect(result).toEqual({
      id: 'https://example.org/anno/1',
      start: 7,
      end: 15,
      label: 'SPAM',
      author: 'https://example.org/users/bob',
      status: 'proposed',
      note: '',
      created: 0,
      source: 'import',
    });
  });
});

describe('document labels', () => {
  it('writes a document label whose target is just the document IRI', () => {
    const annotation = toW3CDocumentLabel({ group: 'toxicity', value: 'TOXIC', author: 'alice', created: 0 }, { source: 'urn:doc:42' });
    expect(annotation).toEqual({
      '@context': GLOSSA_W3C_CONTEXT,
      id: 'urn:doc:42#glossa-label:alice:toxicity',
      type: 'Annotation',
      motivation: 'classifying',
      creator: { id: 'urn:glossa:annotator:alice', type: 'Person', nickname: 'alice' },
      created: '1970-01-01T00:00:00.000Z',
      body: [{ type: 'TextualBody', purpose: 'classifying', value: 'TOXIC' }],
      target: 'urn:doc:42',
      'glossa:status': 'proposed',
      'glossa:source': 'human',
      'glossa:group': 'toxicity',
    });
  });

  it.each([
    ['a single value', 'TOXIC'],
    ['several values', ['police', 'army']],
    ['a one-element list', ['army']],
  ])('round-trips %s', (_name, value) => {
    const label = { group: 'topic', value, author: 'bob', created: 1767607200000, status: 'accepted' as const, source: 'human' as const };
    const json = JSON.parse(JSON.stringify(toW3CDocumentLabel(label, { source: 'urn:doc:7' }))) as unknown;
    const back = fromW3CDocumentLabel(json, { source: 'urn:doc:7' });
    expect(back).toEqual({ ok: true, value: label });
  });

  const good = JSON.parse(JSON.stringify(toW3CDocumentLabel({ group: 'topic', value: 'army', author: 'bob', created: 0 }, { source: 'urn:doc:7' }))) as Record<string, unknown>;
  it.each([
    ['a span target', { ...good, target: { source: 'urn:doc:7', selector: { type: 'TextQuoteSelector', exact: 'x' } } }, 'target', "expected the document's IRI"],
    ['another document', good, 'target', 'expected the document "urn:doc:8"'],
    ['no group', { ...good, 'glossa:group': undefined }, 'glossa:group', 'expected the document-label group id'],
    ['a bad choice', { ...good, 'glossa:choice': 'many' }, 'glossa:choice', 'expected "single" or "multiple"'],
    ['no classifying body', { ...good, body: [] }, 'body', 'at least one TextualBody'],
    ['a value that is not a string', { ...good, body: [{ type: 'TextualBody', purpose: 'classifying', value: null }] }, 'body[0].value', 'got null'],
    ['two values without choice multiple', { ...good, body: [good['body'], good['body']].flat() }, 'body', 'single-choice'],
  ])('rejects %s, naming the field', (_name, json, field, message) => {
    const errors = expectErrors(fromW3CDocumentLabel(json, { source: json === good ? 'urn:doc:8' : 'urn:doc:7' }));
    const match = errors.find((error) => error.field === field);
    expect(match, JSON.stringify(errors)).toBeDefined();
    expect(match?.message).toContain(message);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSchema, validateDocumentLabels, validateSpans } from '@glossa/core';
import type { DocumentLabels, LabelSchema, SpanAnnotation, SpanError } from '@glossa/core';

/** 18 code points, 19 UTF-16 units: the emoji 😀 takes units 4 and 5. */
const TEXT = 'Ban 😀 all spam now';

function span(id: string, start: number, end: number, label = 'hate'): SpanAnnotation {
  return { id, start, end, label, author: 'alice', status: 'proposed', note: '', created: 0, source: 'human' };
}

function schemaFor(): LabelSchema {
  const result = parseSchema({
    version: 1,
    name: 'Moderation',
    labels: [
      { id: 'hate', name: 'Hate', description: 'Hateful text.', color: '#ff8c8c' },
      { id: 'spam', name: 'Spam', description: 'Unwanted ads.', color: '#f9e04b' },
    ],
    documentLabels: [
      { id: 'kind', name: 'Kind', choice: 'single', values: ['interview', 'news-brief'] },
      { id: 'country', name: 'Country', choice: 'multiple', values: ['mexico', 'peru'] },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

/** The fields of an error that identify it, without the message. */
function summary(error: SpanError): Record<string, unknown> {
  const { message: _message, ...rest } = error;
  return rest;
}

describe('validateSpans', () => {
  it('accepts valid spans, including ones that cover an emoji whole', () => {
    const spans = [span('a', 0, 9), span('b', 6, 14, 'spam'), span('c', 4, 6), span('d', 0, TEXT.length)];
    expect(validateSpans(TEXT, spans, schemaFor())).toEqual([]);
    expect(validateSpans(TEXT, [])).toEqual([]);
  });

  const cases: readonly { name: string; spans: SpanAnnotation[]; errors: Record<string, unknown>[]; message: RegExp }[] = [
    {
      name: 'start after the end of the text',
      spans: [span('a', 20, 21)],
      errors: [
        { kind: 'out-of-range', field: 'start', value: 20, textLength: 19, spanId: 'a', index: 0 },
        { kind: 'out-of-range', field: 'end', value: 21, textLength: 19, spanId: 'a', index: 0 },
      ],
      message: /^span "a" \(#0\): start 20 is outside the text; expected 0 ≤ start ≤ 19 \(the text's length in UTF-16 code units\)$/,
    },
    {
      name: 'negative start',
      spans: [span('ok', 0, 3), span('neg', -1, 3)],
      errors: [{ kind: 'out-of-range', field: 'start', value: -1, textLength: 19, spanId: 'neg', index: 1 }],
      message: /^span "neg" \(#1\): start -1 is outside the text; expected 0 ≤ start ≤ 19/,
    },
    {
      name: 'empty span',
      spans: [span('e', 3, 3)],
      errors: [{ kind: 'empty', offset: 3, spanId: 'e', index: 0 }],
      message: /^span "e" \(#0\): start and end are both 3, so it covers no text; expected start < end$/,
    },
    {
      name: 'reversed span',
      spans: [span('r', 9, 6)],
      errors: [{ kind: 'reversed', start: 9, end: 6, spanId: 'r', index: 0 }],
      message: /^span "r" \(#0\): start 9 is after end 6; expected start < end \(swap them\)$/,
    },
    {
      name: 'fractional offset',
      spans: [span('f', 1.5, 3)],
      errors: [{ kind: 'not-integer', field: 'start', value: 1.5, spanId: 'f', index: 0 }],
      message: /^span "f" \(#0\): start is 1\.5; expected an integer UTF-16 offset$/,
    },
    {
      name: 'NaN end',
      spans: [span('n', 1, Number.NaN)],
      errors: [{ kind: 'not-integer', field: 'end', value: Number.NaN, spanId: 'n', index: 0 }],
      message: /end is NaN; expected an integer/,
    },
    {
      name: 'start inside the emoji',
      spans: [span('s', 5, 9)],
      errors: [{ kind: 'splits-surrogate', field: 'start', offset: 5, spanId: 's', index: 0 }],
      message: /^span "s" \(#0\): start 5 falls inside a character made of a surrogate pair \(such as an emoji\); expected 4 or 6$/,
    },
    {
      name: 'end inside the emoji',
      spans: [span('s', 0, 5)],
      errors: [{ kind: 'splits-surrogate', field: 'end', offset: 5, spanId: 's', index: 0 }],
      message: /end 5 falls inside a character made of a surrogate pair/,
    },
    {
      name: 'unknown label',
      spans: [span('u', 0, 3, 'toxic')],
      errors: [{ kind: 'unknown-label', label: 'toxic', spanId: 'u', index: 0 }],
      message: /^span "u" \(#0\): the label "toxic" is not in the schema "Moderation"; expected one of its span labels$/,
    },
    {
      name: 'duplicate id',
      spans: [span('x', 0, 3), span('y', 4, 6), span('x', 7, 10)],
      errors: [{ kind: 'duplicate-id', firstIndex: 0, spanId: 'x', index: 2 }],
      message: /^span "x" \(#2\): the id is already used by span #0; expected ids unique within a layer$/,
    },
    {
      name: 'one fragment',
      spans: [{ ...span('f', 0, 3), fragments: [[0, 3]] }],
      errors: [{ kind: 'fragments', spanId: 'f', index: 0 }],
      message: /^span "f" \(#0\): fragments must hold at least two \[start, end\] pairs, got 1; leave fragments out for a contiguous span$/,
    },
    {
      name: 'touching fragments',
      spans: [{ ...span('f', 0, 9), fragments: [[0, 3], [3, 9]] }],
      errors: [{ kind: 'fragments', fragment: 1, spanId: 'f', index: 0 }],
      message: /^span "f" \(#0\): fragment 1 \[3, 9\) touches fragment 0; expected sorted fragments with text between them \(join touching ones\)$/,
    },
    {
      name: 'fragments out of order',
      spans: [{ ...span('f', 0, 14), fragments: [[7, 10], [0, 3], [11, 14]] }],
      errors: [{ kind: 'fragments', fragment: 1, spanId: 'f', index: 0 }],
      message: /fragment 1 \[0, 3\) overlaps fragment 0/,
    },
    {
      name: 'fragments that are not the covering span',
      spans: [{ ...span('f', 0, 14), fragments: [[0, 3], [7, 10]] }],
      errors: [{ kind: 'fragments', spanId: 'f', index: 0 }],
      message: /^span "f" \(#0\): fragments cover \[0, 10\) but the span is \[0, 14\); expected start and end to be the first fragment's start and the last fragment's end$/,
    },
    {
      name: 'an empty fragment',
      spans: [{ ...span('f', 0, 14), fragments: [[0, 3], [5, 5], [11, 14]] }],
      errors: [{ kind: 'fragments', fragment: 1, spanId: 'f', index: 0 }],
      message: /fragment 1 \[5, 5\) is empty or reversed; expected start < end/,
    },
    {
      name: 'a fragment ending inside the emoji',
      spans: [{ ...span('f', 0, 14), fragments: [[0, 5], [7, 14]] }],
      errors: [{ kind: 'fragments', fragment: 0, spanId: 'f', index: 0 }],
      message: /^span "f" \(#0\): fragment 0 has the offset 5 inside a character made of a surrogate pair \(such as an emoji\); expected 4 or 6$/,
    },
    {
      name: 'a score above 1',
      spans: [{ ...span('m', 0, 3), source: 'model:tagger', score: 1.5 }],
      errors: [{ kind: 'score', field: 'score', value: 1.5, spanId: 'm', index: 0 }],
      message: /^span "m" \(#0\): score is 1\.5; expected a number from 0 to 1$/,
    },
  ];

  it('accepts a discontinuous span and a scored model span', () => {
    const spans = [{ ...span('f', 0, 14), fragments: [[0, 3], [7, 10], [11, 14]] as const }, { ...span('m', 4, 6), source: 'model:tagger' as const, score: 0.8, modelVersion: 'v1' }];
    expect(validateSpans(TEXT, spans, schemaFor())).toEqual([]);
  });

  it.each(cases)('reports $name', ({ spans, errors, message }) => {
    const found = validateSpans(TEXT, spans, schemaFor());
    expect(found.map(summary)).toEqual(errors);
    expect(found[0]?.message).toMatch(message);
  });

  it('reports every problem of every span', () => {
    const found = validateSpans(TEXT, [span('a', 5, 5, 'nope'), span('a', 30, 2)], schemaFor());
    expect(found.map((error) => `${error.index}:${error.kind}`)).toEqual(['0:splits-surrogate', '0:splits-surrogate', '0:empty', '0:unknown-label', '1:duplicate-id', '1:out-of-range']);
  });

  it('does not check labels without a schema', () => {
    expect(validateSpans(TEXT, [span('a', 0, 3, 'anything')])).toEqual([]);
  });

  it.each([
    ['null entry', null, 'span', /^span #0: expected a span object with id, start, end and label, got null$/],
    ['string entry', 'a', 'span', /got the string "a"/],
    ['id that is a number', { id: 7, start: 0, end: 3, label: 'hate' }, 'id', /^span #0: expected a string id, got 7$/],
    ['missing label', { id: 'q', start: 0, end: 3 }, 'label', /^span "q" \(#0\): expected a string label, got nothing$/],
  ])('reports a malformed entry (%s) instead of throwing', (_name, entry, field, message) => {
    const found = validateSpans(TEXT, [entry] as unknown as SpanAnnotation[], schemaFor());
    const malformed = found.find((error) => error.kind === 'malformed');
    expect(malformed).toMatchObject({ kind: 'malformed', field, index: 0 });
    expect(malformed?.message).toMatch(message);
  });

  it('reports offsets that are not numbers as not-integer', () => {
    const found = validateSpans(TEXT, [{ ...span('t', 0, 3), start: '0' } as unknown as SpanAnnotation]);
    expect(found.map(summary)).toEqual([{ kind: 'not-integer', field: 'start', value: '0', spanId: 't', index: 0 }]);
    expect(found[0]?.message).toBe('span "t" (#0): start is the string "0"; expected an integer UTF-16 offset');
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.anything()), (text, spans) => {
        const found = validateSpans(text, spans as SpanAnnotation[]);
        for (const error of found) expect(error.message).toMatch(/^span /);
      }),
    );
  });

  it('accepts a span exactly when its offsets are in order and on code point boundaries', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', 'é', '😀', '👍🏽', '\n', '\u0301', '\u200d') });
    fc.assert(
      fc.property(text, fc.integer({ min: -2, max: 40 }), fc.integer({ min: -2, max: 40 }), (value, start, end) => {
        // Code point boundaries, computed independently of the validator.
        const boundaries = new Set<number>([0]);
        let offset = 0;
        for (const character of value) {
          offset += character.length;
          boundaries.add(offset);
        }
        const expectedValid = start < end && boundaries.has(start) && boundaries.has(end);
        const found = validateSpans(value, [span('a', start, end)]);
        expect(found.length === 0).toBe(expectedValid);
        const splitting = found.filter((error) => error.kind === 'splits-surrogate').map((error) => error.field);
        const expectedSplitting = (['start', 'end'] as const).filter((field) => {
          const at = field === 'start' ? start : end;
          return at >= 0 && at <= value.length && !boundaries.has(at);
        });
        expect(splitting).toEqual(expectedSplitting);
      }),
    );
  });
});

describe('validateDocumentLabels', () => {
  it('accepts allowed values, a one-element array for a single choice, and unanswered groups', () => {
    const schema = schemaFor();
    expect(validateDocumentLabels({ kind: 'interview', country: ['mexico', 'peru'] }, schema)).toEqual([]);
    expect(validateDocumentLabels({ kind: ['news-brief'] }, schema)).toEqual([]);
    expect(validateDocumentLabels({ country: [] }, schema)).toEqual([]);
    expect(validateDocumentLabels({}, schema)).toEqual([]);
  });

  const cases: readonly { name: string; labels: DocumentLabels; expected: Record<string, unknown>[]; message: RegExp }[] = [
    {
      name: 'unknown group',
      labels: { kinds: 'interview' },
      expected: [{ kind: 'unknown-group', group: 'kinds' }],
      message: /^document label group "kinds" is not in the schema; expected one of "kind", "country"$/,
    },
    {
      name: 'value not allowed',
      labels: { kind: 'editorial' },
      expected: [{ kind: 'value-not-allowed', group: 'kind', value: 'editorial' }],
      message: /^document label "kind": the string "editorial" is not allowed; expected one of "interview", "news-brief"$/,
    },
    {
      name: 'value not allowed in a multiple choice',
      labels: { country: ['mexico', 'chile'] },
      expected: [{ kind: 'value-not-allowed', group: 'country', value: 'chile' }],
      message: /the string "chile" is not allowed; expected one of "mexico", "peru"$/,
    },
    {
      name: 'several values for a single choice',
      labels: { kind: ['interview', 'news-brief'] },
      expected: [{ kind: 'several-values', group: 'kind', values: ['interview', 'news-brief'] }],
      message: /^document label "kind" is single-choice but has 2 values; expected exactly one of "interview", "news-brief"$/,
    },
    {
      name: 'a value listed twice',
      labels: { country: ['peru', 'peru'] },
      expected: [{ kind: 'duplicate-value', group: 'country', value: 'peru' }],
      message: /^document label "country": "peru" is listed twice; expected each value once$/,
    },
    {
      name: 'a value that is not a string',
      labels: { kind: 3 } as unknown as DocumentLabels,
      expected: [{ kind: 'value-not-allowed', group: 'kind', value: 3 }],
      message: /: 3 is not allowed; expected one of/,
    },
  ];

  it.each(cases)('reports $name', ({ labels, expected, message }) => {
    const found = validateDocumentLabels(labels, schemaFor());
    expect(found.map(({ message: _message, ...rest }) => rest)).toEqual(expected);
    expect(found[0]?.message).toMatch(message);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.anything()), (labels) => {
        validateDocumentLabels(labels as DocumentLabels, schemaFor());
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { formatSuggestIssue, likeNum, parsePatternFile, patternsRecommender, patternTokens, translatePythonRegex, wordShape, type PatternOverlaps, type StringAttribute } from '../src/index.js';

/** Runs a pattern file over a text and prints the suggestions as `label:text`. */
function run(file: string, text: string, options: { overlaps?: PatternOverlaps; phraseAttribute?: StringAttribute } = {}): string[] {
  const rules = parsePatternFile(file);
  if (!rules.ok) throw new Error(rules.errors.map(formatSuggestIssue).join('\n'));
  const recommender = patternsRecommender({ rules: rules.value, ...options });
  return recommender.predict(recommender.train([]), { id: 'd', text }).map((s) => `${s.label}:${text.slice(s.start, s.end)}`);
}

const lines = (...rules: object[]): string => rules.map((r) => JSON.stringify(r)).join('\n');

/**
 * Patterns and texts from spaCy's documentation ("Rule-based matching" usage
 * guide, its Matcher/EntityRuler/SpanRuler sections, and the spaCy course),
 * with the matches the documentation shows or states.
 */
const SPACY_EXAMPLES: { source: string; file: string; text: string; options?: { overlaps?: PatternOverlaps; phraseAttribute?: StringAttribute }; expected: string[] }[] = [
  {
    source: 'usage, Adding patterns: LOWER and IS_PUNCT',
    file: lines({ label: 'HelloWorld', pattern: [{ LOWER: 'hello' }, { IS_PUNCT: true }, { LOWER: 'world' }] }),
    text: 'Hello, world! Hello world!',
    expected: ['HelloWorld:Hello, world'],
  },
  {
    source: 'usage, Adding patterns: a second pattern without punctuation',
    file: lines({ label: 'HelloWorld', pattern: [{ LOWER: 'hello' }, { IS_PUNCT: true }, { LOWER: 'world' }] }, { label: 'HelloWorld', pattern: [{ LOWER: 'hello' }, { LOWER: 'world' }] }),
    text: 'Hello, world! Hello world!',
    expected: ['HelloWorld:Hello, world', 'HelloWorld:Hello world'],
  },
  {
    source: 'usage, Operators and quantifiers: an optional punctuation token (every match, as the Matcher returns them)',
    file: lines({ label: 'H', pattern: [{ LOWER: 'hello' }, { IS_PUNCT: true, OP: '?' }] }),
    text: 'Hello, world! Hello world!',
    options: { overlaps: 'all' },
    expected: ['H:Hello', 'H:Hello,', 'H:Hello'],
  },
  {
    source: 'usage, Regular expressions: spellings of "United States"',
    file: lines({ label: 'US', pattern: [{ TEXT: { REGEX: '^[Uu](\\.?|nited)$' } }, { TEXT: { REGEX: '^[Ss](\\.?|tates)$' } }, { LOWER: 'president' }] }),
    text: 'The United States president met the U. S. president and the u s President.',
    expected: ['US:United States president', 'US:U. S. president', 'US:u s President'],
  },
  {
    source: 'usage, Regular expressions: different spellings of a token (re.search)',
    file: lines({ label: 'DEFINITELY', pattern: [{ TEXT: { REGEX: 'deff?in[ia]tely' } }] }),
    text: 'I definitely will, and deffinately not indefinitely.',
    expected: ['DEFINITELY:definitely', 'DEFINITELY:deffinately', 'DEFINITELY:indefinitely'],
  },
  {
    source: 'usage, Extended pattern syntax: tokens of length >= 10',
    file: lines({ label: 'LONG', pattern: [{ LENGTH: { '>=': 10 } }] }),
    text: 'I suffered from Trichotillomania when I was in college.',
    expected: ['LONG:Trichotillomania'],
  },
  {
    source: 'usage, Wildcard token patterns: a user name',
    file: lines({ label: 'USER', pattern: [{ ORTH: 'User' }, { ORTH: 'name' }, { ORTH: ':' }, {}] }),
    text: 'User name: ada_99 logged in.',
    expected: ['USER:User name: ada_99'],
  },
  {
    source: 'usage, Example: phone numbers (SHAPE, optional "-")',
    file: lines({ label: 'PHONE_NUMBER', pattern: [{ ORTH: '(' }, { SHAPE: 'ddd' }, { ORTH: ')' }, { SHAPE: 'ddd' }, { ORTH: '-', OP: '?' }, { SHAPE: 'ddd' }] }),
    text: 'Call me at (123) 456 789 or (123) 456-789!',
    expected: ['PHONE_NUMBER:(123) 456 789', 'PHONE_NUMBER:(123) 456-789'],
  },
  {
    source: 'usage, Example: phone numbers, international German numbers (SHAPE with LENGTH)',
    file: lines({ label: 'PHONE', pattern: [{ ORTH: '+' }, { ORTH: '49' }, { ORTH: '(', OP: '?' }, { SHAPE: 'dddd' }, { ORTH: ')', OP: '?' }, { SHAPE: 'dddd', LENGTH: 6 }] }),
    text: 'Call +49 (1234) 567890 or +49 1234 5678.',
    expected: ['PHONE:+49 (1234) 567890'],
  },
  {
    source: 'usage, Example: hashtags and emoji',
    file: lines({ label: 'HAPPY', pattern: [{ ORTH: '😀' }] }, { label: 'HASHTAG', pattern: [{ ORTH: '#' }, { IS_ASCII: true }] }),
    text: 'Hello world 😀 #MondayMotivation',
    expected: ['HAPPY:😀', 'HASHTAG:#MondayMotivation'],
  },
  {
    source: 'usage, Adding on_match rules: Google I/O',
    file: lines({ label: 'EVENT', pattern: [{ ORTH: 'Google' }, { ORTH: 'I' }, { ORTH: '/' }, { ORTH: 'O' }] }),
    text: 'This is a text about Google I/O',
    expected: ['EVENT:Google I/O'],
  },
  {
    source: 'usage, Creating spans from matches: lowercase attribute names',
    file: lines({ label: 'PERSON', pattern: [{ lower: 'barack' }, { lower: 'obama' }] }),
    text: 'Barack Obama was the 44th president of the United States',
    expected: ['PERSON:Barack Obama'],
  },
  {
    source: 'usage, Entity Ruler: a phrase pattern and a token pattern',
    file: lines({ label: 'ORG', pattern: 'Apple' }, { label: 'GPE', pattern: [{ LOWER: 'san' }, { LOWER: 'francisco' }] }),
    text: 'Apple is opening its first big office in San Francisco.',
    expected: ['ORG:Apple', 'GPE:San Francisco'],
  },
  {
    source: 'usage, Adding IDs to patterns',
    file: lines({ label: 'ORG', pattern: 'Apple', id: 'apple' }, { label: 'GPE', pattern: [{ LOWER: 'san' }, { LOWER: 'francisco' }], id: 'san-francisco' }, { label: 'GPE', pattern: [{ LOWER: 'san' }, { LOWER: 'fran' }], id: 'san-francisco' }),
    text: 'Apple is opening its first big office in San Fran.',
    expected: ['ORG:Apple', 'GPE:San Fran'],
  },
  {
    source: 'usage, Entity Ruler: a phrase with punctuation',
    file: lines({ label: 'ORG', pattern: 'MyCorp Inc.' }),
    text: 'MyCorp Inc. is a company in the U.S.',
    expected: ['ORG:MyCorp Inc.'],
  },
  {
    source: 'usage, Efficient phrase matching',
    file: lines({ label: 'TerminologyList', pattern: 'Barack Obama' }, { label: 'TerminologyList', pattern: 'Angela Merkel' }, { label: 'TerminologyList', pattern: 'Washington, D.C.' }),
    text: 'German Chancellor Angela Merkel and US President Barack Obama converse in the Oval Office inside the White House in Washington, D.C.',
    expected: ['TerminologyList:Angela Merkel', 'TerminologyList:Barack Obama', 'TerminologyList:Washington, D.C.'],
  },
  {
    source: 'usage, Matching on other token attributes: LOWER',
    file: lines({ label: 'Names', pattern: 'Angela Merkel' }, { label: 'Names', pattern: 'Barack Obama' }),
    text: 'angela merkel and us president barack Obama',
    options: { phraseAttribute: 'LOWER' },
    expected: ['Names:angela merkel', 'Names:barack Obama'],
  },
  {
    source: 'usage, Matching on other token attributes: SHAPE of IP addresses',
    file: lines({ label: 'IP', pattern: '127.0.0.1' }, { label: 'IP', pattern: '127.127.0.0' }),
    text: 'Often the router will have an IP address such as 192.168.1.1 or 192.168.2.1.',
    options: { phraseAttribute: 'SHAPE' },
    expected: ['IP:192.168.1.1', 'IP:192.168.2.1'],
  },
  {
    source: 'usage, Regex and fuzzy matching with lists: REGEX NOT_IN',
    file: lines({ label: 'OTHER', pattern: [{ TEXT: { REGEX: { NOT_IN: ['^awe(some)?$', '^wonder(ful)?'] } } }] }),
    text: 'awesome wonderful great',
    expected: ['OTHER:great'],
  },
  {
    source: 'usage, Fuzzy matching: "favourite" and "theatre"',
    file: lines({ label: 'FAV', pattern: [{ TEXT: { FUZZY: 'favorite' } }, { TEXT: { FUZZY: 'theater' } }] }),
    text: 'my favourite theatre, my favorite theater',
    expected: ['FAV:favourite theatre', 'FAV:favorite theater'],
  },
  {
    source: 'usage, Regex and fuzzy matching with lists: FUZZY IN',
    file: lines({ label: 'NICE', pattern: [{ TEXT: { FUZZY: { IN: ['awesome', 'cool', 'wonderful'] } } }] }),
    text: 'an awsome and kool day',
    expected: ['NICE:awsome', 'NICE:kool'],
  },
  {
    source: 'spaCy course, chapter 1: IS_DIGIT, LOWER and IS_PUNCT',
    file: lines({ label: 'FIFA', pattern: [{ IS_DIGIT: true }, { LOWER: 'fifa' }, { LOWER: 'world' }, { LOWER: 'cup' }, { IS_PUNCT: true }] }),
    text: 'Upcoming iPhone X release date leaked. 2018 FIFA World Cup: France won!!!',
    expected: ['FIFA:2018 FIFA World Cup:'],
  },
  {
    source: 'spaCy course, chapter 1: TEXT and IS_DIGIT',
    file: lines({ label: 'IOS', pattern: [{ TEXT: 'iOS' }, { IS_DIGIT: true }] }),
    text: 'After making the iOS update you won\'t notice a radical system-wide redesign: nothing like the aesthetic upheaval we got with iOS 7. Most of iOS 11\'s furniture remains the same as in iOS 10.',
    expected: ['IOS:iOS 7', 'IOS:iOS 11', 'IOS:iOS 10'],
  },
];

describe('patterns: spaCy’s documented examples', () => {
  it.each(SPACY_EXAMPLES)('$source', ({ file, text, options, expected }) => {
    expect(run(file, text, options)).toEqual(expected);
  });
});

describe('patterns: quantifiers and negation', () => {
  const text = 'very very very good, not good, good';
  it.each([
    [{ LOWER: 'very', OP: '+' }, 'longest-per-label', ['Q:very very very']],
    [{ LOWER: 'very', OP: '{2}' }, 'all', ['Q:very very', 'Q:very very']],
    [{ LOWER: 'very', OP: '{2,}' }, 'all', ['Q:very very', 'Q:very very very', 'Q:very very']],
    [{ LOWER: 'very', OP: '{,2}' }, 'all', ['Q:very', 'Q:very very', 'Q:very', 'Q:very very', 'Q:very']],
    [{ LOWER: 'very', OP: '*' }, 'longest', ['Q:very very very']],
  ] as const)('%o (%s)', (spec, overlaps, expected) => {
    expect(run(lines({ label: 'Q', pattern: [spec] }), text, { overlaps })).toEqual(expected);
  });

  it('"!" is one token for which the tests do not hold', () => {
    expect(run(lines({ label: 'N', pattern: [{ LOWER: 'not', OP: '!' }, { LOWER: 'good' }] }), text, { overlaps: 'all' })).toEqual(['N:very good', 'N:, good']);
  });

  it('never returns a zero-length match', () => {
    expect(run(lines({ label: 'Z', pattern: [{ LOWER: 'nothing', OP: '*' }] }), text, { overlaps: 'all' })).toEqual([]);
  });

  it('resolves overlaps per label by default, across labels like the EntityRuler, or not at all like a SpanRuler', () => {
    const file = lines({ label: 'CITY', pattern: 'San Francisco' }, { label: 'CITY', pattern: 'Francisco Bay' }, { label: 'PLACE', pattern: 'Francisco Bay Area' });
    const text = 'San Francisco Bay Area';
    expect(run(file, text)).toEqual(['CITY:San Francisco', 'PLACE:Francisco Bay Area']);
    expect(run(file, text, { overlaps: 'longest' })).toEqual(['PLACE:Francisco Bay Area']);
    expect(run(file, text, { overlaps: 'all' })).toEqual(['CITY:San Francisco', 'CITY:Francisco Bay', 'PLACE:Francisco Bay Area']);
  });

  it('tests IS_SENT_START, SPACY and IS_TITLE on the text’s own tokens', () => {
    const text = 'Police came. Police went home. The Police left.';
    expect(run(lines({ label: 'S', pattern: [{ IS_SENT_START: true, IS_TITLE: true }, { SPACY: true }] }), text)).toEqual(['S:Police went', 'S:The Police']);
  });
});

describe('patterns: scores learned from annotated documents', () => {
  it('scores a rule by the share of its matches that are annotated, smoothed toward the prior', () => {
    const rules = parsePatternFile(lines({ label: 'ORG', pattern: 'Apple' }, { label: 'ORG', pattern: [{ LOWER: 'pear' }] }));
    if (!rules.ok) throw new Error('rules');
    const recommender = patternsRecommender({ rules: rules.value, priorScore: 0.5, priorWeight: 2 });
    const text = 'Apple and Apple and pear.';
    const model = recommender.train([{ document: { id: 'a', text }, spans: [{ start: 0, end: 5, label: 'ORG' }] }]);
    expect(model.evidence).toEqual([
      [2, 1],
      [1, 0],
    ]);
    const scores = recommender.predict(model, { id: 'b', text: 'Apple, pear' }).map((s) => s.score);
    expect(scores).toEqual([(1 + 1) / (2 + 2), (0 + 1) / (1 + 2)]);
    expect(structuredClone(model)).toEqual(model);
  });
});

describe('parsePatternFile: every unsupported or bad key is reported with its line', () => {
  it('reports spaCy keys that need a model, custom attributes and unknown attributes', () => {
    const file = [
      lines({ label: 'X', pattern: [{ LEMMA: { IN: ['like', 'love'] } }, { POS: 'NOUN', LENGTH: { '>=': 10 } }] }),
      lines({ label: 'HelloWorld', pattern: [{ LOWER: 'hello' }, { IS_PUNCT: true }, { CASEINSENSITIVE: 'world' }] }),
      lines({ label: 'M', pattern: [{ MORPH: { IS_SUBSET: ['Number=Sing', 'Gender=Neut'] } }] }),
      lines({ label: 'C', pattern: [{ _: { country: { REGEX: '^U' } } }] }),
      '',
      lines({ label: 'R', pattern: [{ REGEX: 'x' }] }),
    ].join('\n');
    const result = parsePatternFile(file, { file: 'rules.jsonl' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(formatSuggestIssue)).toEqual([
      'rules.jsonl:1: pattern[0].LEMMA: unsupported token attribute: lemmas need a lemmatizer',
      'rules.jsonl:1: pattern[1].POS: unsupported token attribute: part-of-speech tags need a trained tagger',
      'rules.jsonl:2: pattern[2].CASEINSENSITIVE: unsupported token attribute',
      'rules.jsonl:3: pattern[0].MORPH: unsupported token attribute: morphology needs a trained morphologizer',
      'rules.jsonl:4: pattern[0]._: unsupported token attribute: custom extension attributes belong to a spaCy pipeline',
      'rules.jsonl:6: pattern[0].REGEX: unsupported token attribute: REGEX is a predicate of an attribute: write {"TEXT": {"REGEX": "…"}}',
    ]);
  });

  it('reports bad values, operators, predicates, lines and top-level keys', () => {
    const file = [
      '{"label": "A", "pattern": [{"LOWER": 3}]}',
      '{"label": "A", "pattern": [{"IS_DIGIT": "yes"}]}',
      '{"label": "A", "pattern": [{"LOWER": "a", "OP": "{3,1}"}]}',
      '{"label": "A", "pattern": [{"LENGTH": {"REGEX": "1"}}]}',
      '{"label": "A", "pattern": [{"LOWER": {"MATCHES": "a"}}]}',
      '{"label": "A", "pattern": [{"TEXT": {"REGEX": "(?x) a # verbose"}}]}',
      '{"label": "A", "pattern": []}',
      '{"pattern": "x"}',
      '{"label": "A", "pattern": "x", "score": 1}',
      '{"label": "A", "pattern": ',
      '{"label": "UNKNOWN", "pattern": "x"}',
    ].join('\n');
    const result = parsePatternFile(file, { labels: new Set(['A']) });
    if (result.ok) throw new Error('expected issues');
    expect(result.errors.map(formatSuggestIssue)).toEqual([
      '<input>:1: pattern[0].LOWER: expected a string or a dictionary of predicates (REGEX, IN, NOT_IN, …)',
      '<input>:2: pattern[0].IS_DIGIT: expected true or false',
      '<input>:3: pattern[0].OP: expected one of !, ?, +, *, 1, {n}, {n,m}, {n,}, {,m} (n ≤ m)',
      '<input>:4: pattern[0].LENGTH.REGEX: expected ==, !=, >=, <=, >, <, IN, NOT_IN, IS_SUBSET, IS_SUPERSET or INTERSECTS for a number',
      '<input>:5: pattern[0].LOWER.MATCHES: unknown predicate; expected REGEX, IN, NOT_IN, IS_SUBSET, IS_SUPERSET, INTERSECTS or FUZZY',
      '<input>:6: pattern[0].TEXT.REGEX: the inline flag (?x) has no JavaScript equivalent',
      '<input>:7: pattern: expected at least one token dictionary',
      '<input>:8: label: expected a non-empty string',
      '<input>:9: score: unsupported key; a pattern line has "label", "pattern" and "id"',
      expect.stringMatching(/^<input>:10: not valid JSON: /),
      '<input>:11: label: unknown label "UNKNOWN"; expected one of A',
    ]);
  });
});

describe('pattern tokens', () => {
  it('split English clitics and keep abbreviations whole, as spaCy does', () => {
    const text = "Mexico's mayor didn't say U.S. or D.C., e.g. J. Smith can't.";
    expect(patternTokens(text).map((t) => t.text)).toEqual(['Mexico', "'s", 'mayor', 'did', "n't", 'say', 'U.S.', 'or', 'D.C.', ',', 'e.g.', 'J.', 'Smith', 'ca', "n't", '.']);
    for (const t of patternTokens(text)) expect(text.slice(t.start, t.end)).toBe(t.text);
  });
});

describe('token attributes as spaCy computes them', () => {
  it.each([
    ['Apple', 'Xxxxx'],
    ['1999', 'dddd'],
    ['Hello12345', 'Xxxxxdddd'],
    ['C3PO-2000', 'XdXX-dddd'],
    ['U.S.', 'X.X.'],
    ['naïve', 'xxxx'],
    ['😀', '😀'],
    ['x'.repeat(100), 'LONG'],
  ])('shape of %s is %s', (text, shape) => expect(wordShape(text)).toBe(shape));

  it.each([
    ['10', true],
    ['10,000', true],
    ['3.14', true],
    ['-5', true],
    ['1/2', true],
    ['ten', true],
    ['Million', true],
    ['third', true],
    ['21st', true],
    ['1/2/3', false],
    ['ten-ish', false],
    ['abc', false],
  ])('like_num(%s) is %s', (text, expected) => expect(likeNum(text)).toBe(expected));
});

describe('Python regular expressions', () => {
  const matches = (pattern: string, text: string): boolean => {
    const t = translatePythonRegex(pattern);
    if (!t.ok) throw new Error(t.message);
    return new RegExp(t.source, `${t.flags}u`).test(text);
  };
  it.each([
    ['(?i)CAT', 'a cat', true],
    ['^\\w+$', 'café', true],
    ['^\\d+$', '٣٤', true],
    ['^a{,2}$', 'aa', true],
    ['^a{,2}$', 'aaa', false],
    ['a{b', 'xa{b', true],
    ['^\\_x\\Z', '_x', true],
    ['(?P<q>a)(?P=q)', 'aa', true],
    ['\\bgrün\\b', 'das grün ist', true],
    ['\\bgr\\b', 'grün', false],
    ['[]a]', ']', true],
    ['\\U0001F600', '😀', true],
  ])('%s on %s is %s', (pattern, text, expected) => expect(matches(pattern, text)).toBe(expected));

  it.each(['(?x)a', '\\N{DASH}', '(?>a)', 'a++', '[\\W]', '(?a)x'])('refuses %s rather than change its meaning', (pattern) => {
    expect(translatePythonRegex(pattern).ok).toBe(false);
  });
});

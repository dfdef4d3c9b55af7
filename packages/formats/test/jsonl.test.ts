import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LabelSchema } from '@glossa/core';
import { formatIssue, parseJsonl, parseJsonlLine, serializeJsonl, serializeJsonlLine } from '@glossa/formats';
import type { CorpusDocument, CorpusRelation, CorpusSpan, FormatIssue } from '@glossa/formats';

const CANONICAL = readFileSync(new URL('./fixtures/canonical.jsonl', import.meta.url), 'utf8');

const SCHEMA: LabelSchema = {
  version: 1,
  name: 'test',
  textColor: '#000000',
  groups: [],
  labels: [
    { id: 'hate', name: 'Hate', description: 'Hateful speech.', color: '#ff0000' },
    { id: 'spam', name: 'Spam', description: 'Unsolicited advertising.', color: '#00ff00' },
  ],
  documentLabels: [
    { id: 'toxicity', name: 'Toxicity', choice: 'single', values: ['toxic', 'clean'] },
    { id: 'topics', name: 'Topics', choice: 'multiple', values: ['police', 'army'] },
  ],
  relationLabels: [
    { id: 'answers', name: 'Answers', description: 'Spam answering hate.', directed: true, sourceLabels: ['spam'], targetLabels: ['hate'], color: '#ffc6ff' },
    { id: 'same-as', name: 'Same as', description: 'Two mentions of one thing.', directed: false, color: '#bdb2ff' },
  ],
};

async function collect(lines: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const line of lines) out += line;
  return out;
}

function parsed(line: string, options: Parameters<typeof parseJsonlLine>[2] = {}): CorpusDocument {
  const result = parseJsonlLine(line, 1, options);
  if (!result.ok) throw new Error(`expected a document, got ${result.errors.map(formatIssue).join('; ')}`);
  return result.value;
}

function spanText(doc: CorpusDocument, id: string, layer: string): string {
  const span = doc.spans.find((s) => s.id === id && s.layer === layer);
  if (span === undefined) throw new Error(`no span ${id} in ${layer}`);
  return doc.text.slice(span.start, span.end);
}

describe('the canonical fixture', () => {
  it('parses without issues and serializes back to the same bytes', async () => {
    const { documents, issues } = parseJsonl(CANONICAL, { file: 'canonical.jsonl' });
    expect(issues).toEqual([]);
    expect(documents.map((d) => d.id)).toEqual(['d1', 'd2 ünïcode', 'd3']);
    const written = await collect(serializeJsonl(documents));
    expect(Buffer.from(written, 'utf8').equals(Buffer.from(CANONICAL, 'utf8'))).toBe(true);
    expect(written).toBe(CANONICAL);
  });

  it('converts code point offsets to UTF-16 across emoji, ZWJ sequences, combining marks, RTL and CRLF', () => {
    const [d1, d2] = parseJsonl(CANONICAL).documents;
    if (d1 === undefined || d2 === undefined) throw new Error('fixture has fewer documents');
    expect(spanText(d1, 'a1', 'alice')).toBe('Ban 😀 all');
    expect(spanText(d1, 'b1', 'bob')).toBe('Ban');
    expect(spanText(d1, 'a2', 'alice')).toBe('all spam');
    expect(spanText(d1, 'g1', 'gold')).toBe('Ban 😀 all');
    expect(spanText(d2, 's1', 'shared')).toBe('Guardia Nacional');
    expect(spanText(d2, 's3', 'carol')).toBe('Medelli\u0301n.\r\nEl');
    expect(spanText(d2, 's4', 'alice')).toBe('👩🏽\u200d💼');
    expect(spanText(d2, 's5', 'bob')).toBe('alcalde 👩🏽\u200d💼 dijo');
    expect(spanText(d2, 's7', 'alice')).toBe('שָׁלוֹם עֲלֵיכֶם');
    expect(spanText(d2, 's8', 'bob')).toBe('مرحبا بكم 🇲🇽');
    expect(spanText(d2, 's9', 'shared')).toBe('🇲🇽');
    expect(spanText(d2, 's10', 'carol')).toBe('Cafe\u0301');
  });

  it('maps annotators to layers, fills defaults and keeps document labels per layer', () => {
    const [d1, d2, d3] = parseJsonl(CANONICAL, { created: 1234 }).documents;
    expect(d1?.spans.find((s) => s.id === 'a2')).toEqual({
      id: 'a2',
      start: 7,
      end: 15,
      label: 'SPAM',
      author: 'alice',
      status: 'proposed',
      note: 'obvious 😀 spam',
      created: 1234,
      source: 'import',
      layer: 'alice',
    });
    expect(d1?.spans.find((s) => s.id === 'g1')).toMatchObject({ layer: 'gold', author: 'carol' });
    expect(d2?.spans.find((s) => s.id === 's1')).toMatchObject({ layer: 'shared', author: 'alice' });
    expect(new Set(d1?.spans.map((s) => s.layer))).toEqual(new Set(['alice', 'bob', 'carol', 'gold']));
    expect(d1?.labels).toEqual({ shared: { toxicity: 'TOXIC' }, alice: { toxicity: 'TOXIC' }, bob: { toxicity: 'CLEAN' }, carol: { topics: ['hate', 'spam'] } });
    expect(d2?.labels).toEqual({ shared: { language: 'es', topics: ['security', 'public-order'] } });
    expect(d3?.labels).toEqual({ bob: { language: 'es' } });
    expect(d3?.meta).toEqual({ words: 7 });
    expect(d3?.spans).toEqual([]);
  });
});

describe('parseJsonlLine', () => {
  it('gives spans without an id a deterministic id and puts spans without annotator in the shared layer', () => {
    const doc = parsed('{"id":"doc","text":"abc def","spans":[{"start":4,"end":7,"label":"x"},{"start":0,"end":3,"label":"y","annotator":"ann"}]}');
    expect(doc.spans.map((s) => [s.id, s.layer, s.author, s.status, s.note, s.created, s.source])).toEqual([
      ['doc:1', 'ann', 'ann', 'proposed', '', 0, 'import'],
      ['doc:0', 'shared', 'shared', 'proposed', '', 0, 'import'],
    ]);
    expect(doc.labels).toEqual({});
    expect(doc.meta).toEqual({});
  });

  it('sorts spans canonically: start, end, layer, label, id', () => {
    const doc = parsed(
      '{"id":"d","text":"abcdef","spans":[' +
        '{"id":"z","start":2,"end":4,"label":"a"},{"id":"b","start":0,"end":4,"label":"b","annotator":"bob"},' +
        '{"id":"a","start":0,"end":4,"label":"b","annotator":"bob"},{"id":"c","start":0,"end":4,"label":"a","annotator":"bob"},' +
        '{"id":"d","start":0,"end":4,"label":"a","annotator":"alice"},{"id":"e","start":0,"end":2,"label":"z"}]}',
    );
    expect(doc.spans.map((s) => s.id)).toEqual(['e', 'd', 'c', 'a', 'b', 'z']);
  });

  it('keeps a CRLF inside the text as it is', () => {
    const line = JSON.stringify({ id: 'crlf', text: 'one\r\ntwo 😀\r\n', spans: [{ id: 's', start: 3, end: 10, label: 'x' }] });
    const doc = parsed(line);
    expect(doc.text).toBe('one\r\ntwo 😀\r\n');
    expect(doc.text.slice(doc.spans[0]?.start, doc.spans[0]?.end)).toBe('\r\ntwo 😀');
    expect(serializeJsonlLine(doc)).toBe(line);
    expect(serializeJsonlLine(doc)).toContain('"one\\r\\ntwo 😀\\r\\n"');
  });

  it('accepts spans and labels the schema defines', () => {
    const doc = parsed('{"id":"d","text":"hate","spans":[{"start":0,"end":4,"label":"hate"}],"labels":{"toxicity":"toxic"},"annotatorLabels":{"al":{"topics":["army","police"]}}}', {
      schema: SCHEMA,
    });
    expect(doc.spans).toHaveLength(1);
    expect(doc.labels).toEqual({ shared: { toxicity: 'toxic' }, al: { topics: ['army', 'police'] } });
  });

  it('names the file, line and field, as formatIssue prints them', () => {
    const text = `${'x'.repeat(50)}😀😀`;
    const line = JSON.stringify({ id: 'd', text, spans: [{ start: 0, end: 1, label: 'a' }, { start: 3, end: 57, label: 'a' }] });
    const result = parseJsonlLine(line, 3, { file: 'corpus.jsonl' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(formatIssue)).toEqual(['corpus.jsonl:3: spans[1].end: 57 is past the end of the text (52 code points)']);
  });

  const BAD_LINES: readonly [string, string, string | undefined, string][] = [
    ['invalid JSON', '{"id":"d","text":', undefined, 'invalid JSON'],
    ['a trailing comma', '{"id":"d","text":"a",}', undefined, 'expected one JSON object per line'],
    ['an array', '[1,2]', undefined, 'expected a JSON object with "id" and "text", got an array'],
    ['a string', '"text"', undefined, 'got the string "text"'],
    ['null', 'null', undefined, 'got null'],
    ['a missing text', '{"id":"d"}', 'text', 'expected the document text as a string, got nothing'],
    ['a text that is a number', '{"id":"d","text":5}', 'text', 'got number 5'],
    ['a missing id', '{"text":"a"}', 'id', 'expected the document id as a non-empty string, got nothing'],
    ['an id that is a number', '{"id":7,"text":"a"}', 'id', 'got number 7'],
    ['an empty id', '{"id":"","text":"a"}', 'id', 'got the string ""'],
    ['an unknown field', '{"id":"d","text":"a","span":[]}', 'span', 'unknown field; expected one of id, text, spans, relations, labels, annotatorLabels, meta'],
    ['spans that are not an array', '{"id":"d","text":"a","spans":{}}', 'spans', 'expected an array of spans, got an object'],
    ['a span that is not an object', '{"id":"d","text":"a","spans":[3]}', 'spans[0]', 'expected a span object with start, end and label, got number 3'],
    ['start after end', '{"id":"d","text":"abcdef","spans":[{"start":4,"end":2,"label":"a"}]}', 'spans[0].end', '2 is before start 4; expected start < end'],
    ['an empty span', '{"id":"d","text":"abcdef","spans":[{"start":2,"end":2,"label":"a"}]}', 'spans[0].end', 'empty span (start = end = 2); expected start < end'],
    ['an end past the text', '{"id":"d","text":"a😀b","spans":[{"start":0,"end":4,"label":"a"}]}', 'spans[0].end', '4 is past the end of the text (3 code points)'],
    ['a start past the text', '{"id":"d","text":"ab","spans":[{"start":3,"end":4,"label":"a"}]}', 'spans[0].start', '3 is past the end of the text (2 code points)'],
    ['a negative offset', '{"id":"d","text":"abc","spans":[{"start":-1,"end":2,"label":"a"}]}', 'spans[0].start', '-1 is negative; expected a non-negative integer (code points)'],
    ['a fractional offset', '{"id":"d","text":"abc","spans":[{"start":0,"end":1.5,"label":"a"}]}', 'spans[0].end', 'expected a non-negative integer (code points), got number 1.5'],
    ['an offset given as a string', '{"id":"d","text":"abc","spans":[{"start":"0","end":1,"label":"a"}]}', 'spans[0].start', 'got the string "0"'],
    ['a missing offset', '{"id":"d","text":"abc","spans":[{"end":1,"label":"a"}]}', 'spans[0].start', 'missing; expected a non-negative integer'],
    ['a missing label', '{"id":"d","text":"abc","spans":[{"start":0,"end":1}]}', 'spans[0].label', 'expected the label id as a non-empty string, got nothing'],
    ['a bad status', '{"id":"d","text":"abc","spans":[{"start":0,"end":1,"label":"a","status":"done"}]}', 'spans[0].status', 'expected one of proposed, accepted, rejected, got the string "done"'],
    ['a note that is not a string', '{"id":"d","text":"abc","spans":[{"start":0,"end":1,"label":"a","note":1}]}', 'spans[0].note', 'expected a string, got number 1'],
    ['an empty annotator', '{"id":"d","text":"abc","spans":[{"start":0,"end":1,"label":"a","annotator":""}]}', 'spans[0].annotator', 'expected a non-empty string'],
    ['a span id that is a number', '{"id":"d","text":"abc","spans":[{"id":1,"start":0,"end":1,"label":"a"}]}', 'spans[0].id', 'expected a non-empty string, got number 1'],
    ['an unknown span field', '{"id":"d","text":"abc","spans":[{"start":0,"end":1,"label":"a","labels":["b"]}]}', 'spans[0].labels', 'unknown field; expected one of id, start, end, fragments, label'],
    [
      'a duplicate span id in one layer',
      '{"id":"d","text":"abc","spans":[{"id":"s","start":0,"end":1,"label":"a"},{"id":"s","start":1,"end":2,"label":"a","annotator":"x"},{"id":"s","start":1,"end":3,"label":"a"}]}',
      'spans[2].id',
      'duplicate span id "s" in layer "shared" (first at spans[0])',
    ],
    ['a generated id that collides', '{"id":"d","text":"abc","spans":[{"id":"d:1","start":0,"end":1,"label":"a"},{"start":1,"end":2,"label":"a"}]}', 'spans[1].id', 'duplicate span id "d:1"'],
    ['labels that are an array', '{"id":"d","text":"abc","labels":["TOXIC"]}', 'labels', 'expected an object mapping document-label groups to a value or a list of values, got an array'],
    ['a label value that is a number', '{"id":"d","text":"abc","labels":{"toxicity":1}}', 'labels.toxicity', 'expected a non-empty string or an array of non-empty strings, got number 1'],
    ['a label list with a non-string', '{"id":"d","text":"abc","labels":{"topics":["a",2]}}', 'labels.topics', 'got an array'],
    ['annotatorLabels that are a string', '{"id":"d","text":"abc","annotatorLabels":"alice"}', 'annotatorLabels', 'expected an object mapping annotators'],
    ['an annotator label value that is null', '{"id":"d","text":"abc","annotatorLabels":{"alice":{"toxicity":null}}}', 'annotatorLabels.alice.toxicity', 'got null'],
    ['annotatorLabels for the shared layer', '{"id":"d","text":"abc","annotatorLabels":{"shared":{"toxicity":"x"}}}', 'annotatorLabels.shared', 'go in "labels"'],
    ['meta that is an array', '{"id":"d","text":"abc","meta":[]}', 'meta', 'expected an object, got an array'],
    ['one fragment', '{"id":"d","text":"abcdef","spans":[{"start":0,"end":2,"fragments":[[0,2]],"label":"a"}]}', 'spans[0].fragments', 'fragments must hold at least two [start, end] pairs, got 1'],
    ['touching fragments', '{"id":"d","text":"abcdef","spans":[{"start":0,"end":4,"fragments":[[0,2],[2,4]],"label":"a"}]}', 'spans[0].fragments[1]', 'fragment 1 [2, 4) touches fragment 0'],
    ['fragments off the covering span', '{"id":"d","text":"a😀bcdef","spans":[{"start":0,"end":6,"fragments":[[0,2],[3,5]],"label":"a"}]}', 'spans[0].fragments', 'fragments cover [0, 5) but the span is [0, 6)'],
    ['an unknown source', '{"id":"d","text":"abc","spans":[{"start":0,"end":1,"label":"a","source":"robot"}]}', 'spans[0].source', 'expected human, model, import or model:<recommender>, got the string "robot"'],
    ['a score above 1', '{"id":"d","text":"abc","spans":[{"start":0,"end":1,"label":"a","source":"model:t","score":2}]}', 'spans[0].score', 'expected a number from 0 to 1, got number 2'],
    ['relations that are not an array', '{"id":"d","text":"abc","relations":{}}', 'relations', 'expected an array of relations, got an object'],
    ['a relation without a label', '{"id":"d","text":"abc","spans":[{"id":"s","start":0,"end":1,"label":"a"},{"id":"t","start":1,"end":2,"label":"a"}],"relations":[{"from":"s","to":"t"}]}', 'relations[0].label', 'expected the relation label id as a non-empty string, got nothing'],
    ['a dangling relation', '{"id":"d","text":"abc","spans":[{"id":"s","start":0,"end":1,"label":"a"}],"relations":[{"id":"r","from":"s","to":"t","label":"cites"}]}', 'relations[0].to', 'to "t" is no span of layer "shared", so the relation is dangling'],
    [
      "a relation to another layer's span",
      '{"id":"d","text":"abc","spans":[{"id":"s","start":0,"end":1,"label":"a"},{"id":"t","start":1,"end":2,"label":"a","annotator":"bob"}],"relations":[{"id":"r","from":"s","to":"t","label":"cites"}]}',
      'relations[0].to',
      'is no span of layer "shared"',
    ],
    ['a duplicate relation id', '{"id":"d","text":"abc","spans":[{"id":"s","start":0,"end":1,"label":"a"},{"id":"t","start":1,"end":2,"label":"a"}],"relations":[{"id":"r","from":"s","to":"t","label":"c"},{"id":"r","from":"t","to":"s","label":"c"}]}', 'relations[1].id', 'the id is already used by relation #0'],
    ['a direction that is a string', '{"id":"d","text":"abc","spans":[{"id":"s","start":0,"end":1,"label":"a"},{"id":"t","start":1,"end":2,"label":"a"}],"relations":[{"from":"s","to":"t","label":"c","directed":"no"}]}', 'relations[0].directed', 'expected true or false'],
    ['an unknown relation field', '{"id":"d","text":"abc","relations":[{"from":"s","to":"t","label":"c","type":"x"}]}', 'relations[0].type', 'unknown field; expected one of id, from, to, label, directed, annotator'],
  ];

  it.each(BAD_LINES)('reports %s', (_name, line, field, message) => {
    const result = parseJsonlLine(line, 7, { file: 'bad.jsonl' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.errors.find((e) => e.field === field);
    expect(issue, JSON.stringify(result.errors)).toBeDefined();
    expect(issue?.message).toContain(message);
    expect(issue?.file).toBe('bad.jsonl');
    expect(issue?.line).toBe(7);
  });

  const BAD_WITH_SCHEMA: readonly [string, string, string, string][] = [
    ['an unknown span label', '{"id":"d","text":"abc","spans":[{"start":0,"end":1,"label":"HATE"}]}', 'spans[0].label', `unknown label "HATE"; expected one of the schema's span labels (hate, spam)`],
    ['an unknown document-label group', '{"id":"d","text":"abc","labels":{"mood":"calm"}}', 'labels.mood', 'is not in the schema'],
    ['a value the group does not allow', '{"id":"d","text":"abc","annotatorLabels":{"bob":{"toxicity":"TOXIC"}}}', 'annotatorLabels.bob.toxicity', 'is not allowed'],
    ['two values for a single-choice group', '{"id":"d","text":"abc","labels":{"toxicity":["toxic","clean"]}}', 'labels.toxicity', 'single-choice'],
    ['an unknown relation label', '{"id":"d","text":"abc","spans":[{"id":"s","start":0,"end":1,"label":"hate"},{"id":"t","start":1,"end":2,"label":"spam"}],"relations":[{"id":"r","from":"s","to":"t","label":"causes"}]}', 'relations[0].label', 'the label "causes" is not a relation label of the schema "test"; expected one of "answers", "same-as"'],
    ['ends the relation label does not allow', '{"id":"d","text":"abc","spans":[{"id":"s","start":0,"end":1,"label":"hate"},{"id":"t","start":1,"end":2,"label":"spam"}],"relations":[{"id":"r","from":"s","to":"t","label":"answers"}]}', 'relations[0]', '"answers" joins "spam" to "hate", not "hate" to "spam"'],
    ['a direction the relation label does not have', '{"id":"d","text":"abc","spans":[{"id":"s","start":0,"end":1,"label":"hate"},{"id":"t","start":1,"end":2,"label":"spam"}],"relations":[{"id":"r","from":"s","to":"t","label":"same-as"}]}', 'relations[0].directed', 'directed is true but "same-as" is undirected; expected false'],
  ];

  it.each(BAD_WITH_SCHEMA)('reports %s when a schema is given', (_name, line, field, message) => {
    expect(parseJsonlLine(line, 1).ok).toBe(true);
    const result = parseJsonlLine(line, 1, { schema: SCHEMA });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.errors.find((e) => e.field === field);
    expect(issue, JSON.stringify(result.errors)).toBeDefined();
    expect(issue?.message).toContain(message);
  });

  it('reports every problem of a line, not only the first', () => {
    const result = parseJsonlLine('{"id":3,"text":"ab","spans":[{"start":-1,"end":9,"label":""}]}', 1);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual(['id', 'spans[0].label', 'spans[0].start', 'spans[0].end']);
  });
});

describe('parseJsonl', () => {
  it('skips blank lines, numbers lines from 1 and collects the issues of every line', () => {
    const text = ['{"id":"a","text":"x"}', '', '{"id":"b","text":5}', '   ', '{"id":"a","text":"y"}', 'oops', '{"id":"c","text":"z"}', ''].join('\n');
    const { documents, issues } = parseJsonl(text, { file: 'corpus.jsonl' });
    expect(documents.map((d) => [d.id, d.text])).toEqual([
      ['a', 'x'],
      ['c', 'z'],
    ]);
    expect(issues.map((i: FormatIssue) => [i.line, i.field])).toEqual([
      [3, 'text'],
      [5, 'id'],
      [6, undefined],
    ]);
    expect(formatIssue(issues[1] as FormatIssue)).toBe('corpus.jsonl:5: id: duplicate document id "a" (first on line 1); expected each document once');
  });

  it('reads files with CRLF line endings and a byte order mark', () => {
    const { documents, issues } = parseJsonl('\uFEFF{"id":"a","text":"x\\r\\ny"}\r\n{"id":"b","text":"z"}\r\n');
    expect(issues).toEqual([]);
    expect(documents.map((d) => d.text)).toEqual(['x\r\ny', 'z']);
  });

  it('returns nothing for an empty file', () => {
    expect(parseJsonl('')).toEqual({ documents: [], issues: [] });
  });
});

describe('serializeJsonlLine', () => {
  const doc: CorpusDocument = {
    id: 'd',
    text: 'a😀bc',
    spans: [
      span({ id: 'x', start: 3, end: 5, label: 'L', layer: 'bob', author: 'bob' }),
      span({ id: 'y', start: 0, end: 3, label: 'L', layer: 'shared', author: 'alice', status: 'accepted', note: 'n' }),
      span({ id: 'z', start: 1, end: 3, label: 'M', layer: 'alice', author: 'alice' }),
    ],
    labels: { shared: { t: 'v' }, bob: { t: ['u', 'w'] }, alice: {}, carol: { a: 'b' } },
    meta: { z: 1, a: { y: [{ q: 1, b: 2 }], b: null } },
  };

  it('writes code points, keys in a fixed order and defaults left out', () => {
    expect(serializeJsonlLine(doc)).toBe(
      '{"id":"d","text":"a😀bc","spans":[' +
        '{"id":"y","start":0,"end":2,"label":"L","author":"alice","status":"accepted","note":"n"},' +
        '{"id":"z","start":1,"end":2,"label":"M","annotator":"alice"},' +
        '{"id":"x","start":2,"end":4,"label":"L","annotator":"bob"}],' +
        '"labels":{"t":"v"},"annotatorLabels":{"bob":{"t":["u","w"]},"carol":{"a":"b"}},' +
        '"meta":{"a":{"b":null,"y":[{"b":2,"q":1}]},"z":1}}',
    );
  });

  it('writes only the layers asked for, and labels only when asked', () => {
    expect(serializeJsonlLine(doc, { layers: ['bob'] })).toBe('{"id":"d","text":"a😀bc","spans":[{"id":"x","start":2,"end":4,"label":"L","annotator":"bob"}],"annotatorLabels":{"bob":{"t":["u","w"]}},"meta":{"a":{"b":null,"y":[{"b":2,"q":1}]},"z":1}}');
    expect(serializeJsonlLine({ ...doc, meta: {} }, { layers: ['shared'], includeLabels: false })).toBe(
      '{"id":"d","text":"a😀bc","spans":[{"id":"y","start":0,"end":2,"label":"L","author":"alice","status":"accepted","note":"n"}]}',
    );
  });

  it('throws RangeError for a span that splits a surrogate pair or leaves the text', () => {
    expect(() => serializeJsonlLine({ ...doc, spans: [span({ start: 2, end: 3 })] })).toThrow(RangeError);
    expect(() => serializeJsonlLine({ ...doc, spans: [span({ start: 0, end: 9 })] })).toThrow(/span "s"/);
  });
});

describe('serializeJsonl', () => {
  it('streams one line per document from sync and async iterables', async () => {
    const docs = parseJsonl(CANONICAL).documents;
    async function* slowly(): AsyncGenerator<CorpusDocument> {
      for (const d of docs) {
        await Promise.resolve();
        yield d;
      }
    }
    const lines: string[] = [];
    for await (const line of serializeJsonl(slowly())) lines.push(line);
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.endsWith('}\n') && l.indexOf('\n') === l.length - 1)).toBe(true);
    expect(lines.join('')).toBe(CANONICAL);
    expect(await collect(serializeJsonl(docs))).toBe(CANONICAL);
    expect(await collect(serializeJsonl([]))).toBe('');
  });
});

describe('round trip (property)', () => {
  const unit = fc.constantFrom('a', 'b', ' ', '\n', '\r\n', '😀', 'e\u0301', '👩\u200d💻', 'ש', '🇲🇽', '"', '\\', '\u2028');
  const layer = fc.constantFrom('shared', 'alice', 'bob', 'gold');
  const labelValue = fc.oneof(fc.string({ minLength: 1, maxLength: 5 }), fc.array(fc.string({ minLength: 1, maxLength: 5 }), { maxLength: 3 }));
  const documentArb = fc
    .record({
      id: fc.string({ minLength: 1, maxLength: 8 }),
      points: fc.array(unit, { minLength: 1, maxLength: 30 }),
      spans: fc.array(
        fc.record({
          a: fc.nat(),
          b: fc.nat(),
          layer,
          label: fc.constantFrom('HATE', 'SPAM', 'x'),
          author: fc.option(fc.constantFrom('alice', 'bob', 'carol'), { nil: undefined }),
          status: fc.constantFrom('proposed', 'accepted', 'rejected'),
          note: fc.oneof(fc.constant(''), fc.string({ unit }), fc.string()),
          split: fc.boolean(),
          source: fc.constantFrom('import', 'human', 'model', 'model:tagger'),
          score: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
          modelVersion: fc.option(fc.string({ minLength: 1, maxLength: 4 }), { nil: undefined }),
        }),
        { maxLength: 8 },
      ),
      relations: fc.array(
        fc.record({ from: fc.nat(7), to: fc.nat(7), label: fc.constantFrom('cites', 'same-as'), directed: fc.boolean(), status: fc.constantFrom('proposed', 'accepted'), note: fc.constantFrom('', 'why') }),
        { maxLength: 5 },
      ),
      labels: fc.dictionary(layer, fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), labelValue, { maxKeys: 3 }), { maxKeys: 3 }),
      meta: fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 4 }),
    })
    .map(({ id, points, spans, relations, labels, meta }): CorpusDocument => {
      const text = points.join('');
      const cps = Array.from(text);
      const utf16 = (cp: number): number => cps.slice(0, cp).join('').length;
      const corpusSpans = spans.flatMap((s, i): CorpusSpan[] => {
        const start = s.a % cps.length;
        const end = start + 1 + (s.b % (cps.length - start));
        // A span of three code points or more may be two fragments: its first and its last code point.
        const fragments = s.split && end - start >= 3 ? { fragments: [[utf16(start), utf16(start + 1)], [utf16(end - 1), utf16(end)]] as const } : {};
        const model = { ...(s.score === undefined ? {} : { score: s.score }), ...(s.modelVersion === undefined ? {} : { modelVersion: s.modelVersion }) };
        return [{ id: `s${i}`, start: utf16(start), end: utf16(end), ...fragments, label: s.label, author: s.author ?? s.layer, status: s.status, note: s.note, created: 0, source: s.source, ...model, layer: s.layer }];
      });
      const corpusRelations = relations.flatMap((r, i): CorpusRelation[] => {
        const from = corpusSpans[r.from];
        const to = corpusSpans[r.to];
        if (from === undefined || to === undefined || from === to || from.layer !== to.layer) return [];
        return [{ id: `r${i}`, from: from.id, to: to.id, label: r.label, directed: r.directed, author: from.layer, status: r.status, note: r.note, created: 0, source: 'human', layer: from.layer }];
      });
      const nonEmptyLabels = Object.fromEntries(Object.entries(labels).filter(([, l]) => Object.keys(l).length > 0));
      return { id, text, spans: corpusSpans, ...(corpusRelations.length === 0 ? {} : { relations: corpusRelations }), labels: nonEmptyLabels, meta };
    });

  it('parse(serialize(doc)) gives the document back, and serializing is idempotent', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const line = serializeJsonlLine(doc);
        expect(line).not.toMatch(/\n/);
        const back = parsed(line);
        const relations = doc.relations === undefined ? {} : { relations: [...doc.relations].sort((x, y) => cmp(x.layer, y.layer) || cmp(x.id, y.id)) };
        expect(back).toEqual({ ...doc, spans: [...doc.spans].sort((x, y) => x.start - y.start || x.end - y.end || cmp(x.layer, y.layer) || cmp(x.label, y.label) || cmp(x.id, y.id)), ...relations });
        expect(serializeJsonlLine(back)).toBe(line);
      }),
    );
  });

  it('writes the bytes JSON.stringify gives for the canonical object, whatever the strings hold', () => {
    const odd = fc.string({ unit: fc.constantFrom('a', 'shared', '"', '\\', '\n', '\u0000', '\ud800', '😀', '\u2028'), minLength: 1, maxLength: 3 });
    const names = fc.array(fc.tuple(odd, odd, odd, fc.option(odd, { nil: undefined })), { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(documentArb, names, (doc, renamed) => {
        const spans = doc.spans.map((s, i): CorpusSpan => {
          const [id, label, layer, author] = renamed[i] as [string, string, string, string | undefined];
          return { ...s, id: `${id}${i}`, label, layer, author: author ?? layer };
        });
        const codePoint = (utf16: number): number => Array.from(doc.text.slice(0, utf16)).length;
        const sorted = [...spans].sort((x, y) => x.start - y.start || x.end - y.end || cmp(x.layer, y.layer) || cmp(x.label, y.label) || cmp(x.id, y.id));
        const reference = {
          id: doc.id,
          text: doc.text,
          spans: sorted.map((s) => ({
            id: s.id,
            start: codePoint(s.start),
            end: codePoint(s.end),
            ...(s.fragments === undefined ? {} : { fragments: s.fragments.map(([a, b]) => [codePoint(a), codePoint(b)]) }),
            label: s.label,
            ...(s.layer === 'shared' ? {} : { annotator: s.layer }),
            ...(s.author === s.layer ? {} : { author: s.author }),
            ...(s.status === 'proposed' ? {} : { status: s.status }),
            ...(s.note === '' ? {} : { note: s.note }),
            ...(s.source === 'import' ? {} : { source: s.source }),
            ...(s.score === undefined ? {} : { score: s.score }),
            ...(s.modelVersion === undefined ? {} : { modelVersion: s.modelVersion }),
          })),
        };
        expect(serializeJsonlLine({ ...doc, spans, relations: undefined, meta: {} }, { includeLabels: false })).toBe(JSON.stringify(reference));
      }),
    );
  });
});

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function span(fields: Partial<CorpusSpan>): CorpusSpan {
  return { id: 's', start: 0, end: 1, label: 'L', author: 'a', status: 'proposed', note: '', created: 0, source: 'import', layer: 'shared', ...fields };
}

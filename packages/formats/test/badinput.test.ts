import { describe, expect, it } from 'vitest';
import type { ImportInput } from '../src/index.js';
import { formatIssue, getFormat } from '../src/index.js';
import { schema } from './corpus.js';
import { inputOf } from './helpers.js';

const invalidUtf8 = new Uint8Array([0x6f, 0x6b, 0x20, 0xc3, 0x28, 0x0a]);
const big = 'x'.repeat(2000);

/** [format, case, input, expected message pattern] */
const cases: [string, string, ImportInput, RegExp][] = [
  ['jsonl', 'truncated line', inputOf({ 'c.jsonl': '{"id":"d1","text":"abc","spans":[' }), /c\.jsonl:1/],
  ['jsonl', 'invalid UTF-8', inputOf({ 'c.jsonl': invalidUtf8 }), /c\.jsonl: invalid UTF-8 at byte offset 3/],
  ['jsonl', 'offset past the text', inputOf({ 'c.jsonl': '{"id":"d1","text":"abc","spans":[{"start":0,"end":9,"label":"HATE"}]}' }), /spans\[0\]\.end/],
  ['jsonl', 'unknown label', inputOf({ 'c.jsonl': '{"id":"d1","text":"abc","spans":[{"start":0,"end":2,"label":"NOPE"}]}' }), /NOPE/],
  ['jsonl', 'duplicate ids', inputOf({ 'c.jsonl': '{"id":"d1","text":"a"}\n{"id":"d1","text":"b"}' }), /c\.jsonl:2: id: duplicate document id/],
  ['jsonl', 'over the size limit', inputOf({ 'c.jsonl': big }), /over the import limit of 1000 bytes/],
  ['doccano', 'truncated line', inputOf({ 'alice.jsonl': '{"text":"abc","label":[[0,' }), /alice\.jsonl:1: not valid JSON/],
  ['doccano', 'invalid UTF-8', inputOf({ 'alice.jsonl': invalidUtf8 }), /byte offset 3/],
  ['doccano', 'offset past the text', inputOf({ 'alice.jsonl': '{"text":"abc","label":[[0,4,"HATE"]]}' }), /alice\.jsonl:1: label\[0\]: end 4 is past the end of the text \(3 code points\)/],
  ['doccano', 'unknown label', inputOf({ 'alice.jsonl': '{"text":"abc","label":[[0,2,"NOPE"]]}' }), /unknown label 'NOPE': expected one of HATE, SPAM/],
  ['doccano', 'duplicate ids', inputOf({ 'alice.jsonl': '{"id":1,"text":"a"}\n{"id":1,"text":"a"}' }), /alice\.jsonl:2: id: duplicate document id '1'/],
  ['doccano', 'start after end', inputOf({ 'alice.jsonl': '{"text":"abc","label":[[2,1,"HATE"]]}' }), /expected 0 ≤ start < end/],
  ['brat', 'offset past the text', inputOf({ 'd.txt': 'a😀b', 'd.ann': 'T1\tHATE 0 4\ta😀b' }), /d\.ann:1: offsets: end 4 is past the end of the text \(3 code points\)/],
  ['brat', 'quote mismatch', inputOf({ 'd.txt': 'a😀b', 'd.ann': 'T1\tHATE 0 2\tab' }), /d\.ann:1: text: text 'ab' does not match the text at the offsets: 'a😀'/],
  ['brat', 'unknown label', inputOf({ 'd.txt': 'abc', 'd.ann': 'T1\tNOPE 0 2\tab' }), /unknown label 'NOPE'/],
  ['brat', 'duplicate ids', inputOf({ 'd.txt': 'abc', 'd.ann': 'T1\tHATE 0 2\tab\nT1\tHATE 0 1\ta' }), /d\.ann:2: id: duplicate annotation id 'T1'/],
  ['brat', 'truncated line', inputOf({ 'd.txt': 'abc', 'd.ann': 'T1\tHATE 0' }), /d\.ann:1: data: expected 'LABEL start end/],
  ['brat', 'missing .txt', inputOf({ 'd.ann': 'T1\tHATE 0 1\ta' }), /no d\.txt beside it/],
  ['brat', 'invalid UTF-8', inputOf({ 'd.txt': invalidUtf8 }), /d\.txt: invalid UTF-8 at byte offset 3/],
  ['w3c', 'quote not in the text', inputOf({ 'texts/d.txt': 'a😀b', 'p.jsonld': JSON.stringify({ type: 'AnnotationPage', items: [ann('x', 0, 2, 'ab')] }) }), /p\.jsonld: record x: target: the quote "ab" is no longer in the document/],
  ['w3c', 'offset past the text, no quote', inputOf({ 'texts/d.txt': 'abc', 'p.jsonld': JSON.stringify({ type: 'AnnotationPage', items: [ann('x', 0, 9)] }) }), /record x: target\.selector: position \[0, 9\) is past the end of the text \(3 code points\)/],
  ['w3c', 'no selector a position or quote', inputOf({ 'texts/d.txt': 'abc', 'p.jsonld': JSON.stringify({ type: 'AnnotationPage', items: [{ ...ann('x', 0, 1, 'a'), target: { source: 'urn:glossa:p:d', selector: [] } }] }) }), /record x: target\.selector: expected a TextPositionSelector or a TextQuoteSelector/],
  ['w3c', 'no label body', inputOf({ 'texts/d.txt': 'abc', 'p.jsonld': JSON.stringify({ type: 'AnnotationPage', items: [{ ...ann('x', 0, 1, 'a'), body: [] }] }) }), /record x: body: expected a TextualBody with purpose "classifying"/],
  ['w3c', 'unknown status', inputOf({ 'texts/d.txt': 'abc', 'p.jsonld': JSON.stringify({ type: 'AnnotationPage', items: [{ ...ann('x', 0, 1, 'a'), 'glossa:status': 'maybe' }] }) }), /record x: glossa:status: expected one of proposed, accepted, rejected/],
  ['w3c', 'unknown document label', inputOf({ 'texts/d.txt': 'abc', 'p.jsonld': JSON.stringify({ type: 'AnnotationPage', items: [docLabel('toxicity', 'NOPE')] }) }), /record l: glossa:group: .*NOPE/],
  ['w3c', 'document label without a group, its value in no group', inputOf({ 'texts/d.txt': 'abc', 'p.jsonld': JSON.stringify({ type: 'AnnotationPage', items: [{ ...docLabel('toxicity', 'NOPE'), 'glossa:group': undefined }] }) }), /record l: body: unknown document label 'NOPE': expected one of TOXIC/],
  ['w3c', 'document label with an empty group', inputOf({ 'texts/d.txt': 'abc', 'p.jsonld': JSON.stringify({ type: 'AnnotationPage', items: [{ ...docLabel('toxicity', 'TOXIC'), 'glossa:group': '' }] }) }), /record l: glossa:group: expected the document-label group id/],
  ['w3c', 'unknown label', inputOf({ 'texts/d.txt': 'abc', 'p.jsonld': JSON.stringify({ type: 'AnnotationPage', items: [ann('x', 0, 1, 'a', 'NOPE')] }) }), /unknown label 'NOPE'/],
  ['w3c', 'duplicate ids', inputOf({ 'texts/d.txt': 'abc', 'p.jsonld': JSON.stringify({ type: 'AnnotationPage', items: [ann('x', 0, 1, 'a'), ann('x', 1, 2, 'b')] }) }), /record x: id: duplicate annotation id/],
  ['w3c', 'truncated', inputOf({ 'texts/d.txt': 'abc', 'p.jsonld': '{"type":"AnnotationPage","items":[' }), /p\.jsonld: not valid JSON/],
  ['w3c', 'no text for the source', inputOf({ 'p.jsonld': JSON.stringify({ type: 'AnnotationPage', items: [ann('x', 0, 1, 'a')] }) }), /no text for document 'd': expected texts\/d\.txt/],
  ['labelstudio', 'truncated', inputOf({ 't.json': '[{"data":' }), /t\.json: not valid JSON/],
  ['labelstudio', 'offset past the text', inputOf({ 't.json': JSON.stringify([lsTask(0, 7, 'HATE')]) }), /record 0: annotations\[0\]\.result\[0\]\.value\.end: end 7 is past the end of the text \(3 code points\)/],
  ['labelstudio', 'unknown label', inputOf({ 't.json': JSON.stringify([lsTask(0, 1, 'NOPE')]) }), /unknown label 'NOPE'/],
  ['labelstudio', 'duplicate ids', inputOf({ 't.json': JSON.stringify([lsTask(0, 1, 'HATE'), lsTask(0, 1, 'HATE')]) }), /record 1: data\.doc_id: duplicate document id 'd'/],
  ['labelstudio', 'quote mismatch', inputOf({ 't.json': JSON.stringify([lsTask(0, 2, 'HATE', 'zz')]) }), /value\.text: 'zz' does not match the text at \[0, 2\): 'a😀'/],
  ['conll', 'unknown label', inputOf({ 'x.conll': 'a -X- _ B-NOPE\n' }), /x\.conll:1: tag: unknown label 'NOPE'/],
  ['conll', 'bad tag', inputOf({ 'x.conll': 'a -X- _ Q-HATE\n' }), /x\.conll:1: tag: tag 'Q-HATE': expected O or B-/],
  ['conll', 'truncated line', inputOf({ 'x.conll': 'a -X- _ O\nb\n' }), /x\.conll:2: expected at least two columns/],
  ['conll', 'invalid UTF-8', inputOf({ 'x.conll': invalidUtf8 }), /byte offset 3/],
  ['conll', "annotators' files disagree on a document", inputOf({ 'c.alice.conll': 'Ban -X- _ O\n', 'c.bob.conll': 'Bin -X- _ O\n' }), /c\.bob\.conll:1: document c-1 has other tokens than in c\.alice\.conll: expected the same documents in the same order/],
  ['conll', 'one annotator in two files', inputOf({ 'a/c.alice.conll': 'Ban -X- _ O\n', 'b/c.alice.conll': 'Ban -X- _ O\n' }), /b\/c\.alice\.conll:1: document c-1 of layer 'alice' is also in a\/c\.alice\.conll: expected one file per annotator/],
  ['webanno', 'offsets not matching the token', inputOf({ 'd.tsv': '#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|label\n\n\n#Text=ab\n1-1\t0-3\tab\t_\n' }), /d\.tsv:6: offsets: token 'ab' has 2 UTF-16 units but offsets 0-3/],
  ['webanno', 'unknown label', inputOf({ 'd.tsv': '#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|label\n\n\n#Text=ab\n1-1\t0-2\tab\tNOPE\n' }), /d\.tsv:6: label: unknown label 'NOPE'/],
  ['webanno', 'not WebAnno', inputOf({ 'd.tsv': 'hello\n' }), /d\.tsv:1: expected '#FORMAT=WebAnno TSV 3\.3'/],
  ['webanno', 'truncated row', inputOf({ 'd.tsv': '#FORMAT=WebAnno TSV 3.3\n\n\n#Text=ab\n1-1\t0-2\n' }), /d\.tsv:5: expected 'sentence-token/],
  ['txt', 'invalid UTF-8', inputOf({ 'a.txt': invalidUtf8 }), /a\.txt: invalid UTF-8 at byte offset 3/],
  ['txt', 'over the size limit', inputOf({ 'a.txt': big }), /a\.txt: file is 2000 bytes, over the import limit/],
  ['txt', 'duplicate ids', inputOf({ 'a/x.txt': 'a', 'b/x.txt': 'b' }), /duplicate document id 'x'/],
  ['html', 'invalid UTF-8', inputOf({ 'a.html': invalidUtf8 }), /byte offset 3/],
];

function ann(id: string, start: number, end: number, exact?: string, label = 'HATE'): object {
  const quote = exact === undefined ? [] : [{ type: 'TextQuoteSelector', exact }];
  return {
    id,
    type: 'Annotation',
    body: { type: 'TextualBody', purpose: 'classifying', value: label },
    target: { source: 'urn:glossa:p:d', selector: [{ type: 'TextPositionSelector', start, end }, ...quote] },
  };
}

function docLabel(group: string, value: string): object {
  return { id: 'l', type: 'Annotation', motivation: 'classifying', body: { type: 'TextualBody', purpose: 'classifying', value }, target: 'urn:glossa:p:d', 'glossa:group': group };
}

function lsTask(start: number, end: number, label: string, text?: string): object {
  return { id: 1, data: { text: 'a😀b', doc_id: 'd' }, annotations: [{ completed_by: 'alice', result: [{ type: 'labels', from_name: 'label', to_name: 'text', value: { start, end, labels: [label], ...(text === undefined ? {} : { text }) } }] }] };
}

describe('bad import files give clear messages and no documents', () => {
  it.each(cases)('%s: %s', async (name, _case, input, message) => {
    const format = getFormat(name);
    if (format?.import === undefined) throw new Error(`${name} cannot import`);
    const result = await format.import(input, { schema, maxBytes: 1000 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(formatIssue).join('\n')).toMatch(message);
  });
});

describe('text importers', () => {
  it('md keeps markup, html keeps visible text', async () => {
    const md = await getFormat('md')?.import?.(inputOf({ 'b.md': '# Title\n\n*x*' }), { schema });
    expect(md?.ok && md.value[0]?.text).toBe('# Title\n\n*x*');
    const html = await getFormat('html')?.import?.(
      inputOf({ 'c.html': '<html><head><title>T</title><style>p{}</style></head><body><p>Caf&eacute; &amp; <b>bar</b></p><script>x()</script><div>two&#x1F600;<br>three</div></body></html>' }),
      { schema },
    );
    expect(html?.ok && html.value[0]?.text).toBe('Café & bar\ntwo😀\nthree');
  });

  // The server's project store imports .txt the same way: the text exactly, the id the file name without extension, the file name as source.
  it.each([
    ['txt', 'notes/a.txt', 'a', 'a.txt'],
    ['md', 'b.md', 'b', 'b.md'],
  ])('%s keeps the text exactly: CRLF, lone CR, empty lines, a byte-order mark, trailing breaks', async (name, path, id, source) => {
    const content = '\uFEFFone\r\ntwo\r\n\r\nthree\rfour\n\r\n';
    const result = await getFormat(name)?.import?.(inputOf({ [path]: content }), { schema });
    if (result === undefined || !result.ok) throw new Error(JSON.stringify(result));
    expect(result.value).toEqual([{ id, text: content, spans: [], labels: {}, meta: { source } }]);
  });

  it('html reads CRLF sources as line breaks', async () => {
    const html = await getFormat('html')?.import?.(inputOf({ 'c.html': '<p>one\r\ntwo</p>\r\n<p>three</p>' }), { schema });
    if (html === undefined || !html.ok) throw new Error(JSON.stringify(html));
    expect(html.value[0]?.text).not.toContain('\r');
  });
});

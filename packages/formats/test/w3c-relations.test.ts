import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { fromW3CAnnotation, getFormat } from '../src/index.js';
import type { CorpusDocument, FormatAdapter } from '../src/index.js';
import { asInput, offlineDocumentLoader } from './helpers.js';
import { exportWith, fixtureInput, importWith } from './relation-fixtures.js';

const brat = getFormat('brat') as FormatAdapter;
const w3c = getFormat('w3c') as FormatAdapter;

type Json = Record<string, unknown>;

/** The brat fixture, with one span proposed by a model. */
async function fixture(): Promise<CorpusDocument> {
  const [doc] = (await importWith(brat, fixtureInput('brat'))).documents;
  if (doc === undefined) throw new Error('no document');
  return { ...doc, spans: doc.spans.map((s) => (s.id === 'T2' ? { ...s, source: 'model:tagger' as const, score: 0.75, modelVersion: 'tagger-3f2a' } : s)) };
}

describe('W3C: fragments, relations, model scores', () => {
  it('writes one target per fragment and a linking annotation per relation, with an empty loss report', async () => {
    const { sink, report } = await exportWith(w3c, [await fixture()]);
    expect(report.losses).toEqual([]);
    const page = JSON.parse(sink.text('pages/page-00001.jsonld')) as { items: Json[] };
    const byId = new Map(page.items.map((a) => [a['id'] as string, a]));
    const discontinuous = byId.get('urn:glossa:relations:policy#shared/T1');
    const targets = discontinuous?.['target'] as { selector: Json[] }[];
    expect(targets.map((t) => t.selector)).toEqual([
      [{ type: 'TextPositionSelector', start: 4, end: 12 }, { type: 'TextQuoteSelector', exact: 'National', prefix: 'The ', suffix: ' and local Guard 🪖 will be funde' }],
      [{ type: 'TextPositionSelector', start: 23, end: 28 }, { type: 'TextQuoteSelector', exact: 'Guard', prefix: 'The National and local ', suffix: ' 🪖 will be funded by the federal' }],
    ]);
    expect(byId.get('urn:glossa:relations:policy#shared/T2')).toMatchObject({ creator: { type: 'Software', nickname: 'shared' }, 'glossa:source': 'model:tagger', 'glossa:score': 0.75, 'glossa:modelVersion': 'tagger-3f2a' });
    const links = page.items.filter((a) => a['motivation'] === 'linking');
    expect(links.map((a) => [a['target'], (a['body'] as Json[])[0]?.['value'], a['glossa:directed']])).toEqual([
      [['urn:glossa:relations:policy#shared/T3', 'urn:glossa:relations:policy#shared/T5'], 'same-as', false],
      [['urn:glossa:relations:policy#shared/T1', 'urn:glossa:relations:policy#shared/T3'], 'funded-by', true],
      [['urn:glossa:relations:policy#shared/T2', 'urn:glossa:relations:policy#shared/T3'], 'funded-by', true],
      [['urn:glossa:relations:policy#shared/T4', 'urn:glossa:relations:policy#shared/T5'], 'funded-by', true],
    ]);
    for (const link of links) for (const target of link['target'] as string[]) expect(byId.has(target)).toBe(true);
  });

  it('expands with jsonld in safe mode, relations linking annotation IRIs and glossa:directed kept', async () => {
    const { sink } = await exportWith(w3c, [await fixture()]);
    const page = JSON.parse(sink.text('pages/page-00001.jsonld')) as object;
    const [expanded] = (await jsonld.expand(page as jsonld.JsonLdDocument, { documentLoader: offlineDocumentLoader, safe: true } as jsonld.Options.Expand)) as Json[];
    const items = (expanded?.['http://www.w3.org/ns/activitystreams#items'] as { '@list': Json[] }[] | undefined)?.[0]?.['@list'] ?? [];
    const link = items.find((a) => (a['http://www.w3.org/ns/oa#motivatedBy'] as Json[])[0]?.['@id'] === 'http://www.w3.org/ns/oa#linking');
    expect(link?.['http://www.w3.org/ns/oa#hasTarget']).toEqual([{ '@id': 'urn:glossa:relations:policy#shared/T3' }, { '@id': 'urn:glossa:relations:policy#shared/T5' }]);
    expect(link?.['urn:glossa:ns:directed']).toEqual([{ '@value': false }]);
  });

  it('reads back every span, fragment, relation, source and score', async () => {
    const original = await fixture();
    const { sink } = await exportWith(w3c, [original]);
    const { documents } = await importWith(w3c, asInput(sink));
    const [doc] = documents;
    const spanKey = (s: CorpusDocument['spans'][number]): string => JSON.stringify([s.id, s.start, s.end, s.fragments, s.label, s.status, s.note, s.source, s.score, s.modelVersion]);
    expect(doc?.spans.map(spanKey)).toEqual(original.spans.map(spanKey));
    const relationKey = (r: NonNullable<CorpusDocument['relations']>[number]): string => JSON.stringify([r.id, r.from, r.to, r.label, r.directed, r.layer]);
    expect(doc?.relations?.map(relationKey)).toEqual(original.relations?.map(relationKey));
  });
});

describe('fromW3CAnnotation with several targets', () => {
  const text = 'The National and local Guard patrols.';
  const target = (exact: string) => ({ source: 'urn:doc:d', selector: [{ type: 'TextQuoteSelector', exact }] });
  const annotation = (targets: unknown[]) => ({ id: 'x', type: 'Annotation', motivation: 'classifying', creator: 'urn:glossa:annotator:ana', body: { type: 'TextualBody', purpose: 'classifying', value: 'measure' }, target: targets });

  it('reads the targets of another tool, in any order, as the fragments of one span', () => {
    const read = fromW3CAnnotation(annotation([target('Guard'), target('National')]), { id: 'd', text });
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    expect(read.value).toMatchObject({ start: 4, end: 28, fragments: [[4, 12], [23, 28]], author: 'ana', source: 'import' });
  });

  it('joins targets that touch, and names a target of another document', () => {
    const joined = fromW3CAnnotation(annotation([target('National'), target(' and')]), { id: 'd', text });
    expect(joined.ok && [joined.value.start, joined.value.end, joined.value.fragments]).toEqual([4, 16, undefined]);
    const other = fromW3CAnnotation(annotation([target('National'), { ...target('Guard'), source: 'urn:doc:e' }]), { id: 'd', text });
    expect(other.ok ? [] : other.errors.map((e) => `${e.field}: ${e.message}`)).toEqual(['target[1].source: expected the same document as target[0] ("urn:doc:d"), got "urn:doc:e"']);
  });
});

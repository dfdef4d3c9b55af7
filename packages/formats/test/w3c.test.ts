import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import type { LabelSchema } from '@glossa/core';
import type { CorpusDocument, MemorySink } from '../src/index.js';
import { GLOSSA_W3C_CONTEXT, formatIssue, toW3CAnnotation, w3cFormat } from '../src/index.js';
import { DOCUMENT_LABEL_TIMES, documentLabelTime } from '../src/labeltimes.js';
import { corpus, schema } from './corpus.js';
import { exportTo, inputOf, offlineDocumentLoader } from './helpers.js';

const documentLoader = offlineDocumentLoader;

type Json = Record<string, unknown>;

describe('W3C Web Annotation export', () => {
  it('expands with jsonld (safe mode) and every TextPositionSelector slices to its quote by code points', async () => {
    const docs = corpus();
    const { sink } = await exportTo(w3cFormat, docs, { consolidation: 'none', layout: 'folder' });
    const collection = JSON.parse(sink.text('annotations.jsonld')) as Json;
    expect(collection['type']).toBe('AnnotationCollection');
    const pages = [...sink.files.keys()].filter((p) => p.startsWith('pages/')).sort();
    expect(collection['total']).toBeGreaterThan(0);
    let seen = 0;
    for (const [i, path] of pages.entries()) {
      const page = JSON.parse(sink.text(path)) as Json;
      expect(page['startIndex']).toBe(seen);
      expect(page['next'] === undefined).toBe(i === pages.length - 1);
      const expanded = await jsonld.expand(page as jsonld.JsonLdDocument, { documentLoader, safe: true } as jsonld.Options.Expand);
      expect(expanded.length).toBe(1);
      for (const a of page['items'] as Json[]) {
        seen++;
        expect(a['creator']).toMatchObject({ type: 'Person' });
        const target = a['target'];
        if (typeof target === 'string') continue;
        const { source, selector } = target as { source: string; selector: Json[] };
        expect(source).toMatch(/^urn:glossa:test:d[123]$/);
        const doc = docs.find((d) => source.endsWith(`:${d.id}`));
        const pos = selector.find((s) => s['type'] === 'TextPositionSelector') as { start: number; end: number };
        const quote = selector.find((s) => s['type'] === 'TextQuoteSelector') as { exact: string; prefix: string; suffix: string };
        const cps = Array.from(doc?.text ?? '');
        expect(cps.slice(pos.start, pos.end).join('')).toBe(quote.exact);
        expect(cps.slice(0, pos.start).join('').endsWith(quote.prefix)).toBe(true);
        expect(cps.slice(pos.end).join('').startsWith(quote.suffix)).toBe(true);
        expect(typeof a['created']).toBe('string');
      }
    }
    expect(seen).toBe(collection['total']);
  });

  it('uses the base URL for sources and targets document labels (one annotation per group) at the source', async () => {
    const d1 = corpus().slice(0, 1);
    const { sink } = await exportTo(w3cFormat, d1, { baseUrl: 'https://example.org/docs/', layout: 'folder' });
    const page = JSON.parse(sink.text('pages/page-00001.jsonld')) as { items: Json[] };
    const groups = Object.values(d1[0]?.labels ?? {}).reduce((n, labels) => n + Object.keys(labels).length, 0);
    const labels = page.items.filter((a) => a['target'] === 'https://example.org/docs/d1');
    expect(labels.length).toBe(groups);
    expect(labels.find((a) => (a['creator'] as Json)['nickname'] === 'alice' && a['glossa:group'] === 'topics')).toMatchObject({ 'glossa:choice': 'multiple', body: [{ value: 'CRIME' }, { value: 'POLICY' }] });
  });

  it("writes every annotation with core's mapping; the page carries the @context", async () => {
    const docs = corpus();
    const { sink } = await exportTo(w3cFormat, docs, { consolidation: 'none', statuses: ['proposed', 'accepted', 'rejected'], layout: 'folder' });
    const page = JSON.parse(sink.text('pages/page-00001.jsonld')) as { '@context': unknown; items: Json[] };
    expect(page['@context']).toEqual(GLOSSA_W3C_CONTEXT);
    const d1 = docs[0] as CorpusDocument;
    const source = 'urn:glossa:test:d1';
    for (const span of d1.spans) {
      const iri = `${source}#${span.layer}/${span.id}`;
      const item = page.items.find((a) => a['id'] === iri);
      const { '@context': _context, ...expected } = toW3CAnnotation(span, d1, { source, annotationIri: () => iri });
      expect(item).toEqual(expected);
    }
    const accepted = page.items.find((a) => a['glossa:status'] === 'accepted') as Json;
    expect(accepted['body']).toEqual([
      { type: 'TextualBody', purpose: 'classifying', value: 'HATE' },
      { type: 'TextualBody', purpose: 'commenting', value: 'clearly hateful' },
    ]);
  });

  it('expands glossa:status and glossa:source to the urn:glossa:ns: namespace', async () => {
    const { sink } = await exportTo(w3cFormat, corpus().slice(0, 1), { layout: 'folder' });
    const page = JSON.parse(sink.text('pages/page-00001.jsonld')) as jsonld.JsonLdDocument;
    const expanded = JSON.stringify(await jsonld.expand(page, { documentLoader, safe: true } as jsonld.Options.Expand));
    expect(expanded).toContain('"urn:glossa:ns:status":[{"@value":"accepted"}]');
    expect(expanded).toContain('"urn:glossa:ns:source":[{"@value":"human"}]');
    expect(expanded).toContain('"urn:glossa:ns:group":[{"@value":"toxicity"}]');
  });
});

describe('W3C Web Annotation import', () => {
  const text = 'The cat sat. The dog ran.';
  const page = (items: object[]) => JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationPage', items });
  const foreign = (id: string, selector: object[], creator?: object) => ({
    id,
    type: 'Annotation',
    motivation: 'classifying',
    ...(creator === undefined ? {} : { creator }),
    body: { type: 'TextualBody', value: 'ORG' },
    target: { source: 'https://example.org/texts/story', selector },
  });

  it('reads annotations of other tools: layer from the creator or the import context, stale positions re-anchored by the quote', async () => {
    const dog = text.indexOf('dog');
    const items = [
      foreign('https://example.org/a/1', [{ type: 'TextQuoteSelector', exact: 'dog', prefix: 'The ' }, { type: 'TextPositionSelector', start: 0, end: 3 }], { type: 'Person', nickname: 'dana' }),
      foreign('https://example.org/a/2', [{ type: 'TextPositionSelector', start: 4, end: 7 }]),
    ];
    const result = await w3cFormat.import?.(inputOf({ 'texts/story.txt': text, 'p.jsonld': page(items) }), { schema, layer: 'imported' });
    if (!result?.ok) throw new Error(JSON.stringify(result?.errors));
    const spans = result.value[0]?.spans ?? [];
    expect(spans.map((s) => [s.layer, s.author, text.slice(s.start, s.end), s.id])).toEqual([
      ['imported', 'imported', 'cat', 'https://example.org/a/2'],
      ['dana', 'dana', 'dog', 'https://example.org/a/1'],
    ]);
    expect(spans[1]?.start).toBe(dog);
  });
});

describe('W3C document labels: creation time and group', () => {
  const text = 'The cat sat.';
  const source = 'https://example.org/texts/story';
  const files = (items: object[]) => inputOf({ 'texts/story.txt': text, 'p.jsonld': JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationPage', items }) });
  /** A document label as another tool writes it: no glossa:group, the creator's nickname, classifying bodies. */
  const foreignLabel = (id: string, values: string[], extra: object = {}) => ({
    id,
    type: 'Annotation',
    motivation: 'classifying',
    creator: { type: 'Person', nickname: 'dana' },
    body: values.map((value) => ({ type: 'TextualBody', purpose: 'classifying', value })),
    target: source,
    ...extra,
  });
  const labelItems = (sink: MemorySink): Json[] => (JSON.parse(sink.text('pages/page-00001.jsonld')) as { items: Json[] }).items.filter((a) => typeof a['target'] === 'string');
  const withLabels = (meta: Record<string, unknown>): CorpusDocument => ({ id: 'story', text, spans: [], labels: { alice: { toxicity: 'TOXIC', topics: ['POLICY'] } }, meta });

  it('leaves out created when the corpus records no time for a document label (never the epoch)', async () => {
    const { sink } = await exportTo(w3cFormat, [withLabels({})], { consolidation: 'none', layout: 'folder' });
    const items = labelItems(sink);
    expect(items.length).toBe(2);
    for (const a of items) expect(a).not.toHaveProperty('created');
  });

  it('writes the time recorded in the document metadata, per layer and group', async () => {
    const chosen = Date.UTC(2024, 0, 2, 3, 4, 5);
    const { sink } = await exportTo(w3cFormat, [withLabels({ [DOCUMENT_LABEL_TIMES]: { alice: { toxicity: chosen } } })], { consolidation: 'none', layout: 'folder' });
    const items = labelItems(sink);
    expect(items.find((a) => a['glossa:group'] === 'toxicity')?.['created']).toBe(new Date(chosen).toISOString());
    expect(items.find((a) => a['glossa:group'] === 'topics')).not.toHaveProperty('created');
  });

  it('keeps the creation time of an imported document label, so it is exported again', async () => {
    const created = '2023-05-06T07:08:09.000Z';
    const imported = await w3cFormat.import?.(files([{ ...foreignLabel('l1', ['TOXIC'], { created }), 'glossa:group': 'toxicity' }, foreignLabel('l2', ['CRIME'])]), { schema });
    if (imported === undefined || !imported.ok) throw new Error(JSON.stringify(imported));
    const doc = imported.value[0] as CorpusDocument;
    expect(doc.labels).toEqual({ dana: { toxicity: 'TOXIC', topics: ['CRIME'] } });
    expect(documentLabelTime(doc.meta, 'dana', 'toxicity')).toBe(Date.parse(created));
    expect(documentLabelTime(doc.meta, 'dana', 'topics')).toBeUndefined();
    const { sink } = await exportTo(w3cFormat, [doc], { consolidation: 'none', layout: 'folder' });
    const items = labelItems(sink);
    expect(items.find((a) => a['glossa:group'] === 'toxicity')?.['created']).toBe(created);
    expect(items.find((a) => a['glossa:group'] === 'topics')).not.toHaveProperty('created');
  });

  it('reads a label without glossa:group into the one group that has its value, several groups from one annotation', async () => {
    const result = await w3cFormat.import?.(files([foreignLabel('l1', ['TOXIC', 'POLICY', 'CRIME'])]), { schema });
    if (result === undefined || !result.ok) throw new Error(JSON.stringify(result));
    expect(result.value[0]?.labels).toEqual({ dana: { toxicity: 'TOXIC', topics: ['CRIME', 'POLICY'] } });
  });

  const ambiguous: LabelSchema = { ...schema, documentLabels: [...schema.documentLabels, { id: 'tone', name: 'Tone', choice: 'single', values: ['CLEAN', 'ANGRY'] }] };
  it.each<[string, object, LabelSchema, RegExp]>([
    ['a value in two groups', foreignLabel('l1', ['CLEAN']), ambiguous, /p\.jsonld: record l1: body: document label 'CLEAN' is a value of several groups \(toxicity, tone\): expected "glossa:group" naming one/],
    ['a value in no group', foreignLabel('l1', ['NOPE']), schema, /p\.jsonld: record l1: body: unknown document label 'NOPE': expected one of TOXIC, CLEAN, POLICY, CRIME/],
    ['two values of a single-choice group', foreignLabel('l1', ['TOXIC', 'CLEAN']), schema, /record l1: body: document-label group 'toxicity' takes one value, got 'TOXIC' and 'CLEAN'/],
    ['no classifying body', { ...foreignLabel('l1', []), body: [] }, schema, /record l1: body: expected a classifying TextualBody with a string value/],
  ])('a label without glossa:group: %s is an error naming the record', async (_case, item, labelSchema, message) => {
    const result = await w3cFormat.import?.(files([item]), { schema: labelSchema });
    expect(result?.ok).toBe(false);
    if (result === undefined || result.ok) return;
    expect(result.errors.map(formatIssue).join('\n')).toMatch(message);
  });
});

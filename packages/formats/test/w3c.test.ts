import { readFileSync } from 'node:fs';
import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { w3cFormat } from '../src/index.js';
import { corpus } from './corpus.js';
import { exportTo } from './helpers.js';

const context = JSON.parse(readFileSync(new URL('../assets/anno.jsonld', import.meta.url), 'utf8')) as object;
const documentLoader = async (url: string) => {
  if (url !== 'http://www.w3.org/ns/anno.jsonld') throw new Error(`offline: ${url}`);
  return { contextUrl: undefined, documentUrl: url, document: context };
};

type Json = Record<string, unknown>;

describe('W3C Web Annotation export', () => {
  it('expands with jsonld (safe mode) and every TextPositionSelector slices to its quote by code points', async () => {
    const docs = corpus();
    const { sink } = await exportTo(w3cFormat, docs, { consolidation: 'none' });
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

  it('uses the base URL for sources and targets document labels at the source', async () => {
    const { sink } = await exportTo(w3cFormat, corpus().slice(0, 1), { baseUrl: 'https://example.org/docs/' });
    const page = JSON.parse(sink.text('pages/page-00001.jsonld')) as { items: Json[] };
    expect(page.items.filter((a) => a['target'] === 'https://example.org/docs/d1').length).toBe(3);
  });
});

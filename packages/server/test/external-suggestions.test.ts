/**
 * External model servers in the suggestion engine: a recommender of kind
 * `http` (Glossa's `/v1` protocol) or `labelstudio` (a Label Studio ML
 * backend), configured in the store, learns from a layer as an annotator
 * writes it over real WebSockets, through a real HTTP backend served by the
 * test, and its suggestions reach another client's suggestion room. A
 * backend that never answers delays no built-in recommender.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { contentRoom, layerRoom, localOrigin, readContentText, readSuggestionEntries, resolveSuggestions, suggestionRoom, writeAnnotations } from '@glossa/collab';
import type { SpanAnnotation } from '@glossa/core';
import { glossaBackend, labelStudioBackend, lateBackend, type Backend } from './support/model-backends.js';
import { serverPerTest, until, type TestClient } from './support/server-harness.js';

const t = serverPerTest();
const backends: Backend[] = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map((b) => b.close()));
});

function span(id: string, start: number, end: number, label: string, author: string): SpanAnnotation {
  return { id, start, end, label, author, status: 'proposed', note: '', created: 1, source: 'human' };
}

/** "The team document d1.\nA second paragraph.": "second paragraph" is [24, 40) in every document of the project. */
const SECOND_PARAGRAPH = [24, 40] as const;

async function annotate(doc: string, user: string, spans: SpanAnnotation[]): Promise<void> {
  const content = t.client(contentRoom('team', doc), user);
  const layer = t.client(layerRoom('team', doc, 'shared'), user);
  await Promise.all([content.synced, layer.synced]);
  writeAnnotations(layer.doc, content.doc, spans, localOrigin(user));
}

async function suggestionsOf(doc: string, user: string, predicate: (room: Y.Doc) => boolean, what: string): Promise<TestClient> {
  const client = t.client(suggestionRoom('team', doc, 'shared'), user);
  await client.synced;
  await until(client.doc, () => predicate(client.doc), what, 30_000);
  return client;
}

const recommendersIn = (room: Y.Doc): string[] => [...new Set(readSuggestionEntries(room).entries.map((e) => e.recommender))].sort();

describe('external recommenders in the engine', () => {
  for (const kind of ['http', 'labelstudio'] as const) {
    it(`runs a ${kind} backend: it learns the annotation and its suggestion reaches another annotator`, async () => {
      const backend = await (kind === 'http' ? glossaBackend() : labelStudioBackend());
      backends.push(backend);
      const server = await t.start({ suggestions: { debounceMs: 20 } });
      await server.server.data.recommenders.add({ project: 'team', name: 'remote', kind, config: { url: backend.url } });
      await server.server.suggestions?.sync('team');
      await annotate('d1', 'alice', [span('a1', ...SECOND_PARAGRAPH, 'prevention', 'alice')]);

      const bob = await suggestionsOf('d2', 'bob', (room) => readSuggestionEntries(room).entries.length === 1, `the ${kind} backend's suggestion in d2`);
      const content = t.client(contentRoom('team', 'd2'), 'bob');
      await content.synced;
      const [placed] = resolveSuggestions(bob.doc, content.doc).suggestions;
      expect(placed).toMatchObject({ start: 24, end: 40, label: 'prevention', score: kind === 'http' ? 0.8 : 0.6, recommender: 'remote' });
      expect(placed?.modelVersion).toMatch(kind === 'http' ? /^v\d+$/ : /^ls-\d+$/);
      expect(readContentText(content.doc).slice(placed?.start, placed?.end)).toBe('second paragraph');

      // The backend was told the schema's labels and, per document, its existing spans in code points.
      const predicts = backend.received.filter((r) => r.path === (kind === 'http' ? '/v1/predict' : '/predict'));
      expect(predicts.length).toBeGreaterThan(0);
      if (kind === 'http') {
        const bodies = predicts.map((r) => r.body as { document: { id: string }; labels: string[]; spans: { start: number; end: number; label: string }[] });
        expect(bodies[0]?.labels).toEqual(['militarization', 'prevention']);
        const ofD1 = bodies.filter((b) => b.document.id === 'd1').at(-1);
        expect(ofD1?.spans).toEqual([expect.objectContaining({ start: 24, end: 40, label: 'prevention' })]);
      }
      // d1's own occurrence is annotated already: nothing is suggested there.
      await server.server.suggestions?.idle();
      const alice = await suggestionsOf('d1', 'alice', () => true, 'the d1 room');
      expect(readSuggestionEntries(alice.doc).entries).toEqual([]);
    });
  }

  it('a backend that never answers delays no built-in recommender', async () => {
    const stuck = await lateBackend();
    backends.push(stuck);
    const server = await t.start({ suggestions: { debounceMs: 20 } });
    await server.server.data.recommenders.add({ project: 'team', name: 'stuck', kind: 'http', config: { url: stuck.url } });
    await server.server.data.recommenders.add({ project: 'team', name: 'strings', kind: 'string-match', config: {} });
    await server.server.suggestions?.sync('team');
    await annotate('d1', 'alice', [span('a1', ...SECOND_PARAGRAPH, 'prevention', 'alice')]);

    // The stuck backend holds its first request; string-match's suggestion arrives meanwhile.
    await stuck.arrived();
    const bob = await suggestionsOf('d2', 'bob', (room) => readSuggestionEntries(room).entries.length === 1, 'string-match’s suggestion in d2');
    expect(recommendersIn(bob.doc)).toEqual(['strings']);
    expect(stuck.received.length).toBeGreaterThan(0);
    expect(stuck.received.every((r) => r.path === '/v1/train' || r.path === '/v1/info')).toBe(true);
    stuck.release();
  });
});

/**
 * The suggestion engine in a real server: a recommender configured in the
 * store learns from a layer as annotators write it, over real WebSockets,
 * and the server writes its suggestions into the suggestion rooms, which
 * clients read and cannot write. Scopes keep independent annotation blind;
 * rejected suggestions stay away across retraining.
 */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { contentRoom, layerRoom, localOrigin, readContentText, readSuggestionEntries, resolveSuggestions, SUGGESTIONS_MAP, suggestionRoom, writeAnnotations, writeFeedback, suggestionFeedback } from '@glossa/collab';
import type { SpanAnnotation } from '@glossa/core';
import type { SuggestionsWritten } from '../src/internal.js';
import { openRawSocket, serverPerTest, until, type TestClient } from './support/server-harness.js';

const t = serverPerTest();

function span(id: string, start: number, end: number, label: string, author: string): SpanAnnotation {
  return { id, start, end, label, author, status: 'proposed', note: '', created: 1, source: 'human' };
}

/** "The team document d1.\nA second paragraph.": "second paragraph" is [24, 40) in every document of a project. */
const SECOND_PARAGRAPH = [24, 40] as const;

async function annotate(project: string, doc: string, layer: string, user: string, spans: SpanAnnotation[]): Promise<TestClient> {
  const content = t.client(contentRoom(project, doc), user);
  const layerClient = t.client(layerRoom(project, doc, layer), user);
  await Promise.all([content.synced, layerClient.synced]);
  writeAnnotations(layerClient.doc, content.doc, spans, localOrigin(user));
  return layerClient;
}

async function readSuggestions(room: string, user: string, predicate: (doc: Y.Doc) => boolean, what: string): Promise<TestClient> {
  const client = t.client(room, user);
  await client.synced;
  await until(client.doc, () => predicate(client.doc), what, 30_000);
  return client;
}

const count = (doc: Y.Doc): number => readSuggestionEntries(doc).entries.length;

describe('suggestions in a shared project', () => {
  it('learns from an annotation and shows its other occurrences to every annotator, who cannot write the room', async () => {
    const server = await t.start({ suggestions: { debounceMs: 20 } });
    await server.server.data.recommenders.add({ project: 'team', name: 'strings', kind: 'string-match', config: {} });
    await server.server.suggestions?.sync('team');
    await annotate('team', 'd1', 'shared', 'alice', [span('a1', ...SECOND_PARAGRAPH, 'prevention', 'alice')]);
    const bob = await readSuggestions(suggestionRoom('team', 'd2', 'shared'), 'bob', (doc) => count(doc) === 1, 'a suggestion in d2');
    const content = t.client(contentRoom('team', 'd2'), 'bob');
    await content.synced;
    const [placed] = resolveSuggestions(bob.doc, content.doc).suggestions;
    expect(placed).toMatchObject({ start: 24, end: 40, label: 'prevention', score: 1, recommender: 'strings' });
    expect(readContentText(content.doc).slice(placed?.start, placed?.end)).toBe('second paragraph');
    // d1's own occurrence is annotated already: nothing is suggested there.
    await server.server.suggestions?.idle();
    const d1 = await readSuggestions(suggestionRoom('team', 'd1', 'shared'), 'alice', () => true, 'the d1 room');
    expect(count(d1.doc)).toBe(0);

    // A client's write to a suggestion room is refused: never applied, stored or relayed.
    const refused = new Promise<{ room: string; user: string }>((resolve) => t.events.once('refused', resolve));
    bob.doc.getMap(SUGGESTIONS_MAP).set('forged', { label: 'prevention' });
    expect(await refused).toMatchObject({ room: suggestionRoom('team', 'd2', 'shared'), user: 'bob' });
    const fresh = await readSuggestions(suggestionRoom('team', 'd2', 'shared'), 'alice', (doc) => count(doc) === 1, 'the room as stored');
    expect(fresh.doc.getMap(SUGGESTIONS_MAP).has('forged')).toBe(false);
  });

  it('keeps a rejected suggestion away after retraining, and gives viewers no suggestion room', async () => {
    const server = await t.start({ suggestions: { debounceMs: 20 } });
    const written: SuggestionsWritten[] = [];
    await server.server.data.recommenders.add({ project: 'team', name: 'strings', kind: 'string-match', config: {} });
    await server.server.suggestions?.sync('team');
    server.server.suggestions?.onWritten((event) => written.push(event));
    await annotate('team', 'd1', 'shared', 'alice', [span('a1', ...SECOND_PARAGRAPH, 'prevention', 'alice')]);
    const bob = await readSuggestions(suggestionRoom('team', 'd2', 'shared'), 'bob', (doc) => count(doc) === 1, 'a suggestion in d2');
    const [entry] = readSuggestionEntries(bob.doc).entries;
    if (entry === undefined) throw new Error('no suggestion');
    // Bob rejects it in the shared layer.
    const layer = t.client(layerRoom('team', 'd2', 'shared'), 'bob');
    await layer.synced;
    writeFeedback(layer.doc, entry.key, suggestionFeedback(entry, { action: 'rejected', by: 'bob', at: 2, quote: 'second paragraph' }), localOrigin('bob'));
    await until(bob.doc, () => count(bob.doc) === 0, 'the rejected suggestion to go', 30_000);
    // More training data: the model changes, the rejection holds.
    const before = written.length;
    await annotate('team', 'd1', 'shared', 'alice', [span('a2', 4, 8, 'militarization', 'alice')]);
    await until(bob.doc, () => count(bob.doc) === 1, 'the new suggestion', 30_000);
    await server.server.suggestions?.idle();
    expect(written.length).toBeGreaterThan(before);
    expect(readSuggestionEntries(bob.doc).entries.map((e) => e.label)).toEqual(['militarization']);

    const viewer = await openRawSocket(server.syncUrl, suggestionRoom('team', 'd2', 'shared'), { token: server.token('vera') });
    expect(viewer.status).toBe(403);
    viewer.socket.terminate();
  });
});

describe('suggestions in an independent project', () => {
  it('never shows an annotator what was learned from another annotator’s layer', async () => {
    const server = await t.start({ suggestions: { debounceMs: 20 } });
    const written: SuggestionsWritten[] = [];
    server.server.suggestions?.onWritten((event) => written.push(event));
    await server.server.data.recommenders.add({ project: 'solo', name: 'strings', kind: 'string-match', config: {} });
    await server.server.suggestions?.sync('solo');
    await annotate('solo', 'd1', 'sam', 'sam', [span('s1', ...SECOND_PARAGRAPH, 'prevention', 'sam')]);
    const sam = await readSuggestions(suggestionRoom('solo', 'd2', 'sam'), 'sam', (doc) => count(doc) === 1, 'sam’s suggestion');
    expect(readSuggestionEntries(sam.doc).entries[0]?.label).toBe('prevention');
    await server.server.suggestions?.idle();
    const sue = await readSuggestions(suggestionRoom('solo', 'd2', 'sue'), 'sue', () => true, 'sue’s room');
    expect(count(sue.doc)).toBe(0);
    expect(written.filter((e) => e.scope === 'sue' && e.count > 0)).toEqual([]);
    // Sue cannot open Sam's scope.
    const other = await openRawSocket(server.syncUrl, suggestionRoom('solo', 'd2', 'sam'), { token: server.token('sue') });
    expect(other.status).toBe(403);
    other.socket.terminate();
  });

  it('removes a recommender’s suggestions when it is removed', async () => {
    const server = await t.start({ suggestions: { debounceMs: 20 } });
    await server.server.data.recommenders.add({ project: 'solo', name: 'strings', kind: 'string-match', config: {} });
    await server.server.suggestions?.sync('solo');
    await annotate('solo', 'd1', 'sam', 'sam', [span('s1', ...SECOND_PARAGRAPH, 'prevention', 'sam')]);
    const sam = await readSuggestions(suggestionRoom('solo', 'd2', 'sam'), 'sam', (doc) => count(doc) === 1, 'sam’s suggestion');
    await server.server.data.recommenders.remove('solo', 'strings');
    await server.server.suggestions?.sync('solo');
    await until(sam.doc, () => count(sam.doc) === 0, 'the suggestions to go', 30_000);
  });
});

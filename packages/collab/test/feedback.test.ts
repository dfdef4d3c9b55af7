import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import {
  ANNOTATIONS_MAP,
  FEEDBACK_MAP,
  changedFeedbackKeys,
  createContentDoc,
  createUserUndoManager,
  feedbackKey,
  layerUndoScope,
  localOrigin,
  readAnnotationEntry,
  readFeedback,
  readFeedbackEntry,
  readSuggestionEntries,
  resolveLayer,
  resolveSuggestions,
  suggestionFeedback,
  writeAcceptedSuggestion,
  writeAnnotationEntry,
  writeFeedback,
  writeSuggestions,
} from '../src/index.js';
import type { SuggestionEntry, SuggestionFeedback } from '../src/index.js';
import { span } from './tagged.js';

const TEXT = 'The National Guard patrols.\nThe national guard left.';

/** A content doc and a suggestion room with one suggestion on each "national guard". */
function setup(): { content: Y.Doc; suggestions: SuggestionEntry[] } {
  const content = createContentDoc(TEXT);
  const room = new Y.Doc();
  writeSuggestions(room, content, 'string-match', [
    { start: 4, end: 18, label: 'militarization', score: 0.75, recommender: 'string-match', modelVersion: 'sm-1' },
    { start: 32, end: 46, label: 'militarization', score: 0.5, recommender: 'string-match', modelVersion: 'sm-1' },
  ]);
  const { entries } = readSuggestionEntries(room);
  // In text order (the room's ids sort by key, not by place).
  const order = resolveSuggestions(room, content).suggestions.map((s) => s.id);
  const suggestions = order.map((id) => entries.find((entry) => entry.id === id) as SuggestionEntry);
  return { content, suggestions };
}

function first(suggestions: SuggestionEntry[]): SuggestionEntry {
  return suggestions[0] as SuggestionEntry;
}

describe('writeAcceptedSuggestion', () => {
  it("writes a normal annotation where the suggestion is, with the model's provenance, and the feedback, in one transaction", () => {
    const { content, suggestions } = setup();
    const layer = new Y.Doc();
    let transactions = 0;
    layer.on('afterTransaction', () => transactions++);
    const suggestion = first(suggestions);
    writeAcceptedSuggestion(layer, suggestion, suggestion, { id: 'a1', by: 'ana', at: 1000, quote: 'National Guard' }, localOrigin('ana'));
    expect(transactions).toBe(1);

    const { spans, problems } = resolveLayer(layer, content);
    expect(problems).toEqual([]);
    expect(spans).toEqual([{ id: 'a1', start: 4, end: 18, label: 'militarization', author: 'ana', status: 'proposed', note: '', created: 1000, source: 'model' }]);
    const read = readAnnotationEntry('a1', layer.getMap(ANNOTATIONS_MAP).get('a1'));
    expect('entry' in read && read.entry.model).toEqual({ recommender: 'string-match', score: 0.75, modelVersion: 'sm-1' });
    expect('entry' in read && read.entry.quote).toBe('National Guard');

    expect(readFeedback(layer).entries).toEqual([
      {
        key: `ana/${suggestion.key}`,
        suggestion: suggestion.key,
        action: 'accepted',
        by: 'ana',
        at: 1000,
        recommender: 'string-match',
        modelVersion: 'sm-1',
        score: 0.75,
        label: 'militarization',
        quote: 'National Guard',
      },
    ]);
  });

  it('is undone together with its feedback', () => {
    const { content, suggestions } = setup();
    const layer = new Y.Doc();
    const undo = createUserUndoManager(layerUndoScope(layer), localOrigin('ana'));
    writeAcceptedSuggestion(layer, first(suggestions), first(suggestions), { id: 'a1', by: 'ana', at: 1, quote: 'National Guard' }, localOrigin('ana'));
    writeAcceptedSuggestion(layer, suggestions[1] as SuggestionEntry, suggestions[1] as SuggestionEntry, { id: 'a2', by: 'ana', at: 2, quote: 'national guard' }, localOrigin('ana'));
    undo.undo();
    expect(resolveLayer(layer, content).spans.map((s) => s.id)).toEqual(['a1']);
    expect(readFeedback(layer).entries.map((e) => e.suggestion)).toEqual([first(suggestions).key]);
    undo.undo();
    expect(resolveLayer(layer, content).spans).toEqual([]);
    expect(layer.getMap(FEEDBACK_MAP).size).toBe(0);
    undo.redo();
    expect(resolveLayer(layer, content).spans.map((s) => s.id)).toEqual(['a1']);
    expect(readFeedback(layer).entries).toHaveLength(1);
  });

  it('with another label: a human annotation on the same span, and the feedback says corrected', () => {
    const { content, suggestions } = setup();
    const layer = new Y.Doc();
    const accepted = writeAcceptedSuggestion(layer, first(suggestions), first(suggestions), { id: 'a1', by: 'ana', at: 5, quote: 'National Guard', label: 'police' });
    expect(accepted.model).toBeUndefined();
    expect(resolveLayer(layer, content).spans).toEqual([{ id: 'a1', start: 4, end: 18, label: 'police', author: 'ana', status: 'proposed', note: '', created: 5, source: 'human' }]);
    const read = readAnnotationEntry('a1', layer.getMap(ANNOTATIONS_MAP).get('a1'));
    expect('entry' in read && read.entry.model).toBeUndefined();
    expect(readFeedback(layer).entries.map((e) => [e.action, e.label, e.score])).toEqual([['corrected', 'militarization', 0.75]]);
  });

  it('throws for a user that is not a user id, writing nothing', () => {
    const { suggestions } = setup();
    const layer = new Y.Doc();
    expect(() => writeAcceptedSuggestion(layer, first(suggestions), first(suggestions), { id: 'a1', by: 'a/b', at: 5, quote: '' })).toThrow(/not a user id/);
    expect(layer.getMap(ANNOTATIONS_MAP).size).toBe(0);
  });
});

describe('writeFeedback and readFeedback', () => {
  it('records rejections and corrections, one entry per user and suggestion, the latest decision winning', () => {
    const { suggestions } = setup();
    const layer = new Y.Doc();
    const suggestion = first(suggestions);
    writeFeedback(layer, suggestion.key, suggestionFeedback(suggestion, { action: 'rejected', by: 'ana', at: 1, quote: 'National Guard' }));
    writeFeedback(layer, suggestion.key, suggestionFeedback(suggestion, { action: 'corrected', by: 'ana', at: 2, quote: 'National Guard' }));
    writeFeedback(layer, suggestion.key, suggestionFeedback(suggestion, { action: 'rejected', by: 'bob', at: 3, quote: 'National Guard' }));
    expect(readFeedback(layer).entries.map((e) => [e.by, e.action, e.at])).toEqual([
      ['ana', 'corrected', 2],
      ['bob', 'rejected', 3],
    ]);
    expect(readFeedback(layer, 'bob').entries.map((e) => e.key)).toEqual([feedbackKey('bob', suggestion.key)]);
  });

  it("keeps two users' concurrent decisions on the same suggestion in a shared layer", () => {
    const { suggestions } = setup();
    const a = new Y.Doc();
    const b = new Y.Doc();
    const suggestion = first(suggestions);
    writeFeedback(a, suggestion.key, suggestionFeedback(suggestion, { action: 'rejected', by: 'ana', at: 1, quote: 'x' }));
    writeFeedback(b, suggestion.key, suggestionFeedback(suggestion, { action: 'accepted', by: 'bob', at: 1, quote: 'x' }));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readFeedback(a).entries).toEqual(readFeedback(b).entries);
    expect(readFeedback(a).entries.map((e) => `${e.by}:${e.action}`)).toEqual(['ana:rejected', 'bob:accepted']);
  });

  it('names the feedback keys a transaction changed', () => {
    const { suggestions } = setup();
    const layer = new Y.Doc();
    const seen: string[][] = [];
    layer.on('afterTransaction', (transaction: Y.Transaction) => seen.push(changedFeedbackKeys(transaction, layer)));
    writeAnnotationEntry(layer, span('x', 0, 3), { start: new Uint8Array([1]), end: new Uint8Array([1]) }, 'The');
    writeFeedback(layer, first(suggestions).key, suggestionFeedback(first(suggestions), { action: 'rejected', by: 'ana', at: 1, quote: '' }));
    expect(seen).toEqual([[], [`ana/${first(suggestions).key}`]]);
  });

  const bad: [string, Partial<SuggestionFeedback>, RegExp][] = [
    ['an unknown action', { action: 'ignored' as never }, /action must be one of accepted, rejected, corrected/],
    ['a user with a slash', { by: 'a/b' }, /not a user id/],
    ['a time that is not finite', { at: Number.NaN }, /at must be a finite number/],
    ['an empty recommender', { recommender: '' }, /recommender must be a non-empty line/],
    ['a score above 1', { score: 3 }, /score must be a number from 0 to 1/],
    ['an empty label', { label: '' }, /label must be a non-empty string/],
    ['a quote that is not a string', { quote: 5 as never }, /quote must be a string/],
  ];

  it.each(bad)('throws a RangeError for %s, writing nothing', (_what, patch, message) => {
    const { suggestions } = setup();
    const layer = new Y.Doc();
    const feedback = { ...suggestionFeedback(first(suggestions), { action: 'rejected', by: 'ana', at: 1, quote: '' }), ...patch };
    expect(() => writeFeedback(layer, first(suggestions).key, feedback)).toThrow(message);
    expect(layer.getMap(FEEDBACK_MAP).size).toBe(0);
  });
});

describe('feedback entries written by a faulty or hostile client', () => {
  const good = (): Record<string, unknown> => ({ action: 'rejected', by: 'ana', at: 1, recommender: 'tagger', modelVersion: 'v', score: 0.5, label: 'org', quote: 'x' });
  const cases: [string, string, unknown, string, RegExp][] = [
    ['the key has no user', '/org/AA/AA', good(), '', /feedback\/\/org\/AA\/AA\/: expected a key <user>\/<suggestion key>/],
    ['the key names a user who is not the author', 'org/AA/AA', good(), 'by', /expected the user named in the key \("org"\)/],
    ['the key has no suggestion', 'ana/', good(), '', /expected a key <user>\/<suggestion key>/],
    ['the key is a bare word', 'ana', good(), '', /expected a key <user>\/<suggestion key>/],
    ['the entry is a string', 'ana/k', 'rejected', '', /expected a plain object of feedback fields, found "rejected"/],
    ['the entry is a Y.Map', 'ana/k', new Y.Map(Object.entries(good())), '', /expected a plain object/],
    ['the entry is bytes', 'ana/k', new Uint8Array([1]), '', /expected a plain object/],
    ['the action is unknown', 'ana/k', { ...good(), action: 'liked' }, 'action', /expected one of accepted, rejected, corrected, found "liked"/],
    ['by is another user', 'ana/k', { ...good(), by: 'bob' }, 'by', /expected the user named in the key \("ana"\), found "bob"/],
    ['at is a string', 'ana/k', { ...good(), at: 'now' }, 'at', /expected milliseconds since the epoch/],
    ['the recommender is missing', 'ana/k', { ...good(), recommender: undefined }, 'recommender', /found nothing/],
    ['modelVersion is a number', 'ana/k', { ...good(), modelVersion: 1 }, 'modelVersion', /expected a string/],
    ['the score is infinite', 'ana/k', { ...good(), score: Number.POSITIVE_INFINITY }, 'score', /expected a number from 0 to 1/],
    ['the label is empty', 'ana/k', { ...good(), label: '' }, 'label', /expected a non-empty label id/],
    ['the quote is an array', 'ana/k', { ...good(), quote: ['x'] }, 'quote', /expected a string/],
  ];

  it.each(cases)('skips and reports the entry when %s, and reads the rest', (_what, key, value, field, message) => {
    const layer = new Y.Doc();
    layer.getMap(FEEDBACK_MAP).set('ana/fine', good());
    layer.getMap(FEEDBACK_MAP).set(key, value);
    const { entries, problems } = readFeedback(layer);
    expect(entries.map((e) => e.key)).toEqual(['ana/fine']);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe(field);
    expect(problems[0]?.message).toMatch(message);
  });

  it('reads a value through its own fields only', () => {
    expect(readFeedbackEntry('ana/k', Object.create(good()))).toMatchObject({ problem: { field: 'action' } });
  });
});

describe('model provenance of annotations written by a faulty client', () => {
  const content = createContentDoc(TEXT);
  const entryWith = (fields: Record<string, unknown>): Y.Map<unknown> => {
    const layer = new Y.Doc();
    writeAnnotationEntry(layer, span('a', 0, 3, { source: 'model' }), { start: new Uint8Array([1]), end: new Uint8Array([1]) }, 'The', null, { recommender: 'tagger', score: 0.5, modelVersion: 'v' });
    const map = layer.getMap(ANNOTATIONS_MAP).get('a') as Y.Map<unknown>;
    const copy = new Y.Map<unknown>([...map.entries()]);
    for (const [key, value] of Object.entries(fields)) copy.set(key, value);
    return copy;
  };

  it.each([
    ['an empty recommender', { recommender: '' }, 'recommender'],
    ['a score above 1', { score: 1.2 }, 'score'],
    ['a model version that is a number', { modelVersion: 2 }, 'modelVersion'],
  ])('reports %s as a problem', (_what, fields, field) => {
    const doc = new Y.Doc();
    doc.getMap(ANNOTATIONS_MAP).set('a', entryWith(fields));
    expect(readAnnotationEntry('a', doc.getMap(ANNOTATIONS_MAP).get('a'))).toMatchObject({ problem: { field } });
    expect(resolveLayer(doc, content).problems).toHaveLength(1);
  });

  it('ignores a recommender on an annotation whose source is not model, as a reader of version 1 does', () => {
    const doc = new Y.Doc();
    doc.getMap(ANNOTATIONS_MAP).set('a', entryWith({ source: 'human', score: 'not read' }));
    const read = readAnnotationEntry('a', doc.getMap(ANNOTATIONS_MAP).get('a'));
    expect('entry' in read && read.entry.model).toBeUndefined();
  });

  it('refuses to write a provenance for a source other than model', () => {
    expect(() =>
      writeAnnotationEntry(new Y.Doc(), span('a', 0, 3), { start: new Uint8Array([1]), end: new Uint8Array([1]) }, 'The', null, { recommender: 'tagger' }),
    ).toThrow(/needs source "model"/);
  });
});

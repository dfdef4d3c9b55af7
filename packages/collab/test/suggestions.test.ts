import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import {
  ContentIndex,
  LAYOUT_VERSION,
  SUGGESTIONS_MAP,
  createContentDoc,
  editContentText,
  readContentText,
  readSuggestionEntries,
  readSuggestionEntry,
  resolveSuggestions,
  suggestionKey,
  writeSuggestions,
} from '../src/index.js';
import type { PlacedSuggestion, SuggestionInput } from '../src/index.js';

const TEXT = 'The National Guard 🇲🇽 patrols.\nThe national guard left.';

function suggestion(start: number, end: number, fields: Partial<SuggestionInput> = {}): SuggestionInput {
  return { start, end, label: 'militarization', score: 0.8, recommender: 'string-match', modelVersion: 'v1', ...fields };
}

/** Each placed suggestion as `label:"text"@score`, for comparing the whole room at once. */
function print(placed: readonly PlacedSuggestion[], content: Y.Doc): string[] {
  const text = readContentText(content);
  return placed.map((s) => `${s.recommender}:${s.label}:${JSON.stringify(text.slice(s.start, s.end))}@${s.score}`);
}

function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

describe('writeSuggestions and resolveSuggestions', () => {
  it('writes plain objects with anchors and fields and resolves them back in text order', () => {
    const content = createContentDoc(TEXT);
    const room = new Y.Doc();
    writeSuggestions(room, content, 'string-match', [
      suggestion(37, 51, { score: 0.5, explanation: 'annotated 2 times elsewhere' }),
      suggestion(4, 18),
    ]);
    expect(room.getMap('meta').get('layout')).toBe(LAYOUT_VERSION);
    const { suggestions, orphans, problems } = resolveSuggestions(room, content);
    expect(print(suggestions, content)).toEqual(['string-match:militarization:"National Guard"@0.8', 'string-match:militarization:"national guard"@0.5']);
    expect(suggestions[1]?.explanation).toBe('annotated 2 times elsewhere');
    expect(orphans).toEqual([]);
    expect(problems).toEqual([]);
    const stored = room.getMap(SUGGESTIONS_MAP).get(suggestions[0]?.id as string) as Record<string, unknown>;
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
    expect(stored['start']).toBeInstanceOf(Uint8Array);
    expect(suggestions[0]?.id).toBe(`string-match/${suggestions[0]?.key}`);
  });

  it("replaces one recommender's suggestions and leaves the others'", () => {
    const content = createContentDoc(TEXT);
    const room = new Y.Doc();
    writeSuggestions(room, content, 'string-match', [suggestion(4, 18), suggestion(37, 51)]);
    writeSuggestions(room, content, 'tagger', [suggestion(4, 12, { recommender: 'tagger', label: 'place', score: 0.4 })]);
    writeSuggestions(room, content, 'string-match', [suggestion(37, 51, { score: 0.9 })]);
    expect(print(resolveSuggestions(room, content).suggestions, content)).toEqual(['tagger:place:"National"@0.4', 'string-match:militarization:"national guard"@0.9']);
    writeSuggestions(room, content, 'tagger', []);
    expect(print(resolveSuggestions(room, content).suggestions, content)).toEqual(['string-match:militarization:"national guard"@0.9']);
  });

  it('keeps the higher score when a recommender suggests the same label on the same text twice', () => {
    const content = createContentDoc(TEXT);
    const room = new Y.Doc();
    writeSuggestions(room, content, 'string-match', [suggestion(4, 18, { score: 0.3 }), suggestion(4, 18, { score: 0.7 }), suggestion(4, 18, { score: 0.5 })]);
    expect(print(resolveSuggestions(room, content).suggestions, content)).toEqual(['string-match:militarization:"National Guard"@0.7']);
  });

  it('rewrites nothing when a retraining suggests the same', () => {
    const content = createContentDoc(TEXT);
    const room = new Y.Doc();
    writeSuggestions(room, content, 'string-match', [suggestion(4, 18), suggestion(37, 51)]);
    let updates = 0;
    room.on('update', () => updates++);
    writeSuggestions(room, content, 'string-match', [suggestion(37, 51), suggestion(4, 18)]);
    expect(updates).toBe(0);
    writeSuggestions(room, content, 'string-match', [suggestion(37, 51), suggestion(4, 18, { score: 0.6 })]);
    expect(updates).toBe(1);
  });

  it('counts suggestions whose text was deleted as orphaned and skips them', () => {
    const content = createContentDoc(TEXT);
    const room = new Y.Doc();
    writeSuggestions(room, content, 'string-match', [suggestion(4, 18), suggestion(37, 51)]);
    editContentText(content, 4, 14, '');
    const resolved = resolveSuggestions(room, content);
    expect(print(resolved.suggestions, content)).toEqual(['string-match:militarization:"national guard"@0.8']);
    expect(resolved.orphans).toHaveLength(1);
  });

  const bad: [string, SuggestionInput, RegExp][] = [
    ['an empty range', suggestion(3, 3), /not a non-empty range/],
    ['a range past the end', suggestion(0, TEXT.length + 1), /not a non-empty range/],
    ['a fractional offset', suggestion(0.5, 3), /not a non-empty range/],
    ['a split surrogate pair', suggestion(0, 20), /splits a surrogate pair/],
    ['an empty label', suggestion(0, 3, { label: '' }), /label must be a non-empty string/],
    ['a score above 1', suggestion(0, 3, { score: 1.5 }), /score must be a number from 0 to 1/],
    ['a score that is not a number', suggestion(0, 3, { score: Number.NaN }), /score must be a number from 0 to 1/],
    ['another recommender', suggestion(0, 3, { recommender: 'tagger' }), /made by "tagger"/],
    ['a model version that is not a string', suggestion(0, 3, { modelVersion: 3 as never }), /modelVersion must be a string/],
    ['an explanation that is not a string', suggestion(0, 3, { explanation: {} as never }), /explanation must be a string/],
  ];

  it.each(bad)('throws a RangeError naming the suggestion for %s, writing nothing', (_what, input, message) => {
    const content = createContentDoc(TEXT);
    const room = new Y.Doc();
    expect(() => writeSuggestions(room, content, 'string-match', [suggestion(4, 18), input])).toThrow(message);
    expect(() => writeSuggestions(room, content, 'string-match', [input])).toThrow(RangeError);
    expect(room.getMap(SUGGESTIONS_MAP).size).toBe(0);
  });

  it("throws for a recommender's name that is not a line", () => {
    expect(() => writeSuggestions(new Y.Doc(), createContentDoc(TEXT), 'a\nb', [])).toThrow(/not a recommender's name/);
  });
});

describe('suggestion keys', () => {
  it('are the same when the same label is suggested on the same text again, by any model, on any replica', () => {
    const content = createContentDoc(TEXT);
    const room = new Y.Doc();
    writeSuggestions(room, content, 'string-match', [suggestion(4, 18), suggestion(37, 51)]);
    const first = resolveSuggestions(room, content).suggestions.map((s) => s.key);

    // Retraining: another model version, other scores, a fresh index of the content.
    const retrained = new Y.Doc();
    writeSuggestions(retrained, content, 'tagger', [
      suggestion(37, 51, { recommender: 'tagger', modelVersion: 'v2', score: 0.31 }),
      suggestion(4, 18, { recommender: 'tagger', modelVersion: 'v2', score: 0.99 }),
    ]);
    expect(resolveSuggestions(retrained, content).suggestions.map((s) => s.key)).toEqual(first);

    // Another replica of the content writes them again.
    const replica = new Y.Doc();
    sync(content, replica);
    const elsewhere = new Y.Doc();
    writeSuggestions(elsewhere, replica, 'string-match', [suggestion(4, 18), suggestion(37, 51)]);
    expect(resolveSuggestions(elsewhere, replica).suggestions.map((s) => s.key)).toEqual(first);
  });

  it('stay the same when text elsewhere changes, and differ for another label or other boundaries', () => {
    const content = createContentDoc(TEXT);
    const room = new Y.Doc();
    writeSuggestions(room, content, 'string-match', [suggestion(4, 18)]);
    const [key] = resolveSuggestions(room, content).suggestions.map((s) => s.key);
    editContentText(content, 0, 3, 'A whole new opening and');
    const shifted = readContentText(content).indexOf('National Guard');
    const again = new Y.Doc();
    writeSuggestions(again, content, 'string-match', [
      suggestion(shifted, shifted + 14),
      suggestion(shifted, shifted + 14, { label: 'place' }),
      suggestion(shifted, shifted + 8),
    ]);
    const keys = resolveSuggestions(again, content).suggestions.map((s) => [s.label, readContentText(content).slice(s.start, s.end), s.key]);
    expect(keys).toContainEqual(['militarization', 'National Guard', key]);
    expect(new Set(keys.map((k) => k[2])).size).toBe(3);
  });

  it('change when the text under the suggestion is typed again', () => {
    const content = createContentDoc(TEXT);
    const room = new Y.Doc();
    writeSuggestions(room, content, 'string-match', [suggestion(4, 18)]);
    const [before] = resolveSuggestions(room, content).suggestions;
    editContentText(content, 4, 14, 'National Guard');
    writeSuggestions(room, content, 'string-match', [suggestion(4, 18)]);
    const [after] = resolveSuggestions(room, content).suggestions;
    expect(after?.key).not.toBe(before?.key);
  });

  it('are label/base64url(start)/base64url(end) of the stored anchors', () => {
    const content = createContentDoc(TEXT);
    const index = new ContentIndex(content);
    const key = suggestionKey('militarization', index.encodeAnchor(4, 0), index.encodeAnchor(18, -1));
    expect(key).toMatch(/^militarization\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+$/);
    const room = new Y.Doc();
    writeSuggestions(room, content, 'string-match', [suggestion(4, 18)]);
    expect(readSuggestionEntries(room).entries[0]?.key).toBe(key);
  });
});

describe('suggestion entries written by a faulty or hostile client', () => {
  const content = createContentDoc(TEXT);
  const good = (): Record<string, unknown> => {
    const room = new Y.Doc();
    writeSuggestions(room, content, 'string-match', [suggestion(4, 18)]);
    return { ...(room.getMap(SUGGESTIONS_MAP).values().next().value as Record<string, unknown>) };
  };
  const cases: [string, (entry: Record<string, unknown>) => unknown, string, RegExp][] = [
    ['the entry is a number', () => 5, '', /suggestions\/x\/: expected a plain object of suggestion fields, found 5/],
    ['the entry is an array', (e) => [e], '', /expected a plain object/],
    ['the entry is bytes', () => new Uint8Array([1]), '', /expected a plain object/],
    ['the entry is null', () => null, '', /expected a plain object/],
    ['the entry is a Y.Map', (e) => new Y.Map(Object.entries(e)), '', /expected a plain object.*found a YMap/],
    ['start is missing', ({ start: _s, ...e }) => e, 'start', /suggestions\/x\/start: expected a Uint8Array of 1 to 64 bytes/],
    ['start is an array of numbers', (e) => ({ ...e, start: [1, 2, 3] }), 'start', /expected a Uint8Array/],
    ['end is empty', (e) => ({ ...e, end: new Uint8Array(0) }), 'end', /expected a Uint8Array of 1 to 64 bytes.*found 0 bytes/],
    ['end is too long', (e) => ({ ...e, end: new Uint8Array(65) }), 'end', /found 65 bytes/],
    ['label is empty', (e) => ({ ...e, label: '' }), 'label', /expected a non-empty label id/],
    ['label is a number', (e) => ({ ...e, label: 7 }), 'label', /expected a non-empty label id/],
    ['score is above 1', (e) => ({ ...e, score: 2 }), 'score', /expected a number from 0 to 1, found 2/],
    ['score is negative', (e) => ({ ...e, score: -0.1 }), 'score', /expected a number from 0 to 1/],
    ['score is a string', (e) => ({ ...e, score: '0.5' }), 'score', /found "0.5"/],
    ['score is missing', ({ score: _s, ...e }) => e, 'score', /found nothing/],
    ['recommender is empty', (e) => ({ ...e, recommender: '' }), 'recommender', /expected a recommender's name/],
    ['recommender holds a line break', (e) => ({ ...e, recommender: 'a\nb' }), 'recommender', /expected a recommender's name/],
    ['modelVersion is a number', (e) => ({ ...e, modelVersion: 3 }), 'modelVersion', /expected a string/],
    ['explanation is an object', (e) => ({ ...e, explanation: { html: '<b>' } }), 'explanation', /expected a string/],
  ];

  it.each(cases)('skips and reports the entry when %s, and reads the rest', (_what, make, field, message) => {
    const room = new Y.Doc();
    writeSuggestions(room, content, 'string-match', [suggestion(37, 51)]);
    room.getMap(SUGGESTIONS_MAP).set('x', make(good()));
    const resolved = resolveSuggestions(room, content);
    expect(print(resolved.suggestions, content)).toEqual(['string-match:militarization:"national guard"@0.8']);
    expect(resolved.problems).toHaveLength(1);
    expect(resolved.problems[0]?.id).toBe('x');
    expect(resolved.problems[0]?.field).toBe(field);
    expect(resolved.problems[0]?.message).toMatch(message);
  });

  it('does not read fields from an entry\'s prototype', () => {
    const inherited = Object.create(good()) as Record<string, unknown>;
    expect(readSuggestionEntry('x', inherited)).toMatchObject({ problem: { field: '' } });
    const withProto = JSON.parse('{"__proto__": {"label": "x"}}') as Record<string, unknown>;
    expect(readSuggestionEntry('x', { ...good(), ...withProto, label: undefined })).toMatchObject({ problem: { field: 'label' } });
  });

  it('counts anchors that do not decode or resolve as orphaned instead of throwing', () => {
    const room = new Y.Doc();
    room.getMap(SUGGESTIONS_MAP).set('garbage', { ...good(), start: new Uint8Array([255, 255, 255, 255, 255]) });
    room.getMap(SUGGESTIONS_MAP).set('elsewhere', { ...good(), start: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(new Y.Doc().getText('other'), 0)) });
    const resolved = resolveSuggestions(room, content);
    expect(resolved.suggestions).toEqual([]);
    expect(resolved.orphans).toEqual(['elsewhere', 'garbage']);
    expect(content.share.has('other')).toBe(false);
  });

  it('ignores keys the layout does not name', () => {
    const room = new Y.Doc();
    room.getMap(SUGGESTIONS_MAP).set('x', { ...good(), margin: 'anything', extra: [1, 2] });
    expect(resolveSuggestions(room, content).suggestions).toHaveLength(1);
  });
});

import { describe, it, expect } from 'vitest';
import { contentRoom, isRoomId, layerRoom, parseRoom, parseSuggestionRoom, suggestionRoom } from '../src/index.js';

describe('room names', () => {
  it('builds content and layer room names', () => {
    expect(contentRoom('policy', '000_82643275e850ea20')).toBe('policy/000_82643275e850ea20');
    expect(layerRoom('policy', 'interview', 'gold')).toBe('policy/interview/layers/gold');
  });

  it('parses what it builds', () => {
    expect(parseRoom(contentRoom('p', 'd'))).toEqual({ kind: 'content', project: 'p', doc: 'd' });
    expect(parseRoom(layerRoom('p', 'd', 'ana.b-1'))).toEqual({ kind: 'layer', project: 'p', doc: 'd', layer: 'ana.b-1' });
    expect(parseSuggestionRoom(suggestionRoom('p', 'd', 'ana.b-1'))).toEqual({ kind: 'suggestions', project: 'p', doc: 'd', scope: 'ana.b-1' });
  });

  it('builds suggestion room names, one per scope', () => {
    expect(suggestionRoom('policy', 'interview', 'shared')).toBe('policy/interview/suggestions/shared');
    expect(suggestionRoom('policy', 'interview', 'gold')).toBe('policy/interview/suggestions/gold');
    expect(suggestionRoom('policy', 'interview', 'ana')).toBe('policy/interview/suggestions/ana');
  });

  it('keeps suggestion rooms and layer rooms apart: each parser answers only its own kind', () => {
    const suggestions = suggestionRoom('p', 'd', 'shared');
    expect(parseRoom(suggestions)).toBeNull();
    expect(parseSuggestionRoom(layerRoom('p', 'd', 'shared'))).toBeNull();
    expect(parseSuggestionRoom(contentRoom('p', 'd'))).toBeNull();
  });

  const badIds: [string, string][] = [
    ['empty', ''],
    ['a slash', 'a/b'],
    ['a dot-dot', '..'],
    ['a leading dot', '.hidden'],
    ['a space', 'a b'],
    ['non-ASCII', 'médico'],
    ['too long', 'x'.repeat(129)],
    ['a percent escape', 'a%2Fb'],
  ];

  it.each(badIds)('rejects an id with %s', (_what, id) => {
    expect(isRoomId(id)).toBe(false);
    expect(() => contentRoom(id, 'd')).toThrow(/project id .* is not 1–128 characters/);
    expect(() => contentRoom('p', id)).toThrow(/document id/);
    expect(() => layerRoom('p', 'd', id)).toThrow(/layer id/);
    expect(() => suggestionRoom('p', 'd', id)).toThrow(/suggestion scope id/);
  });

  const badNames: [string, string][] = [
    ['an empty name', ''],
    ['one part', 'project'],
    ['an empty document', 'p/'],
    ['three parts', 'p/d/layers'],
    ['a wrong keyword', 'p/d/layer/gold'],
    ['five parts', 'p/d/layers/gold/x'],
    ['a leading slash', '/p/d'],
    ['a bad layer id', 'p/d/layers/../x'],
    ['a bad project id', '../d'],
  ];

  it.each(badNames)('returns null for %s', (_what, name) => {
    expect(parseRoom(name)).toBeNull();
    expect(parseSuggestionRoom(name.replace('layers', 'suggestions'))).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ANNOTATIONS_MAP, AnnotationNotFoundError, createContentDoc, isLocalOrigin } from '@glossa/collab';
import { CURATION_MAP, PROVENANCE_KEY, addGoldSpans, readGold, rejectSpans, relabelGold, setGoldBoundaries, unrejectSpans } from '../src/curation/gold-layer.js';

const TEXT = 'The National Guard was deployed to the border.';

function setup() {
  const content = createContentDoc(TEXT);
  const gold = new Y.Doc();
  let n = 0;
  const writer = { gold, content, user: 'erin', newId: () => `g${n++}` };
  const origins: unknown[] = [];
  gold.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
  return { content, gold, writer, origins };
}

const at = (quote: string): { start: number; end: number } => ({ start: TEXT.indexOf(quote), end: TEXT.indexOf(quote) + quote.length });

describe('gold layer', () => {
  it('writes accepted human spans by the curator with provenance, under the curator’s local origin', () => {
    const { gold, content, writer, origins } = setup();
    const ids = addGoldSpans(writer, [{ ...at('National Guard'), label: 'militarization', provenance: ['alice', 'bob'] }]);
    expect(ids).toEqual(['g0']);
    const entry = gold.getMap<Y.Map<unknown>>(ANNOTATIONS_MAP).get('g0');
    expect(entry?.get(PROVENANCE_KEY)).toEqual(['alice', 'bob']);
    expect(readGold(gold, content).spans.map((s) => ({ quote: TEXT.slice(s.start, s.end), label: s.label, author: s.author, status: s.status, source: s.source, provenance: s.provenance }))).toEqual([
      { quote: 'National Guard', label: 'militarization', author: 'erin', status: 'accepted', source: 'human', provenance: ['alice', 'bob'] },
    ]);
    expect(origins.length).toBeGreaterThan(0);
    expect(origins.every((origin) => isLocalOrigin(origin) && origin.userId === 'erin')).toBe(true);
  });

  it('widens the provenance of a span gold already holds instead of adding a second one', () => {
    const { gold, content, writer } = setup();
    addGoldSpans(writer, [{ ...at('border'), label: 'x', provenance: ['bob'] }]);
    expect(addGoldSpans(writer, [{ ...at('border'), label: 'x', provenance: ['alice'] }])).toEqual(['g0']);
    expect(readGold(gold, content).spans.map((s) => s.provenance)).toEqual([['alice', 'bob']]);
  });

  it('moves boundaries and relabels, keeping provenance; refuses unknown ids and bad ranges', () => {
    const { gold, content, writer } = setup();
    addGoldSpans(writer, [{ ...at('Guard'), label: 'x', provenance: ['alice'] }]);
    setGoldBoundaries(writer, 'g0', at('National Guard').start, at('National Guard').end);
    relabelGold(writer, 'g0', 'y');
    const [span] = readGold(gold, content).spans;
    expect({ quote: TEXT.slice(span?.start, span?.end), label: span?.label, provenance: span?.provenance }).toEqual({ quote: 'National Guard', label: 'y', provenance: ['alice'] });
    expect(() => setGoldBoundaries(writer, 'nope', 0, 3)).toThrow(AnnotationNotFoundError);
    expect(() => relabelGold(writer, 'nope', 'y')).toThrow(AnnotationNotFoundError);
    expect(() => setGoldBoundaries(writer, 'g0', 5, 5)).toThrow(RangeError);
    expect(() => addGoldSpans(writer, [{ start: 0, end: TEXT.length + 1, label: 'x', provenance: [] }])).toThrow(RangeError);
  });

  it('records rejections and removes the gold spans that came only from the rejected layers', () => {
    const { gold, content, writer } = setup();
    addGoldSpans(writer, [
      { ...at('border'), label: 'x', provenance: ['alice'] },
      { ...at('National Guard'), label: 'x', provenance: ['alice', 'bob'] },
    ]);
    const rejected = [{ layer: 'alice', id: 'a1', ...at('the border'), label: 'x' }];
    expect(rejectSpans(writer, rejected)).toEqual(['g0']);
    const state = readGold(gold, content);
    expect([...state.rejected]).toEqual(['alice:a1']);
    expect(state.spans.map((s) => s.id)).toEqual(['g1']);
    expect(gold.getMap(CURATION_MAP).get('alice:a1')).toMatchObject({ decision: 'rejected', by: 'erin' });
    unrejectSpans(writer, rejected);
    expect(readGold(gold, content).rejected.size).toBe(0);
  });
});

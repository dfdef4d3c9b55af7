import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import { editContentText, keepAnchors, resolveLayer, writeAnnotations } from '../src/index.js';
import { printLayer, span, taggedContent } from './tagged.js';

/** A content doc with one span `g` between tags <a> and <b>, and its layer. */
function setup(source: string, withKeeper = false): { content: Y.Doc; layer: Y.Doc; tags: Readonly<Record<string, number>> } {
  const { content, tags } = taggedContent(source);
  const layer = new Y.Doc();
  writeAnnotations(layer, content, [span('g', tags.a as number, tags.b as number)]);
  if (withKeeper) keepAnchors(layer, content);
  return { content, layer, tags };
}

describe('anchors under typing', () => {
  const cases: [string, string, (t: Readonly<Record<string, number>>) => [number, number, string], string][] = [
    ['typing right before the start does not grow the span', 'the <a>National Guard<b> was', (t) => [t.a as number, 0, 'new '], 'the new [g:National Guard] was'],
    ['typing right after the end does not grow the span', 'the <a>National Guard<b> was', (t) => [t.b as number, 0, 's'], 'the [g:National Guard]s was'],
    ['typing inside grows the span', 'the <a>National Guard<b> was', (t) => [(t.a as number) + 8, 0, ' Civil'], 'the [g:National Civil Guard] was'],
    ['typing far before shifts the span', 'the <a>National Guard<b> was', () => [0, 0, 'And '], 'And the [g:National Guard] was'],
    ['deleting around the span keeps it', 'th<x>e <a>National Guard<b> w<y>as', (t) => [t.x as number, 2, ''], 'th[g:National Guard] was'],
    ['deleting the first characters shrinks it', 'the <a>National Guard<b> was', (t) => [t.a as number, 9, ''], 'the [g:Guard] was'],
    ['deleting the last characters shrinks it', 'the <a>National Guard<b> was', (t) => [(t.b as number) - 6, 6, ''], 'the [g:National] was'],
    ['replacing the middle keeps both ends', 'the <a>National Guard<b> was', (t) => [(t.a as number) + 1, 7, 'EW'], 'the [g:NEW Guard] was'],
    ['a span at the very start: typing before it stays outside', '<a>National<b> Guard', () => [0, 0, 'The '], 'The [g:National] Guard'],
    ['a span at the very end: typing after it stays outside', 'the <a>Guard<b>', (t) => [t.b as number, 0, ' was'], 'the [g:Guard] was'],
    ['a span of a whole paragraph: typing at its end stays outside', 'one\n<a>Guard<b>\nthree', (t) => [t.b as number, 0, '!'], 'one\n[g:Guard]!\nthree'],
    ['a span of a whole paragraph: typing at its start stays outside', 'one\n<a>Guard<b>\nthree', (t) => [t.a as number, 0, '¡'], 'one\n¡[g:Guard]\nthree'],
    ['emoji typed inside count as two code units', 'a <a>flag<b> b', (t) => [(t.a as number) + 2, 0, '🇲🇽'], 'a [g:fl🇲🇽ag] b'],
  ];

  it.each(cases)('%s', (_what, source, edit, expected) => {
    const { content, layer, tags } = setup(source);
    const [at, del, ins] = edit(tags);
    editContentText(content, at, del, ins);
    expect(printLayer(layer, content)).toBe(expected);
  });
});

describe('spans that start or end at paragraph boundaries', () => {
  it('a span starting at a line break covers it and stays put when text is typed before it', () => {
    const { content, layer, tags } = setup('one<a>\ntwo<b> three');
    editContentText(content, tags.a as number, 0, 'X');
    const text = 'oneX\ntwo three';
    const [s] = resolveLayer(layer, content).spans;
    expect(text.slice(s?.start, s?.end)).toBe('\ntwo');
  });

  it('a span ending at a paragraph start does not grow when that paragraph is typed into', () => {
    const { content, layer, tags } = setup('o<a>ne\n<b>two');
    editContentText(content, tags.b as number, 0, 'X');
    expect(printLayer(layer, content)).toBe('o[g:ne\n]Xtwo');
  });

  it('an empty paragraph inside a span keeps the span whole when typed into', () => {
    const { content, layer, tags } = setup('<a>one\n<e>\nthree<b>');
    editContentText(content, tags.e as number, 0, 'two');
    expect(printLayer(layer, content)).toBe('[g:one\ntwo\nthree]');
  });
});

describe('deleting the text under a span', () => {
  it('keeps the annotation as an orphan with its quote', () => {
    const { content, layer, tags } = setup('the <a>National Guard<b> was');
    editContentText(content, tags.a as number, (tags.b as number) - (tags.a as number), '');
    const resolved = resolveLayer(layer, content);
    expect(resolved.spans).toEqual([]);
    expect(resolved.orphans).toEqual([{ annotation: expect.objectContaining({ id: 'g', label: 'militarization' }), quote: 'National Guard' }]);
  });

  it('keeps it as an orphan when a wider range is deleted', () => {
    const { content, layer } = setup('the <a>National Guard<b> was');
    editContentText(content, 1, 20, '');
    expect(printLayer(layer, content)).toBe('ts | orphans: g="National Guard"');
  });

  it('keeps it as an orphan when its whole paragraph is deleted', () => {
    const { content, layer } = setup('one\n<a>National Guard<b>\nthree');
    editContentText(content, 3, 15, '');
    expect(printLayer(layer, content)).toBe('one\nthree | orphans: g="National Guard"');
  });

  it('reports the text last seen when the text changed before it was deleted (with keepAnchors)', () => {
    const { content, layer, tags } = setup('the <a>National Guard<b> was', true);
    editContentText(content, (tags.a as number) + 8, 0, ' Civil');
    editContentText(content, tags.a as number, 'National Civil Guard'.length, '');
    expect(printLayer(layer, content)).toBe('the  was | orphans: g="National Civil Guard"');
  });

  it('resurrects nothing: text typed where the span was is not annotated', () => {
    const { content, layer, tags } = setup('the <a>Guard<b> was');
    editContentText(content, tags.a as number, 5, 'Army');
    expect(printLayer(layer, content)).toBe('the Army was | orphans: g="Guard"');
  });
});

describe('splitting and joining paragraphs (as y-prosemirror does: the moved text is deleted and inserted again)', () => {
  it('split inside a span: without keepAnchors the span keeps only its first part', () => {
    const { content, layer, tags } = setup('ab<a>cd<x>ef<b>gh');
    editContentText(content, tags.x as number, 0, '\n');
    expect(printLayer(layer, content)).toBe('ab[g:cd]\nefgh');
  });

  it('split inside a span: with keepAnchors the span covers both parts and the break', () => {
    const { content, layer, tags } = setup('ab<a>cd<x>ef<b>gh', true);
    editContentText(content, tags.x as number, 0, '\n');
    expect(printLayer(layer, content)).toBe('ab[g:cd\nef]gh');
  });

  it('split at a span start with keepAnchors moves the whole span to the new paragraph', () => {
    const { content, layer, tags } = setup('ab<a>cdef<b>gh', true);
    editContentText(content, tags.a as number, 0, '\n');
    expect(printLayer(layer, content)).toBe('ab\n[g:cdef]gh');
  });

  it('split at a span end leaves the span in the first paragraph', () => {
    const { content, layer, tags } = setup('ab<a>cdef<b>gh', true);
    editContentText(content, tags.b as number, 0, '\n');
    expect(printLayer(layer, content)).toBe('ab[g:cdef]\ngh');
  });

  it('join of the paragraphs a span crosses: with keepAnchors the span covers the joined text', () => {
    const { content, layer } = setup('ab<a>cd\nef<b>gh', true);
    editContentText(content, 4, 1, '');
    expect(printLayer(layer, content)).toBe('ab[g:cdef]gh');
  });

  it('join: without keepAnchors a span ending in the removed paragraph becomes an orphan, never a wrong range', () => {
    const { content, layer } = setup('ab<a>cd\nef<b>gh');
    editContentText(content, 4, 1, '');
    expect(printLayer(layer, content)).toBe('abcdefgh | orphans: g="cd\\nef"');
  });

  it('join: a span inside the second paragraph follows it with keepAnchors', () => {
    const { content, layer } = setup('abcd\ne<a>fg<b>h', true);
    editContentText(content, 4, 1, '');
    expect(printLayer(layer, content)).toBe('abcde[g:fg]h');
  });

  it('split then join restores the span exactly (with keepAnchors)', () => {
    const { content, layer, tags } = setup('ab<a>cd<x>ef<b>gh', true);
    editContentText(content, tags.x as number, 0, '\n');
    editContentText(content, tags.x as number, 1, '');
    expect(printLayer(layer, content)).toBe('ab[g:cdef]gh');
  });

  it('keepAnchors ignores edits received from another client; the sender repairs them', () => {
    const a = setup('ab<a>cd<x>ef<b>gh', true);
    const bContent = new Y.Doc();
    const bLayer = new Y.Doc();
    Y.applyUpdate(bContent, Y.encodeStateAsUpdate(a.content));
    Y.applyUpdate(bLayer, Y.encodeStateAsUpdate(a.layer));
    keepAnchors(bLayer, bContent);
    const layerUpdates: Uint8Array[] = [];
    bLayer.on('update', (u: Uint8Array) => layerUpdates.push(u));
    editContentText(a.content, a.tags.x as number, 0, '\n');
    Y.applyUpdate(bContent, Y.encodeStateAsUpdate(a.content, Y.encodeStateVector(bContent)));
    expect(layerUpdates).toEqual([]);
    Y.applyUpdate(bLayer, Y.encodeStateAsUpdate(a.layer, Y.encodeStateVector(bLayer)));
    expect(printLayer(bLayer, bContent)).toBe('ab[g:cd\nef]gh');
  });

  it('stops after destroy()', () => {
    const { content, layer, tags } = setup('ab<a>cd<x>ef<b>gh');
    keepAnchors(layer, content).destroy();
    editContentText(content, tags.x as number, 0, '\n');
    expect(printLayer(layer, content)).toBe('ab[g:cd]\nefgh');
  });
});

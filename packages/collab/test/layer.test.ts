import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import {
  ANNOTATIONS_MAP,
  AnnotationNotFoundError,
  LAYOUT_VERSION,
  createContentDoc,
  deleteAnnotations,
  readDocLabels,
  resolveLayer,
  updateAnnotation,
  writeAnnotations,
  writeDocLabels,
} from '../src/index.js';
import type { AnnotationPatch } from '../src/index.js';
import { span } from './tagged.js';

const TEXT = 'The National Guard 🇲🇽\nwas deployed in May.';

describe('writeAnnotations and resolveLayer', () => {
  it('stores the layout fields and resolves them back, sorted by (start, end, id)', () => {
    const content = createContentDoc(TEXT);
    const layer = new Y.Doc();
    const spans = [span('z', 4, 18), span('b', 0, 3, { note: 'article', status: 'accepted' }), span('a', 4, 18, { source: 'model', author: 'bot' }), span('c', 19, 29)];
    writeAnnotations(layer, content, spans);
    const entry = layer.getMap(ANNOTATIONS_MAP).get('b') as Y.Map<unknown>;
    expect(entry.get('start')).toBeInstanceOf(Uint8Array);
    expect(entry.get('end')).toBeInstanceOf(Uint8Array);
    expect(entry.get('quote')).toBe('The');
    expect(layer.getMap('meta').get('layout')).toBe(LAYOUT_VERSION);
    const { spans: resolved, orphans, problems } = resolveLayer(layer, content);
    expect(resolved.map((s) => s.id)).toEqual(['b', 'a', 'z', 'c']);
    expect(resolved).toContainEqual(spans[1]);
    expect(resolved).toContainEqual(spans[2]);
    expect(resolved[3]).toEqual(spans[3]);
    expect((layer.getMap(ANNOTATIONS_MAP).get('c') as Y.Map<unknown>).get('quote')).toBe('🇲🇽\nwas d');
    expect(orphans).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('re-anchors an existing id instead of duplicating it', () => {
    const content = createContentDoc(TEXT);
    const layer = new Y.Doc();
    writeAnnotations(layer, content, [span('a', 0, 3)]);
    writeAnnotations(layer, content, [span('a', 4, 12, { label: 'police' })]);
    expect(resolveLayer(layer, content).spans).toEqual([span('a', 4, 12, { label: 'police' })]);
  });

  const bad: [string, ReturnType<typeof span>, RegExp][] = [
    ['an empty range', span('a', 3, 3), /not a non-empty range/],
    ['a reversed range', span('a', 5, 3), /not a non-empty range/],
    ['a range past the end', span('a', 0, TEXT.length + 1), /not a non-empty range/],
    ['a negative start', span('a', -1, 3), /not a non-empty range/],
    ['a fractional offset', span('a', 0.5, 3), /not a non-empty range/],
    ['a split surrogate pair', span('a', 0, 20), /splits a surrogate pair/],
    ['an empty id', span('', 0, 3), /id must be a non-empty string/],
    ['an empty label', span('a', 0, 3, { label: '' }), /label must be a non-empty string/],
    ['an unknown status', span('a', 0, 3, { status: 'done' as never }), /status must be one of/],
    ['an unknown source', span('a', 0, 3, { source: 'ai' as never }), /source must be one of/],
    ['a created time that is not a number', span('a', 0, 3, { created: Number.NaN }), /created must be a finite number of milliseconds/],
    ['an infinite created time', span('a', 0, 3, { created: Number.POSITIVE_INFINITY }), /created must be a finite number of milliseconds/],
    ['an author that is not a string', span('a', 0, 3, { author: 7 as never }), /author must be a string/],
    ['a note that is not a string', span('a', 0, 3, { note: null as never }), /note must be a string/],
  ];

  it.each(bad)('throws a RangeError naming the annotation for %s, writing nothing', (_what, s, message) => {
    const content = createContentDoc(TEXT);
    const layer = new Y.Doc();
    const call = (): void => writeAnnotations(layer, content, [span('ok', 0, 3), s]);
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
    expect(layer.getMap(ANNOTATIONS_MAP).size).toBe(0);
  });
});

describe('updateAnnotation and deleteAnnotations', () => {
  it('changes label, status and note and keeps the anchors', () => {
    const content = createContentDoc(TEXT);
    const layer = new Y.Doc();
    writeAnnotations(layer, content, [span('a', 4, 18)]);
    updateAnnotation(layer, 'a', { label: 'police', status: 'rejected', note: 'not militarization' });
    expect(resolveLayer(layer, content).spans).toEqual([span('a', 4, 18, { label: 'police', status: 'rejected', note: 'not militarization' })]);
  });

  it('throws AnnotationNotFoundError for an unknown id', () => {
    const layer = new Y.Doc();
    expect(() => updateAnnotation(layer, 'nope', { label: 'x' })).toThrow(AnnotationNotFoundError);
    expect(() => updateAnnotation(layer, 'nope', { label: 'x' })).toThrow(/no annotation "nope"/);
  });

  it.each<[string, AnnotationPatch, RegExp]>([
    ['an empty label', { label: '' }, /label/],
    ['an unknown status', { status: 'maybe' as never }, /status/],
    ['a note that is not a string', { note: 3 as never }, /note/],
  ])('throws a RangeError for %s', (_what, patch, message) => {
    const content = createContentDoc(TEXT);
    const layer = new Y.Doc();
    writeAnnotations(layer, content, [span('a', 4, 18)]);
    expect(() => updateAnnotation(layer, 'a', patch)).toThrow(message);
  });

  it('deletes the ids it holds and counts them', () => {
    const content = createContentDoc(TEXT);
    const layer = new Y.Doc();
    writeAnnotations(layer, content, [span('a', 0, 3), span('b', 4, 12)]);
    expect(deleteAnnotations(layer, ['a', 'missing'])).toBe(1);
    expect(resolveLayer(layer, content).spans.map((s) => s.id)).toEqual(['b']);
  });
});

describe('entries written by a faulty client', () => {
  const content = createContentDoc(TEXT);
  const good = (): [string, unknown][] => {
    const layer = new Y.Doc();
    writeAnnotations(layer, content, [span('a', 0, 3)]);
    return [...(layer.getMap(ANNOTATIONS_MAP).get('a') as Y.Map<unknown>).entries()];
  };
  const cases: [string, string, unknown, RegExp][] = [
    ['start is missing', 'start', undefined, /annotations\/x\/start: expected a Uint8Array from Y.encodeRelativePosition, found nothing/],
    ['start is a number', 'start', 4, /annotations\/x\/start: expected a Uint8Array/],
    ['end is a string', 'end', 'abc', /annotations\/x\/end: expected a Uint8Array/],
    ['label is empty', 'label', '', /annotations\/x\/label: expected a non-empty label id/],
    ['status is unknown', 'status', 'done', /annotations\/x\/status: expected one of proposed, accepted, rejected, found "done"/],
    ['source is unknown', 'source', 'ai', /annotations\/x\/source: expected one of human, model, import/],
    ['created is a string', 'created', 'yesterday', /annotations\/x\/created: expected milliseconds since the epoch/],
    ['note is a number', 'note', 5, /annotations\/x\/note: expected a string/],
    ['author is a number', 'author', 5, /annotations\/x\/author: expected a user id string/],
  ];

  it.each(cases)('reports a problem when %s', (_what, field, value, message) => {
    const layer = new Y.Doc();
    const fields = good().filter(([k]) => k !== field);
    if (value !== undefined) fields.push([field, value]);
    layer.getMap(ANNOTATIONS_MAP).set('x', new Y.Map<unknown>(fields));
    const resolved = resolveLayer(layer, content);
    expect(resolved.spans).toEqual([]);
    expect(resolved.problems).toHaveLength(1);
    expect(resolved.problems[0]?.field).toBe(field);
    expect(resolved.problems[0]?.message).toMatch(message);
  });

  it('reports an entry that is not a Y.Map', () => {
    const layer = new Y.Doc();
    layer.getMap(ANNOTATIONS_MAP).set('x', { start: 1 });
    expect(resolveLayer(layer, content).problems[0]?.message).toMatch(/annotations\/x\/: expected a Y.Map of annotation fields/);
  });

  it('fills in missing optional fields with their defaults', () => {
    const layer = new Y.Doc();
    const fields = good().filter(([k]) => ['start', 'end', 'label'].includes(k));
    layer.getMap(ANNOTATIONS_MAP).set('x', new Y.Map<unknown>(fields));
    expect(resolveLayer(layer, content).spans).toEqual([{ id: 'x', start: 0, end: 3, label: 'militarization', author: '', status: 'proposed', note: '', created: 0, source: 'human' }]);
  });
});

describe('document labels', () => {
  it('writes single and multiple values and reads them back', () => {
    const layer = new Y.Doc();
    writeDocLabels(layer, { genre: 'interview', topics: ['police', 'military'] });
    expect(readDocLabels(layer)).toEqual({ genre: 'interview', topics: ['police', 'military'] });
  });

  it('removes groups that are no longer given', () => {
    const layer = new Y.Doc();
    writeDocLabels(layer, { genre: 'interview', topics: ['police'] });
    writeDocLabels(layer, { topics: [] });
    expect(readDocLabels(layer)).toEqual({ topics: [] });
  });

  it('leaves out values a faulty client wrote', () => {
    const layer = new Y.Doc();
    const map = layer.getMap('docLabels');
    map.set('genre', 5);
    map.set('topics', ['a', 3]);
    map.set('ok', 'yes');
    expect(readDocLabels(layer)).toEqual({ ok: 'yes' });
  });

  it('removes groups named like Object.prototype properties', () => {
    const layer = new Y.Doc();
    writeDocLabels(layer, { toString: 'x', constructor: ['y'], genre: 'news' });
    expect(readDocLabels(layer)).toEqual({ toString: 'x', constructor: ['y'], genre: 'news' });
    writeDocLabels(layer, { genre: 'news' });
    expect(readDocLabels(layer)).toEqual({ genre: 'news' });
    layer.getMap('docLabels').set('__proto__', ['a']);
    const labels = readDocLabels(layer);
    expect(Object.keys(labels)).toEqual(['__proto__', 'genre']);
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
    writeDocLabels(layer, labels);
    expect(Object.keys(readDocLabels(layer))).toEqual(['__proto__', 'genre']);
  });

  it('throws a RangeError for a value that is not a string or strings', () => {
    expect(() => writeDocLabels(new Y.Doc(), { genre: 5 as never })).toThrow(/document label "genre": expected a string or an array of strings/);
  });
});

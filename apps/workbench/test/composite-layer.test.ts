import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { createContentDoc, readAnnotationEntries, writeAnnotations } from '@glossa/collab';
import type { SpanAnnotation } from '@glossa/core';
import { textToDoc } from '@glossa/prosemirror';
import type { AnnotationChange, ResolvedAnnotations } from '@glossa/prosemirror';
import { LayerNotWritableError, compositeLayer } from '../src/session/composite-layer.js';

const TEXT = 'The National Guard was deployed.\nHuman rights groups protested.\nThe army stayed.';

function span(id: string, start: number, end: number, label: string, author: string): SpanAnnotation {
  return { id, start, end, label, author, status: 'proposed', note: '', created: 0, source: 'human' };
}

const at = (quote: string): { start: number; end: number } => ({ start: TEXT.indexOf(quote), end: TEXT.indexOf(quote) + quote.length });

/** A content doc, two annotator layers with spans written by a remote origin, and the editor's document. */
function setup() {
  const content = createContentDoc(TEXT);
  const alice = new Y.Doc();
  const bob = new Y.Doc();
  writeAnnotations(alice, content, [
    span('a1', at('National Guard').start, at('National Guard').end, 'militarization', 'alice'),
    span('a2', at('Human rights').start, at('Human rights').end, 'human-rights', 'alice'),
  ]);
  writeAnnotations(bob, content, [span('b1', at('The army').start, at('The army').end, 'militarization', 'bob')]);
  const members = [
    { id: 'alice', doc: alice, writable: false },
    { id: 'bob', doc: bob, writable: true },
  ];
  return { content, alice, bob, members, doc: textToDoc(TEXT) };
}

/** The resolved annotations as sorted readable strings: `id label [from, to)` or `id label orphan`. */
function printed(resolved: ResolvedAnnotations | null): string[] {
  if (resolved === null) return ['<not resolvable>'];
  return [...resolved.spans.map((s) => `${s.id} ${s.label} [${s.start}, ${s.end})`), ...resolved.orphans.map((o) => `${o.id} ${o.label} orphan`)].sort();
}

describe('composite layer', () => {
  it('resolves named annotations with editor ids, in editor positions, as the whole-layer read does', () => {
    const { content, members, doc } = setup();
    const layer = compositeLayer(content, members, 'erin', ['alice', 'bob']);
    const named = layer.resolveAnnotations(['alice:a1', 'bob:b1', 'bob:missing', 'carol:x', 'no-prefix'], doc);
    const whole = layer.resolve(doc);
    expect(printed(named)).toEqual(printed({ spans: whole.spans.filter((s) => s.id === 'alice:a1' || s.id === 'bob:b1'), orphans: [] }));
    // Positions of the editor's document: the text of each span is the quote it was written on.
    for (const s of named?.spans ?? []) expect(doc.textBetween(s.start, s.end)).toBe(s.id === 'alice:a1' ? 'National Guard' : 'The army');
  });

  it('leaves out the annotations of hidden layers, so the editor drops them', () => {
    const { content, members, doc } = setup();
    const layer = compositeLayer(content, members, 'erin', ['alice', 'bob']);
    layer.setVisibleLayers(['bob']);
    const named = layer.resolveAnnotations(['alice:a1', 'alice:a2', 'bob:b1'], doc);
    expect(named?.spans.map((s) => [s.id, doc.textBetween(s.start, s.end)])).toEqual([['bob:b1', 'The army']]);
    expect(printed(layer.resolve(doc))).toEqual(printed(named));
  });

  it('reports a remote change of a shown layer with editor ids, and nothing for a hidden one', () => {
    const { content, alice, bob, members } = setup();
    const layer = compositeLayer(content, members, 'erin', ['alice', 'bob']);
    const heard: (AnnotationChange | undefined)[] = [];
    const off = layer.subscribe((change) => heard.push(change));
    writeAnnotations(bob, content, [span('b2', 0, 3, 'boilerplate', 'bob')]);
    expect(heard).toEqual([{ ids: ['bob:b2'] }]);
    layer.setVisibleLayers(['bob']);
    expect(heard).toEqual([{ ids: ['bob:b2'] }, undefined]);
    writeAnnotations(alice, content, [span('a3', 0, 3, 'boilerplate', 'alice')]);
    expect(heard).toHaveLength(2);
    off();
    writeAnnotations(bob, content, [span('b3', 4, 12, 'boilerplate', 'bob')]);
    expect(heard).toHaveLength(2);
  });

  it('adds a layer opened later: shown, subscribed, and refused twice', () => {
    const { content, members, doc } = setup();
    const layer = compositeLayer(content, members, 'erin', ['alice', 'bob']);
    const heard: (AnnotationChange | undefined)[] = [];
    layer.subscribe((change) => heard.push(change));
    const carol = new Y.Doc();
    writeAnnotations(carol, content, [span('c1', at('groups').start, at('groups').end, 'political-context', 'carol')]);
    layer.addMember({ id: 'carol', doc: carol, writable: false }, true);
    expect(heard).toEqual([undefined]);
    expect(layer.visibleLayers()).toContain('carol');
    expect(printed(layer.resolveAnnotations(['carol:c1'], doc))).toEqual(printed({ spans: layer.resolve(doc).spans.filter((s) => s.id === 'carol:c1'), orphans: [] }));
    writeAnnotations(carol, content, [span('c2', 0, 3, 'boilerplate', 'carol')]);
    expect(heard).toEqual([undefined, { ids: ['carol:c2'] }]);
    expect(() => layer.addMember({ id: 'carol', doc: new Y.Doc(), writable: false }, true)).toThrow(RangeError);
  });

  it('routes writes to the writable layer and refuses the others with LayerNotWritableError', () => {
    const { content, members, doc } = setup();
    const layer = compositeLayer(content, members, 'bob', ['alice', 'bob']);
    const { start, end } = at('deployed');
    layer.write({ type: 'add', span: span('bob:b9', start + 1, end + 1, 'militarization', 'bob') }, doc);
    expect(printed(layer.resolveAnnotations(['bob:b9'], doc))).toEqual([`bob:b9 militarization [${start + 1}, ${end + 1})`]);
    expect(() => layer.write({ type: 'remove', ids: ['alice:a1'] }, doc)).toThrow(LayerNotWritableError);
    expect(() => layer.write({ type: 'update', id: 'gold:g1', patch: { label: 'x' } }, doc)).toThrow(LayerNotWritableError);
  });

  it('agrees with the whole-layer read for any spans, layers shown and ids asked for', () => {
    const words = [...TEXT.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    const layerIds = ['alice', 'bob', 'carol'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ layer: fc.constantFrom(...layerIds), first: fc.nat(words.length - 1), length: fc.integer({ min: 1, max: 3 }) }), { maxLength: 12 }),
        fc.subarray(layerIds),
        fc.array(fc.nat(14), { maxLength: 8 }),
        (spans, visible, asked) => {
          const content = createContentDoc(TEXT);
          const docs = new Map(layerIds.map((id) => [id, new Y.Doc()]));
          spans.forEach((s, i) => {
            const first = words[s.first] as { start: number };
            const last = words[Math.min(words.length - 1, s.first + s.length - 1)] as { end: number };
            writeAnnotations(docs.get(s.layer) as Y.Doc, content, [span(`s${i}`, first.start, last.end, 'militarization', s.layer)]);
          });
          const layer = compositeLayer(content, layerIds.map((id) => ({ id, doc: docs.get(id) as Y.Doc, writable: false })), 'erin', visible);
          const doc = textToDoc(TEXT);
          const ids = asked.map((n) => `${layerIds[n % 3] as string}:s${n}`);
          const whole = layer.resolve(doc);
          const wanted = new Set(ids);
          expect(printed(layer.resolveAnnotations(ids, doc))).toEqual(printed({ spans: whole.spans.filter((s) => wanted.has(s.id)), orphans: whole.orphans.filter((o) => wanted.has(o.id)) }));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('composite layer: decisions on suggestions', () => {
  const suggestion = { key: 'militarization/AA/BB', label: 'militarization', score: 0.9, recommender: 'strings', modelVersion: 'v1' };

  it('writes an accepted suggestion into the layer of its id and a rejection into the feedback layer, and reads that layer’s feedback back', () => {
    const { content, bob, members, doc } = setup();
    const layer = compositeLayer(content, members, 'bob', ['alice', 'bob'], () => 'bob');
    const positions = layer.resolve(doc).spans.find((s) => s.id === 'alice:a2');
    if (positions === undefined) throw new Error('no span');
    const feedback = { action: 'accepted' as const, by: 'bob', at: 5, recommender: 'strings', modelVersion: 'v1', score: 0.9, label: 'militarization', quote: 'Human rights' };
    layer.write(
      {
        type: 'accept',
        accepted: [
          { span: { ...span('bob:new', positions.start, positions.end, 'militarization', 'bob'), source: 'model' }, model: { recommender: 'strings', score: 0.9, modelVersion: 'v1' }, feedback: { suggestion: suggestion.key, entry: feedback } },
        ],
      },
      doc,
    );
    expect(readAnnotationEntries(bob).entries.find((e) => e.annotation.id === 'new')).toMatchObject({ annotation: { source: 'model' }, model: { recommender: 'strings', score: 0.9 }, quote: 'Human rights' });
    layer.write({ type: 'feedback', feedback: [{ suggestion: 'militarization/CC/DD', entry: { ...feedback, action: 'rejected', quote: 'army' } }] }, doc);
    expect(layer.readFeedback?.().map((f) => [f.suggestion, f.action])).toEqual([
      [suggestion.key, 'accepted'],
      ['militarization/CC/DD', 'rejected'],
    ]);
  });

  it('refuses a rejection when the user has no layer to record it in', () => {
    const { content, members, doc } = setup();
    const layer = compositeLayer(content, members, 'erin', ['alice', 'bob']);
    const entry = { action: 'rejected' as const, by: 'erin', at: 1, recommender: 'strings', modelVersion: 'v1', score: 0.9, label: 'militarization', quote: 'army' };
    expect(() => layer.write({ type: 'feedback', feedback: [{ suggestion: 'k', entry }] }, doc)).toThrow(LayerNotWritableError);
    expect(layer.readFeedback?.()).toEqual([]);
  });
});

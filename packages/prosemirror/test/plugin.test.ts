import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { TextSelection } from 'prosemirror-state';
import type { EditorState } from 'prosemirror-state';
import { annotationPluginKey, buildSegments, segmentDecoration, decorationContext } from '../src/index.js';
import type { AnnotationAction } from '../src/index.js';
import { decoratedIds, expectedIds, makeState, pluginState, printSpans, span, testSchema } from './fixtures.js';

const text = 'the National Guard was deployed';
// "National Guard" is [4, 18) in text offsets.

function insertAtText(state: EditorState, t: number, inserted: string): EditorState {
  return state.apply(state.tr.insertText(inserted, t + 1));
}

describe('decorations', () => {
  it('draws one segment per stretch covered by the same annotations, listing every id', () => {
    const state = makeState(text, [span('a', 4, 18), span('b', 13, 22, 'place')]);
    const decorations = pluginState(state).decorations.find();
    const described = decorations.map((d) => [
      state.doc.textBetween(d.from, d.to),
      (d as unknown as { type: { attrs: Record<string, string> } }).type.attrs['data-annotation-ids'],
    ]);
    expect(described).toEqual([
      ['National ', 'a'],
      ['Guard', 'a b'],
      [' was', 'b'],
    ]);
  });

  it('stacks nested annotations outermost first and validates every color', () => {
    const spans = [span('outer', 0, 10), span('inner', 2, 5, 'place'), span('bad', 3, 4, 'odd')];
    const segment = buildSegments(spans, 0, 10).find((s) => s.from === 3);
    expect(segment?.spans.map((s) => s.id)).toEqual(['outer', 'inner', 'bad']);
    const attrs = (segmentDecoration(segment!, decorationContext(testSchema, 'inner')) as unknown as { type: { attrs: Record<string, string> } }).type.attrs;
    expect(attrs['class']).toBe('glossa-annotation glossa-depth-3 glossa-annotation-selected');
    expect(attrs['style']).toBe('--glossa-c0: #ffcc00; --glossa-c1: #00aaff; --glossa-c2: #9e9e9e');
    expect(attrs['data-labels']).toBe('org place odd');
    expect(attrs['title']).toContain('Odd</style><script> (tester, proposed)');
  });

  it('uses the label id when an annotation has a label the schema does not know', () => {
    const [segment] = buildSegments([span('x', 0, 2, 'ghost label')], 0, 2);
    const attrs = (segmentDecoration(segment!, decorationContext(testSchema, null)) as unknown as { type: { attrs: Record<string, string> } }).type.attrs;
    expect(attrs['data-labels']).toBe('ghost%20label');
    expect(attrs['style']).toBe('--glossa-c0: #9e9e9e');
  });
});

describe('mapping through local edits', () => {
  const base = () => makeState(text, [span('a', 4, 18)]);

  it.each([
    ['at the start edge', 4, 'X', 'a:"National Guard"'],
    ['at the end edge', 18, 'X', 'a:"National Guard"'],
    ['inside', 12, 'X', 'a:"NationalX Guard"'],
    ['before', 0, 'X', 'a:"National Guard"'],
  ])('typing %s', (_name, at, inserted, expected) => {
    const state = insertAtText(base(), at, inserted);
    expect(printSpans(state)).toEqual([expected]);
    expect(decoratedIds(state)).toEqual(expectedIds(state));
  });

  it('shrinks on deletion inside and keeps a fully deleted annotation as an orphan', () => {
    let state = base();
    state = state.apply(state.tr.delete(5, 10)); // "Natio"
    expect(printSpans(state)).toEqual(['a:"nal Guard"']);
    state = state.apply(state.tr.delete(3, 16));
    expect(printSpans(state)).toEqual([]);
    expect(pluginState(state).orphans.map((o) => o.id)).toEqual(['a']);
    expect(pluginState(state).decorations.find()).toEqual([]);
  });

  it('follows paragraph splits', () => {
    let state = base();
    state = state.apply(state.tr.split(14)); // between "National " and "Guard"? position 14 = text offset 13
    expect(printSpans(state)).toEqual(['a:"National \\nGuard"']);
    expect(decoratedIds(state)).toEqual(expectedIds(state));
  });

  it('keeps decorations equal to the spans through random edits and annotation changes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom('insert', 'delete', 'split', 'add', 'remove', 'select', 'relabel'),
            a: fc.nat(),
            b: fc.nat(),
            textChar: fc.constantFrom('x', ' ', 'y'),
          }),
          { maxLength: 30 },
        ),
        (ops) => {
          let state = makeState('alpha beta gamma\ndelta epsilon', [span('s1', 0, 10), span('s2', 6, 16, 'place'), span('s3', 17, 22)]);
          let n = 0;
          for (const op of ops) {
            const size = state.doc.content.size;
            const from = 1 + (op.a % Math.max(1, size - 1));
            const to = Math.min(size - 1, from + (op.b % 6));
            const $from = state.doc.resolve(from);
            if (op.kind === 'insert' && $from.parent.isTextblock) state = state.apply(state.tr.insertText(op.textChar, from));
            else if (op.kind === 'delete' && to > from) state = state.apply(state.tr.delete(from, to));
            else if (op.kind === 'split' && $from.parent.isTextblock) state = state.apply(state.tr.split(from));
            else if (op.kind === 'add' && to > from) {
              const action: AnnotationAction = { type: 'add', span: span(`n${n++}`, from, to) };
              state = state.apply(state.tr.setMeta(annotationPluginKey, action));
            } else {
              const ids = pluginState(state).spans.toArray().map((s) => s.id);
              const id = ids[op.a % Math.max(1, ids.length)];
              if (id === undefined) continue;
              const action: AnnotationAction =
                op.kind === 'remove'
                  ? { type: 'remove', ids: [id] }
                  : op.kind === 'select'
                    ? { type: 'select', id }
                    : { type: 'update', id, patch: { label: 'place' } };
              state = state.apply(state.tr.setMeta(annotationPluginKey, action));
            }
            expect(decoratedIds(state)).toEqual(expectedIds(state));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('marks only the selected annotation as selected, and clears it when it is deleted', () => {
    let state = makeState(text, [span('a', 4, 18), span('b', 19, 22)]);
    state = state.apply(state.tr.setMeta(annotationPluginKey, { type: 'select', id: 'b' } satisfies AnnotationAction));
    const selected = pluginState(state)
      .decorations.find()
      .filter((d) => String((d as unknown as { type: { attrs: Record<string, string> } }).type.attrs['class']).includes('selected'));
    expect(selected.map((d) => state.doc.textBetween(d.from, d.to))).toEqual(['was']);
    state = state.apply(state.tr.setMeta(annotationPluginKey, { type: 'remove', ids: ['b'] } satisfies AnnotationAction));
    expect(pluginState(state).selectedId).toBeNull();
  });

  it('rebuilds only the window it is given', () => {
    let state = makeState(text, [span('a', 0, 3), span('b', 23, 31)]);
    state = state.apply(state.tr.setMeta(annotationPluginKey, { type: 'window', window: { from: 15, to: 40 } } satisfies AnnotationAction));
    expect(pluginState(state).decorations.find().map((d) => state.doc.textBetween(d.from, d.to))).toEqual(['deployed']);
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 1)));
    expect(pluginState(state).window).toEqual({ from: 15, to: 40 });
  });

  it('throws a RangeError for an action on an unknown annotation', () => {
    const state = makeState(text, [span('a', 4, 18)]);
    expect(() => state.apply(state.tr.setMeta(annotationPluginKey, { type: 'update', id: 'nope', patch: {} } satisfies AnnotationAction))).toThrow(
      /No annotation with id nope/,
    );
    expect(() => state.apply(state.tr.setMeta(annotationPluginKey, { type: 'select', id: 'nope' } satisfies AnnotationAction))).toThrow(RangeError);
  });
});

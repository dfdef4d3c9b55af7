/**
 * The span set's mapping must move span boundaries exactly as the
 * collaborative anchors do: Yjs relative positions with assoc 0 for starts
 * and assoc -1 for ends, over the same edits.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { SpanSet, type SpanAnnotation, type TextChange } from '@glossa/core';

interface Scenario {
  readonly length: number;
  readonly spans: readonly { readonly start: number; readonly end: number }[];
  readonly edits: readonly { readonly at: number; readonly del: number; readonly insert: number }[];
}

const scenario: fc.Arbitrary<Scenario> = fc.integer({ min: 4, max: 60 }).chain((length) =>
  fc.record({
    length: fc.constant(length),
    spans: fc.array(
      fc.tuple(fc.nat(length - 1), fc.integer({ min: 1, max: length })).map(([a, w]) => ({ start: a, end: Math.min(length, a + w) })),
      { minLength: 1, maxLength: 8 },
    ),
    edits: fc.array(fc.record({ at: fc.nat(200), del: fc.nat(6), insert: fc.nat(4) }), { minLength: 1, maxLength: 12 }),
  }),
);

function span(id: number, start: number, end: number): SpanAnnotation {
  return { id: `s${id}`, start, end, label: 'x', author: 'a', status: 'proposed', note: '', created: 0, source: 'human' };
}

describe('SpanSet.map agrees with Yjs relative positions', () => {
  it('on random edit sequences', () => {
    fc.assert(
      fc.property(scenario, ({ length, spans, edits }) => {
        const doc = new Y.Doc();
        const text = doc.getText('t');
        text.insert(0, 'a'.repeat(length));
        const anchors = spans.map(({ start, end }) => ({
          start: Y.createRelativePositionFromTypeIndex(text, start, 0),
          end: Y.createRelativePositionFromTypeIndex(text, end, -1),
        }));
        const changes: TextChange[] = [];
        for (const edit of edits) {
          const at = edit.at % (text.length + 1);
          const del = Math.min(edit.del, text.length - at);
          if (del > 0) text.delete(at, del);
          if (edit.insert > 0) text.insert(at, 'b'.repeat(edit.insert));
          changes.push({ from: at, to: at + del, insert: edit.insert });
        }
        const set = SpanSet.create(spans.map((s, i) => span(i, s.start, s.end)));
        const { set: mapped, collapsed } = set.map(changes);
        const collapsedIds = new Set(collapsed.map((s) => s.id));
        anchors.forEach((anchor, i) => {
          const start = Y.createAbsolutePositionFromRelativePosition(anchor.start, doc)?.index;
          const end = Y.createAbsolutePositionFromRelativePosition(anchor.end, doc)?.index;
          expect(start).toBeDefined();
          expect(end).toBeDefined();
          const id = `s${i}`;
          if ((start as number) >= (end as number)) {
            expect(collapsedIds.has(id), `span ${id} should have collapsed`).toBe(true);
          } else {
            expect(mapped.get(id), `span ${id}`).toMatchObject({ start, end });
          }
        });
      }),
      { numRuns: 1500 },
    );
  });
});

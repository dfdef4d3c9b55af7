import { describe, expect, it } from 'vitest';
import { EditorState } from 'prosemirror-state';
import type { LabelSchema } from '@glossa/core';
import { annotationPlugin, textToDoc } from '@glossa/prosemirror';
import { CONTEXT_CHARACTERS, previewOccurrences } from '../src/editor/occurrences.js';

const SCHEMA: LabelSchema = {
  version: 1,
  name: 'test',
  textColor: '#111111',
  groups: [],
  documentLabels: [],
  labels: [
    { id: 'org', name: 'Organization', description: '', color: '#ffcc00' },
    { id: 'place', name: 'Place', description: '', color: '#00aaff' },
  ],
};

const LONG = 'x'.repeat(50);
const TEXT = `The Guard came.\n${LONG} the guard ${LONG}\nGuardians and the Guard.`;

function span(id: string, quote: string, occurrence: number, label: string) {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = TEXT.indexOf(quote, at + 1);
  return { id, start: at, end: at + quote.length, label, author: 'a', status: 'proposed' as const, note: '', created: 0, source: 'human' as const };
}

describe('previewOccurrences', () => {
  it('lists each occurrence with its context and skips those carrying the label in the layer written to', () => {
    const state = EditorState.create({
      doc: textToDoc(TEXT),
      plugins: [
        annotationPlugin({
          schema: SCHEMA,
          viewportMargin: null,
          annotations: [span('shared:1', 'Guard', 0, 'org'), span('gold:2', 'Guard', 1, 'org'), span('shared:3', 'guard', 0, 'place')],
        }),
      ],
    });
    const preview = previewOccurrences(state, 'guard', { wholeWord: true }, 'org', 'shared');
    expect(preview.occurrences.map((o) => [o.before.slice(-6), o.text, o.after.slice(0, 6), o.skipped])).toEqual([
      ['The ', 'Guard', ' came.', true],
      ['x the ', 'guard', ' xxxxx', false],
      ['d the ', 'Guard', '.', false],
    ]);
    expect(preview.occurrences[1]?.before.startsWith('…')).toBe(true);
    expect(preview.occurrences[1]?.after.endsWith('…')).toBe(true);
    expect(preview.occurrences[1]?.before.length).toBe(CONTEXT_CHARACTERS + 1);
    expect(preview.create.map((m) => state.doc.textBetween(m.from, m.to))).toEqual(['guard', 'Guard']);
    expect(previewOccurrences(state, 'Guard', { caseSensitive: true }, 'place', 'shared').create).toHaveLength(3);
  });
});

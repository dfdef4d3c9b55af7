import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyLabel, labelKeyTarget, selectAnnotation } from '../src/index.js';
import type { ApplyLabelOptions } from '../src/index.js';
import { pluginState, run, span } from './fixtures.js';
import { selectText, stateWith } from './aid-fixtures.js';

const TEXT = 'The National Guard, deployed in May. It stayed!';

describe('labelKeyTarget', () => {
  it('names the whole words a label key would annotate, without edge punctuation', () => {
    const quote = (from: number, to: number): string => {
      const state = selectText(stateWith(TEXT, []), from, to);
      const target = labelKeyTarget(state);
      return target?.kind === 'create' ? state.doc.textBetween(target.from, target.to) : String(target?.kind ?? null);
    };
    expect(quote(6, 16)).toBe('National Guard'); // "tional Gua" grows to whole words
    expect(quote(12, 20)).toBe('Guard'); // " Guard, " loses its space, comma and space
    expect(quote(37, 47)).toBe('It stayed'); // the "!" is dropped
    expect(quote(5, 5)).toBe('null');
  });

  it('says relabel when the selection is exactly the selected annotation the user may change', () => {
    const state = run(stateWith(TEXT, [span('a', 4, 18)]), selectAnnotation('a')).state;
    expect(labelKeyTarget(state)).toEqual({ kind: 'relabel', id: 'a' });
    expect(labelKeyTarget(state, { canChange: () => false })).toMatchObject({ kind: 'create' });
    expect(labelKeyTarget(state, { canChange: () => false, canAnnotate: () => false })).toBeNull();
  });

  it('predicts what applyLabel does for any selection and rights', () => {
    fc.assert(
      fc.property(fc.nat(TEXT.length), fc.nat(TEXT.length), fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), (a, b, snapToWords, may, selectFirst, exact) => {
        let state = stateWith(TEXT, [span('a', 4, 18)]);
        if (selectFirst) state = run(state, selectAnnotation('a')).state;
        state = exact && selectFirst ? state : selectText(state, Math.min(a, b), Math.max(a, b));
        const options: ApplyLabelOptions = { snapToWords, canAnnotate: () => may, canChange: () => may };
        const target = labelKeyTarget(state, options);
        const { state: after, applied } = run(state, applyLabel('place', options));
        expect(applied).toBe(target !== null);
        if (target?.kind === 'relabel') expect(pluginState(after).spans.get(target.id)?.label).toBe('place');
        if (target?.kind === 'create') expect(pluginState(after).spans.get('new-1')).toMatchObject({ start: target.from, end: target.to, label: 'place' });
      }),
    );
  });
});

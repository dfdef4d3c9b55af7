import { describe, expect, it } from 'vitest';
import { PROJECT_MODES, ROLES } from '../src/access.js';
import { HIDDEN_AWARENESS_STATE, awarenessView, isHiddenAwarenessState, visibleAwarenessState } from '../src/blind-awareness.js';

const FULL = { user: { id: 'sue', name: 'sue', color: '#3366cc' }, layer: 'sue', cursor: { anchor: { tname: 'content' }, head: { tname: 'content' } } };

describe('awarenessView', () => {
  it('hides the others from annotators of independent projects only', () => {
    const hidden = ROLES.flatMap((role) => PROJECT_MODES.map((mode) => [role, mode, awarenessView(role, mode)] as const)).filter(([, , view]) => view === 'presence');
    expect(hidden).toEqual([['annotator', 'independent', 'presence']]);
    expect(awarenessView(undefined, 'independent')).toBe('everyone');
  });
});

describe('visibleAwarenessState', () => {
  it('replaces another user’s state with the hidden one for a presence reader, and keeps removals and the reader’s own states', () => {
    expect(visibleAwarenessState('presence', FULL, false)).toEqual(HIDDEN_AWARENESS_STATE);
    expect(visibleAwarenessState('presence', FULL, true)).toBe(FULL);
    expect(visibleAwarenessState('presence', null, false)).toBeNull();
    expect(visibleAwarenessState('everyone', FULL, false)).toBe(FULL);
  });

  it('recognises only the hidden state as hidden', () => {
    expect(isHiddenAwarenessState(HIDDEN_AWARENESS_STATE)).toBe(true);
    expect(JSON.parse(JSON.stringify(HIDDEN_AWARENESS_STATE))).toSatisfy(isHiddenAwarenessState);
    for (const state of [FULL, null, {}, { hidden: 'true' }, 'hidden']) expect(isHiddenAwarenessState(state)).toBe(false);
  });
});

/**
 * The blind rule of awareness: what a reader is shown of other users' live
 * states. In an `independent` project annotators work blind, so an
 * annotator is told that someone else has the document open and nothing
 * more: no name, caret, selection or layer. Everyone else (and everyone in
 * a `shared` project) sees every state. The server applies the rule where
 * it relays awareness, so a hidden state never leaves it.
 */
import type { ProjectMode, Role } from './access.js';

/**
 * What a reader sees of other users' awareness states: `everyone` (each
 * state as published) or `presence` (each state replaced by
 * `HIDDEN_AWARENESS_STATE`; the reader's own states, from any of their
 * tabs, are shown as published).
 */
export type AwarenessView = 'everyone' | 'presence';

/**
 * What `role` in a project of `mode` sees of other users' awareness.
 *
 * @example
 * awarenessView('annotator', 'independent') // 'presence'
 * awarenessView('curator', 'independent') // 'everyone'
 */
export function awarenessView(role: Role | undefined, mode: ProjectMode): AwarenessView {
  return mode === 'independent' && role === 'annotator' ? 'presence' : 'everyone';
}

/** The state of another user as a reader with the `presence` view receives it: someone is here. */
export interface HiddenAwarenessState {
  readonly hidden: true;
}

/** The one hidden state, sent in place of every state a `presence` reader may not see. */
export const HIDDEN_AWARENESS_STATE: HiddenAwarenessState = Object.freeze({ hidden: true });

/** Whether an awareness state is a hidden one (someone is here, who and where is not shown). */
export function isHiddenAwarenessState(state: unknown): state is HiddenAwarenessState {
  return typeof state === 'object' && state !== null && (state as { hidden?: unknown }).hidden === true;
}

/**
 * What a reader with `view` is sent of a state published by another client:
 * the state itself when the reader sees everyone or the state is the
 * reader's own (`sameUser`), the hidden state otherwise. A removed state
 * (`null`) stays `null`, so the reader learns that the client left.
 */
export function visibleAwarenessState(view: AwarenessView, state: unknown, sameUser: boolean): unknown {
  if (state === null || view === 'everyone' || sameUser) return state;
  return HIDDEN_AWARENESS_STATE;
}

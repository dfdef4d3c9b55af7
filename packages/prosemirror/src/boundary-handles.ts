/// <reference lib="dom" />
/**
 * Adjusting the selected annotation's boundaries in the text: two handles
 * (widgets at its start and end, when the user may change it) that a mouse
 * drags to a new place, with the range it would get drawn while dragging;
 * and a keyboard mode for the same, started with
 * `toggleBoundaryAdjustment` (the application binds it to a key). While
 * the mode is on:
 *
 * | keys                            | does                                                  |
 * |---------------------------------|-------------------------------------------------------|
 * | `ArrowLeft` / `ArrowRight`      | move the end one character left / right               |
 * | `Shift-ArrowLeft` / `…Right`    | move the start one character left / right             |
 * | with `Ctrl` or `Alt` added      | move by a word instead                                |
 * | `Enter` / `Escape`              | end the mode                                          |
 *
 * The mode belongs to one annotation and ends when another (or none) is
 * selected. Put the plugin before the keymaps, so its keys come first.
 */
import { Plugin, PluginKey } from 'prosemirror-state';
import type { Command, EditorState, Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { EditorView } from 'prosemirror-view';
import type { SpanAnnotation } from '@glossa/core';
import { moveBoundary, setAnnotationRange } from './span-boundaries.js';
import type { BoundarySide } from './span-boundaries.js';
import { annotationPluginKey } from './state.js';

/** The class of a boundary handle; `data-boundary` says `start` or `end`. */
export const BOUNDARY_HANDLE_CLASS = 'glossa-boundary-handle';

/** The class added to the handles while the keyboard mode is on. */
export const BOUNDARY_HANDLE_ACTIVE_CLASS = 'glossa-boundary-handle-active';

/** The class of the range a dragged handle would give the annotation. */
export const BOUNDARY_PREVIEW_CLASS = 'glossa-boundary-preview';

/** A handle being dragged and where it would go. */
export interface BoundaryDrag {
  readonly id: string;
  readonly side: BoundarySide;
  readonly from: number;
  readonly to: number;
}

/** The state of the boundary handles plugin. */
export interface BoundaryHandlesState {
  /** The annotation whose boundaries the keys move, or `null`. */
  readonly adjusting: string | null;
  readonly drag: BoundaryDrag | null;
}

/** The key of the boundary handles plugin. */
export const boundaryHandlesPluginKey = new PluginKey<BoundaryHandlesState>('glossaBoundaryHandles');

/** Options of `boundaryHandlesPlugin`. */
export interface BoundaryHandlesOptions {
  /** Whether the user may change the annotation with this id: only those get handles. @default always */
  readonly canChange?: (id: string) => boolean;
}

const IDLE: BoundaryHandlesState = { adjusting: null, drag: null };

/** The selected annotation, when there is one. */
function selectedSpan(state: EditorState): SpanAnnotation | undefined {
  const plugin = annotationPluginKey.getState(state);
  return plugin?.selectedId == null ? undefined : plugin.spans.get(plugin.selectedId);
}

/** The annotation whose boundaries the keyboard mode moves now, or `null` (the mode ends when the selection moves on). */
export function adjustingAnnotation(state: EditorState): string | null {
  const adjusting = boundaryHandlesPluginKey.getState(state)?.adjusting ?? null;
  return adjusting !== null && selectedSpan(state)?.id === adjusting ? adjusting : null;
}

function setHandlesState(state: EditorState, next: BoundaryHandlesState): Transaction {
  return state.tr.setMeta(boundaryHandlesPluginKey, next);
}

/**
 * Starts the keyboard mode for the selected annotation, or ends it when it
 * is on. Not applicable without a selected annotation the user may change.
 */
export function toggleBoundaryAdjustment(canChange: (id: string) => boolean = () => true): Command {
  return (state, dispatch) => {
    const handles = boundaryHandlesPluginKey.getState(state);
    if (handles === undefined) return false;
    if (adjustingAnnotation(state) !== null) {
      dispatch?.(setHandlesState(state, { ...handles, adjusting: null }));
      return true;
    }
    const span = selectedSpan(state);
    if (span === undefined || !canChange(span.id)) return false;
    dispatch?.(setHandlesState(state, { ...handles, adjusting: span.id }));
    return true;
  };
}

/** The handle element of one boundary. */
function handleElement(side: BoundarySide, active: boolean): HTMLElement {
  const element = document.createElement('span');
  element.className = active ? `${BOUNDARY_HANDLE_CLASS} ${BOUNDARY_HANDLE_ACTIVE_CLASS}` : BOUNDARY_HANDLE_CLASS;
  element.dataset['boundary'] = side;
  element.contentEditable = 'false';
  element.setAttribute('aria-hidden', 'true');
  return element;
}

function decorations(state: EditorState, canChange: (id: string) => boolean): DecorationSet | null {
  const span = selectedSpan(state);
  if (span === undefined || !canChange(span.id)) return null;
  const drag = boundaryHandlesPluginKey.getState(state)?.drag ?? null;
  const active = adjustingAnnotation(state) !== null;
  const from = drag?.id === span.id ? drag.from : span.start;
  const to = drag?.id === span.id ? drag.to : span.end;
  const found = [
    Decoration.widget(from, () => handleElement('start', active), { side: -1, key: `boundary-start-${String(active)}`, ignoreSelection: true }),
    Decoration.widget(to, () => handleElement('end', active), { side: 1, key: `boundary-end-${String(active)}`, ignoreSelection: true }),
  ];
  if (drag?.id === span.id) found.push(Decoration.inline(drag.from, drag.to, { class: BOUNDARY_PREVIEW_CLASS }));
  return DecorationSet.create(state.doc, found);
}

/** The range the annotation gets when its `side` boundary goes to `pos`, or `null` when that would empty it. */
function draggedRange(span: SpanAnnotation, side: BoundarySide, pos: number): { from: number; to: number } | null {
  const from = side === 'start' ? pos : span.start;
  const to = side === 'end' ? pos : span.end;
  return from < to ? { from, to } : null;
}

/** Follows the mouse from a press on a handle until it is released, then moves the boundary there. */
function dragHandle(view: EditorView, span: SpanAnnotation, side: BoundarySide): void {
  const owner = view.dom.ownerDocument;
  const place = (event: MouseEvent): void => {
    const hit = view.posAtCoords({ left: event.clientX, top: event.clientY });
    if (hit === null || !view.state.doc.resolve(hit.pos).parent.isTextblock) return;
    const range = draggedRange(span, side, hit.pos);
    const handles = boundaryHandlesPluginKey.getState(view.state);
    if (range === null || handles === undefined) return;
    if (handles.drag?.from === range.from && handles.drag.to === range.to) return;
    view.dispatch(setHandlesState(view.state, { ...handles, drag: { id: span.id, side, ...range } }));
  };
  const release = (event: MouseEvent): void => {
    owner.removeEventListener('mousemove', place);
    owner.removeEventListener('mouseup', release);
    place(event);
    const handles = boundaryHandlesPluginKey.getState(view.state);
    if (handles === undefined) return;
    const drag = handles.drag;
    view.dispatch(setHandlesState(view.state, { ...handles, drag: null }));
    if (drag !== null) setAnnotationRange(drag.id, drag.from, drag.to)(view.state, view.dispatch, view);
  };
  owner.addEventListener('mousemove', place);
  owner.addEventListener('mouseup', release);
}

/** The boundary move a key makes in the keyboard mode, or `null` for other keys. */
function keyMove(event: KeyboardEvent): { side: BoundarySide; direction: 1 | -1; word: boolean } | null {
  if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return null;
  if (event.metaKey) return null;
  return { side: event.shiftKey ? 'start' : 'end', direction: event.key === 'ArrowRight' ? 1 : -1, word: event.ctrlKey || event.altKey };
}

/** The boundary handles plugin (see the module comment). */
export function boundaryHandlesPlugin(options: BoundaryHandlesOptions = {}): Plugin<BoundaryHandlesState> {
  const canChange = options.canChange ?? (() => true);
  return new Plugin<BoundaryHandlesState>({
    key: boundaryHandlesPluginKey,
    state: {
      init: () => IDLE,
      apply: (tr, previous) => (tr.getMeta(boundaryHandlesPluginKey) as BoundaryHandlesState | undefined) ?? previous,
    },
    props: {
      decorations: (state) => decorations(state, canChange),
      handleKeyDown: (view, event) => {
        const id = adjustingAnnotation(view.state);
        if (id === null) return false;
        if (event.key === 'Enter' || event.key === 'Escape') return toggleBoundaryAdjustment(canChange)(view.state, view.dispatch, view);
        const move = keyMove(event);
        if (move === null) return false;
        // Swallowed even when the boundary cannot move, so the caret does not wander off the annotation.
        moveBoundary(id, move.side, move.direction, move.word ? 'word' : 'character')(view.state, view.dispatch, view);
        return true;
      },
      handleDOMEvents: {
        mousedown: (view, event) => {
          const target = event.target instanceof Element ? event.target.closest(`.${BOUNDARY_HANDLE_CLASS}`) : null;
          const span = selectedSpan(view.state);
          if (target === null || span === undefined || !canChange(span.id) || event.button !== 0) return false;
          event.preventDefault();
          dragHandle(view, span, target.getAttribute('data-boundary') === 'start' ? 'start' : 'end');
          return true;
        },
      },
    },
  });
}

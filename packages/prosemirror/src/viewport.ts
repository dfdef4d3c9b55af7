/**
 * Tracking the visible part of an editor so that only annotations near it
 * are decorated. This is the only DOM-dependent part of the annotation
 * plugin besides ProseMirror's own rendering.
 */
import type { EditorView } from 'prosemirror-view';
import { annotationPluginKey } from './state.js';
import type { PositionRange } from './state.js';

/** A viewport tracker attached to a view. */
export interface ViewportTracker {
  /**
   * Called after a view update: re-measures only when the document's size
   * moved by more than a quarter of the margin since the last measurement
   * (a document replaced or pasted in), since the window is mapped through
   * edits and scrolling is measured on its own events.
   */
  update(): void;
  /** Stops listening. */
  destroy(): void;
}

/**
 * The range of positions visible on screen, or `null` when it cannot be
 * measured (no layout, editor off screen).
 */
export function visibleRange(view: EditorView): PositionRange | null {
  const rect = view.dom.getBoundingClientRect();
  const viewportHeight = view.dom.ownerDocument.defaultView?.innerHeight ?? 0;
  const top = Math.max(rect.top, 0);
  const bottom = Math.min(rect.bottom, viewportHeight);
  if (!(bottom > top) || !(rect.right > rect.left)) return null;
  const first = view.posAtCoords({ left: rect.left + 1, top: top + 1 });
  const last = view.posAtCoords({ left: rect.right - 1, top: bottom - 1 });
  if (first === null || last === null) return null;
  return { from: Math.min(first.pos, last.pos), to: Math.max(first.pos, last.pos) };
}

/**
 * Watches scrolling and resizing and calls `onWindow` with a new decorated
 * window `[from - margin, to + margin]` whenever the visible range comes
 * within half a margin of the current window's edge. Documents smaller than
 * two margins are decorated whole (`null`). Measuring asks the browser for
 * the positions at two points, which lays out the page, so it runs at most
 * once a frame and only after a scroll, a resize, the first render or a
 * large change of the document, never for typing.
 */
export function trackViewport(view: EditorView, margin: number, onWindow: (window: PositionRange | null) => void): ViewportTracker {
  if (!Number.isFinite(margin) || margin < 0) throw new RangeError(`viewportMargin must be a non-negative number, got ${margin}`);
  const win = view.dom.ownerDocument.defaultView;
  let frame: number | null = null;
  // The document size at the last measurement; -1 before the first.
  let measuredSize = -1;
  const check = (): void => {
    frame = null;
    const current = annotationPluginKey.getState(view.state)?.window ?? null;
    const size = view.state.doc.content.size;
    if (size <= 2 * margin) {
      measuredSize = size;
      if (current !== null) onWindow(null);
      return;
    }
    const visible = visibleRange(view);
    if (visible === null) return;
    measuredSize = size;
    const half = margin / 2;
    const covered =
      current !== null &&
      current.from <= Math.max(0, visible.from - half) &&
      current.to >= Math.min(size, visible.to + half);
    if (!covered) onWindow({ from: Math.max(0, visible.from - margin), to: Math.min(size, visible.to + margin) });
  };
  const schedule = (): void => {
    if (frame !== null || win === null) return;
    frame = win.requestAnimationFrame(check);
  };
  win?.addEventListener('scroll', schedule, { capture: true, passive: true });
  win?.addEventListener('resize', schedule, { passive: true });
  schedule();
  return {
    update: () => {
      if (measuredSize < 0 || Math.abs(view.state.doc.content.size - measuredSize) > margin / 4) schedule();
    },
    destroy: () => {
      win?.removeEventListener('scroll', schedule, { capture: true });
      win?.removeEventListener('resize', schedule);
      if (frame !== null) win?.cancelAnimationFrame(frame);
    },
  };
}

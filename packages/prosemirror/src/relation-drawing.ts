/**
 * Drawing relations: an SVG overlay above the editor's text with one arc
 * per shown relation, from its source annotation to its target, an arrow
 * head on a directed relation and the label's name at the top. Only the
 * relations with an end inside the annotation plugin's decorated window
 * (the visible text and a margin around it) are drawn, found through the
 * spans in that window, so a document with thousands of relations draws a
 * few dozen. Clicking an arc's label selects the relation.
 *
 * The overlay is aria-hidden: the relations are listed for assistive
 * technology by the application (a side panel), and every action on them
 * has a key.
 */
import type { EditorView } from 'prosemirror-view';
import type { LabelSchema, RelationAnnotation, SpanAnnotation } from '@glossa/core';
import { annotationPluginKey } from './state.js';
import { relationPluginKey } from './relation-state.js';
import { FALLBACK_LABEL_COLOR, safeColor } from './styles.js';

const SVG = 'http://www.w3.org/2000/svg';

/** The class of the overlay. */
export const RELATION_LAYER_CLASS = 'glossa-relations';
/** The class of one relation's group (arc, arrow head, label) in the overlay; it carries `data-relation-id`. */
export const RELATION_CLASS = 'glossa-relation';
/** The class added to the selected relation's group. */
export const RELATION_SELECTED_CLASS = 'glossa-relation-selected';
/** The class of the label (name on a background) of a relation's arc, the part that takes clicks. */
export const RELATION_LABEL_CLASS = 'glossa-relation-label';
/** The class on the editor while a relation is being made (after `startRelation`). */
export const RELATION_PENDING_CLASS = 'glossa-relation-pending';

/** How wide a label's character is taken to be, in pixels, to size its background without measuring. */
const CHAR_WIDTH = 6.2;

/** A point in the overlay's coordinates. */
export interface ArcPoint {
  readonly x: number;
  readonly y: number;
}

/** The geometry of one relation's arc. */
export interface RelationArc {
  /** The SVG path of the arc. */
  readonly path: string;
  /** The arrow head's polygon points, or `null` for an undirected relation. */
  readonly arrow: string | null;
  /** Where the label's middle is. */
  readonly label: ArcPoint;
}

/**
 * The arc from `from` to `to` (the tops of the two ends): a curve rising
 * above both, higher the farther apart the ends are and `level` label
 * heights higher again (see `arcLevels`), with an arrow head pointing down
 * into `to` when `directed`. Pure, for tests.
 */
export function relationArc(from: ArcPoint, to: ArcPoint, directed: boolean, level = 0): RelationArc {
  const rise = Math.min(48, 12 + Math.abs(to.x - from.x) / 16) + LEVEL_RISE * level;
  const top = Math.min(from.y, to.y) - rise;
  const path = `M ${from.x.toFixed(1)} ${from.y.toFixed(1)} C ${from.x.toFixed(1)} ${top.toFixed(1)}, ${to.x.toFixed(1)} ${top.toFixed(1)}, ${to.x.toFixed(1)} ${to.y.toFixed(1)}`;
  const arrow = directed ? `${(to.x - 4).toFixed(1)},${(to.y - 7).toFixed(1)} ${(to.x + 4).toFixed(1)},${(to.y - 7).toFixed(1)} ${to.x.toFixed(1)},${to.y.toFixed(1)}` : null;
  return { path, arrow, label: { x: (from.x + to.x) / 2, y: (from.y + to.y) / 8 + 0.75 * top } };
}

/** How much higher each level of stacked arcs rises: a label's height and a gap. */
const LEVEL_RISE = 17;

/**
 * Levels for arcs so that their labels do not sit on each other: arcs
 * whose ends are on the same line (tops within a few pixels) and whose
 * horizontal extents overlap get different levels, the narrower one lower.
 * Returns one level per arc, in the order given. Pure, for tests.
 */
export function arcLevels(arcs: readonly { readonly from: ArcPoint; readonly to: ArcPoint }[]): number[] {
  const levels = new Array<number>(arcs.length).fill(0);
  const order = arcs.map((arc, index) => ({ index, left: Math.min(arc.from.x, arc.to.x), right: Math.max(arc.from.x, arc.to.x), top: Math.min(arc.from.y, arc.to.y) }));
  order.sort((a, b) => a.right - a.left - (b.right - b.left) || a.left - b.left || a.index - b.index);
  const placed: { left: number; right: number; top: number; level: number }[] = [];
  for (const arc of order) {
    const taken = new Set(placed.filter((other) => Math.abs(other.top - arc.top) < 4 && other.left <= arc.right + 8 && arc.left <= other.right + 8).map((other) => other.level));
    let level = 0;
    while (taken.has(level)) level++;
    levels[arc.index] = level;
    placed.push({ ...arc, level });
  }
  return levels;
}

/** The first stretch of a span that shows: its first fragment, or the span. */
function firstPiece(span: SpanAnnotation): { from: number; to: number } {
  const first = span.fragments?.[0];
  if (first === undefined) return { from: span.start, to: span.end };
  // Fragments are read in the coordinates the span was placed in; the span's start may have shifted since.
  const shift = span.start - first[0];
  return { from: span.start, to: Math.min(span.end, first[1] + shift) };
}

/** The overlay of one editor view. */
export class RelationOverlay {
  private readonly svg: SVGSVGElement;
  private readonly container: HTMLElement | null;
  private frame: number | null = null;
  private drawn: readonly unknown[] = [];
  private readonly onResize = (): void => {
    this.drawn = [];
    this.schedule();
  };
  private readonly onMouseDown = (event: MouseEvent): void => {
    const target = event.target instanceof Element ? event.target.closest(`[data-relation-id]`) : null;
    const id = target?.getAttribute('data-relation-id');
    if (id === null || id === undefined) return;
    event.preventDefault();
    const plugin = relationPluginKey.getState(this.view.state);
    if (plugin === undefined || !plugin.relations.has(id) || plugin.selectedId === id) return;
    this.view.dispatch(this.view.state.tr.setMeta(relationPluginKey, { type: 'select', id }).setMeta('addToHistory', false));
  };

  constructor(
    private readonly view: EditorView,
    private readonly schema: LabelSchema,
  ) {
    const doc = view.dom.ownerDocument;
    this.svg = doc.createElementNS(SVG, 'svg');
    this.svg.setAttribute('class', RELATION_LAYER_CLASS);
    this.svg.setAttribute('aria-hidden', 'true');
    this.svg.style.cssText = 'position:absolute;left:0;top:0;width:0;height:0;overflow:visible;pointer-events:none;z-index:1';
    this.container = view.dom.parentElement;
    if (this.container !== null) {
      const position = doc.defaultView?.getComputedStyle(this.container).position ?? 'static';
      if (position === 'static') this.container.style.position = 'relative';
      this.container.appendChild(this.svg);
    }
    this.svg.addEventListener('mousedown', this.onMouseDown);
    doc.defaultView?.addEventListener('resize', this.onResize, { passive: true });
    this.schedule();
  }

  /**
   * After a view update: when the decorated window or the relations
   * changed (a scroll brought other text near, a relation was made), draws
   * now, in the frame that paints the new annotations; after other changes
   * (typing), at the next frame.
   */
  update(): void {
    const annotations = annotationPluginKey.getState(this.view.state);
    const relations = relationPluginKey.getState(this.view.state);
    if (this.drawn.length > 0 && (annotations?.window !== this.drawn[1] || relations !== this.drawn[2])) this.draw();
    else this.schedule();
  }

  /** Draws again at the next frame, when something it draws from changed. */
  schedule(): void {
    const win = this.view.dom.ownerDocument.defaultView;
    if (this.frame !== null || win === null) return;
    this.frame = win.requestAnimationFrame(() => {
      this.frame = null;
      this.draw();
    });
  }

  /** Removes the overlay. */
  destroy(): void {
    const win = this.view.dom.ownerDocument.defaultView;
    if (this.frame !== null) win?.cancelAnimationFrame(this.frame);
    win?.removeEventListener('resize', this.onResize);
    this.svg.removeEventListener('mousedown', this.onMouseDown);
    this.svg.remove();
  }

  /** The relations with an end in the decorated window, with their ends, in drawing order. */
  private shown(): { relation: RelationAnnotation; from: SpanAnnotation; to: SpanAnnotation }[] {
    const annotations = annotationPluginKey.getState(this.view.state);
    const relations = relationPluginKey.getState(this.view.state);
    if (annotations === undefined || relations === undefined || relations.relations.size === 0) return [];
    const size = this.view.state.doc.content.size;
    const window = annotations.window ?? { from: 0, to: size };
    const ids = new Set<string>();
    for (const span of annotations.spans.find(window.from, window.to)) {
      for (const id of relations.bySpan.get(span.id) ?? []) ids.add(id);
    }
    const shown: { relation: RelationAnnotation; from: SpanAnnotation; to: SpanAnnotation }[] = [];
    for (const id of ids) {
      const relation = relations.relations.get(id);
      if (relation === undefined) continue;
      const from = annotations.spans.get(relation.from);
      const to = annotations.spans.get(relation.to);
      if (from !== undefined && to !== undefined) shown.push({ relation, from, to });
    }
    // The selected one last, so that it is drawn on top.
    return shown.sort((a, b) => Number(a.relation.id === relations.selectedId) - Number(b.relation.id === relations.selectedId));
  }

  /** Where an annotation's arc ends: above the middle of its first piece's first line. */
  private anchor(span: SpanAnnotation, origin: ArcPoint): ArcPoint | null {
    const piece = firstPiece(span);
    const size = this.view.state.doc.content.size;
    try {
      const start = this.view.coordsAtPos(Math.min(piece.from, size), 1);
      const end = this.view.coordsAtPos(Math.min(piece.to, size), -1);
      const sameLine = Math.abs(end.top - start.top) < 2 && end.left > start.left;
      const x = sameLine ? (start.left + end.left) / 2 : start.left + 6;
      return { x: x + origin.x, y: start.top + origin.y };
    } catch {
      return null;
    }
  }

  private draw(): void {
    const annotations = annotationPluginKey.getState(this.view.state);
    const relations = relationPluginKey.getState(this.view.state);
    const key = [annotations?.spans, annotations?.window, relations, this.view.state.doc];
    this.view.dom.classList.toggle(RELATION_PENDING_CLASS, relations?.pendingSource != null);
    if (key.length === this.drawn.length && key.every((part, i) => part === this.drawn[i])) return;
    this.drawn = key;
    const container = this.container;
    if (container === null) return;
    const box = container.getBoundingClientRect();
    const origin = { x: container.scrollLeft - box.left, y: container.scrollTop - box.top };
    const doc = this.view.dom.ownerDocument;
    const names = new Map((this.schema.relationLabels ?? []).map((label) => [label.id, label]));
    const spanNames = new Map(this.schema.labels.map((label) => [label.id, label.name]));
    const groups: SVGGElement[] = [];
    const placed = this.shown().flatMap(({ relation, from, to }) => {
      const a = this.anchor(from, origin);
      const b = this.anchor(to, origin);
      return a === null || b === null ? [] : [{ relation, from: a, to: b, fromSpan: from, toSpan: to }];
    });
    const levels = arcLevels(placed);
    placed.forEach(({ relation, from: a, to: b, fromSpan: from, toSpan: to }, index) => {
      const definition = names.get(relation.label);
      const color = safeColor(definition?.color, FALLBACK_LABEL_COLOR);
      const arc = relationArc(a, b, relation.directed, levels[index] ?? 0);
      const group = doc.createElementNS(SVG, 'g');
      group.setAttribute('class', relation.id === relations?.selectedId ? `${RELATION_CLASS} ${RELATION_SELECTED_CLASS}` : RELATION_CLASS);
      group.setAttribute('data-relation-id', relation.id);
      group.setAttribute('data-relation-label', relation.label);
      group.setAttribute('data-from', relation.from);
      group.setAttribute('data-to', relation.to);
      group.setAttribute('data-directed', String(relation.directed));
      const path = doc.createElementNS(SVG, 'path');
      path.setAttribute('d', arc.path);
      path.setAttribute('fill', 'none');
      path.setAttribute('stroke', color);
      group.appendChild(path);
      if (arc.arrow !== null) {
        const head = doc.createElementNS(SVG, 'polygon');
        head.setAttribute('points', arc.arrow);
        head.setAttribute('fill', color);
        group.appendChild(head);
      }
      const name = definition?.name ?? relation.label;
      const label = doc.createElementNS(SVG, 'g');
      label.setAttribute('class', RELATION_LABEL_CLASS);
      const width = name.length * CHAR_WIDTH + 8;
      const rect = doc.createElementNS(SVG, 'rect');
      rect.setAttribute('x', (arc.label.x - width / 2).toFixed(1));
      rect.setAttribute('y', (arc.label.y - 8).toFixed(1));
      rect.setAttribute('width', width.toFixed(1));
      rect.setAttribute('height', '15');
      rect.setAttribute('rx', '3');
      rect.setAttribute('fill', color);
      const text = doc.createElementNS(SVG, 'text');
      text.setAttribute('x', arc.label.x.toFixed(1));
      text.setAttribute('y', (arc.label.y + 3.5).toFixed(1));
      text.setAttribute('text-anchor', 'middle');
      text.textContent = name;
      const title = doc.createElementNS(SVG, 'title');
      const arrow = relation.directed ? '→' : '↔';
      title.textContent = `${name}: ${spanNames.get(from.label) ?? from.label} ${arrow} ${spanNames.get(to.label) ?? to.label}`;
      label.append(rect, text, title);
      group.appendChild(label);
      groups.push(group);
    });
    this.svg.replaceChildren(...groups);
  }
}

/** The class the relation plugin puts on the editor: its lines leave room for the arcs above them. */
export const RELATION_ROOM_CLASS = 'glossa-relation-room';

/**
 * The stylesheet of the relation overlay: arcs, arrow heads, labels (in
 * the schema's text color on the relation label's color), the selected
 * relation, and line spacing that leaves room for the arcs.
 */
export function relationStyles(schema: LabelSchema): string {
  const textColor = safeColor(schema.textColor, '#000000');
  return [
    `.${RELATION_ROOM_CLASS} p { line-height: 2.2; }`,
    `.${RELATION_LAYER_CLASS} path { stroke-width: 1.5; }`,
    `.${RELATION_LAYER_CLASS} .${RELATION_SELECTED_CLASS} path { stroke-width: 3; }`,
    `.${RELATION_LAYER_CLASS} .${RELATION_SELECTED_CLASS} rect { stroke: ${textColor}; stroke-width: 2; }`,
    `.${RELATION_LAYER_CLASS} .${RELATION_LABEL_CLASS} { pointer-events: auto; cursor: pointer; }`,
    `.${RELATION_LAYER_CLASS} text { font: 11px/1 system-ui, sans-serif; fill: ${textColor}; user-select: none; }`,
    `.${RELATION_PENDING_CLASS} { cursor: crosshair; }`,
  ].join('\n') + '\n';
}

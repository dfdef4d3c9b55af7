/**
 * Building annotation decorations: pure functions from spans (in ProseMirror
 * positions) to inline decorations, one per maximal stretch of text covered
 * by the same set of annotations, so each stretch carries the full list of
 * its annotation ids and labels and every overlapping annotation is drawn.
 */
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { LabelSchema, SpanAnnotation } from '@glossa/core';
import { ANNOTATION_CLASS, DEPTH_CLASS_PREFIX, FALLBACK_LABEL_COLOR, MAX_STACK_DEPTH, SELECTED_CLASS, labelColors } from './styles.js';

/** A stretch `[from, to)` covered by the same annotations, outermost first. */
export interface Segment {
  readonly from: number;
  readonly to: number;
  /** The covering annotations, ordered by start, then longer first, then id. */
  readonly spans: readonly SpanAnnotation[];
}

/** What a segment decoration needs besides the spans: label names and colors, the selection. */
export interface DecorationContext {
  /** Label id → validated `#rrggbb` color. */
  readonly colors: ReadonlyMap<string, string>;
  /** Label id → display name. */
  readonly names: ReadonlyMap<string, string>;
  /** The selected annotation's id, if any. */
  readonly selectedId: string | null;
}

/** The spec attached to each segment decoration, used to find it again. */
export interface SegmentSpec {
  readonly glossaSegment: true;
  readonly ids: readonly string[];
}

/** Builds the label lookups of a decoration context from a schema. */
export function decorationContext(schema: LabelSchema, selectedId: string | null): DecorationContext {
  return {
    colors: labelColors(schema),
    names: new Map(schema.labels.map((label) => [label.id, label.name])),
    selectedId,
  };
}

/** The order of covering annotations in a segment: outer (earlier start, longer) first, then by id. */
function compareNesting(a: SpanAnnotation, b: SpanAnnotation): number {
  return a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The stretches a span covers, in positions: its fragments (shifted by as
 * much as its start moved since they were placed, and kept inside it), or
 * the one range `[start, end)`.
 */
export function spanPieces(span: SpanAnnotation): { readonly from: number; readonly to: number }[] {
  const fragments = span.fragments;
  const first = fragments?.[0];
  if (fragments === undefined || first === undefined) return [{ from: span.start, to: span.end }];
  const shift = span.start - first[0];
  const pieces: { from: number; to: number }[] = [];
  for (const [from, to] of fragments) {
    const a = Math.max(span.start, from + shift);
    const b = Math.min(span.end, to + shift);
    if (a < b) pieces.push({ from: a, to: b });
  }
  return pieces.length === 0 ? [{ from: span.start, to: span.end }] : pieces;
}

/**
 * Splits the spans, clipped to `[from, to)`, into segments: maximal stretches
 * covered by the same set of spans. A span with fragments covers its pieces
 * only, not the text between them. Empty spans and stretches covered by no
 * span produce no segment. Runs in O(k log k + total segment sizes).
 */
export function buildSegments(spans: Iterable<SpanAnnotation>, from: number, to: number): Segment[] {
  const clipped: { span: SpanAnnotation; start: number; end: number }[] = [];
  const bounds = new Set<number>();
  for (const span of spans) {
    for (const piece of spanPieces(span)) {
      const start = Math.max(piece.from, from);
      const end = Math.min(piece.to, to);
      if (start >= end) continue;
      clipped.push({ span, start, end });
      bounds.add(start);
      bounds.add(end);
    }
  }
  if (clipped.length === 0) return [];
  clipped.sort((a, b) => a.start - b.start || compareNesting(a.span, b.span));
  const points = [...bounds].sort((a, b) => a - b);
  const segments: Segment[] = [];
  let active: { span: SpanAnnotation; start: number; end: number }[] = [];
  let next = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i] as number;
    const b = points[i + 1] as number;
    active = active.filter((piece) => piece.end > a);
    while (next < clipped.length && (clipped[next] as { start: number }).start <= a) {
      active.push(clipped[next] as { span: SpanAnnotation; start: number; end: number });
      next++;
    }
    if (active.length > 0) segments.push({ from: a, to: b, spans: active.map((piece) => piece.span).sort(compareNesting) });
  }
  return segments;
}

/** The accessible description of one annotation: label name, author, status and note. */
function describe(span: SpanAnnotation, context: DecorationContext): string {
  const name = context.names.get(span.label) ?? span.label;
  const parts = [`${name} (${span.author}, ${span.status})`];
  if (span.note.length > 0) parts.push(span.note);
  return parts.join(': ');
}

/** Encodes one id or label for a space-separated attribute list. @internal */
export function listItem(value: string): string {
  return encodeURIComponent(value);
}

/**
 * The inline decoration of one segment, an element of its own (`nodeName:
 * 'span'`). Attributes: `class`
 * (`glossa-annotation glossa-depth-N`, plus `glossa-annotation-selected`),
 * `style` (one validated color custom property per covering annotation),
 * `data-annotation-ids` and `data-labels` (space-separated, each item
 * URI-encoded), `data-statuses`, `title` and `aria-description`. Values are
 * set as DOM attributes by ProseMirror, never parsed as HTML.
 */
export function segmentDecoration(segment: Segment, context: DecorationContext): Decoration {
  const ids = segment.spans.map((span) => span.id);
  const depth = Math.min(segment.spans.length, MAX_STACK_DEPTH);
  const style: string[] = [];
  segment.spans.forEach((span, level) => {
    style.push(`--glossa-c${Math.min(level, MAX_STACK_DEPTH - 1)}: ${context.colors.get(span.label) ?? FALLBACK_LABEL_COLOR}`);
  });
  const selected = context.selectedId !== null && ids.includes(context.selectedId);
  const description = segment.spans.map((span) => describe(span, context)).join('\n');
  const spec: SegmentSpec = { glossaSegment: true, ids };
  return Decoration.inline(
    segment.from,
    segment.to,
    {
      // An element of its own, so that a suggestion's or another plugin's decoration is never merged into it.
      nodeName: 'span',
      class: `${ANNOTATION_CLASS} ${DEPTH_CLASS_PREFIX}${depth}${selected ? ` ${SELECTED_CLASS}` : ''}`,
      style: style.join('; '),
      'data-annotation-ids': ids.map(listItem).join(' '),
      'data-labels': segment.spans.map((span) => listItem(span.label)).join(' '),
      'data-statuses': [...new Set(segment.spans.map((span) => span.status))].join(' '),
      title: description,
      'aria-description': description,
    },
    spec,
  );
}

/** Whether a decoration is a segment decoration built here. */
export function isSegmentDecoration(decoration: Decoration): boolean {
  return (decoration.spec as Partial<SegmentSpec>).glossaSegment === true;
}

/** The decorations of every kind in `[from, to)` for `doc`. */
export function buildDecorations(doc: ProseMirrorNode, from: number, to: number, kinds: readonly DecorationKind[]): DecorationSet {
  return DecorationSet.create(doc, kinds.flatMap((kind) => kind.draw(from, to)));
}

/**
 * One kind of decoration the plugin draws (annotation segments, suggestion
 * segments): which decorations in a set are its own, and how it draws a
 * range of the document.
 */
export interface DecorationKind {
  /** Whether a decoration with this spec is one of this kind's. */
  owns(spec: Record<string, unknown>): boolean;
  /** The decorations of `[from, to)`, from every span overlapping it. */
  draw(from: number, to: number): Decoration[];
  /**
   * Optional: the range to redraw when `[from, to]` changed, when a change
   * there can change how things beyond it are drawn (a suggestion shown or
   * hidden as a whole). @default `[from, to]`
   */
  widen?(from: number, to: number): { readonly from: number; readonly to: number };
}

/** The annotation segments, drawn from `spansIn(from, to)` (every span overlapping or touching `[from, to]`). */
export function annotationDecorations(spansIn: (from: number, to: number) => Iterable<SpanAnnotation>, context: DecorationContext): DecorationKind {
  return {
    owns: (spec) => spec['glossaSegment'] === true,
    draw: (from, to) => buildSegments(spansIn(from, to), from, to).map((segment) => segmentDecoration(segment, context)),
  };
}

/**
 * Redraws the decorations of one kind around the ranges `[from, to]`
 * (positions in `doc`) of an already mapped set: that kind's decorations
 * touching each range are removed and the stretch they covered, together
 * with the range, is drawn again. Decorations of other kinds stay. Only the
 * part inside `window` is drawn.
 */
export function repairDecorations(
  decorations: DecorationSet,
  doc: ProseMirrorNode,
  ranges: readonly { readonly from: number; readonly to: number }[],
  window: { readonly from: number; readonly to: number },
  kind: DecorationKind,
): DecorationSet {
  let result = decorations;
  for (const range of ranges) {
    const wide = kind.widen?.(range.from, range.to) ?? range;
    let from = Math.max(wide.from, window.from);
    let to = Math.min(wide.to, window.to);
    if (from > to) continue;
    const stale = result.find(from, to, (spec: Record<string, unknown>) => kind.owns(spec));
    for (const decoration of stale) {
      from = Math.min(from, decoration.from);
      to = Math.max(to, decoration.to);
    }
    from = Math.max(from, window.from);
    to = Math.min(to, window.to);
    result = result.remove(stale).add(doc, kind.draw(from, to));
  }
  return result;
}

/** Replaces every decoration of one kind in the set by the kind's drawing of `window`. */
export function redrawDecorations(decorations: DecorationSet, doc: ProseMirrorNode, window: { readonly from: number; readonly to: number }, kind: DecorationKind): DecorationSet {
  const stale = decorations.find(undefined, undefined, (spec: Record<string, unknown>) => kind.owns(spec));
  return decorations.remove(stale).add(doc, kind.draw(window.from, window.to));
}

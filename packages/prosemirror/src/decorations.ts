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
 * Splits the spans, clipped to `[from, to)`, into segments: maximal stretches
 * covered by the same set of spans. Empty spans and stretches covered by no
 * span produce no segment. Runs in O(k log k + total segment sizes).
 */
export function buildSegments(spans: Iterable<SpanAnnotation>, from: number, to: number): Segment[] {
  const clipped: SpanAnnotation[] = [];
  const bounds = new Set<number>();
  for (const span of spans) {
    const start = Math.max(span.start, from);
    const end = Math.min(span.end, to);
    if (start >= end) continue;
    clipped.push(span);
    bounds.add(start);
    bounds.add(end);
  }
  if (clipped.length === 0) return [];
  clipped.sort(compareNesting);
  const points = [...bounds].sort((a, b) => a - b);
  const segments: Segment[] = [];
  let active: SpanAnnotation[] = [];
  let next = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i] as number;
    const b = points[i + 1] as number;
    active = active.filter((span) => Math.min(span.end, to) > a);
    while (next < clipped.length && Math.max((clipped[next] as SpanAnnotation).start, from) <= a) {
      active.push(clipped[next] as SpanAnnotation);
      next++;
    }
    if (active.length > 0) segments.push({ from: a, to: b, spans: [...active].sort(compareNesting) });
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

/** Encodes one id or label for a space-separated attribute list. */
function listItem(value: string): string {
  return encodeURIComponent(value);
}

/**
 * The inline decoration of one segment. Attributes: `class`
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

/** The decorations of the spans in `[from, to)` for `doc`. */
export function buildDecorations(
  doc: ProseMirrorNode,
  spans: Iterable<SpanAnnotation>,
  from: number,
  to: number,
  context: DecorationContext,
): DecorationSet {
  const decorations = buildSegments(spans, from, to).map((segment) => segmentDecoration(segment, context));
  return DecorationSet.create(doc, decorations);
}

/**
 * Rebuilds the decorations around the ranges `[from, to]` (positions in
 * `doc`) of an already mapped set: the segment decorations touching each
 * range are removed and the stretch they covered, together with the range,
 * is rebuilt from the spans. `spansIn(from, to)` must return every span
 * overlapping or touching `[from, to]`. Only the part inside `window` is
 * rebuilt.
 */
export function repairDecorations(
  decorations: DecorationSet,
  doc: ProseMirrorNode,
  ranges: readonly { readonly from: number; readonly to: number }[],
  window: { readonly from: number; readonly to: number },
  spansIn: (from: number, to: number) => Iterable<SpanAnnotation>,
  context: DecorationContext,
): DecorationSet {
  let result = decorations;
  for (const range of ranges) {
    let from = Math.max(range.from, window.from);
    let to = Math.min(range.to, window.to);
    if (from > to) continue;
    const stale = result.find(from, to, (spec: Partial<SegmentSpec>) => spec.glossaSegment === true);
    for (const decoration of stale) {
      from = Math.min(from, decoration.from);
      to = Math.max(to, decoration.to);
    }
    from = Math.max(from, window.from);
    to = Math.min(to, window.to);
    const fresh = buildSegments(spansIn(from, to), from, to).map((segment) => segmentDecoration(segment, context));
    result = result.remove(stale).add(doc, fresh);
  }
  return result;
}

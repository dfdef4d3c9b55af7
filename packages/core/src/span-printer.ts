/**
 * A plain-text rendering of spans over their text, for readable assertions
 * in tests and for debugging.
 */
import { spanRanges } from './fragments.js';
import type { SpanAnnotation } from './types.js';

/** One piece of a span as printed: its range and the name to print. */
interface PrintedPiece {
  readonly start: number;
  readonly end: number;
  readonly id: string;
  readonly name: string;
}

/**
 * Renders `text` with every span in brackets: `[label:` where it starts and
 * `]` where it ends, nesting as the spans nest.
 *
 * At one position, spans ending there close before spans starting there open;
 * of spans starting together, the longer one opens first (it is the outer
 * one). A span that ends while a span opened after it is still open (the two
 * cross) closes as `/label]` instead of `]`, so every `]` closes the
 * innermost open span. Positions beyond the text are clamped to its end.
 * Each fragment of a discontinuous span is printed as a span of its own,
 * the fragments after the first named `…label`.
 *
 * @param name What to print for a span. @default the span's label
 * @example
 * printSpans('the National Guard was', spans);
 * // 'the [militarization:National [place:Guard]] was'
 * // crossing spans: '[a:one [b:two/a] three]'
 * // a discontinuous span: 'the [place:National] and local […place:Guard]'
 */
export function printSpans(
  text: string,
  spans: Iterable<SpanAnnotation>,
  name: (span: SpanAnnotation) => string = (span) => span.label,
): string {
  const clamp = (pos: number): number => Math.max(0, Math.min(text.length, pos));
  const pieces: PrintedPiece[] = [];
  for (const span of spans) {
    spanRanges(span).forEach(([start, end], i) => pieces.push({ start, end, id: span.id, name: i === 0 ? name(span) : `…${name(span)}` }));
  }
  const opening = pieces.sort(
    (a, b) => clamp(a.start) - clamp(b.start) || clamp(b.end) - clamp(a.end) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const open: PrintedPiece[] = [];
  let out = '';
  let cursor = 0;
  let next = 0;
  const closeEndingAt = (pos: number): void => {
    for (let i = open.length - 1; i >= 0; i--) {
      const piece = open[i] as PrintedPiece;
      if (clamp(piece.end) !== pos) continue;
      out += i === open.length - 1 ? ']' : `/${piece.name}]`;
      open.splice(i, 1);
    }
  };
  while (cursor <= text.length) {
    closeEndingAt(cursor);
    while (next < opening.length && clamp((opening[next] as PrintedPiece).start) === cursor) {
      const piece = opening[next++] as PrintedPiece;
      out += `[${piece.name}:`;
      open.push(piece);
      if (clamp(piece.end) === cursor) {
        out += ']';
        open.pop();
      }
    }
    if (cursor < text.length) out += text[cursor];
    cursor++;
  }
  return out;
}

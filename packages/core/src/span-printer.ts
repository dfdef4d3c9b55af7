/**
 * A plain-text rendering of spans over their text, for readable assertions
 * in tests and for debugging.
 */
import type { SpanAnnotation } from './types.js';

/**
 * Renders `text` with every span in brackets: `[label:` where it starts and
 * `]` where it ends, nesting as the spans nest.
 *
 * At one position, spans ending there close before spans starting there open;
 * of spans starting together, the longer one opens first (it is the outer
 * one). A span that ends while a span opened after it is still open (the two
 * cross) closes as `/label]` instead of `]`, so every `]` closes the
 * innermost open span. Positions beyond the text are clamped to its end.
 *
 * @param name What to print for a span. @default the span's label
 * @example
 * printSpans('the National Guard was', spans);
 * // 'the [militarization:National [place:Guard]] was'
 * // crossing spans: '[a:one [b:two/a] three]'
 */
export function printSpans(
  text: string,
  spans: Iterable<SpanAnnotation>,
  name: (span: SpanAnnotation) => string = (span) => span.label,
): string {
  const clamp = (pos: number): number => Math.max(0, Math.min(text.length, pos));
  const opening = [...spans].sort(
    (a, b) => clamp(a.start) - clamp(b.start) || clamp(b.end) - clamp(a.end) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const open: SpanAnnotation[] = [];
  let out = '';
  let cursor = 0;
  let next = 0;
  const closeEndingAt = (pos: number): void => {
    for (let i = open.length - 1; i >= 0; i--) {
      const span = open[i] as SpanAnnotation;
      if (clamp(span.end) !== pos) continue;
      out += i === open.length - 1 ? ']' : `/${name(span)}]`;
      open.splice(i, 1);
    }
  };
  while (cursor <= text.length) {
    closeEndingAt(cursor);
    while (next < opening.length && clamp((opening[next] as SpanAnnotation).start) === cursor) {
      const span = opening[next++] as SpanAnnotation;
      out += `[${name(span)}:`;
      open.push(span);
      if (clamp(span.end) === cursor) {
        out += ']';
        open.pop();
      }
    }
    if (cursor < text.length) out += text[cursor];
    cursor++;
  }
  return out;
}

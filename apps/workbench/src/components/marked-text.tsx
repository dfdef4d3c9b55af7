/**
 * A document's text drawn with the spans of several layers, without an
 * editor: every stretch covered by one set of spans is one element, marked
 * with a colored underline per source layer (merged view) or the label's
 * color (one layer), gold spans shaded, disagreements and the chosen one
 * outlined. Clicking a stretch reports its offset (the disagreement list
 * offers the same choices by keyboard).
 */
import type { JSX } from 'preact';
import { useMemo } from 'preact/hooks';
import { segmentText } from '../curation/text-segments.js';

/** One span to draw. */
export interface TextMark {
  readonly start: number;
  readonly end: number;
  /** `source`: an annotator's span; `gold`: a curated one. */
  readonly kind: 'source' | 'gold';
  readonly layer: string;
  readonly label: string;
  /** Its underline (merged view) or background (single layer), `#rrggbb`. */
  readonly color: string;
  /** What a hover says about it, e.g. `alice: Militarization`. */
  readonly description: string;
}

/** A range drawn as a disagreement, and whether it is the chosen one. */
export interface TextHighlight {
  readonly start: number;
  readonly end: number;
  readonly current: boolean;
}

/** Props of `MarkedText`. */
export interface MarkedTextProps {
  readonly text: string;
  readonly marks: readonly TextMark[];
  readonly highlights: readonly TextHighlight[];
  /** `underline`: a line per source mark (merged view); `fill`: source marks as a background (one layer). */
  readonly style: 'underline' | 'fill';
  /** The text color on filled marks, `#rrggbb`. */
  readonly fillInk: string;
  readonly label: string;
  readonly onPick?: (offset: number) => void;
  readonly testId?: string;
}

/** The drawn text. */
export function MarkedText({ text, marks, highlights, style, fillInk, label, onPick, testId }: MarkedTextProps): JSX.Element {
  const segments = useMemo(() => segmentText(text.length, [...marks, ...highlights.map((h) => ({ ...h, kind: 'highlight' as const }))]), [text, marks, highlights]);
  return (
    <div class="marked-text" role="document" aria-label={label} data-testid={testId}>
      {segments.map((segment) => {
        const sources = segment.marks.filter((m): m is TextMark => 'kind' in m && m.kind === 'source');
        const golds = segment.marks.filter((m): m is TextMark => 'kind' in m && m.kind === 'gold');
        const highlight = segment.marks.filter((m): m is TextHighlight & { kind: 'highlight' } => 'kind' in m && m.kind === 'highlight');
        const piece = text.slice(segment.start, segment.end);
        if (sources.length === 0 && golds.length === 0 && highlight.length === 0) return <span key={segment.start}>{piece}</span>;
        const classes = ['mark'];
        if (golds.length > 0) classes.push('mark-gold');
        if (highlight.length > 0) classes.push('mark-disagreement');
        if (highlight.some((h) => h.current)) classes.push('mark-current');
        const cssStyle: Record<string, string> = {};
        if (style === 'underline' && sources.length > 0) {
          cssStyle['boxShadow'] = sources.map((m, i) => `inset 0 -${3 * (i + 1)}px 0 0 ${m.color}`).join(', ');
          cssStyle['paddingBottom'] = `${3 * sources.length - 1}px`;
        } else if (style === 'fill' && sources.length > 0) {
          cssStyle['backgroundColor'] = (sources[sources.length - 1] as TextMark).color;
          cssStyle['color'] = fillInk;
        }
        return (
          <span
            key={segment.start}
            class={classes.join(' ')}
            style={cssStyle}
            title={[...sources, ...golds].map((m) => m.description).join('\n') || undefined}
            data-layers={[...new Set([...sources, ...golds].map((m) => m.layer))].join(' ')}
            data-labels={[...new Set([...sources, ...golds].map((m) => m.label))].join(' ')}
            onClick={onPick === undefined ? undefined : () => onPick(segment.start)}
          >
            {piece}
          </span>
        );
      })}
    </div>
  );
}

/**
 * The text pane of the curation view: a legend of the layers, and the text
 * either merged (one colored underline per annotator, gold in bold) or side
 * by side (a column per layer and gold, spans in their label's color), with
 * the open disagreements and the chosen one outlined. Clicking a stretch
 * chooses the disagreement there.
 */
import type { JSX } from 'preact';
import { labelById } from '@glossa/core';
import type { LabelSchema } from '@glossa/core';
import { safeColor } from '@glossa/prosemirror';
import { GOLD_LAYER } from '../access.js';
import { userColor } from '../user-color.js';
import type { CurationState } from '../curation/use-curation.js';
import { labelName } from './label-field.js';
import { MarkedText } from './marked-text.js';
import type { TextHighlight, TextMark } from './marked-text.js';

/** How the layers are laid out. */
export type CurationLayout = 'merged' | 'side-by-side';

/** Props of `CurationText`. */
export interface CurationTextProps {
  readonly schema: LabelSchema;
  readonly title: string;
  readonly layout: CurationLayout;
  readonly ready: boolean;
  readonly sources: readonly string[];
  readonly state: CurationState;
  readonly highlights: readonly TextHighlight[];
  /** Called with the text offset (UTF-16) of a click. */
  readonly onPick: (offset: number) => void;
}

/** Every source span underlined in its layer's color, and gold's spans. */
export function mergedMarks(state: CurationState, schema: LabelSchema): TextMark[] {
  const marks: TextMark[] = [];
  for (const [layer, spans] of Object.entries(state.layers)) {
    for (const span of spans) {
      marks.push({ start: span.start, end: span.end, kind: 'source', layer, label: span.label, color: userColor(layer), description: `${layer}: ${labelName(schema, span.label)}` });
    }
  }
  for (const span of state.gold.spans) {
    marks.push({ start: span.start, end: span.end, kind: 'gold', layer: GOLD_LAYER, label: span.label, color: '#000000', description: `gold: ${labelName(schema, span.label)}` });
  }
  return marks;
}

/** One layer's spans (or gold's) in their label's color. */
export function layerMarks(state: CurationState, layer: string, schema: LabelSchema): TextMark[] {
  const spans = layer === GOLD_LAYER ? state.gold.spans : (state.layers[layer] ?? []);
  return spans.map((span) => ({
    start: span.start,
    end: span.end,
    kind: 'source',
    layer,
    label: span.label,
    color: safeColor(labelById(schema, span.label)?.color),
    description: `${layer}: ${labelName(schema, span.label)}`,
  }));
}

function Legend({ sources }: { readonly sources: readonly string[] }): JSX.Element {
  return (
    <ul class="legend" aria-label="Layers">
      {sources.map((layer) => (
        <li key={layer}>
          <span class="legend-line" style={{ backgroundColor: userColor(layer) }} aria-hidden="true" /> {layer}
        </li>
      ))}
      <li>
        <span class="legend-gold" aria-hidden="true" /> gold
      </li>
      <li>
        <span class="legend-disagreement" aria-hidden="true" /> open disagreement
      </li>
    </ul>
  );
}

/** The text pane. */
export function CurationText({ schema, title, layout, ready, sources, state, highlights, onPick }: CurationTextProps): JSX.Element {
  const fillInk = safeColor(schema.textColor, '#000000');
  return (
    // Focusable so that keyboard users can scroll the text (it has no focusable content of its own).
    <section class="text-pane curation-text" aria-label="Document" tabIndex={0}>
      {!ready && <p role="status">Loading the text…</p>}
      <Legend sources={sources} />
      {sources.length === 0 && <p class="muted">No annotator has a layer for this document yet.</p>}
      {layout === 'merged' ? (
        <MarkedText
          text={state.text}
          marks={mergedMarks(state, schema)}
          highlights={highlights}
          style="underline"
          fillInk={fillInk}
          label={`Text of ${title} with every layer`}
          onPick={onPick}
          testId="merged-text"
        />
      ) : (
        <div class="side-by-side">
          {[...sources, GOLD_LAYER].map((layer) => (
            <div class="side-column" key={layer} data-layer={layer}>
              <h2>{layer === GOLD_LAYER ? 'Gold' : layer}</h2>
              <MarkedText
                text={state.text}
                marks={layerMarks(state, layer, schema)}
                highlights={highlights}
                style="fill"
                fillInk={fillInk}
                label={`Text of ${title}: layer ${layer}`}
                onPick={onPick}
              />
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

/**
 * The curation view's panel that accepts agreed spans at once: *Accept
 * where all agree* and *Accept where at least N agree*, each with how many
 * spans it would add to gold.
 */
import type { JSX } from 'preact';
import type { GoldPlan } from '../curation/gold-plan.js';

/** Props of `AgreedSpansPanel`. */
export interface AgreedSpansPanelProps {
  /** How many source layers there are (the most that can agree). */
  readonly sources: number;
  readonly allAgree: readonly GoldPlan[];
  readonly atLeast: readonly GoldPlan[];
  readonly minimum: number;
  readonly onMinimum: (minimum: number) => void;
  readonly onAccept: (plans: readonly GoldPlan[], what: string) => void;
}

/** The panel. */
export function AgreedSpansPanel({ sources, allAgree, atLeast, minimum, onMinimum, onAccept }: AgreedSpansPanelProps): JSX.Element {
  return (
    <section class="panel" aria-labelledby="auto-title">
      <h2 id="auto-title">Accept agreed spans</h2>
      <div class="toolbar">
        <button
          type="button"
          class="button"
          data-testid="accept-all-agree"
          disabled={allAgree.length === 0}
          onClick={() => onAccept(allAgree, `Accepted ${allAgree.length} spans all annotators agree on.`)}
        >
          Accept where all agree ({allAgree.length})
        </button>
      </div>
      <div class="toolbar">
        <label class="field field-inline">
          <span>At least</span>
          <input
            type="number"
            min={1}
            max={Math.max(1, sources)}
            value={minimum}
            class="number-input"
            onInput={(e) => {
              const n = Number(e.currentTarget.value);
              if (Number.isInteger(n) && n >= 1) onMinimum(n);
            }}
          />
          <span>agree</span>
        </label>
        <button
          type="button"
          class="button"
          data-testid="accept-at-least"
          disabled={atLeast.length === 0}
          onClick={() => onAccept(atLeast, `Accepted ${atLeast.length} spans at least ${minimum} annotators agree on.`)}
        >
          Accept ({atLeast.length})
        </button>
      </div>
    </section>
  );
}

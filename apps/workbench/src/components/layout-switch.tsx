/**
 * The curation view's choice of layout, *Merged* or *Side by side*, as a
 * radio group: Tab reaches the chosen one, an arrow key switches.
 */
import type { JSX } from 'preact';
import type { CurationLayout } from './curation-text.js';

/** Props of `LayoutSwitch`. */
export interface LayoutSwitchProps {
  readonly layout: CurationLayout;
  readonly onChange: (layout: CurationLayout) => void;
}

const CHOICES: readonly { readonly layout: CurationLayout; readonly name: string }[] = [
  { layout: 'merged', name: 'Merged' },
  { layout: 'side-by-side', name: 'Side by side' },
];

/** The radio group. */
export function LayoutSwitch({ layout, onChange }: LayoutSwitchProps): JSX.Element {
  return (
    <div
      class="toolbar"
      role="radiogroup"
      aria-label="Layout"
      onKeyDown={(event) => {
        if (!['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(event.key)) return;
        event.preventDefault();
        const next = layout === 'merged' ? 'side-by-side' : 'merged';
        onChange(next);
        event.currentTarget.querySelector<HTMLElement>(`[data-layout="${next}"]`)?.focus();
      }}
    >
      {CHOICES.map((choice) => (
        <button
          key={choice.layout}
          type="button"
          class="button"
          role="radio"
          aria-checked={layout === choice.layout}
          tabIndex={layout === choice.layout ? 0 : -1}
          data-layout={choice.layout}
          onClick={() => onChange(choice.layout)}
        >
          {choice.name}
        </button>
      ))}
    </div>
  );
}

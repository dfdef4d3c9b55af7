/**
 * The label palette: the schema's span labels by group, each with its
 * color, hotkey and description, and a filter box. Choosing a label labels
 * the selected text, or relabels the selected annotation. Above the labels
 * it says what a label key would do now: which words it would annotate
 * (the selection snapped to whole words), or that it would relabel.
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { Command } from 'prosemirror-state';
import { labelsByGroup } from '@glossa/core';
import type { LabelDefinition, LabelSchema } from '@glossa/core';
import { applyLabel, safeColor } from '@glossa/prosemirror';

/** Props of `LabelPalette`. */
export interface LabelPaletteProps {
  readonly schema: LabelSchema;
  readonly hasTextSelection: boolean;
  /** What a label key would do now, in words (see `labelKeyPreview`), or `null`. */
  readonly keyPreview: string | null;
  readonly canAnnotate: () => boolean;
  readonly canChange: (id: string) => boolean;
  /** Runs the command that applies a label in the editor. */
  readonly onApply: (command: Command) => void;
}

/** Whether a label matches a filter text (name, id, description or hotkey). */
export function labelMatches(label: LabelDefinition, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return true;
  return [label.name, label.id, label.description, label.hotkey ?? ''].some((text) => text.toLowerCase().includes(needle));
}

/** The palette. */
export function LabelPalette({ schema, hasTextSelection, keyPreview, canAnnotate, canChange, onApply }: LabelPaletteProps): JSX.Element {
  const [filter, setFilter] = useState('');
  const groups = labelsByGroup(schema)
    .map((entry) => ({ ...entry, labels: entry.labels.filter((label) => labelMatches(label, filter)) }))
    .filter((entry) => entry.labels.length > 0);
  const textColor = safeColor(schema.textColor, '#000000');
  return (
    <aside class="palette-pane" aria-labelledby="palette-title">
      <h2 id="palette-title">Labels</h2>
      <label class="field">
        <span>Filter labels</span>
        <input type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} placeholder="name, description or key" />
      </label>
      <p class="muted palette-hint" aria-live="polite">
        {hasTextSelection ? 'Choose a label for the selected text.' : 'Select text in the document, then choose a label.'}
      </p>
      {keyPreview !== null && (
        <p class="palette-preview" data-testid="label-key-preview">
          {keyPreview}
        </p>
      )}
      {groups.length === 0 && <p class="muted">No label matches “{filter}”.</p>}
      {groups.map(({ group, labels }) => (
        <section class="palette-group" key={group?.id ?? '(none)'} aria-label={group?.name ?? 'Other labels'}>
          <h3 title={group?.description}>{group?.name ?? 'Other labels'}</h3>
          <ul class="palette-list">
            {labels.map((label) => (
              <li key={label.id}>
                <button
                  type="button"
                  class="label-button"
                  data-label={label.id}
                  aria-keyshortcuts={label.hotkey}
                  aria-describedby={`label-description-${label.id}`}
                  style={{ backgroundColor: safeColor(label.color), color: textColor }}
                  onClick={() => onApply(applyLabel(label.id, { canAnnotate, canChange }))}
                >
                  <span class="label-name">{label.name}</span>
                  {label.hotkey !== undefined && <kbd class="hotkey">{label.hotkey}</kbd>}
                </button>
                <p class="label-description" id={`label-description-${label.id}`}>
                  {label.description}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}

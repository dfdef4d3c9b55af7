/**
 * The suggestion panel: how many suggestions each recommender and each
 * label has (shown of all), a score threshold, a toggle per recommender,
 * the keys that decide suggestions, and accepting every shown suggestion in
 * view. Shown only to users who are shown suggestions (never to viewers).
 */
import type { JSX } from 'preact';
import type { Command } from 'prosemirror-state';
import type { LabelSchema } from '@glossa/core';
import { acceptSuggestionsInView, setSuggestionFilter } from '@glossa/prosemirror';
import type { SuggestionSnapshot } from '../editor/annotation-editor.js';
import { labelName } from './label-field.js';

/** Props of `SuggestionPanel`. */
export interface SuggestionPanelProps {
  readonly schema: LabelSchema;
  readonly suggestions: SuggestionSnapshot;
  /** Runs a command on the editor; returns whether it applied. */
  readonly run: (command: Command) => boolean;
}

/** Counts of shown and all suggestions per key. */
function tally(keys: Iterable<string>, shownKeys: Iterable<string>): Map<string, { shown: number; all: number }> {
  const out = new Map<string, { shown: number; all: number }>();
  for (const key of keys) {
    const entry = out.get(key) ?? { shown: 0, all: 0 };
    entry.all++;
    out.set(key, entry);
  }
  for (const key of shownKeys) {
    const entry = out.get(key);
    if (entry !== undefined) entry.shown++;
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The suggestion panel. */
export function SuggestionPanel({ schema, suggestions, run }: SuggestionPanelProps): JSX.Element {
  const all = [...suggestions.all.values()];
  const shown = suggestions.shown();
  const byRecommender = tally(
    all.map((s) => s.recommender),
    shown.map((s) => s.recommender),
  );
  const byLabel = tally(
    all.map((s) => s.label),
    shown.map((s) => s.label),
  );
  const { threshold, hiddenRecommenders } = suggestions.filter;
  const toggle = (recommender: string, on: boolean): void => {
    const hidden = new Set(hiddenRecommenders);
    if (on) hidden.delete(recommender);
    else hidden.add(recommender);
    run(setSuggestionFilter({ hiddenRecommenders: [...hidden] }));
  };
  return (
    <section class="panel suggestion-panel" aria-labelledby="suggestion-panel-title" data-testid="suggestion-panel">
      <h2 id="suggestion-panel-title">
        Suggestions <span class="muted">({shown.length === all.length ? shown.length : `${shown.length} of ${all.length}`})</span>
      </h2>
      {all.length === 0 ? (
        <p class="hint">No suggestions yet: they appear as the project's recommenders learn from annotations.</p>
      ) : (
        <>
          <label class="field">
            <span>Lowest score shown: {threshold.toFixed(2)}</span>
            <input type="range" min="0" max="1" step="0.05" value={threshold} aria-label="Lowest score shown" onInput={(e) => run(setSuggestionFilter({ threshold: Number(e.currentTarget.value) }))} />
          </label>
          <fieldset class="suggestion-recommenders">
            <legend>By recommender</legend>
            {[...byRecommender].map(([name, count]) => (
              <label key={name} class="toggle">
                <input type="checkbox" checked={!hiddenRecommenders.has(name)} onChange={(e) => toggle(name, e.currentTarget.checked)} />
                <span>
                  {name} <span class="muted">({count.shown === count.all ? count.all : `${count.shown} of ${count.all}`})</span>
                </span>
              </label>
            ))}
          </fieldset>
          <table class="suggestion-labels">
            <caption>By label</caption>
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Shown</th>
                <th scope="col">All</th>
              </tr>
            </thead>
            <tbody>
              {[...byLabel].map(([label, count]) => (
                <tr key={label}>
                  <th scope="row">{labelName(schema, label)}</th>
                  <td>{count.shown}</td>
                  <td>{count.all}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" class="button" disabled={shown.length === 0} aria-keyshortcuts="Alt+Shift+A" onClick={() => run(acceptSuggestionsInView(threshold))}>
            Accept all in view
          </button>
        </>
      )}
      <p class="hint">Keys: Alt+Shift+↓/↑ next/previous suggestion, Alt+A accept, Alt+R reject, a label’s key accepts with that label, Alt+Shift+A accept all in view.</p>
    </section>
  );
}

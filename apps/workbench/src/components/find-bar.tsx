/**
 * Finding in the document: a search box above the text with the number of
 * matches, previous / next, the case and whole-word options, and "Annotate
 * all…" for the text searched. Typing selects the first match from the
 * caret on; Enter and Shift+Enter move to the next and previous match;
 * Escape ends the search and goes back to the text with the match
 * selected (so a label key annotates it at once).
 */
import type { JSX, RefObject } from 'preact';
import type { Command } from 'prosemirror-state';
import { findNext, findPrevious, setSearch } from '@glossa/prosemirror';
import type { TextSearchOptions } from '@glossa/prosemirror';
import type { EditorSnapshot } from '../editor/annotation-editor.js';

/** Props of `FindBar`. */
export interface FindBarProps {
  readonly search: EditorSnapshot['search'];
  readonly options: TextSearchOptions;
  readonly onOptions: (options: TextSearchOptions) => void;
  /** Runs a command in the editor; returns whether it applied. */
  readonly run: (command: Command) => boolean;
  readonly focusText: () => void;
  /** Opens "annotate all occurrences" for the text searched, or `null` when the user cannot annotate. */
  readonly onAnnotateAll: ((query: string) => void) | null;
  /** The search box, for Ctrl+F. */
  readonly inputRef: RefObject<HTMLInputElement>;
}

/** What the count says: “3 of 12”, “12 matches”, “No match”. */
export function matchCount(search: EditorSnapshot['search']): string {
  if (search.query === '') return '';
  if (search.matches === 0) return 'No match';
  if (search.current === null) return search.matches === 1 ? '1 match' : `${search.matches} matches`;
  return `${search.current + 1} of ${search.matches}`;
}

/** The find bar. */
export function FindBar({ search, options, onOptions, run, focusText, onAnnotateAll, inputRef }: FindBarProps): JSX.Element {
  const find = (query: string, next: TextSearchOptions): void => {
    run(setSearch(query, next));
    if (query !== '') run(findNext);
  };
  const option = (name: keyof TextSearchOptions, label: string): JSX.Element => (
    <label class="check">
      <input
        type="checkbox"
        checked={options[name] === true}
        onChange={(event) => {
          const next = { ...options, [name]: event.currentTarget.checked };
          onOptions(next);
          find(search.query, next);
        }}
      />
      <span>{label}</span>
    </label>
  );
  return (
    <form
      class="find-bar"
      role="search"
      aria-label="Find in the document"
      onSubmit={(event) => {
        event.preventDefault();
        run(findNext);
      }}
    >
      <label class="field field-inline find-field">
        <span>Find</span>
        <input
          ref={inputRef}
          type="search"
          value={search.query}
          data-testid="find-input"
          aria-keyshortcuts="Control+F"
          onInput={(event) => find(event.currentTarget.value, options)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && event.shiftKey) {
              event.preventDefault();
              run(findPrevious);
            } else if (event.key === 'Escape') {
              event.preventDefault();
              run(setSearch(''));
              focusText();
            }
          }}
        />
      </label>
      <span class="find-count" role="status" data-testid="find-count">
        {matchCount(search)}
      </span>
      <button type="button" class="button" aria-label="Previous match" aria-keyshortcuts="Shift+F3" disabled={search.matches === 0} onClick={() => run(findPrevious)}>
        ↑
      </button>
      <button type="button" class="button" aria-label="Next match" aria-keyshortcuts="F3" disabled={search.matches === 0} onClick={() => run(findNext)}>
        ↓
      </button>
      {option('caseSensitive', 'Match case')}
      {option('wholeWord', 'Whole words')}
      {onAnnotateAll !== null && (
        <button type="button" class="button" disabled={search.query === ''} aria-haspopup="dialog" onClick={() => onAnnotateAll(search.query)}>
          Annotate all…
        </button>
      )}
    </form>
  );
}

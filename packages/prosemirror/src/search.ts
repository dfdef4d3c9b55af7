/**
 * Search in the document: a plugin that keeps a query, its matches
 * (`findTextMatches`) and the current one, highlights them all, and
 * commands to set the query and to move to the next or previous match
 * (which selects it, so a label key can annotate it at once). The matches
 * follow edits: while a query is set, each change of the document finds
 * them again.
 */
import { Plugin, PluginKey, TextSelection } from 'prosemirror-state';
import type { Command, EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { findTextMatches } from './text-search.js';
import type { TextMatch, TextSearchOptions } from './text-search.js';

/** The class of every highlighted match. */
export const SEARCH_MATCH_CLASS = 'glossa-search-match';

/** The class added to the current match. */
export const SEARCH_CURRENT_CLASS = 'glossa-search-current';

/** The state of the search plugin. */
export interface SearchState {
  /** The query; empty when nothing is searched. */
  readonly query: string;
  readonly options: TextSearchOptions;
  /** The matches in document order. */
  readonly matches: readonly TextMatch[];
  /** The index of the current match in `matches`, or `null`. */
  readonly current: number | null;
  readonly decorations: DecorationSet;
}

/** The spec of a match's decoration. */
export interface SearchMatchSpec {
  readonly searchMatch: true;
  /** Whether it is the current match. */
  readonly current: boolean;
}

type SearchAction =
  | { readonly type: 'query'; readonly query: string; readonly options: TextSearchOptions }
  | { readonly type: 'current'; readonly index: number | null };

/** The key of the search plugin. */
export const searchPluginKey = new PluginKey<SearchState>('glossaSearch');

const EMPTY: SearchState = { query: '', options: {}, matches: [], current: null, decorations: DecorationSet.empty };

function decorate(doc: ProseMirrorNode, matches: readonly TextMatch[], current: number | null): DecorationSet {
  if (matches.length === 0) return DecorationSet.empty;
  return DecorationSet.create(
    doc,
    matches.map((match, i) =>
      Decoration.inline(match.from, match.to, { class: i === current ? `${SEARCH_MATCH_CLASS} ${SEARCH_CURRENT_CLASS}` : SEARCH_MATCH_CLASS }, { searchMatch: true, current: i === current } satisfies SearchMatchSpec),
    ),
  );
}

function withMatches(doc: ProseMirrorNode, query: string, options: TextSearchOptions, current: (matches: readonly TextMatch[]) => number | null): SearchState {
  if (query === '') return EMPTY;
  const matches = findTextMatches(doc, query, options);
  const index = current(matches);
  return { query, options, matches, current: index, decorations: decorate(doc, matches, index) };
}

/** The search state of `state`, or an empty one when the plugin is not installed. */
export function searchState(state: EditorState): SearchState {
  return searchPluginKey.getState(state) ?? EMPTY;
}

/** The search plugin: highlights the matches of the query set with `setSearch`. */
export function searchPlugin(): Plugin<SearchState> {
  return new Plugin<SearchState>({
    key: searchPluginKey,
    state: {
      init: () => EMPTY,
      apply: (tr, previous) => {
        const action = tr.getMeta(searchPluginKey) as SearchAction | undefined;
        if (action?.type === 'query') return withMatches(tr.doc, action.query, action.options, () => null);
        let next = previous;
        if (tr.docChanged && previous.query !== '') {
          const was = previous.current === null ? undefined : previous.matches[previous.current];
          const from = was === undefined ? null : tr.mapping.mapResult(was.from, 1);
          next = withMatches(tr.doc, previous.query, previous.options, (matches) => {
            if (from === null || from.deleted) return null;
            const index = matches.findIndex((match) => match.from === from.pos);
            return index < 0 ? null : index;
          });
        }
        if (action?.type === 'current' && action.index !== next.current) {
          next = { ...next, current: action.index, decorations: decorate(tr.doc, next.matches, action.index) };
        }
        return next;
      },
    },
    props: {
      decorations: (state) => searchPluginKey.getState(state)?.decorations,
    },
  });
}

/**
 * Sets the query (an empty one ends the search) and its options; the
 * matches are highlighted, none is current yet. Not applicable without the plugin.
 */
export function setSearch(query: string, options: TextSearchOptions = {}): Command {
  return (state, dispatch) => {
    if (searchPluginKey.getState(state) === undefined) return false;
    const action: SearchAction = { type: 'query', query, options };
    dispatch?.(state.tr.setMeta(searchPluginKey, action));
    return true;
  };
}

/** Selects match `index` of the search and scrolls to it. */
function selectMatch(state: EditorState, index: number): Command {
  return (_state, dispatch) => {
    const match = searchState(state).matches[index];
    if (match === undefined) return false;
    const action: SearchAction = { type: 'current', index };
    dispatch?.(state.tr.setSelection(TextSelection.create(state.doc, match.from, match.to)).setMeta(searchPluginKey, action).scrollIntoView());
    return true;
  };
}

/**
 * Selects the next match: the first one starting after the selection's
 * start when the selection is a match, otherwise the first starting at or
 * after it; after the last, the first. Not applicable without matches.
 */
export const findNext: Command = (state, dispatch, view) => {
  const { matches } = searchState(state);
  if (matches.length === 0) return false;
  const { from, to } = state.selection;
  const onMatch = matches.some((match) => match.from === from && match.to === to);
  const index = matches.findIndex((match) => (onMatch ? match.from > from : match.from >= from));
  return selectMatch(state, index < 0 ? 0 : index)(state, dispatch, view);
};

/**
 * Selects the previous match: the last one starting before the
 * selection's start; before the first, the last. Not applicable without matches.
 */
export const findPrevious: Command = (state, dispatch, view) => {
  const { matches } = searchState(state);
  if (matches.length === 0) return false;
  const { from } = state.selection;
  let index = matches.length - 1;
  while (index >= 0 && (matches[index] as TextMatch).from >= from) index--;
  return selectMatch(state, index < 0 ? matches.length - 1 : index)(state, dispatch, view);
};

/**
 * `yjsSuggestionBinding`: a `SuggestionBinding` over a Glossa suggestion
 * room's Y.Doc anchored to a content room's Y.Doc, read through
 * @glossa/collab's API alone. It never writes the room.
 */
import type * as Y from 'yjs';
import { CONTENT_FRAGMENT, SUGGESTIONS_MAP, readContentText, readSuggestionEntry, resolveSuggestions } from '@glossa/collab';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { ContentPositions } from './content-positions.js';
import { ParagraphIndex } from './positions.js';
import type { SuggestionBinding } from './suggestion-binding.js';
import type { ResolvedSuggestionSpans, SuggestionSpan } from './suggestion-state.js';

/** Options of `yjsSuggestionBinding`. */
export interface YjsSuggestionBindingOptions {
  /** The suggestion room's doc (`getMap('suggestions')`), synced read-only. */
  readonly suggestionDoc: Y.Doc;
  /** The content room's doc, bound to the editor with y-prosemirror's `ySyncPlugin`. */
  readonly contentDoc: Y.Doc;
}

/**
 * A binding for `annotationPlugin({ suggestions: { binding } })` to a Yjs
 * suggestion room. Resolving all suggestions reads every anchor
 * (`resolveSuggestions`); resolving a few (to accept them) reads only their
 * paragraphs. Every entry is checked, and malformed ones are skipped, as
 * collab's readers do.
 *
 * @example
 * annotationPlugin({ schema, binding, suggestions: { binding: yjsSuggestionBinding({ suggestionDoc, contentDoc }), threshold: 0.3 } })
 */
export function yjsSuggestionBinding(options: YjsSuggestionBindingOptions): SuggestionBinding {
  const { suggestionDoc, contentDoc } = options;
  const fragment = contentDoc.getXmlFragment(CONTENT_FRAGMENT);
  return {
    resolve(doc: ProseMirrorNode, ids?: readonly string[]): ResolvedSuggestionSpans | null {
      if (ids === undefined) {
        const index = ParagraphIndex.of(doc);
        if (index.textLength !== readContentText(contentDoc).length) return null;
        const resolved = resolveSuggestions(suggestionDoc, contentDoc);
        const suggestions = resolved.suggestions.map((suggestion) => ({
          ...suggestion,
          start: index.textOffsetToPos(suggestion.start),
          end: index.textOffsetToPos(suggestion.end),
        }));
        return { suggestions, unplaced: resolved.orphans };
      }
      const anchors = new ContentPositions(fragment, doc);
      if (anchors.inconsistent) return null;
      const map = suggestionDoc.getMap<unknown>(SUGGESTIONS_MAP);
      const suggestions: SuggestionSpan[] = [];
      const unplaced: string[] = [];
      for (const id of ids) {
        const read = readSuggestionEntry(id, map.get(id));
        if (!('entry' in read)) continue;
        const { start, end, ...fields } = read.entry;
        const range = anchors.resolveRange(read.entry);
        if (range === null) unplaced.push(id);
        else suggestions.push({ ...fields, ...range, anchors: { start, end } });
      }
      return anchors.inconsistent ? null : { suggestions, unplaced };
    },
    subscribe(listener: () => void) {
      const onChange = (transaction: Y.Transaction): void => {
        if (transaction.changed.size > 0) listener();
      };
      suggestionDoc.on('afterTransaction', onChange);
      return () => suggestionDoc.off('afterTransaction', onChange);
    },
  };
}

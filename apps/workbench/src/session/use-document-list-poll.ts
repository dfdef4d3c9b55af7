/**
 * The document list of a project kept up to date while a document view is
 * open (see `DocumentListPoll`), polled at once when someone joins the
 * document's room, since a new annotator's layer usually follows.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { Awareness } from 'y-protocols/awareness';
import type { DocumentListing } from '../api.js';
import { DocumentListPoll } from './document-list-poll.js';

/**
 * Calls `onChange` with the new list whenever a document or a layer of
 * `project` appears, for as long as the component is mounted and `enabled`;
 * `awareness` is the room whose newcomers make it poll at once. Started
 * with an empty `initial` list, it reads the list at once: a view that
 * opened without the list (the document view) gets it this way, after the
 * text is shown.
 */
export function useDocumentListPoll(project: string, initial: readonly DocumentListing[], awareness: Awareness, onChange: (listings: readonly DocumentListing[]) => void, enabled = true): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    if (!enabled) return undefined;
    const poll = new DocumentListPoll({ project, initial });
    const off = poll.onChange((listings) => latest.current(listings));
    if (initial.length === 0) poll.poke();
    const onAwareness = (change: { readonly added: readonly number[] }): void => {
      if (change.added.length > 0) poll.poke();
    };
    awareness.on('change', onAwareness);
    return () => {
      awareness.off('change', onAwareness);
      off();
      poll.destroy();
    };
  }, [project, awareness, enabled]);
}

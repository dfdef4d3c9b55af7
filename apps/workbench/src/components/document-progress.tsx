/**
 * Moving through a project's documents from the document view: the
 * previous and next document (in the order of the document list), and the
 * user's "done" mark on this document (`session/done-marks.ts`), with the
 * names of the others who marked it done in the same layer.
 */
import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { DocumentListing } from '../api.js';
import { routeHash } from '../route.js';
import type { OpenLayer } from '../session/document-session.js';
import { markDone, observeDoneMarks, readDoneMarks } from '../session/done-marks.js';
import type { DoneMark } from '../session/done-marks.js';

/** The documents before and after `doc` in the list, if any. */
export function adjacentDocuments(listings: readonly DocumentListing[], doc: string): { previous?: DocumentListing; next?: DocumentListing } {
  const index = listings.findIndex((listing) => listing.id === doc);
  if (index < 0) return {};
  const previous = listings[index - 1];
  const next = listings[index + 1];
  return { ...(previous === undefined ? {} : { previous }), ...(next === undefined ? {} : { next }) };
}

/** The done marks of a layer, kept up to date; `null` without a writable layer. */
export interface DoneState {
  /** Whether the user marked the document done. */
  readonly done: boolean;
  /** The other users who did. */
  readonly others: readonly DoneMark[];
  /** Sets or removes the user's mark. */
  readonly setDone: (done: boolean) => void;
}

/** The user's done mark in `layer` (the layer they annotate into), or `null` when they write none. */
export function useDoneMark(layer: OpenLayer | undefined, user: string): DoneState | null {
  const [marks, setMarks] = useState<readonly DoneMark[]>(() => (layer === undefined ? [] : readDoneMarks(layer.doc)));
  useEffect(() => {
    if (layer === undefined) return undefined;
    const update = (): void => setMarks(readDoneMarks(layer.doc));
    update();
    return observeDoneMarks(layer.doc, update);
  }, [layer]);
  if (layer === undefined || !layer.writable) return null;
  return {
    done: marks.some((mark) => mark.user === user),
    others: marks.filter((mark) => mark.user !== user),
    setDone: (done) => markDone(layer.doc, user, done),
  };
}

/** Props of `DocumentProgress`. */
export interface DocumentProgressProps {
  readonly project: string;
  readonly doc: string;
  readonly listings: readonly DocumentListing[];
  readonly done: DoneState | null;
}

/** The previous / next links and the done mark. */
export function DocumentProgress({ project, doc, listings, done }: DocumentProgressProps): JSX.Element {
  const { previous, next } = adjacentDocuments(listings, doc);
  const link = (target: DocumentListing, rel: 'prev' | 'next', shortcut: string, text: string): JSX.Element => (
    <a class="button" rel={rel} href={routeHash({ name: 'document', project, doc: target.id })} aria-keyshortcuts={shortcut} title={target.title ?? target.id}>
      {text}
    </a>
  );
  return (
    <nav class="toolbar document-progress" aria-label="Documents of the project">
      {previous !== undefined && link(previous, 'prev', 'Alt+PageUp', '← Previous document')}
      {next !== undefined && link(next, 'next', 'Alt+PageDown', 'Next document →')}
      {done !== null && (
        <label class="check done-mark">
          <input type="checkbox" checked={done.done} aria-keyshortcuts="Alt+M" data-testid="done-mark" onChange={(event) => done.setDone(event.currentTarget.checked)} />
          <span>Done with this document</span>
        </label>
      )}
      {done !== null && done.others.length > 0 && <span class="muted">Also done: {done.others.map((mark) => mark.user).join(', ')}</span>}
    </nav>
  );
}

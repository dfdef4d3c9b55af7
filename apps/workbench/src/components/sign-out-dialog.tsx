/**
 * The sign-out dialog: sign out keeping this browser's copies of the
 * documents (they serve offline work), or sign out and remove them. A copy
 * is removed only once the server holds everything in it; the documents
 * whose copies had to be kept are named, with why, and the user can try
 * again or sign out keeping them.
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { parseRoom, parseSuggestionRoom } from '@glossa/collab';
import { removeConfirmedCopies } from '../session/copy-removal.js';
import type { CopyRemovalProgress, CopyRemovalReport } from '../session/copy-removal.js';
import type { KeptCopy } from '../session/copy-removal-plan.js';
import { ModalDialog } from './modal-dialog.js';
import { plural } from './plural.js';

/** Props of `SignOutDialog`. */
export interface SignOutDialogProps {
  /** The signed-in user, whose copies are removed. */
  readonly user: string;
  /** Closes the open documents (their copies must not change while they are checked); resolves once they are closed. */
  readonly closeDocuments: () => Promise<void>;
  /** Signs out; `notice` says what happened to the copies. Resolves null once signed out, or why the server could not end the session (the user is then still signed in). */
  readonly onSignOut: (notice?: string) => Promise<string | null>;
  /** Closes the dialog without signing out. */
  readonly onClose: () => void;
}

type DialogState =
  | { readonly kind: 'choosing' }
  | { readonly kind: 'removing'; readonly progress: CopyRemovalProgress | null }
  | { readonly kind: 'kept'; readonly report: CopyRemovalReport }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'signing-out'; readonly message: string };

/** One document whose copies were kept, with the reasons. */
interface KeptDocument {
  readonly name: string;
  readonly details: readonly string[];
}

/** The kept copies grouped by document, named `<doc> (project <project>)`, with what each room's copy is. */
export function keptDocuments(kept: readonly KeptCopy[]): KeptDocument[] {
  const byDocument = new Map<string, string[]>();
  for (const copy of kept) {
    const room = parseRoom(copy.room) ?? parseSuggestionRoom(copy.room);
    const name = room === null ? copy.room : `${room.doc} (project ${room.project})`;
    const part = room === null ? '' : room.kind === 'content' ? 'text: ' : room.kind === 'suggestions' ? 'suggestions: ' : `annotations of layer ${room.layer}: `;
    const details = byDocument.get(name) ?? [];
    details.push(part + copy.detail);
    byDocument.set(name, details);
  }
  return [...byDocument].map(([name, details]) => ({ name, details }));
}

/** How many documents the rooms `rooms` belong to. */
function documentCount(rooms: readonly string[]): number {
  return new Set(rooms.map((name) => {
    const room = parseRoom(name) ?? parseSuggestionRoom(name);
    return room === null ? name : `${room.project}/${room.doc}`;
  })).size;
}

function removedNotice(removed: readonly string[]): string {
  const count = documentCount(removed);
  return count === 0 ? 'This browser held no copies of your documents.' : `This browser's copies of ${plural(count, 'document', 'documents')} were removed.`;
}

/** The sign-out choices and the removal of this browser's copies. */
export function SignOutDialog({ user, closeDocuments, onSignOut, onClose }: SignOutDialogProps): JSX.Element {
  const [state, setState] = useState<DialogState>({ kind: 'choosing' });
  const busy = state.kind === 'removing' || state.kind === 'signing-out';

  const signOutKeeping = async (): Promise<void> => {
    if (busy) return;
    setState({ kind: 'signing-out', message: 'Signing out…' });
    const problem = await onSignOut();
    if (problem !== null) setState({ kind: 'failed', message: problem });
  };

  const removeAndSignOut = async (): Promise<void> => {
    if (busy) return;
    setState({ kind: 'removing', progress: null });
    await closeDocuments();
    let report: CopyRemovalReport;
    try {
      report = await removeConfirmedCopies({ user, onProgress: (progress) => setState({ kind: 'removing', progress }) });
    } catch (error) {
      setState({ kind: 'failed', message: `Nothing was removed: ${error instanceof Error ? error.message : String(error)}.` });
      return;
    }
    if (report.kept.length > 0) {
      setState({ kind: 'kept', report });
      return;
    }
    const notice = removedNotice(report.removed);
    setState({ kind: 'signing-out', message: `${notice} Signing out…` });
    const problem = await onSignOut(notice);
    if (problem !== null) setState({ kind: 'failed', message: `${notice} ${problem}` });
  };

  const kept = state.kind === 'kept' ? keptDocuments(state.report.kept) : [];
  return (
    <ModalDialog title="Sign out" onClose={() => (busy ? undefined : onClose())}>
      <div class="dialog-body" data-testid="sign-out-dialog" aria-busy={busy}>
        <p>
          This browser keeps a copy of every document you opened, so that work done without a network is not lost. On a shared computer, remove the copies when you sign out. A
          copy is removed only once the server holds everything in it.
        </p>
        <div role="status" data-testid="sign-out-status">
          {state.kind === 'removing' && (
            <p>{state.progress === null ? 'Closing the open documents…' : `Checking with the server: ${state.progress.checked} of ${plural(state.progress.total, 'copy', 'copies')} done…`}</p>
          )}
          {state.kind === 'signing-out' && <p>{state.message}</p>}
          {state.kind === 'failed' && <p class="error">{state.message}</p>}
          {state.kind === 'kept' && (
            <>
              <p class="error">
                You are still signed in.{state.report.removed.length > 0 ? ` ${removedNotice(state.report.removed)}` : ''} The server has not confirmed that it holds
                everything in the copies of these documents, so they were kept:
              </p>
              <ul data-testid="kept-documents">
                {kept.map((document) => (
                  <li key={document.name} data-document={document.name}>
                    <strong>{document.name}</strong>: {document.details.join('; ')}
                  </li>
                ))}
              </ul>
              <p>Try again once the network is back, or sign out keeping these copies.</p>
            </>
          )}
        </div>
        <div class="dialog-actions">
          {state.kind === 'kept' || state.kind === 'failed' ? (
            <>
              <button type="button" class="button" aria-disabled={busy} onClick={() => void signOutKeeping()}>
                Sign out and keep the copies
              </button>
              <button type="button" class="button button-primary" aria-disabled={busy} onClick={() => void removeAndSignOut()}>
                Try again
              </button>
            </>
          ) : (
            <>
              <button type="button" class="button" aria-disabled={busy} onClick={() => void signOutKeeping()}>
                Sign out
              </button>
              <button type="button" class="button button-primary" aria-disabled={busy} onClick={() => void removeAndSignOut()}>
                Sign out and remove this browser's copies
              </button>
            </>
          )}
        </div>
      </div>
    </ModalDialog>
  );
}

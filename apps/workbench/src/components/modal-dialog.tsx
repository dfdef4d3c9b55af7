/**
 * A modal dialog on the native `<dialog>` element: focus moves into it,
 * Escape closes it, the rest of the page is inert while it is open.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { ComponentChildren, JSX } from 'preact';

/** Props of `ModalDialog`. */
export interface ModalDialogProps {
  /** The dialog's title, also its accessible name. */
  readonly title: string;
  readonly onClose: () => void;
  /** A wider dialog, for tables. @default false */
  readonly wide?: boolean;
  readonly children: ComponentChildren;
}

/** A modal dialog with a title and a close button. */
export function ModalDialog({ title, onClose, wide = false, children }: ModalDialogProps): JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useRef(`dialog-title-${Math.random().toString(36).slice(2)}`).current;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div class="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" class="button button-quiet" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}

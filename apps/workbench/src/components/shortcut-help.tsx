/**
 * The shortcut help (`?`): every key of the document view (`shortcuts.ts`),
 * the label keys of the project's schema, and how a label key snaps the
 * selection.
 */
import type { JSX } from 'preact';
import { hotkeyMap, relationHotkeyMap } from '@glossa/core';
import type { LabelSchema } from '@glossa/core';
import { LABEL_KEY_RULE, SHORTCUT_GROUPS } from '../shortcuts.js';
import { ModalDialog } from './modal-dialog.js';

/** Props of `ShortcutHelp`. */
export interface ShortcutHelpProps {
  readonly schema: LabelSchema;
  readonly onClose: () => void;
}

/** One table of keys. */
function KeyTable({ title, rows }: { readonly title: string; readonly rows: readonly { readonly keys: string; readonly does: string }[] }): JSX.Element {
  return (
    <table class="table key-table">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">Keys</th>
          <th scope="col">Does</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.keys}>
            <td>
              <kbd>{row.keys}</kbd>
            </td>
            <td>{row.does}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The help dialog. */
export function ShortcutHelp({ schema, onClose }: ShortcutHelpProps): JSX.Element {
  const labelKeys = [...hotkeyMap(schema)].map(([key, label]) => ({ keys: key, does: `label the selection ${label.name}` }));
  const relationKeys = [...relationHotkeyMap(schema)].map(([key, label]) => ({ keys: key, does: `make the relation being started ${label.name}, or relabel the selected relation so` }));
  return (
    <ModalDialog title="Keyboard shortcuts" onClose={onClose} wide>
      {/* Focusable, so that the keys alone scroll it when it is taller than the window. */}
      <div class="dialog-body shortcut-help" data-testid="shortcut-help" tabIndex={0} role="region" aria-label="Every key">
        {SHORTCUT_GROUPS.map((group) => (
          <KeyTable key={group.title} title={group.title} rows={group.shortcuts} />
        ))}
        {labelKeys.length > 0 && <KeyTable title="Label keys of this project" rows={labelKeys} />}
        {relationKeys.length > 0 && <KeyTable title="Relation label keys of this project" rows={relationKeys} />}
        <p>{LABEL_KEY_RULE}</p>
      </div>
    </ModalDialog>
  );
}

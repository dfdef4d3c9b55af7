/**
 * "Annotate all occurrences": a dialog that finds every occurrence of a
 * text (with the case and whole-word options of the find bar), shows what
 * annotating them with a label would create (how many, each with its
 * context, and the occurrences that already carry the label in the layer
 * written to, which are skipped) and creates those annotations only when
 * confirmed, in one step that one Undo takes back.
 */
import { useMemo, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { LabelSchema } from '@glossa/core';
import type { TextSearchOptions } from '@glossa/prosemirror';
import type { OccurrencesPreview } from '../editor/occurrences.js';
import { LabelField, labelName } from './label-field.js';
import { ModalDialog } from './modal-dialog.js';
import { plural } from './plural.js';

/** How many occurrences the list shows; the count covers them all. */
export const LISTED_OCCURRENCES = 200;

/** Props of `AnnotateAllDialog`. */
export interface AnnotateAllDialogProps {
  readonly schema: LabelSchema;
  /** The text to look for at first (the selection, or the query of the find bar). */
  readonly initialText: string;
  readonly initialOptions: TextSearchOptions;
  /** The label chosen at first. */
  readonly initialLabel: string;
  /** What annotating every occurrence of `text` with `label` would do now. */
  readonly preview: (text: string, options: TextSearchOptions, label: string) => OccurrencesPreview;
  /** Creates the annotations the preview shows (planned again on the text as it is then). */
  readonly onConfirm: (text: string, options: TextSearchOptions, label: string) => void;
  readonly onClose: () => void;
}

/** The sentence that says what the dialog would do. */
export function occurrenceSummary(text: string, found: number, created: number, label: string): string {
  if (text === '') return 'Type the text to look for.';
  if (found === 0) return `No occurrence of “${text}”.`;
  const skipped = found - created;
  const create = created === 0 ? 'none will be annotated' : `${plural(created, 'will be', 'will be')} annotated with ${label}`;
  const skip = skipped === 0 ? '' : `; ${plural(skipped, 'already carries', 'already carry')} ${label} and ${skipped === 1 ? 'is' : 'are'} skipped`;
  return `${plural(found, 'occurrence', 'occurrences')} found: ${create}${skip}.`;
}

/** The dialog. */
export function AnnotateAllDialog({ schema, initialText, initialOptions, initialLabel, preview, onConfirm, onClose }: AnnotateAllDialogProps): JSX.Element {
  const [text, setText] = useState(initialText);
  const [options, setOptions] = useState<TextSearchOptions>(initialOptions);
  const [label, setLabel] = useState(initialLabel);
  const planned = useMemo(() => preview(text, options, label), [text, options, label]);
  const name = labelName(schema, label);
  const check = (key: keyof TextSearchOptions, title: string): JSX.Element => (
    <label class="check">
      <input type="checkbox" checked={options[key] === true} onChange={(event) => setOptions({ ...options, [key]: event.currentTarget.checked })} />
      <span>{title}</span>
    </label>
  );
  return (
    <ModalDialog title="Annotate all occurrences" onClose={onClose} wide>
      <form
        class="dialog-body"
        data-testid="annotate-all"
        onSubmit={(event) => {
          event.preventDefault();
          if (planned.create.length === 0) return;
          onConfirm(text, options, label);
        }}
      >
        <label class="field">
          <span>Text</span>
          <input type="text" value={text} onInput={(event) => setText(event.currentTarget.value)} data-testid="annotate-all-text" />
        </label>
        <div class="toolbar">
          {check('caseSensitive', 'Match case')}
          {check('wholeWord', 'Whole words')}
        </div>
        <LabelField schema={schema} value={label} onChange={setLabel} />
        <p role="status" data-testid="annotate-all-summary">
          {occurrenceSummary(text, planned.occurrences.length, planned.create.length, name)}
        </p>
        {planned.occurrences.length > 0 && (
          <ol class="occurrence-list" aria-label="Occurrences" data-testid="occurrence-list" tabIndex={0}>
            {planned.occurrences.slice(0, LISTED_OCCURRENCES).map((occurrence) => (
              <li key={occurrence.from} data-skipped={occurrence.skipped ? 'true' : 'false'}>
                <span class="occurrence-context">{occurrence.before}</span>
                <mark class="occurrence-text">{occurrence.text}</mark>
                <span class="occurrence-context">{occurrence.after}</span>
                {occurrence.skipped && <span class="occurrence-skipped"> (already {name}, skipped)</span>}
              </li>
            ))}
          </ol>
        )}
        {planned.occurrences.length > LISTED_OCCURRENCES && <p class="muted">The first {LISTED_OCCURRENCES} are listed.</p>}
        <div class="dialog-actions">
          <button type="button" class="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="button button-primary" disabled={planned.create.length === 0}>
            {planned.create.length === 0 ? 'Nothing to annotate' : `Annotate ${plural(planned.create.length, 'occurrence', 'occurrences')}`}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

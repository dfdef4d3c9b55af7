/**
 * The import dialog: upload a `.txt` document or a native `.jsonl` file of
 * documents with annotations into the project. A file that is not UTF-8 is
 * refused here, naming the byte offset (see `utf8-file.ts`); other problems
 * come back from the server one per line, naming the file, line and field.
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { importFile } from '../api.js';
import { ModalDialog } from './modal-dialog.js';
import { decodeUtf8File } from './utf8-file.js';
import { plural } from './plural.js';

/** Props of `ImportDialog`. */
export interface ImportDialogProps {
  readonly project: string;
  /** Called when the dialog closes; `imported` tells whether anything was imported. */
  readonly onClose: (imported: boolean) => void;
}

type ImportState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'busy' }
  | { readonly kind: 'done'; readonly message: string }
  | { readonly kind: 'failed'; readonly lines: readonly string[] };

/** The import dialog. */
export function ImportDialog({ project, onClose }: ImportDialogProps): JSX.Element {
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<ImportState>({ kind: 'idle' });
  const imported = state.kind === 'done';

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (file === null) {
      setState({ kind: 'failed', lines: ['Choose a .txt or .jsonl file first.'] });
      return;
    }
    if (!/\.(txt|jsonl)$/i.test(file.name)) {
      setState({ kind: 'failed', lines: [`${file.name}: expected a .txt document or a native .jsonl file`] });
      return;
    }
    setState({ kind: 'busy' });
    // Not `file.text()`, which replaces invalid bytes by U+FFFD and drops a byte-order mark.
    const decoded = decodeUtf8File(file.name, new Uint8Array(await file.arrayBuffer()));
    if (!decoded.ok) {
      setState({ kind: 'failed', lines: [decoded.message] });
      return;
    }
    const result = await importFile(project, file.name, decoded.text);
    if (result.ok) {
      const { documents, spans } = result.value;
      setState({ kind: 'done', message: `Imported ${plural(documents.length, 'document', 'documents')} (${documents.join(', ')}) with ${plural(spans, 'annotation', 'annotations')}.` });
    } else {
      setState({ kind: 'failed', lines: result.errors.flatMap((problem) => problem.message.split('\n')) });
    }
  };

  return (
    <ModalDialog title="Import documents" onClose={() => onClose(imported)}>
      <form class="dialog-body" onSubmit={(event) => void submit(event)}>
        <p>A .txt file becomes one document named after the file; a native .jsonl file may hold many documents with their annotations.</p>
        <label class="field">
          <span>File</span>
          <input type="file" name="file" accept=".txt,.jsonl,text/plain,application/x-ndjson" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        </label>
        {state.kind === 'done' && (
          <p class="success" role="status">
            {state.message}
          </p>
        )}
        {state.kind === 'failed' && (
          <div class="error" role="alert">
            <p>The import was refused:</p>
            <ul>
              {state.lines.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          </div>
        )}
        <div class="dialog-actions">
          <button type="button" class="button" onClick={() => onClose(imported)}>
            {imported ? 'Close' : 'Cancel'}
          </button>
          <button type="submit" class="button button-primary" disabled={state.kind === 'busy'}>
            {state.kind === 'busy' ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

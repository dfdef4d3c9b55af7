/**
 * The export dialog: choose a format and the layers, then download. The
 * server exports only the layers the user may read.
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { exportUrl } from '../api.js';
import { ModalDialog } from './modal-dialog.js';

/** The export formats the server offers, with a description each. */
export const EXPORT_FORMATS: readonly { readonly id: string; readonly name: string }[] = [{ id: 'jsonl', name: 'Glossa JSONL (native; code-point offsets)' }];

/** Props of `ExportDialog`. */
export interface ExportDialogProps {
  readonly project: string;
  /** The layers the user may read. */
  readonly layers: readonly string[];
  readonly onClose: () => void;
}

/** The export dialog. */
export function ExportDialog({ project, layers, onClose }: ExportDialogProps): JSX.Element {
  const [format, setFormat] = useState(EXPORT_FORMATS[0]?.id ?? 'jsonl');
  const [chosen, setChosen] = useState<readonly string[]>(layers);
  const toggle = (layer: string, on: boolean): void => setChosen((current) => (on ? [...current, layer] : current.filter((l) => l !== layer)));
  const nothingChosen = layers.length > 0 && chosen.length === 0;

  return (
    <ModalDialog title="Export annotations" onClose={onClose}>
      <div class="dialog-body">
        <label class="field">
          <span>Format</span>
          <select value={format} onChange={(e) => setFormat(e.currentTarget.value)}>
            {EXPORT_FORMATS.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset class="fieldset">
          <legend>Layers</legend>
          {layers.length === 0 && <p class="muted">No layer has annotations yet; the export holds the texts only.</p>}
          {layers.map((layer) => (
            <label class="check" key={layer}>
              <input type="checkbox" checked={chosen.includes(layer)} onChange={(e) => toggle(layer, e.currentTarget.checked)} />
              <span>{layer}</span>
            </label>
          ))}
        </fieldset>
        {nothingChosen && (
          <p class="error" role="alert">
            Choose at least one layer.
          </p>
        )}
        <div class="dialog-actions">
          <button type="button" class="button" onClick={onClose}>
            Close
          </button>
          {nothingChosen ? (
            <button type="button" class="button button-primary" disabled>
              Download
            </button>
          ) : (
            <a class="button button-primary" href={exportUrl(project, format, chosen)} download={`${project}.${format}`}>
              Download
            </a>
          )}
        </div>
      </div>
    </ModalDialog>
  );
}

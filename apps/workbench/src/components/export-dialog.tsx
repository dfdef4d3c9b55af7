/**
 * The export dialog: every format of the server's export route, the layers,
 * how several layers are consolidated and whether to pack a `.tar`; then
 * the export is fetched and saved under the name the server gives it (a
 * file, or a `.tar` for folder formats). The server exports only the layers
 * the user may read; a refusal is shown in the dialog.
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { downloadFile } from '../api.js';
import type { DownloadedFile } from '../api.js';
import { EXPORT_CONSOLIDATIONS, EXPORT_FORMATS, NATIVE_EXPORT_FORMAT, exportUrl } from '../export-formats.js';
import type { ExportConsolidation } from '../export-formats.js';
import { ModalDialog } from './modal-dialog.js';

/** Props of `ExportDialog`. */
export interface ExportDialogProps {
  readonly project: string;
  /** The layers the user may read. */
  readonly layers: readonly string[];
  readonly onClose: () => void;
}

/** Hands a downloaded file to the browser's download manager. */
function saveFile(file: DownloadedFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the click; the URL is no longer needed once this task ends.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

type ExportState = { readonly kind: 'idle' } | { readonly kind: 'busy' } | { readonly kind: 'done'; readonly fileName: string } | { readonly kind: 'failed'; readonly message: string };

/** The export dialog. */
export function ExportDialog({ project, layers, onClose }: ExportDialogProps): JSX.Element {
  const [formatId, setFormatId] = useState(NATIVE_EXPORT_FORMAT);
  const [chosen, setChosen] = useState<readonly string[]>(layers);
  const [consolidation, setConsolidation] = useState<ExportConsolidation>('default');
  const [archive, setArchive] = useState(false);
  const [state, setState] = useState<ExportState>({ kind: 'idle' });
  const format = EXPORT_FORMATS.find((f) => f.id === formatId) ?? (EXPORT_FORMATS[0] as (typeof EXPORT_FORMATS)[number]);
  const native = format.id === NATIVE_EXPORT_FORMAT;
  const toggle = (layer: string, on: boolean): void => setChosen((current) => (on ? [...current, layer] : current.filter((l) => l !== layer)));
  const nothingChosen = layers.length > 0 && chosen.length === 0;
  const packed = format.kind === 'folder' || (!native && archive);

  const download = async (): Promise<void> => {
    setState({ kind: 'busy' });
    // Layers in the order the list shows them.
    const url = exportUrl({ project, format: format.id, layers: layers.filter((l) => chosen.includes(l)), consolidation, archive });
    const result = await downloadFile(url, packed ? `${project}-${format.id}.tar` : `${project}.${format.id}`);
    if (!result.ok) {
      setState({ kind: 'failed', message: result.errors.map((e) => e.message).join(' ') });
      return;
    }
    saveFile(result.value);
    setState({ kind: 'done', fileName: result.value.fileName });
  };

  return (
    <ModalDialog title="Export annotations" onClose={onClose}>
      <div class="dialog-body" data-testid="export-dialog">
        <label class="field">
          <span>Format</span>
          <select value={format.id} onChange={(e) => setFormatId(e.currentTarget.value)} aria-describedby="export-format-description" data-testid="export-format">
            {EXPORT_FORMATS.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        <p class="hint" id="export-format-description">
          {format.description} {format.kind === 'folder' ? 'Downloaded as a .tar archive.' : ''}
        </p>
        <fieldset class="fieldset">
          <legend>Layers</legend>
          {layers.length === 0 && <p class="muted">No layer has annotations yet; the export holds the texts only.</p>}
          {layers.map((layer) => (
            <label class="check" key={layer}>
              <input type="checkbox" checked={chosen.includes(layer)} onChange={(e) => toggle(layer, e.currentTarget.checked)} data-layer={layer} />
              <span>{layer}</span>
            </label>
          ))}
        </fieldset>
        <label class="field">
          <span>Consolidation</span>
          <select
            value={native ? 'default' : consolidation}
            disabled={native}
            onChange={(e) => setConsolidation(e.currentTarget.value as ExportConsolidation)}
            aria-describedby="export-consolidation-hint"
            data-testid="export-consolidation"
          >
            {EXPORT_CONSOLIDATIONS.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <p class="hint" id="export-consolidation-hint">
          {native ? 'The native format keeps every layer apart.' : 'How the chosen layers become one set of spans per document.'}
        </p>
        <label class="check">
          <input
            type="checkbox"
            checked={packed}
            disabled={native || format.kind === 'folder'}
            onChange={(e) => setArchive(e.currentTarget.checked)}
            data-testid="export-archive"
          />
          <span>Download as a .tar archive{format.kind === 'folder' ? ' (always, for a folder format)' : native ? ' (not for the native format)' : ''}</span>
        </label>
        {nothingChosen && (
          <p class="error" role="alert">
            Choose at least one layer.
          </p>
        )}
        {state.kind === 'failed' && (
          <p class="error" role="alert" data-testid="export-error">
            The export failed: {state.message}
          </p>
        )}
        <p role="status" class="muted" data-testid="export-status">
          {state.kind === 'busy' ? 'Preparing the export…' : state.kind === 'done' ? `Downloaded ${state.fileName}.` : ''}
        </p>
        <div class="dialog-actions">
          <button type="button" class="button" onClick={onClose}>
            Close
          </button>
          <button type="button" class="button button-primary" disabled={nothingChosen || state.kind === 'busy'} onClick={() => void download()}>
            Download
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}

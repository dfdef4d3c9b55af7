/**
 * The documents of a project, with each layer's annotation count (how far
 * each annotator, the shared layer and gold have come) and its status (see
 * `curation/document-status.ts`), curation links and the agreement dashboard
 * for curators and admins, and the import and export dialogs for the roles
 * that may use them.
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { fetchDocuments, fetchProject } from '../api.js';
import type { DocumentListing, ProjectDetails } from '../api.js';
import { ok } from '@glossa/core';
import { canCurate, canImport } from '../access.js';
import { DOCUMENT_STATUS_NAMES, documentStatus, projectAnnotators } from '../curation/document-status.js';
import { routeHash } from '../route.js';
import { ExportDialog } from '../components/export-dialog.js';
import { ImportDialog } from '../components/import-dialog.js';
import { UsefulnessControls, UsefulnessFigure } from '../components/usefulness-order.js';
import { fetchDocumentRanking, orderByRanking } from '../suggestion-api.js';
import { useLoad } from './use-load.js';

/** Props of `DocumentListView`. */
export interface DocumentListViewProps {
  readonly project: string;
}

/** The layers that appear in any document, sorted: shared and gold first, then annotators by name. */
function layerColumns(documents: readonly DocumentListing[]): string[] {
  const layers = new Set(documents.flatMap((doc) => doc.layers.map((layer) => layer.layer)));
  const rank = (layer: string): number => (layer === 'shared' ? 0 : layer === 'gold' ? 1 : 2);
  return [...layers].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function layerName(layer: string): string {
  return layer === 'shared' ? 'Shared' : layer === 'gold' ? 'Gold' : layer;
}

/** The document list of a project. */
export function DocumentListView({ project }: DocumentListViewProps): JSX.Element {
  const [reloadKey, setReloadKey] = useState(0);
  const [dialog, setDialog] = useState<'import' | 'export' | null>(null);
  const details = useLoad(() => fetchProject(project), [project]);
  const documents = useLoad(() => fetchDocuments(project), [project], reloadKey);
  const role = details.kind === 'loaded' ? details.value.role : undefined;
  const columns = documents.kind === 'loaded' ? layerColumns(documents.value) : [];
  const annotators = documents.kind === 'loaded' ? projectAnnotators(documents.value) : [];
  const curator = role !== undefined && canCurate(role);
  const [byUsefulness, setByUsefulness] = useState(false);
  // Viewers see no suggestions, so nothing ranks documents for them.
  const suggests = role !== undefined && role !== 'viewer';
  const ranking = useLoad(() => (suggests ? fetchDocumentRanking(project) : Promise.resolve(ok({ scope: '', ranked: [], annotated: [] }))), [project, suggests, byUsefulness], reloadKey);
  const rows = documents.kind !== 'loaded' ? [] : byUsefulness && ranking.kind === 'loaded' ? orderByRanking(documents.value, ranking.value) : documents.value;

  return (
    <main id="main" class="page">
      <div class="page-heading">
        <h1>
          Documents of <span class="project-name">{project}</span>
        </h1>
        <div class="toolbar" role="group" aria-label="Project actions">
          <a class="button" href={routeHash({ name: 'guidelines', project })}>
            Guidelines
          </a>
          {curator && (
            <a class="button" href={routeHash({ name: 'dashboard', project })}>
              Agreement dashboard
            </a>
          )}
          {role !== undefined && canImport(role) && (
            <button type="button" class="button" onClick={() => setDialog('import')}>
              Import…
            </button>
          )}
          {role !== undefined && (
            <button type="button" class="button" onClick={() => setDialog('export')}>
              Export…
            </button>
          )}
        </div>
      </div>
      {details.kind === 'loaded' && <ProjectSummary details={details.value} />}
      {suggests && <UsefulnessControls project={project} ranking={ranking} ordered={byUsefulness} onOrderedChange={setByUsefulness} />}
      {(details.kind === 'failed' || documents.kind === 'failed') && (
        <p class="error" role="alert">
          {details.kind === 'failed' ? details.message : documents.kind === 'failed' ? documents.message : ''}
        </p>
      )}
      {documents.kind === 'loading' && <p role="status">Loading documents…</p>}
      {documents.kind === 'loaded' && documents.value.length === 0 && <p>This project has no documents yet.</p>}
      {documents.kind === 'loaded' && documents.value.length > 0 && (
        <table class="table" data-testid="document-table">
          <caption class="visually-hidden">Documents and annotations per layer</caption>
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Status</th>
              <th scope="col" class="numeric">Characters</th>
              {columns.map((layer) => (
                <th scope="col" class="numeric" key={layer}>
                  {layerName(layer)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((doc) => (
              <tr key={doc.id}>
                <th scope="row">
                  <a href={routeHash({ name: 'document', project, doc: doc.id })}>{doc.title ?? doc.id}</a>
                  {doc.title !== undefined && <span class="muted"> ({doc.id})</span>}
                  {byUsefulness && ranking.kind === 'loaded' && <UsefulnessFigure id={doc.id} ranking={ranking.value} />}
                  {curator && (
                    <>
                      {' '}
                      <a class="curate-link" href={routeHash({ name: 'curation', project, doc: doc.id })} aria-label={`Curate ${doc.title ?? doc.id}`}>
                        Curate
                      </a>
                    </>
                  )}
                </th>
                <td data-status={documentStatus(doc, annotators)}>{DOCUMENT_STATUS_NAMES[documentStatus(doc, annotators)]}</td>
                <td class="numeric">{doc.characters.toLocaleString('en')}</td>
                {columns.map((layer) => {
                  const count = doc.layers.find((l) => l.layer === layer)?.spans;
                  return (
                    <td class="numeric" key={layer} data-layer={layer}>
                      {count === undefined ? <span class="muted">—</span> : count}
                      <span class="visually-hidden"> annotations</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dialog === 'import' && (
        <ImportDialog
          project={project}
          onClose={(imported) => {
            setDialog(null);
            if (imported) setReloadKey((key) => key + 1);
          }}
        />
      )}
      {dialog === 'export' && <ExportDialog project={project} layers={columns} onClose={() => setDialog(null)} />}
    </main>
  );
}

function ProjectSummary({ details }: { readonly details: ProjectDetails }): JSX.Element {
  return (
    <p class="muted">
      Schema “{details.schema.name}”, {details.mode === 'shared' ? 'annotated together in a shared layer' : 'annotated independently, one layer per annotator'}. Your role:{' '}
      {details.role}.
    </p>
  );
}

/**
 * The progress section of the dashboard: per annotator and per document,
 * with each document's status and a link to its curation.
 */
import type { JSX } from 'preact';
import type { DocumentListing } from '../api.js';
import { GOLD_LAYER } from '../access.js';
import { routeHash } from '../route.js';
import { DOCUMENT_STATUS_NAMES, documentStatus, projectAnnotators } from '../curation/document-status.js';
import type { ProgressTable } from './agreement-figures.js';
import { NumericHeader } from './figure-cells.js';

/**
 * Progress per annotator (documents with spans, spans in all) and per
 * document (status and spans per annotator), from the live layers; the
 * annotators are those of the document list until a layer has loaded.
 */
export function ProgressSection({ project, progress, listings }: { readonly project: string; readonly progress: ProgressTable; readonly listings: readonly DocumentListing[] }): JSX.Element {
  const annotators = progress.annotators.length > 0 ? progress.annotators : projectAnnotators(listings);
  return (
    <section class="panel dashboard-section" aria-labelledby="progress-title">
      <h2 id="progress-title">Progress</h2>
      <table class="table" data-testid="annotator-progress">
        <caption>Per annotator: documents with spans and spans in all</caption>
        <thead>
          <tr>
            <th scope="col">Annotator</th>
            <NumericHeader>Documents with spans</NumericHeader>
            <NumericHeader>Spans</NumericHeader>
          </tr>
        </thead>
        <tbody>
          {annotators.map((a) => (
            <tr key={a} data-annotator={a}>
              <th scope="row">{a}</th>
              <td class="numeric">
                {progress.totals[a]?.documents ?? 0} of {listings.length}
              </td>
              <td class="numeric">{progress.totals[a]?.spans ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table class="table" data-testid="document-progress">
        <caption>Per document: status and spans per annotator (— when the annotator has no layer for it)</caption>
        <thead>
          <tr>
            <th scope="col">Document</th>
            <th scope="col">Status</th>
            {annotators.map((a) => (
              <NumericHeader key={a}>{a}</NumericHeader>
            ))}
          </tr>
        </thead>
        <tbody>
          {listings.map((listing) => {
            const row = progress.rows.find((r) => r.doc === listing.id);
            // The live counts of the annotator layers, with gold as the document list reported it.
            const live: DocumentListing = {
              ...listing,
              layers: [
                ...listing.layers.filter((l) => l.layer === GOLD_LAYER),
                ...annotators.flatMap((a) => {
                  const n = row?.spans[a];
                  return n === null || n === undefined ? [] : [{ layer: a, spans: n }];
                }),
              ],
            };
            const status = documentStatus(live, annotators);
            return (
              <tr key={listing.id} data-doc={listing.id}>
                <th scope="row">
                  <a href={routeHash({ name: 'curation', project, doc: listing.id })}>{listing.title ?? listing.id}</a>
                </th>
                <td data-status={status}>{DOCUMENT_STATUS_NAMES[status]}</td>
                {annotators.map((a) => {
                  const n = row?.spans[a];
                  return (
                    <td class="numeric" key={a}>
                      {n === null || n === undefined ? <span class="muted">—</span> : n}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

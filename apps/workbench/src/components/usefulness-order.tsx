/**
 * Active learning across a project, in the document list: a switch that
 * orders the documents by expected usefulness for the user's own
 * suggestion scope (uncertainty of its suggestions × novelty against the
 * documents already annotated; the server ranks them), and a "Next
 * document" action that opens the most useful document left.
 */
import type { JSX } from 'preact';
import type { Loaded } from '../views/use-load.js';
import { routeHash } from '../route.js';
import type { DocumentRanking } from '../suggestion-api.js';

/** Props of `UsefulnessControls`. */
export interface UsefulnessControlsProps {
  readonly project: string;
  readonly ranking: Loaded<DocumentRanking>;
  readonly ordered: boolean;
  readonly onOrderedChange: (ordered: boolean) => void;
}

/** The switch and the "Next document" action. */
export function UsefulnessControls({ project, ranking, ordered, onOrderedChange }: UsefulnessControlsProps): JSX.Element {
  const next = ranking.kind === 'loaded' ? ranking.value.ranked[0] : undefined;
  return (
    <div class="usefulness-controls" role="group" aria-label="Active learning" data-testid="usefulness-controls">
      <label>
        <input type="checkbox" checked={ordered} onChange={(e) => onOrderedChange(e.currentTarget.checked)} /> Order by expected usefulness
      </label>{' '}
      {next !== undefined ? (
        <a class="button" href={routeHash({ name: 'document', project, doc: next.id })} data-testid="next-useful-document" title={`Most useful next: ${next.id} (uncertainty ${next.uncertainty.toFixed(2)} × novelty ${next.novelty.toFixed(2)})`}>
          Next document
        </a>
      ) : (
        <span class="muted">{ranking.kind === 'loaded' ? 'Every document is annotated.' : ranking.kind === 'failed' ? ranking.message : 'Ranking documents…'}</span>
      )}
    </div>
  );
}

/** The usefulness of a document in the ranking, for its row; nothing for an annotated one. */
export function UsefulnessFigure({ id, ranking }: { readonly id: string; readonly ranking: DocumentRanking }): JSX.Element | null {
  const ranked = ranking.ranked.find((r) => r.id === id);
  if (ranked === undefined) return <span class="muted"> (annotated)</span>;
  return (
    <span class="muted" data-usefulness={ranked.usefulness.toFixed(3)}>
      {' '}
      usefulness {ranked.usefulness.toFixed(2)}
    </span>
  );
}

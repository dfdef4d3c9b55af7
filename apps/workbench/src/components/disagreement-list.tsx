/**
 * The curation view's list of disagreements: each with its labels, a quote,
 * its kinds and where it stands (open, in gold, rejected); choosing one
 * shows its details.
 */
import type { JSX } from 'preact';
import type { LabelSchema } from '@glossa/core';
import type { SpanCluster } from '../curation/disagreements.js';
import type { ClusterState } from '../curation/use-curation.js';
import { DISAGREEMENT_KIND_NAMES, quoteOf } from './cluster-details.js';
import { labelName } from './label-field.js';

const CLUSTER_STATE_NAMES: Readonly<Record<ClusterState, string>> = { open: 'open', resolved: 'in gold', rejected: 'rejected' };

/** Props of `DisagreementList`. */
export interface DisagreementListProps {
  readonly schema: LabelSchema;
  readonly text: string;
  readonly disagreements: readonly SpanCluster[];
  readonly states: ReadonlyMap<string, ClusterState>;
  readonly openCount: number;
  /** The chosen cluster's key, or `null`. */
  readonly chosen: string | null;
  readonly onChoose: (key: string) => void;
}

/** The list. */
export function DisagreementList({ schema, text, disagreements, states, openCount, chosen, onChoose }: DisagreementListProps): JSX.Element {
  return (
    <section class="panel" aria-labelledby="disagreements-title">
      <h2 id="disagreements-title">
        Disagreements ({openCount} open of {disagreements.length})
      </h2>
      {disagreements.length === 0 && <p class="muted">The annotators agree on every span.</p>}
      <ol class="disagreement-items" data-testid="disagreement-list">
        {disagreements.map((cluster, i) => {
          const state = states.get(cluster.key) ?? 'open';
          return (
            <li key={cluster.key} data-cluster={cluster.key} data-state={state} data-kinds={cluster.kinds.join(' ')} class={cluster.key === chosen ? 'selected' : undefined}>
              <button type="button" class="annotation-jump" aria-current={cluster.key === chosen ? 'true' : undefined} onClick={() => onChoose(cluster.key)}>
                <span class="annotation-label">
                  {i + 1}. {cluster.candidates.map((c) => labelName(schema, c.label)).filter((v, j, all) => all.indexOf(v) === j).join(' / ')}
                </span>{' '}
                <span class="annotation-quote">“{quoteOf(text, cluster.start, cluster.end)}”</span>
                <span class="annotation-meta">
                  {cluster.kinds.map((kind) => DISAGREEMENT_KIND_NAMES[kind]).join('; ')} · {CLUSTER_STATE_NAMES[state]}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

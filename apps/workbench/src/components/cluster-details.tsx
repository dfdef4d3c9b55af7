/**
 * The chosen cluster of spans in the curation view: why the annotators
 * disagree, each distinct span with the layers that have it exactly, and the
 * decisions: accept one, merge same-label spans, reject.
 */
import type { JSX } from 'preact';
import { labelName } from './label-field.js';
import type { LabelSchema } from '@glossa/core';
import type { DisagreementKind, SpanCluster } from '../curation/disagreements.js';
import { acceptCandidate, mergeOptions } from '../curation/gold-plan.js';
import type { GoldPlan } from '../curation/gold-plan.js';

/** How each kind of disagreement reads. */
export const DISAGREEMENT_KIND_NAMES: Readonly<Record<DisagreementKind, string>> = {
  boundaries: 'same label, different boundaries',
  labels: 'different labels on overlapping text',
  missing: 'only some annotators have a span',
};

/** A short quote of a text range for lists and buttons. */
export function quoteOf(text: string, start: number, end: number, max = 60): string {
  const quote = text.slice(start, end).replace(/\s+/g, ' ');
  return quote.length > max ? `${quote.slice(0, max - 1)}…` : quote;
}

/** Props of `ClusterDetails`. */
export interface ClusterDetailsProps {
  readonly schema: LabelSchema;
  readonly text: string;
  readonly cluster: SpanCluster;
  /** Its number in the disagreement list, or `null` when the annotators agree on it. */
  readonly number: number | null;
  /** Whether all of its spans were rejected. */
  readonly rejected: boolean;
  readonly onAccept: (plan: GoldPlan) => void;
  readonly onReject: () => void;
  readonly onUnreject: () => void;
}

/** The details and decisions of one cluster. */
export function ClusterDetails({ schema, text, cluster, number, rejected, onAccept, onReject, onUnreject }: ClusterDetailsProps): JSX.Element {
  const name = (label: string): string => labelName(schema, label);
  const merges = mergeOptions(cluster);
  return (
    <section class="panel cluster-details" aria-labelledby="cluster-title" data-testid="cluster-details" data-cluster={cluster.key}>
      <h2 id="cluster-title">{number === null ? 'Agreed spans' : `Disagreement ${number}`}</h2>
      <p class="quote">“{quoteOf(text, cluster.start, cluster.end, 200)}”</p>
      {cluster.kinds.length > 0 && <p>{cluster.kinds.map((kind) => DISAGREEMENT_KIND_NAMES[kind]).join('; ')}.</p>}
      <table class="table candidates">
        <caption class="visually-hidden">The distinct spans of this stretch and who has them</caption>
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Text</th>
            <th scope="col">Annotators</th>
            <th scope="col">
              <span class="visually-hidden">Decision</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {cluster.candidates.map((candidate) => {
            const quote = quoteOf(text, candidate.start, candidate.end);
            return (
              <tr key={`${candidate.start}:${candidate.end}:${candidate.label}`} data-label={candidate.label} data-layers={candidate.layers.join(' ')}>
                <td>{name(candidate.label)}</td>
                <td>“{quote}”</td>
                <td>{candidate.layers.join(', ')}</td>
                <td>
                  <button
                    type="button"
                    class="button"
                    data-testid="accept-candidate"
                    aria-label={`Accept ${name(candidate.label)} on “${quote}” from ${candidate.layers.join(', ')}`}
                    onClick={() => onAccept(acceptCandidate(candidate))}
                  >
                    Accept
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div class="toolbar" role="group" aria-label="Decisions">
        {merges.map((plan) => (
          <button
            type="button"
            class="button"
            key={plan.label}
            data-testid="merge-candidates"
            data-label={plan.label}
            onClick={() => onAccept(plan)}
            aria-label={`Merge the ${name(plan.label)} spans of ${plan.provenance.join(', ')} into “${quoteOf(text, plan.start, plan.end)}”`}
          >
            Merge {name(plan.label)} (union)
          </button>
        ))}
        {rejected ? (
          <button type="button" class="button" onClick={onUnreject}>
            Undo rejection
          </button>
        ) : (
          <button type="button" class="button button-danger" data-testid="reject-cluster" onClick={onReject}>
            Reject
          </button>
        )}
      </div>
      {rejected && <p class="muted">Rejected: these spans stay out of gold.</p>}
    </section>
  );
}

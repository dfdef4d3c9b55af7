/**
 * The relations of the source layers in the curation view, by layer: each
 * with what it joins, whether its ends exist (a dangling relation, whose
 * end was deleted, is listed but cannot go into gold), whether gold holds
 * it or it was rejected, and buttons to accept it into gold (with its
 * ends, and the layer as provenance) or reject it.
 */
import type { JSX } from 'preact';
import { relationLabelById } from '@glossa/core';
import type { LabelSchema, RelationAnnotation, SpanAnnotation } from '@glossa/core';
import type { LayerRelation } from '../curation/gold-relations.js';
import { goldMatch, relationDecisionKey } from '../curation/gold-relations.js';
import { quoteOf } from './cluster-details.js';

/** Props of `RelationCuration`. */
export interface RelationCurationProps {
  readonly schema: LabelSchema;
  readonly text: string;
  readonly relations: readonly LayerRelation[];
  readonly goldSpans: readonly SpanAnnotation[];
  readonly goldRelations: readonly RelationAnnotation[];
  /** The layers each gold relation came from, by id. */
  readonly goldProvenance: ReadonlyMap<string, readonly string[]>;
  /** The decisions recorded in gold (`<layer>:<id>` keys). */
  readonly rejected: ReadonlySet<string>;
  readonly onAccept: (relation: LayerRelation) => void;
  readonly onReject: (relation: LayerRelation) => void;
  readonly onUnreject: (relation: LayerRelation) => void;
}

/** What one end of a source relation is, for the list. */
function endText(text: string, span: SpanAnnotation | null): string {
  return span === null ? '(deleted)' : `“${quoteOf(text, span.start, span.end)}”`;
}

/** The relation curation panel; nothing when no source layer has a relation. */
export function RelationCuration(props: RelationCurationProps): JSX.Element | null {
  const { schema, text, relations } = props;
  if (relations.length === 0) return null;
  const layers = [...new Set(relations.map((r) => r.layer))].sort();
  return (
    <section class="panel relation-curation" aria-labelledby="relation-curation-title" data-testid="relation-curation">
      <h2 id="relation-curation-title">Relations ({relations.length})</h2>
      {layers.map((layer) => (
        <div key={layer}>
          <h3>{layer}</h3>
          <ul class="plain-list">
            {relations
              .filter((r) => r.layer === layer)
              .map((item) => {
                const dangling = item.from === null || item.to === null;
                const match = goldMatch(item, props.goldSpans, props.goldRelations);
                const gold = match !== undefined;
                // Gold has it from this layer already; from another layer, accepting merges this one into its provenance.
                const merged = match !== undefined && (props.goldProvenance.get(match.id) ?? []).includes(layer);
                const rejected = props.rejected.has(relationDecisionKey(item));
                const name = relationLabelById(schema, item.relation.label)?.name ?? item.relation.label;
                const state = dangling ? 'dangling' : gold ? 'in gold' : rejected ? 'rejected' : 'open';
                return (
                  <li
                    key={item.relation.id}
                    class="relation-curation-item"
                    data-relation-id={item.relation.id}
                    data-layer={layer}
                    data-state={state}
                    data-provenance={match === undefined ? undefined : (props.goldProvenance.get(match.id) ?? []).join(' ')}
                  >
                    <span>
                      {name}: {endText(text, item.from)} {item.relation.directed ? '→' : '↔'} {endText(text, item.to)} <span class="muted">({state})</span>
                    </span>
                    <span class="toolbar">
                      <button type="button" class="button" disabled={dangling || merged} onClick={() => props.onAccept(item)}>
                        {gold && !merged ? 'Merge into gold' : 'Accept into gold'}
                      </button>
                      {rejected ? (
                        <button type="button" class="button" onClick={() => props.onUnreject(item)}>
                          Take back the rejection
                        </button>
                      ) : (
                        <button type="button" class="button" disabled={gold} onClick={() => props.onReject(item)}>
                          Reject
                        </button>
                      )}
                    </span>
                  </li>
                );
              })}
          </ul>
        </div>
      ))}
    </section>
  );
}

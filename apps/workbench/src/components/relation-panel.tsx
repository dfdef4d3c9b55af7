/**
 * The relations of the document in the side panel: making one (after
 * "Start a relation", or Alt+L in the text: the target annotation, then a
 * relation label), the selected relation with controls to relabel, reverse
 * and delete it, and the list of the relations drawn, each selecting its
 * relation. Relations with an end deleted (dangling) are counted here and
 * listed in the curation view.
 */
import type { JSX } from 'preact';
import type { Command } from 'prosemirror-state';
import { relationLabelById } from '@glossa/core';
import type { LabelSchema, RelationAnnotation, SpanAnnotation } from '@glossa/core';
import {
  cancelRelation,
  completeRelation,
  deleteRelation,
  relabelRelation,
  reverseRelation,
  safeColor,
  selectRelation,
  spanPieces,
  startRelation,
} from '@glossa/prosemirror';
import type { EditorSnapshot } from '../editor/annotation-editor.js';
import { authorName } from './author-name.js';

/** How many relations the list shows at once. */
const LISTED = 200;

/** Props of `RelationPanel`. */
export interface RelationPanelProps {
  readonly schema: LabelSchema;
  readonly snapshot: EditorSnapshot;
  /** Whether the user can make relations now (has a layer to annotate into). */
  readonly canAnnotate: boolean;
  /** Whether the user may change the relation (or annotation) with this editor id. */
  readonly canChange: (id: string) => boolean;
  readonly run: (command: Command) => boolean;
  readonly focusText: () => void;
  /** Selects an annotation in the text. */
  readonly onJump: (id: string) => void;
}

/** A relation label's name, or its id when the schema has none such. */
export function relationLabelName(schema: LabelSchema, id: string): string {
  return relationLabelById(schema, id)?.name ?? id;
}

/** The text of an annotation, shortened for a list. */
function quoteOf(snapshot: EditorSnapshot, span: SpanAnnotation | undefined): string {
  if (span === undefined) return '(deleted)';
  // A discontinuous annotation by its pieces.
  const text = spanPieces(span)
    .map((piece) => snapshot.textBetween(piece.from, piece.to))
    .join(' … ')
    .replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** One line saying what a relation joins: `“a” → “b”` (`↔` when undirected). */
export function relationSentence(schema: LabelSchema, snapshot: EditorSnapshot, relation: RelationAnnotation): string {
  const arrow = relation.directed ? '→' : '↔';
  return `${relationLabelName(schema, relation.label)}: “${quoteOf(snapshot, snapshot.spans.get(relation.from))}” ${arrow} “${quoteOf(snapshot, snapshot.spans.get(relation.to))}”`;
}

/** The relation side panel. */
export function RelationPanel({ schema, snapshot, canAnnotate, canChange, run, focusText, onJump }: RelationPanelProps): JSX.Element | null {
  const labels = schema.relationLabels ?? [];
  if (labels.length === 0 && snapshot.relations.relations.size === 0) return null;
  const { relations, pendingSource, selectedId, dangling } = snapshot.relations;
  const shown = [...relations.values()]
    .filter((relation) => snapshot.spans.has(relation.from) && snapshot.spans.has(relation.to))
    .map((relation) => ({ relation, at: Math.min(snapshot.spans.get(relation.from)?.start ?? 0, snapshot.spans.get(relation.to)?.start ?? 0) }))
    .sort((a, b) => a.at - b.at || (a.relation.id < b.relation.id ? -1 : 1))
    .map((item) => item.relation);
  const hidden = relations.size - shown.length + dangling.length;
  const selected = selectedId === null ? undefined : relations.get(selectedId);
  const source = pendingSource === null ? undefined : snapshot.spans.get(pendingSource);
  const act = (command: Command): void => {
    run(command);
    focusText();
  };
  return (
    <section class="panel relation-panel" aria-labelledby="relations-title" data-testid="relation-panel">
      <h2 id="relations-title">Relations ({shown.length})</h2>
      {source !== undefined && (
        <div class="relation-pending" data-testid="relation-pending" role="group" aria-label="New relation">
          <p>
            From “{quoteOf(snapshot, source)}”: select the target annotation (click it, or Alt+↓ in the text), then choose a relation label
            {labels.some((label) => label.hotkey !== undefined) ? ' (or press its key)' : ''}.
          </p>
          <div class="toolbar">
            {labels.map((label) => (
              <button
                key={label.id}
                type="button"
                class="button"
                data-relation-label={label.id}
                aria-keyshortcuts={label.hotkey}
                disabled={snapshot.selectedId === null || snapshot.selectedId === pendingSource}
                onClick={() => act(completeRelation(label.id))}
              >
                <span class="swatch" style={{ backgroundColor: safeColor(label.color) }} aria-hidden="true" />
                {label.name}
                {label.hotkey !== undefined && <kbd>{label.hotkey}</kbd>}
              </button>
            ))}
            <button type="button" class="button" onClick={() => act(cancelRelation)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {source === undefined && canAnnotate && snapshot.selectedId !== null && labels.length > 0 && (
        <button type="button" class="button" data-testid="start-relation" aria-keyshortcuts="Alt+L" onClick={() => act(startRelation(snapshot.selectedId ?? undefined))}>
          Start a relation from the selected annotation
        </button>
      )}
      {selected !== undefined && (
        <div class="relation-details" data-testid="relation-details" data-relation-id={selected.id}>
          <h3>Selected relation</h3>
          <p data-testid="relation-sentence">{relationSentence(schema, snapshot, selected)}</p>
          <dl class="facts">
            <dt>Author</dt>
            <dd>{authorName(selected.author ?? '')}</dd>
            <dt>Status</dt>
            <dd>{selected.status ?? 'proposed'}</dd>
          </dl>
          {canChange(selected.id) && (
            <div class="details-controls">
              <label class="field">
                <span>Relation label</span>
                <select value={selected.label} data-testid="relation-label-select" onChange={(e) => act(relabelRelation(selected.id, e.currentTarget.value))}>
                  {labels.map((label) => (
                    <option key={label.id} value={label.id}>
                      {label.name}
                    </option>
                  ))}
                </select>
              </label>
              <div class="toolbar">
                <button type="button" class="button" aria-keyshortcuts="Alt+V" disabled={!selected.directed} onClick={() => act(reverseRelation(selected.id))}>
                  Reverse
                </button>
                <button type="button" class="button button-danger" onClick={() => act(deleteRelation(selected.id))}>
                  Delete relation
                </button>
              </div>
            </div>
          )}
        </div>
      )}
      {shown.length === 0 ? (
        <p class="muted">None yet.</p>
      ) : (
        <ul class="annotation-items relation-list" data-testid="relation-list">
          {shown.slice(0, LISTED).map((relation) => (
            <li key={relation.id}>
              <button
                type="button"
                class="annotation-jump"
                aria-current={relation.id === selectedId ? 'true' : undefined}
                data-relation-id={relation.id}
                onClick={() => {
                  onJump(relation.from);
                  act(selectRelation(relation.id));
                }}
              >
                {relationSentence(schema, snapshot, relation)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {shown.length > LISTED && <p class="muted">and {shown.length - LISTED} more (select them with Alt+K in the text).</p>}
      {hidden > 0 && <p class="muted" data-testid="relations-hidden">{hidden === 1 ? 'One relation has' : `${hidden} relations have`} an end that is deleted or not shown; the curation view lists them.</p>}
    </section>
  );
}

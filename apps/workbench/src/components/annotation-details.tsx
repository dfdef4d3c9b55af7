/**
 * The selected annotation: its label, text, author, layer, status and note,
 * with controls to relabel, accept or reject, edit the note and delete it
 * when the user may change it. When another annotation is selected, the
 * panel it is in scrolls to show it; after Delete the focus goes back to
 * the text, so that Ctrl+Z there undoes it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { Command } from 'prosemirror-state';
import { ANNOTATION_STATUSES, labelById } from '@glossa/core';
import type { AnnotationStatus, LabelSchema } from '@glossa/core';
import { addFragment, deleteAnnotation, relabel, safeColor, setNote, setStatus, spanPieces } from '@glossa/prosemirror';
import type { EditorSnapshot } from '../editor/annotation-editor.js';
import { splitLayeredId } from '../session/composite-layer.js';
import { LabelField } from './label-field.js';
import { authorName } from './author-name.js';
import { relationSentence } from './relation-panel.js';

/** Props of `AnnotationDetails`. */
export interface AnnotationDetailsProps {
  readonly schema: LabelSchema;
  readonly snapshot: EditorSnapshot;
  readonly canChange: (id: string) => boolean;
  readonly layerName: (layer: string) => string;
  /** Runs a command in the editor. */
  readonly run: (command: Command) => boolean;
  /** Moves the keyboard focus to the text. */
  readonly focusText: () => void;
}

/** Scrolls the scrolling panel around `card` (not the window) so that the card's top is in view. */
function showInPanel(card: HTMLElement): void {
  const panel = card.closest<HTMLElement>('.side-pane');
  if (panel === null) return;
  const cardBox = card.getBoundingClientRect();
  const panelBox = panel.getBoundingClientRect();
  if (cardBox.top < panelBox.top || cardBox.bottom > panelBox.bottom) panel.scrollTop += cardBox.top - panelBox.top;
}

const STATUS_ACTIONS: Readonly<Record<AnnotationStatus, string>> = { proposed: 'Reset to proposed', accepted: 'Accept', rejected: 'Reject' };

/** The details panel of the selected annotation. */
export function AnnotationDetails({ schema, snapshot, canChange, layerName, run, focusText }: AnnotationDetailsProps): JSX.Element {
  const span = snapshot.selectedId === null ? undefined : snapshot.spans.get(snapshot.selectedId);
  const [note, setNoteDraft] = useState(span?.note ?? '');
  const card = useRef<HTMLElement>(null);
  useEffect(() => setNoteDraft(span?.note ?? ''), [span?.id, span?.note]);
  useEffect(() => {
    if (span !== undefined && card.current !== null) showInPanel(card.current);
  }, [span?.id]);
  if (span === undefined) {
    return (
      <section class="panel details" aria-labelledby="details-title">
        <h2 id="details-title">Selected annotation</h2>
        <p class="muted">None. Click an annotation, or press Alt+↓ in the text.</p>
      </section>
    );
  }
  const label = labelById(schema, span.label);
  const editable = canChange(span.id);
  const pieces = span.fragments === undefined ? [] : spanPieces(span);
  const related = (snapshot.relations.bySpan.get(span.id) ?? []).flatMap((id) => snapshot.relations.relations.get(id) ?? []);
  const { layer } = splitLayeredId(span.id);
  return (
    <section ref={card} class="panel details" aria-labelledby="details-title" data-testid="annotation-details" data-annotation-id={span.id}>
      <h2 id="details-title">Selected annotation</h2>
      {pieces.length === 0 ? (
        <p class="quote">“{snapshot.textBetween(span.start, span.end)}”</p>
      ) : (
        <p class="quote" data-testid="details-pieces">
          {pieces.map((piece, i) => (
            <span key={i}>
              {i > 0 && ' … '}“{snapshot.textBetween(piece.from, piece.to)}”
            </span>
          ))}
        </p>
      )}
      <dl class="facts">
        <dt>Label</dt>
        <dd>
          <span class="swatch" style={{ backgroundColor: safeColor(label?.color) }} aria-hidden="true" />
          <span data-testid="details-label">{label?.name ?? span.label}</span>
        </dd>
        <dt>Author</dt>
        <dd data-testid="details-author">{authorName(span.author)}</dd>
        <dt>Layer</dt>
        <dd>{layerName(layer)}</dd>
        <dt>Status</dt>
        <dd data-testid="details-status">{span.status}</dd>
        {pieces.length > 0 && (
          <>
            <dt>Pieces</dt>
            <dd>{pieces.length}</dd>
          </>
        )}
        {related.length > 0 && (
          <>
            <dt>Relations</dt>
            <dd>
              <ul class="plain-list" data-testid="details-relations">
                {related.map((relation) => (
                  <li key={relation.id}>{relationSentence(schema, snapshot, relation)}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {!editable && span.note !== '' && (
          <>
            <dt>Note</dt>
            <dd data-testid="details-note">{span.note}</dd>
          </>
        )}
      </dl>
      {editable && (
        <div class="details-controls">
          <LabelField schema={schema} value={span.label} onChange={(label) => run(relabel(span.id, label))} />
          <div class="toolbar" role="group" aria-label="Review status">
            {ANNOTATION_STATUSES.map((status) => (
              <button key={status} type="button" class="button" aria-pressed={span.status === status} onClick={() => run(setStatus(span.id, status))}>
                {STATUS_ACTIONS[status]}
              </button>
            ))}
          </div>
          <form
            class="note-form"
            onSubmit={(event) => {
              event.preventDefault();
              run(setNote(span.id, note));
            }}
          >
            <label class="field">
              <span>Note</span>
              <textarea rows={3} value={note} onInput={(e) => setNoteDraft(e.currentTarget.value)} data-testid="note-input" />
            </label>
            <button type="submit" class="button" disabled={note === span.note}>
              Save note
            </button>
          </form>
          <button
            type="button"
            class="button"
            aria-keyshortcuts="Alt+F"
            data-testid="add-piece"
            disabled={!snapshot.hasTextSelection}
            onClick={() => {
              run(addFragment({ id: span.id }));
              focusText();
            }}
          >
            Add the selected text as a piece
          </button>
          <button
            type="button"
            class="button button-danger"
            onClick={() => {
              run(deleteAnnotation(span.id));
              // The button goes with the card: without this the focus would fall to the page, where no key reaches the editor.
              focusText();
            }}
          >
            Delete annotation
          </button>
        </div>
      )}
    </section>
  );
}

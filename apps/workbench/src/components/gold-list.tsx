/**
 * The gold layer of the document being curated: every gold span with its
 * provenance (the layers that agreed on it), and editing of its label and
 * boundaries (in code points, as every export counts) or its deletion.
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { OffsetIndex, labelById } from '@glossa/core';
import type { LabelSchema } from '@glossa/core';
import { safeColor } from '@glossa/prosemirror';
import type { GoldSpan } from '../curation/gold-layer.js';
import { quoteOf } from './cluster-details.js';
import { parseSpanRange } from '../curation/boundary-input.js';
import { LabelField } from './label-field.js';
import { byAuthor } from './author-name.js';

/** Props of `GoldList`. */
export interface GoldListProps {
  readonly schema: LabelSchema;
  readonly text: string;
  readonly spans: readonly GoldSpan[];
  /** Ids of gold annotations whose text was deleted. */
  readonly orphans: readonly string[];
  readonly onRelabel: (id: string, label: string) => void;
  /** New boundaries in UTF-16 code units. */
  readonly onMove: (id: string, start: number, end: number) => void;
  readonly onDelete: (id: string) => void;
  readonly onPick: (span: GoldSpan) => void;
}

/** The gold list. */
export function GoldList({ schema, text, spans, orphans, onRelabel, onMove, onDelete, onPick }: GoldListProps): JSX.Element {
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section class="panel gold-list" aria-labelledby="gold-title" data-testid="gold-list">
      <h2 id="gold-title">Gold ({spans.length})</h2>
      {spans.length === 0 && <p class="muted">Nothing curated yet.</p>}
      <ul class="annotation-items">
        {spans.map((span) => {
          const label = labelById(schema, span.label);
          return (
            <li key={span.id} class="gold-item" data-label={span.label} data-provenance={span.provenance.join(' ')} data-id={span.id}>
              <button type="button" class="annotation-jump" onClick={() => onPick(span)}>
                <span class="swatch" style={{ backgroundColor: safeColor(label?.color) }} aria-hidden="true" />
                <span class="annotation-label">{label?.name ?? span.label}</span> <span class="annotation-quote">“{quoteOf(text, span.start, span.end)}”</span>
              </button>
              <span class="annotation-meta">
                {span.provenance.length > 0 ? `Agreed by ${span.provenance.join(', ')}` : 'Added by hand'} · {byAuthor(span.author)} · {span.status}
              </span>
              {editing === span.id ? (
                <GoldEditor schema={schema} text={text} span={span} onCancel={() => setEditing(null)} onSave={(labelId, start, end) => {
                  if (labelId !== span.label) onRelabel(span.id, labelId);
                  if (start !== span.start || end !== span.end) onMove(span.id, start, end);
                  setEditing(null);
                }} />
              ) : (
                <div class="toolbar">
                  <button type="button" class="button button-quiet" onClick={() => setEditing(span.id)} aria-label={`Edit ${label?.name ?? span.label} on “${quoteOf(text, span.start, span.end)}”`}>
                    Edit
                  </button>
                  <button type="button" class="button button-quiet" onClick={() => onDelete(span.id)} aria-label={`Delete ${label?.name ?? span.label} on “${quoteOf(text, span.start, span.end)}” from gold`}>
                    Delete
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {orphans.length > 0 && (
        <p class="muted">
          {orphans.length} gold {orphans.length === 1 ? 'span lost its' : 'spans lost their'} text (kept, not shown).
        </p>
      )}
    </section>
  );
}

interface GoldEditorProps {
  readonly schema: LabelSchema;
  readonly text: string;
  readonly span: GoldSpan;
  readonly onSave: (label: string, start: number, end: number) => void;
  readonly onCancel: () => void;
}

function GoldEditor({ schema, text, span, onSave, onCancel }: GoldEditorProps): JSX.Element {
  const offsets = new OffsetIndex(text);
  const [label, setLabel] = useState(span.label);
  const [start, setStart] = useState(String(offsets.toCodePoint(span.start)));
  const [end, setEnd] = useState(String(offsets.toCodePoint(span.end)));
  const [problem, setProblem] = useState<string | null>(null);
  const save = (event: Event): void => {
    event.preventDefault();
    const range = parseSpanRange(start, end, offsets.codePointLength);
    if (!range.ok) return setProblem(range.errors.join(' '));
    setProblem(null);
    onSave(label, offsets.toUtf16(range.value.start), offsets.toUtf16(range.value.end));
  };
  return (
    <form class="gold-editor" onSubmit={save} aria-label="Edit the gold span">
      <LabelField schema={schema} value={label} onChange={setLabel} />
      <div class="field-row">
        <label class="field">
          <span>Start (character)</span>
          <input inputMode="numeric" value={start} onInput={(e) => setStart(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>End (character, exclusive)</span>
          <input inputMode="numeric" value={end} onInput={(e) => setEnd(e.currentTarget.value)} />
        </label>
      </div>
      {problem !== null && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <div class="toolbar">
        <button type="submit" class="button button-primary">
          Save
        </button>
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * The list of the document's annotations in the shown layers, filterable by
 * label, author and status; choosing one selects it in the text. A document
 * may hold ten thousand annotations: the list is built from a settled
 * snapshot (see `useSettledValue`), not on every keystroke, and shows them a
 * page at a time.
 */
import { useMemo, useState } from 'preact/hooks';
import { memo } from 'preact/compat';
import type { JSX } from 'preact';
import { ANNOTATION_STATUSES, labelById } from '@glossa/core';
import type { LabelSchema, SpanAnnotation } from '@glossa/core';
import { safeColor } from '@glossa/prosemirror';
import type { EditorSnapshot } from '../editor/annotation-editor.js';
import { splitLayeredId } from '../session/composite-layer.js';
import { LabelOptions, labelName } from './label-field.js';
import { authorName, byAuthor } from './author-name.js';

/** The filters of the list; an empty string matches everything. */
export interface AnnotationFilter {
  readonly label: string;
  readonly author: string;
  readonly status: string;
}

/** Whether an annotation passes a filter. */
export function passesFilter(span: SpanAnnotation, filter: AnnotationFilter): boolean {
  return (filter.label === '' || span.label === filter.label) && (filter.author === '' || span.author === filter.author) && (filter.status === '' || span.status === filter.status);
}

/** How many annotations the list shows at first, and how many more each “Show more” adds. */
export const ANNOTATION_LIST_PAGE = 200;

/** Props of `AnnotationList`. */
export interface AnnotationListProps {
  readonly schema: LabelSchema;
  /** The snapshot listed: a settled one, since listing is O(n). */
  readonly snapshot: EditorSnapshot;
  /** The selected annotation's editor id now (it may be newer than `snapshot`). */
  readonly selectedId: string | null;
  readonly onJump: (id: string) => void;
  readonly layerName: (layer: string) => string;
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}

/**
 * The annotation list. It is redrawn only when its props change (the
 * document view redraws on every keystroke, this list does not).
 */
export const AnnotationList = memo(function AnnotationList({ schema, snapshot, selectedId, onJump, layerName }: AnnotationListProps): JSX.Element {
  const [filter, setFilterState] = useState<AnnotationFilter>({ label: '', author: '', status: '' });
  const [limit, setLimit] = useState(ANNOTATION_LIST_PAGE);
  const setFilter = (next: AnnotationFilter): void => {
    setFilterState(next);
    setLimit(ANNOTATION_LIST_PAGE);
  };
  const all = useMemo(() => snapshot.spans.toArray(), [snapshot.spans]);
  const authors = useMemo(() => [...new Set(all.map((span) => span.author))].sort(), [all]);
  const shown = useMemo(() => all.filter((span) => passesFilter(span, filter)), [all, filter]);
  const page = shown.length > limit ? shown.slice(0, limit) : shown;
  return (
    <section class="panel annotation-list" aria-labelledby="list-title">
      <h2 id="list-title">
        Annotations <span class="muted">({shown.length === all.length ? shown.length : `${shown.length} of ${all.length}`})</span>
      </h2>
      <div class="filters" role="group" aria-label="Filter annotations">
        <label class="field">
          <span>Label</span>
          <select value={filter.label} onChange={(e) => setFilter({ ...filter, label: e.currentTarget.value })} data-testid="filter-label">
            <option value="">All labels</option>
            <LabelOptions schema={schema} />
          </select>
        </label>
        <label class="field">
          <span>Author</span>
          <select value={filter.author} onChange={(e) => setFilter({ ...filter, author: e.currentTarget.value })} data-testid="filter-author">
            <option value="">All authors</option>
            {authors.map((author) => (
              <option key={author} value={author}>
                {authorName(author)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Status</span>
          <select value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.currentTarget.value })} data-testid="filter-status">
            <option value="">All statuses</option>
            {ANNOTATION_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </label>
      </div>
      {shown.length === 0 && <p class="muted">No annotation{all.length > 0 ? ' matches these filters' : ' yet'}.</p>}
      <ol class="annotation-items" data-testid="annotation-list">
        {page.map((span) => {
          const label = labelById(schema, span.label);
          const selected = span.id === selectedId;
          return (
            <li key={span.id} class={selected ? 'annotation-item selected' : 'annotation-item'} data-annotation-id={span.id} data-label={span.label} data-author={span.author} data-status={span.status}>
              <button type="button" class="annotation-jump" aria-current={selected ? 'true' : undefined} onClick={() => onJump(span.id)}>
                <span class="swatch" style={{ backgroundColor: safeColor(label?.color) }} aria-hidden="true" />
                <span class="annotation-label">{label?.name ?? span.label}</span>
                <span class="annotation-quote">“{shorten(snapshot.textBetween(span.start, span.end))}”</span>
                <span class="annotation-meta">
                  {byAuthor(span.author)} · {span.status} · {layerName(splitLayeredId(span.id).layer)}
                </span>
                {span.note !== '' && <span class="annotation-note">{span.note}</span>}
              </button>
            </li>
          );
        })}
      </ol>
      {shown.length > page.length && (
        <p class="list-more">
          <span class="muted">
            Showing {page.length} of {shown.length}.
          </span>{' '}
          <button type="button" class="button" onClick={() => setLimit(limit + ANNOTATION_LIST_PAGE)} data-testid="list-more">
            Show {Math.min(ANNOTATION_LIST_PAGE, shown.length - page.length)} more
          </button>
        </p>
      )}
      {snapshot.orphans.length > 0 && (
        <details class="orphans">
          <summary>{snapshot.orphans.length} annotation(s) whose text was deleted</summary>
          <ul>
            {snapshot.orphans.map((orphan) => (
              <li key={orphan.id}>
                {labelName(schema, orphan.label)} {byAuthor(orphan.author)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
});

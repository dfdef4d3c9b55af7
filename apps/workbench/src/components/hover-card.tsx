/**
 * The card shown while the pointer is over an annotated or suggested
 * stretch of text: label, author, status, pieces, relations and note of
 * every annotation covering it, and label, score and recommender of every suggestion. It sits
 * above the line the pointer is on (the line box of the annotation under
 * the pointer, not the annotation's bounding box, which spans every line
 * of a wrapped annotation), so that the hovered line and the next one stay
 * readable; only where there is no room above does it go below.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { JSX, RefObject } from 'preact';
import { labelName } from './label-field.js';
import type { LabelSchema, SpanAnnotation } from '@glossa/core';
import { ANNOTATION_CLASS, SUGGESTION_CLASS, spanPieces, type SuggestionSpan } from '@glossa/prosemirror';
import { relationSentence } from './relation-panel.js';
import type { EditorSnapshot } from '../editor/annotation-editor.js';
import { splitLayeredId } from '../session/composite-layer.js';
import { byAuthor } from './author-name.js';

/** Props of `HoverCard`. */
export interface HoverCardProps {
  readonly mount: RefObject<HTMLElement>;
  readonly schema: LabelSchema;
  readonly snapshot: EditorSnapshot;
  readonly layerName: (layer: string) => string;
}

/** Where the card is anchored: the hovered line box, in window coordinates. */
interface LineBox {
  readonly left: number;
  readonly top: number;
  readonly bottom: number;
}

interface Hovered {
  readonly ids: readonly string[];
  /** The ids of the suggestions under the pointer. */
  readonly suggestionIds: readonly string[];
  readonly line: LineBox;
}

/** The gap between the card and the line, in pixels. */
const CARD_GAP = 4;

/** The line box of `target` that holds the point, or its first one. */
function lineBoxAt(target: Element, x: number, y: number): LineBox {
  const boxes = Array.from(target.getClientRects());
  const box = boxes.find((r) => r.left <= x && x <= r.right && r.top <= y && y <= r.bottom) ?? boxes[0] ?? target.getBoundingClientRect();
  return { left: box.left, top: box.top, bottom: box.bottom };
}

/** Places `card` above `line` (below it when the window has no room above), inside its positioned parent. */
function placeCard(card: HTMLElement, line: LineBox): void {
  const parent = card.offsetParent?.getBoundingClientRect() ?? new DOMRect();
  const parentWidth = card.offsetParent?.clientWidth ?? window.innerWidth;
  const above = line.top - CARD_GAP - card.offsetHeight;
  const top = above >= 0 ? above : line.bottom + CARD_GAP;
  const left = Math.max(0, Math.min(line.left - parent.left, parentWidth - card.offsetWidth));
  card.style.setProperty('left', `${left}px`);
  card.style.setProperty('top', `${top - parent.top}px`);
}

/** The editor ids listed in a decoration's `data-annotation-ids` (space-separated, URI-encoded). */
export function decorationIds(value: string | null): string[] {
  if (value === null || value === '') return [];
  return value.split(' ').flatMap((item) => {
    try {
      return [decodeURIComponent(item)];
    } catch {
      return [];
    }
  });
}

/** The hover card. */
export function HoverCard({ mount, schema, snapshot, layerName }: HoverCardProps): JSX.Element | null {
  const [hovered, setHovered] = useState<Hovered | null>(null);
  const card = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = mount.current;
    if (element === null) return undefined;
    const over = (event: MouseEvent): void => {
      const element = event.target instanceof Element ? event.target : null;
      const target = element?.closest(`.${ANNOTATION_CLASS}`) ?? null;
      const suggested = element?.closest(`.${SUGGESTION_CLASS}`) ?? null;
      const box = target ?? suggested;
      if (box === null) {
        setHovered(null);
        return;
      }
      setHovered({
        ids: decorationIds(target?.getAttribute('data-annotation-ids') ?? null),
        suggestionIds: decorationIds(suggested?.getAttribute('data-suggestion-ids') ?? null),
        line: lineBoxAt(box, event.clientX, event.clientY),
      });
    };
    const leave = (): void => setHovered(null);
    element.addEventListener('mouseover', over);
    element.addEventListener('mouseleave', leave);
    return () => {
      element.removeEventListener('mouseover', over);
      element.removeEventListener('mouseleave', leave);
    };
  }, [mount.current]);
  const spans = (hovered?.ids ?? []).map((id) => snapshot.spans.get(id)).filter((span): span is SpanAnnotation => span !== undefined);
  const wanted = new Set(hovered?.suggestionIds ?? []);
  const suggestions: SuggestionSpan[] = wanted.size === 0 ? [] : snapshot.suggestions.shown().filter((s) => wanted.has(s.id));
  // Placed once drawn (its height decides whether it fits above), before the browser paints it.
  useLayoutEffect(() => {
    if (hovered !== null && card.current !== null) placeCard(card.current, hovered.line);
  });
  if (hovered === null || (spans.length === 0 && suggestions.length === 0)) return null;
  return (
    <div ref={card} class="hover-card" role="tooltip" data-testid="hover-card">
      {spans.map((span) => (
        <div class="hover-entry" key={span.id}>
          <strong>{labelName(schema, span.label)}</strong>
          <span>
            {' '}
            {byAuthor(span.author)}, {span.status}, {layerName(splitLayeredId(span.id).layer)}
          </span>
          {span.fragments !== undefined && (
            <p class="hover-note" data-testid="hover-pieces">
              in {span.fragments.length} pieces: {spanPieces(span).map((piece) => `“${snapshot.textBetween(piece.from, piece.to)}”`).join(' … ')}
            </p>
          )}
          {(snapshot.relations.bySpan.get(span.id) ?? []).flatMap((id) => snapshot.relations.relations.get(id) ?? []).map((relation) => (
            <p class="hover-note" key={relation.id} data-testid="hover-relation">
              {relationSentence(schema, snapshot, relation)}
            </p>
          ))}
          {span.note !== '' && <p class="hover-note">{span.note}</p>}
        </div>
      ))}
      {suggestions.map((suggestion) => (
        <div class="hover-entry hover-suggestion" key={suggestion.id} data-testid="hover-suggestion">
          <strong>Suggested {labelName(schema, suggestion.label)}</strong>
          <span>
            {' '}
            score {suggestion.score.toFixed(2)}, by {suggestion.recommender}
          </span>
          {suggestion.explanation !== undefined && suggestion.explanation !== '' && <p class="hover-note">{suggestion.explanation}</p>}
        </div>
      ))}
    </div>
  );
}

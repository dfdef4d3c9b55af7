/**
 * The card shown while the pointer is over an annotated stretch of text:
 * label, author, status and note of every annotation covering it.
 */
import { useEffect, useState } from 'preact/hooks';
import type { JSX, RefObject } from 'preact';
import { labelById } from '@glossa/core';
import type { LabelSchema, SpanAnnotation } from '@glossa/core';
import { ANNOTATION_CLASS } from '@glossa/prosemirror';
import type { EditorSnapshot } from '../editor/annotation-editor.js';
import { splitLayeredId } from '../session/composite-layer.js';

/** Props of `HoverCard`. */
export interface HoverCardProps {
  readonly mount: RefObject<HTMLElement>;
  readonly schema: LabelSchema;
  readonly snapshot: EditorSnapshot;
  readonly layerName: (layer: string) => string;
}

interface Hovered {
  readonly ids: readonly string[];
  readonly left: number;
  readonly top: number;
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
  useEffect(() => {
    const element = mount.current;
    if (element === null) return undefined;
    const over = (event: MouseEvent): void => {
      const target = event.target instanceof Element ? event.target.closest(`.${ANNOTATION_CLASS}`) : null;
      if (target === null) {
        setHovered(null);
        return;
      }
      const rect = target.getBoundingClientRect();
      const host = element.getBoundingClientRect();
      setHovered({ ids: decorationIds(target.getAttribute('data-annotation-ids')), left: rect.left - host.left, top: rect.bottom - host.top + 4 });
    };
    const leave = (): void => setHovered(null);
    element.addEventListener('mouseover', over);
    element.addEventListener('mouseleave', leave);
    return () => {
      element.removeEventListener('mouseover', over);
      element.removeEventListener('mouseleave', leave);
    };
  }, [mount.current]);
  if (hovered === null) return null;
  const spans = hovered.ids.map((id) => snapshot.spans.get(id)).filter((span): span is SpanAnnotation => span !== undefined);
  if (spans.length === 0) return null;
  return (
    <div class="hover-card" role="tooltip" data-testid="hover-card" style={{ left: `${hovered.left}px`, top: `${hovered.top}px` }}>
      {spans.map((span) => (
        <div class="hover-entry" key={span.id}>
          <strong>{labelById(schema, span.label)?.name ?? span.label}</strong>
          <span>
            {' '}
            by {span.author}, {span.status}, {layerName(splitLayeredId(span.id).layer)}
          </span>
          {span.note !== '' && <p class="hover-note">{span.note}</p>}
        </div>
      ))}
    </div>
  );
}

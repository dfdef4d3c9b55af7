/**
 * Anchors of a content doc to and from ProseMirror positions, reading only
 * the paragraphs the anchors are in: collab's `ParagraphAnchors` with the
 * editor document's `ParagraphIndex` as the layout. The answers are those
 * of collab's `ContentIndex` converted with `textOffsetToPos`, as long as
 * the two documents agree; a paragraph whose lengths differ marks the
 * instance `inconsistent`.
 */
import type * as Y from 'yjs';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { ParagraphAnchors } from '@glossa/collab';
import { ParagraphIndex } from './positions.js';

/**
 * Anchors of one state of a content fragment, as positions of the editor
 * document showing it. Build one per state; it must not be used after
 * either changes.
 *
 * @example
 * const positions = new ContentPositions(contentDoc.getXmlFragment('content'), view.state.doc);
 * positions.resolveEncoded(entry.start); // textOffsetToPos(doc, new ContentIndex(contentDoc).resolveEncoded(entry.start))
 */
export class ContentPositions {
  private readonly index: ParagraphIndex;
  private readonly anchors: ParagraphAnchors;

  /** Reads anchors into `fragment`, shown by the editor document `doc`. */
  constructor(
    readonly fragment: Y.XmlFragment,
    doc: ProseMirrorNode,
  ) {
    this.index = ParagraphIndex.of(doc);
    this.anchors = new ParagraphAnchors(fragment, this.index);
  }

  /**
   * Whether the two documents turned out to differ (paragraph count, or the
   * length of a paragraph read so far); answers are then not to be trusted.
   */
  get inconsistent(): boolean {
    return this.anchors.inconsistent;
  }

  /** The position a relative position points to, or null when it does not resolve (as collab's `ContentIndex.resolve`). */
  resolve(rpos: Y.RelativePosition): number | null {
    return this.anchors.resolve(rpos);
  }

  /** `resolve` for an encoded relative position; null also when the bytes do not decode. */
  resolveEncoded(bytes: Uint8Array): number | null {
    return this.anchors.resolveEncoded(bytes);
  }

  /** The range between two encoded anchors (an annotation's, a suggestion's), or null when it is empty or does not resolve. */
  resolveRange(anchors: { readonly start: Uint8Array; readonly end: Uint8Array }): { start: number; end: number } | null {
    const start = this.resolveEncoded(anchors.start);
    const end = this.resolveEncoded(anchors.end);
    return start === null || end === null || start >= end ? null : { start, end };
  }

  /**
   * An encoded relative position for position `pos`, exactly as
   * collab's `ContentIndex.encodeAnchor` makes it for `posToTextOffset(pos)`: a
   * start anchor (`assoc >= 0`) sticks to the character after, an end anchor
   * to the one before; at a paragraph's edge it sticks to that paragraph's
   * text. Null when the paragraph there differs between the two documents.
   * @throws RangeError when `pos` is outside the document or there are no paragraphs.
   */
  encodeAnchor(pos: number, assoc: number): Uint8Array | null {
    if (this.index.paragraphCount === 0) throw new RangeError('the document has no paragraphs');
    const at = this.index.textOffsetToPos(this.index.posToTextOffset(pos));
    const i = this.index.paragraphAtPos(at);
    return this.anchors.encodeAnchor(i, at - this.index.paragraphRange(i).from, assoc);
  }
}

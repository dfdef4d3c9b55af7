/**
 * Anchors of a content fragment resolved and encoded paragraph by paragraph,
 * in the coordinates of a view of the same paragraphs (an editor's
 * positions, or text offsets), reading only the paragraphs the anchors are
 * in.
 *
 * `ContentIndex` answers in text offsets, which needs the text length of
 * every paragraph before an anchor: a walk over all paragraphs per state. A
 * view that already knows where each paragraph starts (a `ParagraphLayout`)
 * needs less: an anchor becomes a coordinate from its paragraph's index
 * (`ContentParagraphs`, cached across transactions) and its offset inside
 * that paragraph. The answers are those of `ContentIndex` mapped into the
 * layout's coordinates, as long as the layout shows the fragment's
 * paragraphs; a paragraph whose length differs marks the instance
 * `inconsistent`.
 */
import * as Y from 'yjs';
import { ContentParagraphs } from './content-paragraphs.js';
import { forEachTextSegment } from './paragraphs.js';
import { namesAnotherRoot } from './relative-positions.js';
import { decodeAnchor, structAt } from './structs.js';

/**
 * Where a view places the text of each paragraph of a content fragment, in
 * its own coordinates (ProseMirror positions, say, or text offsets).
 */
export interface ParagraphLayout {
  /** The number of paragraphs the view shows. */
  readonly paragraphCount: number;
  /**
   * The coordinates of paragraph `i`'s text: `from` at its first character,
   * `to` after its last (`to - from` is its length in UTF-16 code units).
   */
  paragraphRange(i: number): { readonly from: number; readonly to: number };
}

/** A text child of a paragraph and where it starts inside the paragraph. */
interface Segment {
  readonly text: Y.XmlText;
  readonly start: number;
  readonly length: number;
}

/**
 * Anchors of one state of a content fragment, in the coordinates of a view
 * of its paragraphs. Build one per state; it must not be used after either
 * the fragment or the view changes.
 *
 * @example
 * const anchors = new ParagraphAnchors(contentDoc.getXmlFragment('content'), layout);
 * anchors.resolveEncoded(entry.start); // the coordinate in `layout`, or null
 */
export class ParagraphAnchors {
  private readonly paragraphs: ContentParagraphs;
  private readonly segmentsByParagraph = new Map<number, readonly Segment[] | null>();
  private mismatch: boolean;

  /** Reads anchors into `fragment`, placed by `layout`. */
  constructor(
    readonly fragment: Y.XmlFragment,
    private readonly layout: ParagraphLayout,
  ) {
    this.paragraphs = ContentParagraphs.of(fragment);
    this.mismatch = this.paragraphs.count !== layout.paragraphCount;
  }

  /**
   * Whether the fragment and the layout turned out to differ (paragraph
   * count, or the length of a paragraph read so far); answers are then not
   * to be trusted.
   */
  get inconsistent(): boolean {
    return this.mismatch;
  }

  /** The text children of paragraph `i`, or null when its length differs from the layout's. */
  private segments(i: number): readonly Segment[] | null {
    const known = this.segmentsByParagraph.get(i);
    if (known !== undefined) return known;
    const paragraph = this.paragraphs.at(i);
    let segments: Segment[] | null = null;
    if (paragraph !== undefined && i < this.layout.paragraphCount) {
      const found: Segment[] = [];
      let offset = 0;
      forEachTextSegment(paragraph, (text) => {
        found.push({ text, start: offset, length: text.length });
        offset += text.length;
      });
      const range = this.layout.paragraphRange(i);
      if (offset === range.to - range.from) segments = found;
    }
    if (segments === null) this.mismatch = true;
    this.segmentsByParagraph.set(i, segments);
    return segments;
  }

  /** The paragraph index and segment of a live text directly inside a live paragraph. */
  private locate(text: Y.XmlText): { paragraph: number; segment: Segment } | null {
    if (text._item === null || text._item.deleted) return null;
    const paragraph = this.paragraphs.paragraphOf(text);
    if (paragraph === undefined) return null;
    const segment = this.segments(paragraph)?.find((s) => s.text === text);
    return segment === undefined ? null : { paragraph, segment };
  }

  /** The coordinate where the layout's text starts (`assoc < 0`) or ends; 0 without paragraphs. */
  private documentEdge(assoc: number): number {
    const count = this.layout.paragraphCount;
    if (count === 0) return 0;
    return assoc >= 0 ? this.layout.paragraphRange(count - 1).to : this.layout.paragraphRange(0).from;
  }

  /** The coordinate a relative position points to, or null when it does not resolve (as `ContentIndex.resolve`). */
  resolve(rpos: Y.RelativePosition): number | null {
    if (this.mismatch) return null;
    const store = this.fragment.doc?.store;
    if (store === undefined) return null;
    const assoc = rpos.assoc;
    if (rpos.item !== null) {
      const struct = structAt(store, rpos.item.client, rpos.item.clock);
      if (!(struct instanceof Y.Item) || struct.parentSub !== null || !(struct.parent instanceof Y.XmlText)) return null;
      const found = this.locate(struct.parent);
      if (found === null) return null;
      let offset = this.layout.paragraphRange(found.paragraph).from + found.segment.start;
      for (let left = struct.left; left !== null; left = left.left) if (left.countable && !left.deleted) offset += left.length;
      if (!struct.countable || struct.deleted) return offset;
      return offset + (rpos.item.clock - struct.id.clock) + (assoc >= 0 ? 0 : 1);
    }
    if (rpos.tname !== null) return namesAnotherRoot(rpos, this.fragment) ? null : this.documentEdge(assoc);
    if (rpos.type !== null) {
      const struct = structAt(store, rpos.type.client, rpos.type.clock);
      if (!(struct instanceof Y.Item) || struct.deleted || !(struct.content instanceof Y.ContentType)) return null;
      const type = struct.content.type;
      const paragraph = this.paragraphs.indexOf(type);
      if (paragraph !== undefined) {
        const range = this.layout.paragraphRange(paragraph);
        return this.segments(paragraph) === null ? null : assoc >= 0 ? range.to : range.from;
      }
      if (!(type instanceof Y.XmlText)) return null;
      const found = this.locate(type);
      if (found === null) return null;
      const from = this.layout.paragraphRange(found.paragraph).from + found.segment.start;
      return assoc >= 0 ? from + found.segment.length : from;
    }
    return null;
  }

  /** `resolve` for an encoded relative position; null also when the bytes do not decode. */
  resolveEncoded(bytes: Uint8Array): number | null {
    const rpos = decodeAnchor(bytes);
    return rpos === null ? null : this.resolve(rpos);
  }

  /**
   * An encoded relative position for `offset` code units into paragraph
   * `paragraph`'s text, exactly as `ContentIndex.encodeAnchor` makes it for
   * the same place: a start anchor (`assoc >= 0`) sticks to the character
   * after, an end anchor to the one before; at a paragraph's edge it sticks
   * to that paragraph's text. Null when that paragraph differs between the
   * fragment and the layout, or there is no such paragraph.
   */
  encodeAnchor(paragraph: number, offset: number, assoc: number): Uint8Array | null {
    const element = this.paragraphs.at(paragraph);
    const segments = this.segments(paragraph);
    if (element === undefined || segments === null) return null;
    let type: Y.XmlText | Y.XmlElement = element;
    let index = assoc >= 0 ? element.length : 0;
    const inside = segments.find((s) => (assoc >= 0 ? s.start <= offset && offset < s.start + s.length : s.start < offset && offset <= s.start + s.length));
    const edge = assoc >= 0 ? segments[segments.length - 1] : segments[0];
    if (inside !== undefined) {
      type = inside.text;
      index = offset - inside.start;
    } else if (edge !== undefined) {
      type = edge.text;
      index = assoc >= 0 ? edge.length : 0;
    }
    return Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(type, index, assoc));
  }
}

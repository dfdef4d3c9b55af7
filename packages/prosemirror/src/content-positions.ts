/**
 * Anchors of a content doc to and from ProseMirror positions, reading only
 * the paragraphs the anchors are in.
 *
 * Collab's `ContentIndex` answers in text offsets, which needs the text
 * length of every paragraph before an anchor: a walk over all paragraphs per
 * state. The editor's document has the same paragraphs with the same lengths, and
 * its `ParagraphIndex` already knows where each starts, so an anchor becomes
 * a position from its paragraph's index (`ContentParagraphs`, cached across
 * transactions) and its offset inside that paragraph. The answers are those
 * of collab's `ContentIndex` converted with
 * `textOffsetToPos`, as long as the two documents agree; a paragraph whose
 * lengths differ marks the instance `inconsistent`.
 */
import * as Y from 'yjs';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { ContentParagraphs } from './content-paragraphs.js';
import { ParagraphIndex } from './positions.js';

/** A text child of a paragraph and where it starts inside the paragraph. */
interface Segment {
  readonly text: Y.XmlText;
  readonly start: number;
  readonly length: number;
}

function isItem(struct: Y.Item | Y.GC | undefined): struct is Y.Item {
  return struct instanceof Y.Item;
}

/**
 * Anchors of one state of a content fragment, as positions of the editor
 * document showing it. Build one per state; it must not be used after
 * either changes.
 *
 * @example
 * const positions = new ContentPositions(contentDoc.getXmlFragment('content'), view.state.doc);
 * positions.resolveEncoded(record.start); // textOffsetToPos(doc, new ContentIndex(contentDoc).resolveEncoded(record.start))
 */
export class ContentPositions {
  private readonly paragraphs: ContentParagraphs;
  private readonly index: ParagraphIndex;
  private readonly segmentsByParagraph = new Map<number, readonly Segment[] | null>();
  private mismatch: boolean;

  /** Reads anchors into `fragment`, shown by the editor document `doc`. */
  constructor(
    readonly fragment: Y.XmlFragment,
    doc: ProseMirrorNode,
  ) {
    this.paragraphs = ContentParagraphs.of(fragment);
    this.index = ParagraphIndex.of(doc);
    this.mismatch = this.paragraphs.count !== this.index.paragraphCount;
  }

  /**
   * Whether the two documents turned out to differ (paragraph count, or the
   * length of a paragraph read so far); answers are then not to be trusted.
   */
  get inconsistent(): boolean {
    return this.mismatch;
  }

  /** The text children of paragraph `i`, or null when its length differs from the editor's paragraph. */
  private segments(i: number): readonly Segment[] | null {
    const known = this.segmentsByParagraph.get(i);
    if (known !== undefined) return known;
    const paragraph = this.paragraphs.at(i);
    let segments: Segment[] | null = null;
    if (paragraph !== undefined && i < this.index.paragraphCount) {
      segments = [];
      let offset = 0;
      for (let child = paragraph._start; child !== null; child = child.right) {
        if (child.deleted || !(child.content instanceof Y.ContentType)) continue;
        const text = child.content.type;
        if (!(text instanceof Y.XmlText)) continue;
        segments.push({ text, start: offset, length: text.length });
        offset += text.length;
      }
      const range = this.index.paragraphRange(i);
      if (offset !== range.to - range.from) segments = null;
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

  /** The position a relative position points to, or null when it does not resolve (as collab's `ContentIndex.resolve`). */
  resolve(rpos: Y.RelativePosition): number | null {
    if (this.mismatch) return null;
    const assoc = rpos.assoc;
    if (rpos.item !== null) {
      const struct = this.structAt(rpos.item.client, rpos.item.clock);
      if (!isItem(struct) || struct.parentSub !== null || !(struct.parent instanceof Y.XmlText)) return null;
      const found = this.locate(struct.parent);
      if (found === null) return null;
      let offset = this.index.paragraphRange(found.paragraph).from + found.segment.start;
      for (let left = struct.left; left !== null; left = left.left) if (left.countable && !left.deleted) offset += left.length;
      if (!struct.countable || struct.deleted) return offset;
      return offset + (rpos.item.clock - struct.id.clock) + (assoc >= 0 ? 0 : 1);
    }
    if (rpos.tname !== null) {
      if ((this.fragment.doc?.share.get(rpos.tname) as object | undefined) !== this.fragment) return null;
      return this.index.textOffsetToPos(assoc >= 0 ? this.index.textLength : 0);
    }
    if (rpos.type !== null) {
      const struct = this.structAt(rpos.type.client, rpos.type.clock);
      if (!isItem(struct) || struct.deleted || !(struct.content instanceof Y.ContentType)) return null;
      const type = struct.content.type;
      const paragraph = this.paragraphs.indexOf(type);
      if (paragraph !== undefined) {
        const range = this.index.paragraphRange(paragraph);
        return this.segments(paragraph) === null ? null : assoc >= 0 ? range.to : range.from;
      }
      if (!(type instanceof Y.XmlText)) return null;
      const found = this.locate(type);
      if (found === null) return null;
      const from = this.index.paragraphRange(found.paragraph).from + found.segment.start;
      return assoc >= 0 ? from + found.segment.length : from;
    }
    return null;
  }

  /** `resolve` for an encoded relative position; null also when the bytes do not decode. */
  resolveEncoded(bytes: Uint8Array): number | null {
    let rpos: Y.RelativePosition;
    try {
      rpos = Y.decodeRelativePosition(bytes);
    } catch {
      return null;
    }
    return this.resolve(rpos);
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
    const within = at - this.index.paragraphRange(i).from;
    const paragraph = this.paragraphs.at(i);
    const segments = this.segments(i);
    if (paragraph === undefined || segments === null) return null;
    let type: Y.XmlText | Y.XmlElement = paragraph;
    let index = assoc >= 0 ? paragraph.length : 0;
    const inside = segments.find((s) => (assoc >= 0 ? s.start <= within && within < s.start + s.length : s.start < within && within <= s.start + s.length));
    const edge = assoc >= 0 ? segments[segments.length - 1] : segments[0];
    if (inside !== undefined) {
      type = inside.text;
      index = within - inside.start;
    } else if (edge !== undefined) {
      type = edge.text;
      index = assoc >= 0 ? edge.length : 0;
    }
    return Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(type, index, assoc));
  }

  private structAt(client: number, clock: number): Y.Item | Y.GC | undefined {
    const doc = this.fragment.doc;
    if (doc === null) return undefined;
    const store = doc.store;
    if (Y.getState(store, client) <= clock) return undefined;
    const structs = store.clients.get(client);
    if (structs === undefined) return undefined;
    return structs[Y.findIndexSS(structs, clock)];
  }
}

/**
 * Resolving a few anchors of a content doc without indexing all of it.
 *
 * `ContentIndex` (@glossa/collab) resolves every anchor of a layer in one
 * pass over every item of the content; after one keystroke the editor needs
 * only the anchors of a handful of annotations. `ContentAnchors` walks the
 * paragraphs once (not their characters) to learn where each starts, and
 * resolves an anchor by finding its item and counting the characters before
 * it in its own text only. The answers are exactly those of
 * `ContentIndex.resolve`.
 */
import * as Y from 'yjs';
import { CONTENT_FRAGMENT } from '@glossa/collab';

/** The text range of a paragraph or of one of its text children. */
interface TextRange {
  readonly start: number;
  readonly end: number;
}

function isItem(struct: Y.Item | Y.GC | undefined): struct is Y.Item {
  return struct instanceof Y.Item;
}

/**
 * The text offsets (UTF-16, paragraphs joined by `\n`) of anchors into one
 * state of a content doc. Build one per state; it reads the doc lazily and
 * must not be used after the doc changes.
 *
 * @example
 * const anchors = new ContentAnchors(contentDoc);
 * anchors.resolveEncoded(record.start); // as new ContentIndex(contentDoc).resolveEncoded(record.start)
 */
export class ContentAnchors {
  private ranges: Map<object, TextRange> | null = null;
  private textLength = 0;
  private count = 0;
  private readonly paragraphs: Y.XmlElement[] = [];
  private readonly starts: number[] = [];
  private readonly segments: { readonly text: Y.XmlText; readonly start: number; readonly length: number }[][] = [];

  /** Reads anchors of `doc`, whose paragraphs are in `getXmlFragment('content')`. */
  constructor(readonly doc: Y.Doc) {}

  /** One walk over the live paragraphs and their text children (not their characters). */
  private index(): Map<object, TextRange> {
    if (this.ranges !== null) return this.ranges;
    const ranges = new Map<object, TextRange>();
    let offset = 0;
    let count = 0;
    for (let item = this.doc.getXmlFragment(CONTENT_FRAGMENT)._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentType)) continue;
      const paragraph = item.content.type;
      if (!(paragraph instanceof Y.XmlElement)) continue;
      if (count > 0) offset += 1;
      count++;
      const start = offset;
      const segments: { text: Y.XmlText; start: number; length: number }[] = [];
      for (let child = paragraph._start; child !== null; child = child.right) {
        if (child.deleted || !(child.content instanceof Y.ContentType)) continue;
        const segment = child.content.type;
        if (!(segment instanceof Y.XmlText)) continue;
        ranges.set(segment, { start: offset, end: offset + segment.length });
        segments.push({ text: segment, start: offset, length: segment.length });
        offset += segment.length;
      }
      ranges.set(paragraph, { start, end: offset });
      this.paragraphs.push(paragraph);
      this.starts.push(start);
      this.segments.push(segments);
    }
    this.ranges = ranges;
    this.textLength = offset;
    this.count = count;
    return ranges;
  }

  /** The length of the content's plain text. */
  get length(): number {
    this.index();
    return this.textLength;
  }

  /** The number of live paragraphs. */
  get paragraphCount(): number {
    this.index();
    return this.count;
  }

  /** The text offset a relative position points to, or null when it does not resolve (as `ContentIndex.resolve`). */
  resolve(rpos: Y.RelativePosition): number | null {
    const ranges = this.index();
    const assoc = rpos.assoc;
    if (rpos.item !== null) {
      const struct = this.structAt(rpos.item.client, rpos.item.clock);
      if (!isItem(struct) || struct.parentSub !== null) return null;
      const range = struct.parent instanceof Y.AbstractType ? ranges.get(struct.parent) : undefined;
      if (range === undefined || !(struct.parent instanceof Y.XmlText)) return null;
      let offset = range.start;
      for (let left = struct.left; left !== null; left = left.left) if (left.countable && !left.deleted) offset += left.length;
      if (!struct.countable || struct.deleted) return offset;
      return offset + (rpos.item.clock - struct.id.clock) + (assoc >= 0 ? 0 : 1);
    }
    if (rpos.tname !== null) {
      if (rpos.tname !== CONTENT_FRAGMENT) return null;
      return assoc >= 0 ? this.textLength : 0;
    }
    if (rpos.type !== null) {
      const struct = this.structAt(rpos.type.client, rpos.type.clock);
      if (!isItem(struct) || !(struct.content instanceof Y.ContentType)) return null;
      const range = ranges.get(struct.content.type);
      if (range === undefined) return null;
      return assoc >= 0 ? range.end : range.start;
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
   * An encoded Yjs relative position for text offset `offset`, exactly as
   * `ContentIndex.encodeAnchor` makes it: a start anchor (`assoc >= 0`)
   * sticks to the character after the offset, an end anchor to the one
   * before; at a paragraph's edge it sticks to that paragraph's text.
   * @throws RangeError when `offset` is outside the text or there are no paragraphs.
   */
  encodeAnchor(offset: number, assoc: number): Uint8Array {
    this.index();
    if (!Number.isInteger(offset) || offset < 0 || offset > this.textLength || this.starts.length === 0) {
      throw new RangeError(`text offset ${offset} is outside the text (0..${this.textLength})`);
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    const segments = this.segments[lo] as { readonly text: Y.XmlText; readonly start: number; readonly length: number }[];
    const paragraph = this.paragraphs[lo] as Y.XmlElement;
    let type: Y.XmlText | Y.XmlElement = paragraph;
    let index = assoc >= 0 ? paragraph.length : 0;
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

  private structAt(client: number, clock: number): Y.Item | Y.GC | undefined {
    const store = this.doc.store;
    if (Y.getState(store, client) <= clock) return undefined;
    const structs = store.clients.get(client);
    if (structs === undefined) return undefined;
    return structs[Y.findIndexSS(structs, clock)];
  }
}

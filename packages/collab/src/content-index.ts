/**
 * `ContentIndex`: one walk over a content doc that maps between text offsets
 * and Yjs items, and resolves relative positions in O(log n) each instead of
 * Yjs's walk back over every item before them. (Editor positions are the
 * editor's business: @glossa/prosemirror converts text offsets to them.)
 */
import * as Y from 'yjs';
import { CONTENT_FRAGMENT } from './layout.js';
import { contentFragment, forEachParagraph, forEachTextSegment, itemCharacters } from './paragraphs.js';
import { ItemOffsetMap, StructOffsets } from './item-offsets.js';
import type { ItemOffsets } from './item-offsets.js';
import { decodeAnchor, structAt } from './structs.js';

/** The text range a text segment or a paragraph covers. */
interface TypeRange {
  readonly start: number;
  readonly end: number;
}

/** A text child of a paragraph and the text offset where it starts. */
interface Segment {
  readonly text: Y.XmlText;
  readonly start: number;
  readonly length: number;
}

/** Where an anchor is stored in Yjs terms: a type, an index in it and an association. */
export interface AnchorLocation {
  /** The text segment (`Y.XmlText`) or, for a paragraph without text, the paragraph element. */
  readonly type: Y.XmlText | Y.XmlElement;
  /** The index in `type` (characters of a text, children of an element). */
  readonly index: number;
  /** `>= 0`: the anchor sticks to the character after it; `< 0`: to the character before it. */
  readonly assoc: number;
}

/** Whether an item was live before `transaction`: created earlier and not deleted, or deleted by it. */
function liveBefore(transaction: Y.Transaction): (item: Y.Item) => boolean {
  const beforeState = transaction.beforeState;
  const deleted = transaction.deleteSet;
  return (item) => item.id.clock < (beforeState.get(item.id.client) ?? 0) && (!item.deleted || Y.isDeleted(deleted, item.id));
}

/**
 * The index of the last of `starts` (ascending) at or before `offset`, or 0
 * when none is: the paragraph that holds a text offset, say. @internal
 */
export function lastAtOrBefore(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function isItem(struct: Y.Item | Y.GC | undefined): struct is Y.Item {
  return struct instanceof Y.Item;
}

/**
 * A run of consecutive children of the content fragment, from `first` to
 * `last` inclusive (both items of the fragment, `first` not after `last`);
 * `null` for `first` means from the start, for `last` to the end.
 */
export interface FragmentRange {
  readonly first: Y.Item | null;
  readonly last: Y.Item | null;
}

/** Options of the `ContentIndex` constructor. */
export interface ContentIndexOptions {
  /**
   * Index the state the content had before this transaction (valid only
   * while handling its `afterTransaction` event, before Yjs collects the
   * deleted content).
   */
  readonly before?: Y.Transaction;
  /**
   * Index only these paragraphs: offsets then count from the start of the
   * first paragraph of the range, and positions outside it resolve to `null`.
   * For work proportional to an edit on a large document. @internal
   */
  readonly range?: FragmentRange;
}

/**
 * A position map of one state of a content doc, built in one pass over its
 * items: text offsets (UTF-16, paragraphs joined by `\n`) ↔ Yjs relative
 * positions.
 *
 * Build it once per content state and use it for every lookup of that state;
 * after the content changes, build a new one.
 *
 * Resolution follows Yjs's `createAbsolutePositionFromRelativePosition(rpos,
 * doc, false)` exactly: a position on a live character resolves to it (plus
 * one when `assoc < 0`), a position on a deleted character resolves to the
 * gap where it was, a position at the end of a text resolves to its end
 * (`assoc >= 0`) or start (`assoc < 0`). Where Yjs would answer a position
 * inside a deleted paragraph (or not answer at all once it is garbage
 * collected), or outside the content fragment, this answers `null`.
 *
 * @example
 * const index = new ContentIndex(content);
 * const anchor = index.encodeAnchor(4, 0);
 * // … edits …
 * new ContentIndex(content).resolveEncoded(anchor); // the offset now
 */
export class ContentIndex {
  /** The content doc this index was built from. */
  readonly doc: Y.Doc;
  /** The plain text: paragraphs joined by `\n`. */
  readonly text: string;
  /** The live paragraph elements, in order. */
  readonly paragraphs: readonly Y.XmlElement[];
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  private readonly segments: Segment[][] = [];
  private readonly typeRanges = new Map<object, TypeRange>();
  private readonly itemOffsets: ItemOffsets;

  /** Whether only a range of the paragraphs is indexed. */
  private readonly partial: boolean;

  /**
   * Walks the content of `doc` once. With `options.before`, indexes the state
   * the content had before that transaction (valid only while handling its
   * `afterTransaction` event, before Yjs collects the deleted content).
   */
  constructor(doc: Y.Doc, options: ContentIndexOptions = {}) {
    this.doc = doc;
    const before = options.before;
    const isLive: (item: Y.Item) => boolean = before === undefined ? (item) => !item.deleted : liveBefore(before);
    const range = options.range;
    this.partial = range !== undefined && (range.first !== null || range.last !== null);
    this.itemOffsets = this.partial ? new ItemOffsetMap(doc.store) : new StructOffsets(doc.store);
    const itemOffsets = this.itemOffsets;
    const paragraphs: Y.XmlElement[] = [];
    const chunks: string[] = [];
    let offset = 0;
    forEachParagraph(
      contentFragment(doc),
      (paragraph) => {
        if (paragraphs.length > 0) {
          chunks.push('\n');
          offset += 1;
        }
        const start = offset;
        const segments: Segment[] = [];
        forEachTextSegment(
          paragraph,
          (segment) => {
            const segmentStart = offset;
            for (let ch = segment._start; ch !== null; ch = ch.right) {
              const counts = ch.countable && isLive(ch);
              itemOffsets.record(ch, offset, counts);
              if (counts) {
                chunks.push(itemCharacters(ch));
                offset += ch.length;
              }
            }
            segments.push({ text: segment, start: segmentStart, length: offset - segmentStart });
            this.typeRanges.set(segment, { start: segmentStart, end: offset });
          },
          isLive,
        );
        this.typeRanges.set(paragraph, { start, end: offset });
        paragraphs.push(paragraph);
        this.starts.push(start);
        this.lengths.push(offset - start);
        this.segments.push(segments);
      },
      { first: range?.first ?? null, last: range?.last ?? null, isLive },
    );
    this.paragraphs = paragraphs;
    this.text = chunks.join('');
  }

  /** The length of the plain text in UTF-16 code units. */
  get length(): number {
    return this.text.length;
  }

  /** The text offset where paragraph `i` starts. @throws RangeError when there is no paragraph `i`. */
  paragraphStart(i: number): number {
    const start = this.starts[i];
    if (start === undefined) throw new RangeError(`no paragraph ${i} (the document has ${this.starts.length})`);
    return start;
  }

  /** The text length of paragraph `i`. @throws RangeError when there is no paragraph `i`. */
  paragraphLength(i: number): number {
    const length = this.lengths[i];
    if (length === undefined) throw new RangeError(`no paragraph ${i} (the document has ${this.lengths.length})`);
    return length;
  }

  /**
   * The index of the paragraph that holds text offset `offset` (the end of a
   * paragraph, where its `\n` is, belongs to it).
   * @throws RangeError when `offset` is outside `[0, length]` or there are no paragraphs.
   */
  paragraphAt(offset: number): number {
    this.checkOffset(offset);
    if (this.starts.length === 0) throw new RangeError('the document has no paragraphs');
    return lastAtOrBefore(this.starts, offset);
  }

  /**
   * Where an anchor at `offset` is stored: a start anchor (`assoc >= 0`)
   * sticks to the character after the offset, an end anchor (`assoc < 0`) to
   * the character before. At a paragraph's end a start anchor sticks to the
   * end of that paragraph's text; at a paragraph's start an end anchor sticks
   * to its beginning, so text typed at a paragraph boundary never joins a
   * span that ends or starts there.
   * @throws RangeError when `offset` is outside `[0, length]` or the document has no paragraphs.
   */
  locate(offset: number, assoc: number): AnchorLocation {
    const p = this.paragraphAt(offset);
    const segments = this.segments[p] as Segment[];
    const paragraph = this.paragraphs[p] as Y.XmlElement;
    if (assoc >= 0) {
      for (const s of segments) if (s.start <= offset && offset < s.start + s.length) return { type: s.text, index: offset - s.start, assoc };
      const last = segments[segments.length - 1];
      if (last !== undefined) return { type: last.text, index: last.length, assoc };
      return { type: paragraph, index: paragraph.length, assoc };
    }
    for (const s of segments) if (s.start < offset && offset <= s.start + s.length) return { type: s.text, index: offset - s.start, assoc };
    const first = segments[0];
    if (first !== undefined) return { type: first.text, index: 0, assoc };
    return { type: paragraph, index: 0, assoc };
  }

  /** A Yjs relative position for text offset `offset` (see `locate`). */
  relativePosition(offset: number, assoc: number): Y.RelativePosition {
    const at = this.locate(offset, assoc);
    return Y.createRelativePositionFromTypeIndex(at.type, at.index, at.assoc);
  }

  /** An encoded Yjs relative position for text offset `offset`, as stored in a layer (see `locate`). */
  encodeAnchor(offset: number, assoc: number): Uint8Array {
    return Y.encodeRelativePosition(this.relativePosition(offset, assoc));
  }

  /**
   * The text offset a relative position points to in this state, or null
   * when it does not resolve (not received yet, inside a deleted paragraph,
   * outside the content). O(log n): a binary search for its item in the
   * struct store and one map lookup.
   */
  resolve(rpos: Y.RelativePosition): number | null {
    const store = this.doc.store;
    const assoc = rpos.assoc;
    if (rpos.item !== null) return this.itemOffsets.resolve(rpos.item.client, rpos.item.clock, assoc);
    if (rpos.tname !== null) {
      if (rpos.tname !== CONTENT_FRAGMENT || this.partial) return null;
      return assoc >= 0 ? this.length : 0;
    }
    if (rpos.type !== null) {
      const struct = structAt(store, rpos.type.client, rpos.type.clock);
      if (!isItem(struct) || !(struct.content instanceof Y.ContentType)) return null;
      const range = this.typeRanges.get(struct.content.type);
      if (range === undefined) return null;
      return assoc >= 0 ? range.end : range.start;
    }
    return null;
  }

  /** `resolve` for an encoded relative position; null also when the bytes do not decode. */
  resolveEncoded(bytes: Uint8Array): number | null {
    const rpos = decodeAnchor(bytes);
    return rpos === null ? null : this.resolve(rpos);
  }

  /**
   * The text offset of a Yjs absolute position (a type and an index in it,
   * e.g. from `Y.createAbsolutePositionFromRelativePosition`), or null when
   * the type is not a live part of the content.
   */
  offsetOfAbsolute(position: Y.AbsolutePosition): number | null {
    const type: object = position.type;
    const index = position.index;
    if (type instanceof Y.XmlText) {
      const range = this.typeRanges.get(type);
      return range === undefined ? null : range.start + index;
    }
    if (type instanceof Y.XmlElement) {
      const range = this.typeRanges.get(type);
      if (range === undefined) return null;
      let offset = range.start;
      const children = type.toArray();
      for (let j = 0; j < index && j < children.length; j++) {
        const child = children[j];
        if (child instanceof Y.XmlText) offset += child.length;
      }
      return offset;
    }
    if (type === this.doc.share.get(CONTENT_FRAGMENT) && !this.partial) {
      const children = contentFragment(this.doc).toArray();
      for (let j = index; j < children.length; j++) {
        const child = children[j];
        if (child instanceof Y.XmlElement) return this.typeRanges.get(child)?.start ?? null;
      }
      return this.length;
    }
    return null;
  }

  private checkOffset(offset: number): void {
    if (!Number.isInteger(offset) || offset < 0 || offset > this.length) {
      throw new RangeError(`text offset ${offset} is outside the text (0..${this.length})`);
    }
  }
}

/**
 * Low-level access to the content fragment as y-prosemirror stores a
 * document of paragraphs: each top-level `Y.XmlElement` is a paragraph
 * whose text is held by its `Y.XmlText` children (one, or none when the
 * paragraph is empty). Other children (inline elements) hold no text.
 *
 * @internal
 */
import * as Y from 'yjs';
import { CONTENT_FRAGMENT, PARAGRAPH_NODE } from './layout.js';

/** The character that stands for an embedded object inside a text (it counts as one code unit, like in Yjs). */
export const EMBED_CHARACTER = '\uFFFC';

/** The fragment that holds the paragraphs of a content doc. */
export function contentFragment(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(CONTENT_FRAGMENT);
}

/** Which children of the content fragment a walk visits, and which items count as live. */
export interface ParagraphWalk {
  /** The first child to visit (`null` or absent: the fragment's first). */
  readonly first?: Y.Item | null;
  /** The last child to visit (`null` or absent: the fragment's last). */
  readonly last?: Y.Item | null;
  /** Whether an item is live in the state walked. @default not deleted */
  readonly isLive?: (item: Y.Item) => boolean;
}

const isNotDeleted = (item: Y.Item): boolean => !item.deleted;

/**
 * Calls `visit` with each live paragraph of `fragment` (a live child
 * holding a `Y.XmlElement`) and the item holding it, in order. The one walk
 * over the fragment's children that every reader of paragraphs goes through.
 */
export function forEachParagraph(fragment: Y.XmlFragment, visit: (paragraph: Y.XmlElement, item: Y.Item) => void, walk: ParagraphWalk = {}): void {
  const isLive = walk.isLive ?? isNotDeleted;
  const stop = walk.last?.right ?? null;
  for (let item = walk.first ?? fragment._start; item !== null && item !== stop; item = item.right) {
    if (isLive(item) && item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement) visit(item.content.type, item);
  }
}

/**
 * Calls `visit` with each live text child of `paragraph` (the `Y.XmlText`s
 * that hold its text), in order; `isLive` as in `forEachParagraph`.
 */
export function forEachTextSegment(paragraph: Y.XmlElement, visit: (segment: Y.XmlText) => void, isLive: (item: Y.Item) => boolean = isNotDeleted): void {
  for (let child = paragraph._start; child !== null; child = child.right) {
    if (isLive(child) && child.content instanceof Y.ContentType && child.content.type instanceof Y.XmlText) visit(child.content.type);
  }
}

/** The live paragraphs of a content doc, in order. */
export function paragraphElements(doc: Y.Doc): Y.XmlElement[] {
  const out: Y.XmlElement[] = [];
  forEachParagraph(contentFragment(doc), (paragraph) => out.push(paragraph));
  return out;
}

/** The live paragraphs of a content doc as fragment items, with where each one's text starts and how long it is. */
export interface ParagraphOutline {
  /** The items of the fragment that hold the live paragraphs, in order. */
  readonly items: readonly Y.Item[];
  /** The text offset where each paragraph starts. */
  readonly starts: readonly number[];
  /** The text length of each paragraph. */
  readonly lengths: readonly number[];
}

/**
 * The paragraphs of a content doc and their text ranges, from one walk over
 * the paragraphs and their text children (not their characters: a Yjs text
 * knows its length).
 */
export function outlineParagraphs(doc: Y.Doc): ParagraphOutline {
  const items: Y.Item[] = [];
  const starts: number[] = [];
  const lengths: number[] = [];
  let offset = 0;
  forEachParagraph(contentFragment(doc), (paragraph, item) => {
    if (items.length > 0) offset += 1;
    const length = paragraphLength(paragraph);
    items.push(item);
    starts.push(offset);
    lengths.push(length);
    offset += length;
  });
  return { items, starts, lengths };
}

/** The live text children of a paragraph, in order. */
export function textSegments(paragraph: Y.XmlElement): Y.XmlText[] {
  const out: Y.XmlText[] = [];
  forEachTextSegment(paragraph, (segment) => out.push(segment));
  return out;
}

/** The text length of a paragraph in UTF-16 code units. */
export function paragraphLength(paragraph: Y.XmlElement): number {
  let length = 0;
  forEachTextSegment(paragraph, (segment) => {
    length += segment.length;
  });
  return length;
}

/** The characters of a countable item, whether or not it is deleted (an embed counts as `EMBED_CHARACTER`). */
export function itemCharacters(item: Y.Item): string {
  return item.content instanceof Y.ContentString ? item.content.str : EMBED_CHARACTER.repeat(item.length);
}

/** The visible characters of one item (deleted and formatting items have none). */
export function itemText(item: Y.Item): string {
  return item.deleted || !item.countable ? '' : itemCharacters(item);
}

/** The plain text of one text segment, without formatting markup. */
export function segmentText(segment: Y.XmlText): string {
  let text = '';
  for (let item = segment._start; item !== null; item = item.right) text += itemText(item);
  return text;
}

/** The plain text of a paragraph. */
export function paragraphText(paragraph: Y.XmlElement): string {
  return textSegments(paragraph).map(segmentText).join('');
}

/** A new paragraph element holding `text` (no text child when `text` is empty, as y-prosemirror stores it). */
export function createParagraph(text: string): Y.XmlElement {
  const paragraph = new Y.XmlElement(PARAGRAPH_NODE);
  if (text !== '') {
    const segment = new Y.XmlText();
    segment.insert(0, text);
    paragraph.insert(0, [segment]);
  }
  return paragraph;
}

/** A segment of `paragraph` and an index in it at paragraph-text index `index`, for an insertion. */
function segmentAt(paragraph: Y.XmlElement, index: number): { segment: Y.XmlText; index: number } {
  const segments = textSegments(paragraph);
  let start = 0;
  for (const segment of segments) {
    if (index <= start + segment.length) return { segment, index: index - start };
    start += segment.length;
  }
  if (index !== start) throw new RangeError(`index ${index} is outside the paragraph (0..${start})`);
  const segment = new Y.XmlText();
  paragraph.insert(paragraph.length, [segment]);
  return { segment, index: 0 };
}

/** Inserts `text` (no line breaks) at `index` of a paragraph's text. */
export function insertInParagraph(paragraph: Y.XmlElement, index: number, text: string): void {
  if (text === '') return;
  const at = segmentAt(paragraph, index);
  at.segment.insert(at.index, text);
}

/** Deletes `[from, to)` of a paragraph's text. */
export function deleteInParagraph(paragraph: Y.XmlElement, from: number, to: number): void {
  let start = 0;
  for (const segment of textSegments(paragraph)) {
    const end = start + segment.length;
    const a = Math.max(from, start);
    const b = Math.min(to, end);
    if (a < b) segment.delete(a - start, b - a);
    start = end;
  }
}

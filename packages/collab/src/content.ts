/**
 * The content room: a document's text as y-prosemirror stores it (paragraph
 * elements holding text) plus a `meta` map, and plain-text reads and edits of
 * it that behave like ProseMirror edits.
 */
import * as Y from 'yjs';
import { LAYOUT_KEY, LAYOUT_VERSION, META_MAP } from './layout.js';
import {
  contentFragment,
  createParagraph,
  deleteInParagraph,
  insertInParagraph,
  paragraphElements,
  paragraphLength,
  paragraphText,
} from './paragraphs.js';
import { diffTexts } from './text-diff.js';
import { IMPORT_ORIGIN } from './origin.js';

/**
 * A new content doc holding `text`: one paragraph per line (`text.split('\n')`,
 * empty lines kept as empty paragraphs), and `meta` (title, source,
 * language, import information) in the `meta` map, with `layout` set to the
 * layout version (the key `layout` is reserved).
 *
 * @example
 * const content = createContentDoc('Title\n\nFirst paragraph.', { title: 'Interview' });
 * readContentText(content); // 'Title\n\nFirst paragraph.'
 */
export function createContentDoc(text: string, meta: Record<string, unknown> = {}): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    const map = doc.getMap<unknown>(META_MAP);
    for (const [key, value] of Object.entries(meta)) if (key !== LAYOUT_KEY && value !== undefined) map.set(key, value);
    map.set(LAYOUT_KEY, LAYOUT_VERSION);
    contentFragment(doc).insert(0, text.split('\n').map(createParagraph));
  }, IMPORT_ORIGIN);
  return doc;
}

/** The plain text of a content doc: its paragraphs joined by `\n`. */
export function readContentText(doc: Y.Doc): string {
  return paragraphElements(doc).map(paragraphText).join('\n');
}

/**
 * The metadata of a content doc (the `meta` map as a plain object).
 */
export function readContentMeta(doc: Y.Doc): Record<string, unknown> {
  return doc.getMap<unknown>(META_MAP).toJSON() as Record<string, unknown>;
}

/**
 * Replaces the whole text of a content doc with `text`. Only the part that
 * differs (between the common prefix and suffix) is rewritten, so anchors on
 * unchanged text keep their place.
 */
export function writeContentText(doc: Y.Doc, text: string, origin?: unknown): void {
  const change = diffTexts(readContentText(doc), text);
  if (change.deleted === 0 && change.inserted === 0 && paragraphElements(doc).length > 0) return;
  editContentText(doc, change.from, change.deleted, text.slice(change.from, change.from + change.inserted), origin);
}

/**
 * Replaces `deleteCount` code units at text offset `from` with `insert`, the
 * way y-prosemirror applies the same ProseMirror edit: deleting a line break
 * joins two paragraphs by moving the second one's remaining text into the
 * first and deleting the second element; inserting a line break splits a
 * paragraph by moving the text after it into a new paragraph (a split at a
 * paragraph's start or end moves nothing).
 *
 * @throws RangeError when the range is outside the text.
 */
export function editContentText(doc: Y.Doc, from: number, deleteCount: number, insert: string, origin?: unknown): void {
  const fragment = contentFragment(doc);
  doc.transact(() => {
    if (paragraphElements(doc).length === 0) fragment.insert(fragment.length, [createParagraph('')]);
    let paragraphs = paragraphElements(doc);
    let lengths = paragraphs.map(paragraphLength);
    const total = lengths.reduce((sum, length) => sum + length, 0) + paragraphs.length - 1;
    if (!Number.isInteger(from) || !Number.isInteger(deleteCount) || from < 0 || deleteCount < 0 || from + deleteCount > total) {
      throw new RangeError(`edit [${from}, ${from}+${deleteCount}) is outside the text (0..${total})`);
    }
    if (deleteCount > 0) {
      const [i, a] = locate(lengths, from);
      const [j, b] = locate(lengths, from + deleteCount);
      const first = paragraphs[i] as Y.XmlElement;
      if (i === j) {
        deleteInParagraph(first, a, b);
      } else {
        const last = paragraphs[j] as Y.XmlElement;
        const tail = paragraphText(last).slice(b);
        deleteInParagraph(first, a, lengths[i] as number);
        insertInParagraph(first, a, tail);
        const children = fragment.toArray();
        const firstRemoved = children.indexOf(paragraphs[i + 1] as Y.XmlElement);
        fragment.delete(firstRemoved, children.indexOf(last) - firstRemoved + 1);
      }
      paragraphs = paragraphElements(doc);
      lengths = paragraphs.map(paragraphLength);
    }
    if (insert === '') return;
    const [i, a] = locate(lengths, from);
    const paragraph = paragraphs[i] as Y.XmlElement;
    const lines = insert.split('\n');
    if (lines.length === 1) {
      insertInParagraph(paragraph, a, insert);
      return;
    }
    const at = fragment.toArray().indexOf(paragraph);
    const length = lengths[i] as number;
    if (a === 0 && lines[lines.length - 1] === '' && length > 0) {
      fragment.insert(at, lines.slice(0, -1).map(createParagraph));
      return;
    }
    const tail = paragraphText(paragraph).slice(a);
    deleteInParagraph(paragraph, a, length);
    insertInParagraph(paragraph, a, lines[0] as string);
    const rest = lines.slice(1);
    rest[rest.length - 1] += tail;
    fragment.insert(at + 1, rest.map(createParagraph));
  }, origin ?? null);
}

/** The paragraph and the index in it of a text offset (the end of a paragraph belongs to it). */
function locate(lengths: readonly number[], offset: number): [number, number] {
  let start = 0;
  for (let i = 0; i < lengths.length; i++) {
    const length = lengths[i] as number;
    if (offset <= start + length) return [i, offset - start];
    start += length + 1;
  }
  throw new RangeError(`text offset ${offset} is outside the text`);
}

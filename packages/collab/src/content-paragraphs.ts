/**
 * The live paragraphs of a content fragment, by index, kept from one
 * transaction to the next.
 *
 * Finding which paragraph a Yjs type belongs to, or how many paragraphs
 * there are, needs a walk over the fragment's items; with 10,000 paragraphs
 * that walk, repeated on every keystroke, costs more than the keystroke.
 * Typing changes the text inside a paragraph, not the fragment's list of
 * paragraphs, so the list is cached per fragment and dropped only by a
 * transaction that changed the list itself (a paragraph inserted, deleted,
 * split or joined).
 */
import * as Y from 'yjs';
import { forEachParagraph } from './paragraphs.js';

/** The live paragraphs of a fragment at one moment. */
export class ContentParagraphs {
  private readonly paragraphs: Y.XmlElement[] = [];
  private readonly indexes = new Map<Y.XmlElement, number>();

  /** Walks the live top-level elements of `fragment` once. Prefer `ContentParagraphs.of`, which caches. */
  constructor(readonly fragment: Y.XmlFragment) {
    forEachParagraph(fragment, (paragraph) => {
      this.indexes.set(paragraph, this.paragraphs.length);
      this.paragraphs.push(paragraph);
    });
  }

  /**
   * The paragraphs of `fragment`, cached until a transaction changes its
   * list of paragraphs. The first call registers one listener on the
   * fragment's doc for the doc's lifetime.
   * @throws RangeError when the fragment is not part of a doc.
   */
  static of(fragment: Y.XmlFragment): ContentParagraphs {
    let cached = cache.get(fragment);
    if (cached === undefined) {
      watch(fragment);
      cached = new ContentParagraphs(fragment);
      cache.set(fragment, cached);
    }
    return cached;
  }

  /** The number of live paragraphs. */
  get count(): number {
    return this.paragraphs.length;
  }

  /** Paragraph `i`, or undefined when there is none. */
  at(i: number): Y.XmlElement | undefined {
    return this.paragraphs[i];
  }

  /** The index of a live paragraph, or undefined when `paragraph` is not one. */
  indexOf(paragraph: object): number | undefined {
    return this.indexes.get(paragraph as Y.XmlElement);
  }

  /**
   * The index of the paragraph holding `type` (the paragraph itself or a
   * text directly inside it), or undefined when it is neither.
   */
  paragraphOf(type: { readonly _item: Y.Item | null }): number | undefined {
    const own = this.indexes.get(type as Y.XmlElement);
    if (own !== undefined) return own;
    const parent = type._item?.parent;
    return parent instanceof Y.XmlElement ? this.indexes.get(parent) : undefined;
  }
}

const cache = new WeakMap<Y.XmlFragment, ContentParagraphs>();
const watched = new WeakSet<Y.XmlFragment>();

/** Drops the cached paragraphs of `fragment` whenever a transaction changes its list of children. */
function watch(fragment: Y.XmlFragment): void {
  if (watched.has(fragment)) return;
  const doc = fragment.doc;
  if (doc === null) throw new RangeError('ContentParagraphs: the fragment is not part of a Y.Doc');
  watched.add(fragment);
  // Before observers and `afterTransaction` listeners run, so none of them reads a stale list.
  doc.on('beforeObserverCalls', (transaction: Y.Transaction) => {
    if ((transaction.changed as Map<object, unknown>).has(fragment)) cache.delete(fragment);
  });
}

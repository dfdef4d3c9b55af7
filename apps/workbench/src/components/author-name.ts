/**
 * How the workbench names the author of an annotation. An import of spans
 * without authors leaves the layer's name there (`shared`, `gold`), which
 * no user can have (the server refuses those user names); such an author,
 * or an empty one, is shown as unknown rather than as if a user `shared`
 * had made the span.
 */
import { GOLD_LAYER, SHARED_LAYER } from '../access.js';

/** Whether `author` names a user. */
export function isKnownAuthor(author: string): boolean {
  return author !== '' && author !== SHARED_LAYER && author !== GOLD_LAYER;
}

/** The author as a field value: the user's name, or `unknown`. */
export function authorName(author: string): string {
  return isKnownAuthor(author) ? author : 'unknown';
}

/** The author in a sentence: `by alice`, or `author unknown`. */
export function byAuthor(author: string): string {
  return isKnownAuthor(author) ? `by ${author}` : 'author unknown';
}

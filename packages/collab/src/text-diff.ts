/**
 * The smallest single replacement that turns one text into another, found by
 * their common prefix and suffix, and the mapping of offsets through it.
 */
import { isHighSurrogate, isLowSurrogate } from '@glossa/core';

/** `before.slice(from, from + deleted)` was replaced by `inserted` characters, giving the new text. */
export interface TextReplacement {
  /** Where the replacement starts (UTF-16 offset, same in both texts). */
  readonly from: number;
  /** How many code units of the old text were removed. */
  readonly deleted: number;
  /** How many code units of the new text were inserted in their place. */
  readonly inserted: number;
}

/**
 * The replacement between `before` and `after`: everything outside the
 * common prefix and the common suffix. Never splits a surrogate pair.
 */
export function diffTexts(before: string, after: string): TextReplacement {
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  // Do not end the prefix between the halves of a surrogate pair.
  if (prefix > 0 && prefix < max && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  if (suffix > 0 && suffix < max - prefix && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return { from: prefix, deleted: before.length - prefix - suffix, inserted: after.length - prefix - suffix };
}

/**
 * Maps an offset of the old text through a replacement. Offsets before it
 * stay, offsets after it shift; an offset inside the replaced range moves to
 * the end of the inserted text when `assoc >= 0` (a start keeps to what
 * follows) and to its start otherwise (an end keeps to what precedes). At a
 * pure insertion a start moves past the inserted text, an end stays before it.
 */
export function mapOffset(offset: number, change: TextReplacement, assoc: number): number {
  const end = change.from + change.deleted;
  if (offset < change.from) return offset;
  if (offset > end) return offset + change.inserted - change.deleted;
  if (offset === change.from && offset === end) return assoc >= 0 ? offset + change.inserted : offset;
  if (offset === change.from) return offset;
  if (offset === end) return change.from + change.inserted;
  return assoc >= 0 ? change.from + change.inserted : change.from;
}

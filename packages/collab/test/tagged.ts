/**
 * Position-tagged texts for anchoring tests: `tagged('the <a>National Guard<b> was')`
 * gives the text without tags and the offset of each tag.
 */
import type * as Y from 'yjs';
import { splitsSurrogatePair } from '@glossa/core';
import type { SpanAnnotation } from '@glossa/core';
import { ContentIndex, createContentDoc, resolveLayer } from '../src/index.js';

/** A text and the UTF-16 offsets of its `<name>` tags. */
export interface TaggedText {
  readonly text: string;
  readonly tags: Readonly<Record<string, number>>;
}

/** Strips `<name>` tags (letters and digits) from `source`, recording where each stood. */
export function tagged(source: string): TaggedText {
  const tags: Record<string, number> = {};
  let text = '';
  let last = 0;
  for (const match of source.matchAll(/<([a-z0-9]+)>/g)) {
    text += source.slice(last, match.index);
    const name = match[1] as string;
    if (name in tags) throw new Error(`tag <${name}> appears twice`);
    tags[name] = text.length;
    last = match.index + match[0].length;
  }
  text += source.slice(last);
  return { text, tags };
}

/** A span annotation with defaults for the fields a test does not care about. */
export function span(id: string, start: number, end: number, fields: Partial<SpanAnnotation> = {}): SpanAnnotation {
  return { id, start, end, label: 'militarization', author: 'ana', status: 'proposed', note: '', created: 1_700_000_000_000, source: 'human', ...fields };
}

/** A content doc for a tagged text and the offset of its tags. */
export function taggedContent(source: string): { content: Y.Doc; tags: Readonly<Record<string, number>>; text: string } {
  const { text, tags } = tagged(source);
  return { content: createContentDoc(text), tags, text };
}

/**
 * Prints the spans of a layer into the content's text as `[id:…]`, and its
 * orphans after a `|`, so a test can compare the whole picture at once.
 * Spans must not overlap.
 */
export function printLayer(layer: Y.Doc, content: Y.Doc): string {
  const text = new ContentIndex(content).text;
  const { spans, orphans } = resolveLayer(layer, content);
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + `[${s.id}:` + text.slice(s.start, s.end) + ']';
    at = s.end;
  }
  out += text.slice(at);
  if (orphans.length > 0) out += ' | orphans: ' + orphans.map((o) => `${o.annotation.id}=${JSON.stringify(o.quote)}`).join(', ');
  return out;
}

/** Moves an offset off the middle of a surrogate pair (one code unit back), so random edits stay on code point boundaries. */
export function offBoundary(text: string, offset: number): number {
  return splitsSurrogatePair(text, offset) ? offset - 1 : offset;
}

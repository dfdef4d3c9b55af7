/**
 * LF-only documents for export. Dataset files are read back by tools that
 * translate line breaks (Python's universal newlines, brat), so every
 * format except the native JSONL writes texts with LF line breaks and
 * offsets into that text (FORMATS.md §0).
 */
import type { CorpusDocument, CorpusSpan } from './model.js';
import { compareCorpusSpans } from './model.js';
import { moveSpan } from './span-offsets.js';

/**
 * The document with CRLF and lone CR line breaks written as LF, every span
 * moved with the text. A span keeps what it covered: a boundary between
 * the CR and the LF of a CRLF moves so that the span still covers the line
 * break it covered half of (a span over only that CR or only that LF covers
 * the LF), so no span becomes empty. Fragments move the same way; two
 * fragments whose gap was only the CR of a CRLF come to touch and are
 * joined. Returns the document itself when its text has no CR.
 */
export function withLfLineBreaks(doc: CorpusDocument): CorpusDocument {
  const text = doc.text;
  if (!text.includes('\r')) return doc;
  // removed[k]: the old offset of the k-th CR dropped (the CR of a CRLF), ascending.
  const removed: number[] = [];
  let out = '';
  let from = 0;
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) === 0x0a) {
      out += text.slice(from, i);
      removed.push(i);
    } else {
      out += `${text.slice(from, i)}\n`;
    }
    from = i + 1;
  }
  out += text.slice(from);
  /** The number of dropped CRs before an old offset. */
  const droppedBefore = (offset: number): number => {
    let lo = 0;
    let hi = removed.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((removed[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // A start between CR and LF lands on the LF; an end between them lands after it.
  const mapStart = (offset: number): number => offset - droppedBefore(offset);
  const mapEnd = (offset: number): number => offset - droppedBefore(offset) + (offset > 0 && text.charCodeAt(offset - 1) === 0x0d && text.charCodeAt(offset) === 0x0a ? 1 : 0);
  let moved = false;
  const spans = doc.spans.map((s): CorpusSpan => {
    // A span keeps at least the line break it covered half of, so it never becomes empty.
    const next = moveSpan(s, mapStart, mapEnd) as CorpusSpan;
    if (next !== s) moved = true;
    return next;
  });
  return { ...doc, text: out, spans: moved ? spans.sort(compareCorpusSpans) : doc.spans };
}

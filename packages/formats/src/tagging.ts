/**
 * Token tags from spans and back: BIO (IOB2), BIOES and IOB1, with every
 * span that cannot be tagged reported as a loss.
 */
import type { TagScheme } from './adapter.js';
import type { CorpusSpan } from './model.js';
import type { LossRecorder } from './report.js';
import type { Token, TokenAlignment } from './tokenizer.js';
import { alignToTokens } from './tokenizer.js';

/** A span over tokens `[first, last)`. */
export interface TokenChunk {
  readonly first: number;
  readonly last: number;
  readonly label: string;
}

/**
 * Aligns a span to the tokens that cover it ({@link alignToTokens}),
 * recording a `no-token` loss when it covers none (and returning
 * `undefined`) and a `token-boundary` loss when it had to be expanded.
 * `where` names the document and the layer the loss is reported under.
 */
export function alignSpan(tokens: readonly Token[], span: CorpusSpan, where: { readonly document: string; readonly layer: string }, losses: LossRecorder): TokenAlignment | undefined {
  const a = alignToTokens(tokens, span.start, span.end);
  const place = { document: where.document, layer: where.layer, span: span.id };
  if (a === undefined) losses.record('no-token', { ...place, detail: `${span.label} [${span.start},${span.end}) covers no token` });
  else if (!a.exact) losses.record('token-boundary', { ...place, detail: `${span.label} [${span.start},${span.end}) expanded to tokens ${a.first}–${a.last - 1}` });
  return a;
}

/**
 * Aligns spans to tokens and keeps a non-overlapping subset (earlier start
 * first, then longer). Spans off token boundaries are expanded and recorded
 * (`token-boundary`); spans over no token (`no-token`) and overlapping spans
 * (`overlap`) are left out and recorded.
 */
export function chunksFromSpans(tokens: readonly Token[], spans: readonly CorpusSpan[], losses: LossRecorder, document: string): TokenChunk[] {
  const aligned: (TokenChunk & { span: CorpusSpan })[] = [];
  for (const s of spans) {
    const a = alignSpan(tokens, s, { document, layer: s.layer }, losses);
    if (a !== undefined) aligned.push({ first: a.first, last: a.last, label: s.label, span: s });
  }
  aligned.sort((a, b) => a.first - b.first || b.last - a.last);
  const kept: TokenChunk[] = [];
  let end = 0;
  for (const c of aligned) {
    if (c.first < end) {
      const prev = kept[kept.length - 1] as TokenChunk;
      losses.record('overlap', { document, layer: c.span.layer, span: c.span.id, detail: `${c.label} [${c.span.start},${c.span.end}) overlaps ${prev.label}; left out` });
      continue;
    }
    kept.push({ first: c.first, last: c.last, label: c.label });
    end = c.last;
  }
  return kept;
}

/** Tags `count` tokens from non-overlapping chunks in a scheme; untagged tokens are `O`. */
export function tagChunks(count: number, chunks: readonly TokenChunk[], scheme: TagScheme): string[] {
  const tags: string[] = new Array<string>(count).fill('O');
  let prev: TokenChunk | undefined;
  for (const c of chunks) {
    const n = c.last - c.first;
    const inside = `I-${c.label}`;
    for (let i = c.first; i < c.last; i++) tags[i] = inside;
    if (scheme === 'bio') {
      tags[c.first] = `B-${c.label}`;
    } else if (scheme === 'bioes') {
      if (n === 1) tags[c.first] = `S-${c.label}`;
      else {
        tags[c.first] = `B-${c.label}`;
        tags[c.last - 1] = `E-${c.label}`;
      }
    } else if (prev !== undefined && prev.last === c.first && prev.label === c.label) {
      tags[c.first] = `B-${c.label}`;
    }
    prev = c;
  }
  return tags;
}

/** The tag names of a label set in a scheme, `O` first: `O, B-X, I-X, …` (BIOES adds `E-X, S-X`). */
export function tagNames(labels: readonly string[], scheme: TagScheme): string[] {
  const prefixes = scheme === 'bioes' ? ['B', 'I', 'E', 'S'] : ['B', 'I'];
  return ['O', ...labels.flatMap((l) => prefixes.map((p) => `${p}-${l}`))];
}

/**
 * Reads chunks back from tags. Accepts BIO, IOB1 and BIOES: `I-X` after a
 * token not of type X starts a chunk. Returns the chunks, or the index and
 * message of the first malformed tag.
 */
export function chunksFromTags(tags: readonly string[]): { chunks: TokenChunk[] } | { index: number; error: string } {
  const chunks: TokenChunk[] = [];
  let open: { first: number; label: string } | undefined;
  const close = (at: number): void => {
    if (open !== undefined) chunks.push({ first: open.first, last: at, label: open.label });
    open = undefined;
  };
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i] as string;
    if (tag === 'O') {
      close(i);
      continue;
    }
    const m = /^([BIES])-(.+)$/.exec(tag);
    if (m === null) return { index: i, error: `tag '${tag}': expected O or B-, I-, E-, S- followed by a label` };
    const prefix = m[1] as string;
    const label = m[2] as string;
    if (prefix === 'B' || prefix === 'S' || open === undefined || open.label !== label) {
      close(i);
      open = { first: i, label };
    }
    if (prefix === 'E' || prefix === 'S') close(i + 1);
  }
  close(tags.length);
  return { chunks };
}

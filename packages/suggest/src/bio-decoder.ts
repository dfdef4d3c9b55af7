/**
 * Decoding BIO tag sequences for the tagger: Viterbi over per-token tag
 * scores, max-marginal margins of the chosen tags, and the spans a tag
 * sequence makes. Buffers are reused from sentence to sentence.
 * @internal
 */

/** Outside a span. */
export const O = 0;
/** The first token of a span. */
export const B = 1;
/** A token inside a span, after its first. */
export const I = 2;
/** The row of the transition table that holds the scores of a sentence's first tag. */
export const START = 3;

/** Reusable buffers for decoding sentences of up to `capacity` tokens. */
export class Decoder {
  emissions = new Float64Array(0);
  private scores = new Float64Array(0);
  private back = new Uint8Array(0);
  private backward = new Float64Array(0);
  tags = new Uint8Array(0);

  /** Makes room for `n` tokens. */
  reserve(n: number): void {
    if (this.tags.length >= n) return;
    const capacity = Math.max(n, this.tags.length * 2, 64);
    this.emissions = new Float64Array(capacity * 3);
    this.scores = new Float64Array(capacity * 3);
    this.back = new Uint8Array(capacity * 3);
    this.backward = new Float64Array(capacity * 3);
    this.tags = new Uint8Array(capacity);
  }

  /** Viterbi over `emissions[0 .. 3n)`: the best tags, into `tags[0 .. n)`. */
  viterbi(n: number, transitions: ArrayLike<number>): void {
    const { emissions: e, scores, back, tags } = this;
    for (let t = 0; t < 3; t++) scores[t] = (e[t] as number) + (transitions[START * 3 + t] as number);
    for (let i = 1; i < n; i++) {
      for (let t = 0; t < 3; t++) {
        let best = -Infinity;
        let arg = 0;
        for (let p = 0; p < 3; p++) {
          const v = (scores[(i - 1) * 3 + p] as number) + (transitions[p * 3 + t] as number);
          if (v > best) {
            best = v;
            arg = p;
          }
        }
        scores[i * 3 + t] = best + (e[i * 3 + t] as number);
        back[i * 3 + t] = arg;
      }
    }
    if (n === 0) return;
    let last = 0;
    for (let t = 1; t < 3; t++) if ((scores[(n - 1) * 3 + t] as number) > (scores[(n - 1) * 3 + last] as number)) last = t;
    for (let i = n - 1; i >= 0; i--) {
      tags[i] = last;
      last = back[i * 3 + last] as number;
    }
  }

  /**
   * Max-marginal margins of the tags `viterbi` chose: per token, the best
   * score minus the best score with that token tagged otherwise. Runs after
   * `viterbi`, whose forward scores it reuses.
   */
  margins(n: number, transitions: ArrayLike<number>): Float64Array {
    const { emissions: e, backward, tags } = this;
    // Forward max scores without back pointers (viterbi's are the same numbers).
    const forward = this.scores;
    if (n > 0) for (let t = 0; t < 3; t++) backward[(n - 1) * 3 + t] = 0;
    for (let i = n - 2; i >= 0; i--) {
      for (let t = 0; t < 3; t++) {
        let best = -Infinity;
        for (let q = 0; q < 3; q++) best = Math.max(best, (transitions[t * 3 + q] as number) + (e[(i + 1) * 3 + q] as number) + (backward[(i + 1) * 3 + q] as number));
        backward[i * 3 + t] = best;
      }
    }
    const margins = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const chosen = tags[i] as number;
      const own = (forward[i * 3 + chosen] as number) + (backward[i * 3 + chosen] as number);
      let other = -Infinity;
      for (let t = 0; t < 3; t++) if (t !== chosen) other = Math.max(other, (forward[i * 3 + t] as number) + (backward[i * 3 + t] as number));
      margins[i] = own - other;
    }
    return margins;
  }
}

/** Spans of a tag sequence (an I after O starts a span), as token ranges with their margin. */
export function spansOfTags(tags: Uint8Array, margins: Float64Array): { first: number; last: number; margin: number }[] {
  const spans: { first: number; last: number; margin: number }[] = [];
  let i = 0;
  while (i < tags.length) {
    if (tags[i] === O) {
      i++;
      continue;
    }
    const first = i;
    let margin = margins[i] as number;
    i++;
    while (i < tags.length && tags[i] === I) margin = Math.min(margin, margins[i++] as number);
    if (i < tags.length) margin = Math.min(margin, margins[i] as number);
    spans.push({ first, last: i, margin });
  }
  return spans;
}

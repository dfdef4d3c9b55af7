/**
 * Finding many strings in a text at once (Aho–Corasick over UTF-16 code
 * units), with the case folding and word-boundary rules of the string
 * matcher.
 *
 * @internal
 */

const WORD = /[\p{L}\p{N}\p{M}\p{Pc}]/u;

/**
 * Lowercases a text code point by code point, keeping a code point as it is
 * when its lowercase form has another length, so offsets into the result
 * are offsets into the original.
 */
export function foldCase(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const ch of text) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

/** Whether the code point at or ending at a UTF-16 offset is a word character. */
function isWordAt(text: string, offset: number, before: boolean): boolean {
  if (before) {
    if (offset <= 0) return false;
    const low = text.charCodeAt(offset - 1);
    const start = low >= 0xdc00 && low <= 0xdfff && offset >= 2 ? offset - 2 : offset - 1;
    return WORD.test(String.fromCodePoint(text.codePointAt(start) as number));
  }
  if (offset >= text.length) return false;
  return WORD.test(String.fromCodePoint(text.codePointAt(offset) as number));
}

/** Whether `[start, end)` neither starts nor ends inside a word of `text`. */
export function isWholeWord(text: string, start: number, end: number): boolean {
  if (isWordAt(text, start, true) && isWordAt(text, start, false)) return false;
  if (isWordAt(text, end, true) && isWordAt(text, end, false)) return false;
  return true;
}

/** A compiled set of patterns. */
export class StringAutomaton {
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** Pattern ids ending at each state (its own and those of its fail chain). */
  private readonly out: number[][] = [[]];
  private readonly lengths: number[] = [];

  constructor(patterns: readonly string[]) {
    patterns.forEach((pattern, id) => {
      this.lengths.push(pattern.length);
      if (pattern.length === 0) return;
      let state = 0;
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern.charCodeAt(i);
        let to = (this.next[state] as Map<number, number>).get(c);
        if (to === undefined) {
          to = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.out.push([]);
          (this.next[state] as Map<number, number>).set(c, to);
        }
        state = to;
      }
      (this.out[state] as number[]).push(id);
    });
    const queue: number[] = [];
    for (const to of (this.next[0] as Map<number, number>).values()) queue.push(to);
    for (let q = 0; q < queue.length; q++) {
      const state = queue[q] as number;
      for (const [c, to] of this.next[state] as Map<number, number>) {
        let f = this.fail[state] as number;
        while (f !== 0 && !(this.next[f] as Map<number, number>).has(c)) f = this.fail[f] as number;
        const target = (this.next[f] as Map<number, number>).get(c);
        this.fail[to] = target !== undefined && target !== to ? target : 0;
        (this.out[to] as number[]).push(...(this.out[this.fail[to] as number] as number[]));
        queue.push(to);
      }
    }
  }

  /** Calls `found(id, start, end)` for every occurrence of every pattern in `text`. */
  scan(text: string, found: (id: number, start: number, end: number) => void): void {
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      for (;;) {
        const to = (this.next[state] as Map<number, number>).get(c);
        if (to !== undefined) {
          state = to;
          break;
        }
        if (state === 0) break;
        state = this.fail[state] as number;
      }
      for (const id of this.out[state] as number[]) found(id, i + 1 - (this.lengths[id] as number), i + 1);
    }
  }
}

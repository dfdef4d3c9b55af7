/**
 * Binary search over ascending arrays of numbers. @internal
 */

/** The first index in `[lo, hi)` whose entry is `>= bound` (`hi` when none is), given that the answer lies in `[lo, hi]`. */
function firstAtLeast(values: ArrayLike<number>, bound: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The number of entries of the ascending `values` that are smaller than `bound`: the index of the first one `>= bound`. */
export function countBelow(values: ArrayLike<number>, bound: number): number {
  return firstAtLeast(values, bound, 0, values.length);
}

/**
 * {@link countBelow}, given a guess (say, the previous answer): O(1) when the
 * answer is the guess or the one after it, as it mostly is for bounds that
 * come in ascending order, and otherwise a binary search of the side of the
 * guess the answer is on.
 */
export function countBelowNear(values: ArrayLike<number>, bound: number, guess: number): number {
  const n = values.length;
  const at = Math.min(Math.max(guess, 0), n);
  if (at < n && (values[at] as number) < bound) {
    if (at + 1 === n || (values[at + 1] as number) >= bound) return at + 1;
    return firstAtLeast(values, bound, at + 2, n);
  }
  if (at === 0 || (values[at - 1] as number) < bound) return at;
  return firstAtLeast(values, bound, 0, at - 1);
}

/** The number of entries of the ascending `values` that are at most `bound`: the index of the first one `> bound`. */
export function countAtMost(values: ArrayLike<number>, bound: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) <= bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Binary search over ascending arrays of numbers. @internal
 */

/** The number of entries of the ascending `values` that are smaller than `bound`: the index of the first one `>= bound`. */
export function countBelow(values: ArrayLike<number>, bound: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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

/**
 * Krippendorff's unitizing α (α_U; Krippendorff 1995, 2004 §12.4), computed
 * exactly as DKPro Statistics' `KrippendorffAlphaUnitizingAgreement` does.
 *
 * The raters segment one continuum `[begin, begin + length)`; each category
 * is handled separately. For category c, each rater's units of c cut the
 * continuum into units and gaps, and for every pair of raters the aligned
 * segments are compared with the distance
 * - `(Δbegin)² + (Δbegin + Δlength)²` for two overlapping units,
 * - `length²` for a unit lying inside a gap of the other rater,
 * - 0 otherwise;
 * `D_o,c = 2·Σ distances / (R·(R − 1)·L²)`. The expected disagreement
 * `D_e,c` is Krippendorff's expectation over all unitizations with the same
 * unit and gap lengths:
 * `D_e,c = (2/L)·Σ_u [(N_c − 1)(2ℓ³ − 3ℓ² + ℓ)/3 + ℓ²·Σ_{gaps g ≥ ℓ}(g − ℓ + 1)]
 *  / (R·L·(R·L − 1) − Σ_u ℓ(ℓ − 1))`, summing over the N_c units u of c of
 * every rater, ℓ being a unit's length. Per category `α_c = 1 − D_o,c / D_e,c`;
 * overall `α_U = 1 − mean_c D_o,c / mean_c D_e,c`.
 */
import { countBelow } from './sorted-search.js';

/** A unit a rater marked on the continuum: `[start, end)` with a category. */
export interface UnitizingSegment {
  /** The rater's index, `0 ≤ rater < raters`. */
  readonly rater: number;
  /** The category; categories are compared with `===`. */
  readonly category: string;
  /** First position covered (inclusive). */
  readonly start: number;
  /** Position after the last one covered (exclusive); `end > start`. */
  readonly end: number;
}

/** A unitizing study: the continuum, the number of raters and their units. */
export interface UnitizingStudy {
  /** First position of the continuum. @default 0 */
  readonly begin?: number;
  /** Length of the continuum in positions (e.g. code points), `L ≥ 1`. */
  readonly length: number;
  /** Number of raters, `R ≥ 2`; a rater without units marked nothing. */
  readonly raters: number;
  /** Every unit of every rater. Units of one rater and category must not overlap. */
  readonly segments: readonly UnitizingSegment[];
}

/** Observed and expected disagreement of one category, with its α. */
export interface UnitizingCategoryResult {
  /** `1 − D_o / D_e`, or `null` when `D_e = 0` (no rater used the category). */
  readonly alpha: number | null;
  /** D_o of the category. */
  readonly observed: number;
  /** D_e of the category. */
  readonly expected: number;
}

/** α_U of a study, overall and per category. */
export interface UnitizingResult {
  /** `1 − mean_c D_o,c / mean_c D_e,c`, or `null` when there are no units. */
  readonly alpha: number | null;
  /** Per category, in order of first appearance in `segments`. */
  readonly categories: Readonly<Record<string, UnitizingCategoryResult>>;
}

/** One rater's units of one category: sorted, disjoint `[starts[i], ends[i])`. */
export interface RaterUnits {
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

/**
 * Krippendorff's α_U of a unitizing study, overall and per category, as DKPro
 * Statistics computes it (see the module comment for the formulas).
 *
 * @throws RangeError when the continuum is empty, there are fewer than two
 * raters, a segment is empty or outside the continuum, names an unknown
 * rater, or overlaps another unit of the same rater and category.
 * @example
 * unitizingAlpha({ length: 30, raters: 2, segments: [
 *   { rater: 0, category: 'SPAM', start: 6, end: 14 },
 *   { rater: 1, category: 'SPAM', start: 6, end: 14 },
 * ] }).alpha; // 1
 */
export function unitizingAlpha(study: UnitizingStudy): UnitizingResult {
  const begin = study.begin ?? 0;
  const { length, raters } = study;
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`unitizingAlpha needs a continuum of at least one position; got length ${length}`);
  if (!Number.isInteger(raters) || raters < 2) throw new RangeError(`unitizingAlpha needs at least two raters; got ${raters}`);
  const byCategory = new Map<string, { starts: number[]; ends: number[] }[]>();
  study.segments.forEach((segment, i) => {
    const { rater, category, start, end } = segment;
    if (!Number.isInteger(rater) || rater < 0 || rater >= raters) throw new RangeError(`segment ${i}: rater ${rater} is not in 0..${raters - 1}`);
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < begin || end > begin + length || end <= start) {
      throw new RangeError(`segment ${i}: [${start}, ${end}) is not a non-empty range inside the continuum [${begin}, ${begin + length})`);
    }
    let perRater = byCategory.get(category);
    if (!perRater) {
      perRater = Array.from({ length: raters }, () => ({ starts: [], ends: [] }));
      byCategory.set(category, perRater);
    }
    const units = perRater[rater] as { starts: number[]; ends: number[] };
    units.starts.push(start);
    units.ends.push(end);
  });
  const results: [string, UnitizingCategoryResult][] = [];
  let observedSum = 0;
  let expectedSum = 0;
  for (const [category, perRater] of byCategory) {
    const sorted = perRater.map((units, rater) => sortUnits(units, rater, category));
    const result = unitizingCategory(sorted, begin, length);
    results.push([category, result]);
    observedSum += result.observed;
    expectedSum += result.expected;
  }
  // Object.fromEntries defines own properties, even for a category named `__proto__`.
  return { alpha: expectedSum > 0 ? 1 - observedSum / expectedSum : null, categories: Object.fromEntries(results) };
}

/** Sorts one rater's units and checks that they do not overlap. */
function sortUnits(units: { starts: number[]; ends: number[] }, rater: number, category: string): RaterUnits {
  const order = units.starts.map((_, i) => i).sort((x, y) => (units.starts[x] as number) - (units.starts[y] as number) || (units.ends[x] as number) - (units.ends[y] as number));
  const starts = order.map((i) => units.starts[i] as number);
  const ends = order.map((i) => units.ends[i] as number);
  for (let i = 1; i < starts.length; i++) {
    if ((starts[i] as number) < (ends[i - 1] as number)) {
      throw new RangeError(`rater ${rater}: units [${starts[i - 1]}, ${ends[i - 1]}) and [${starts[i]}, ${ends[i]}) of category "${category}" overlap`);
    }
  }
  return { starts, ends };
}

/**
 * D_o, D_e and α of one category from each rater's sorted, disjoint units
 * (already checked). Runs in O(U log U) for U units in all.
 * @internal
 */
export function unitizingCategory(perRater: readonly RaterUnits[], begin: number, length: number): UnitizingCategoryResult {
  const observed = observedDisagreement(perRater, begin, length);
  const expected = expectedDisagreement(perRater, begin, length);
  return { alpha: expected > 0 ? 1 - observed / expected : null, observed, expected };
}

/**
 * The distance between two aligned segments (DKPro `measureDistance`): a
 * unit is `isUnit` true, a gap false.
 */
function segmentDistance(offset1: number, length1: number, isUnit1: boolean, offset2: number, length2: number, isUnit2: boolean): number {
  const beginDiff = offset1 - offset2;
  const lengthDiff = length1 - length2;
  if (isUnit1 && isUnit2 && -length1 < beginDiff && beginDiff < length2) {
    return beginDiff * beginDiff + (beginDiff + lengthDiff) * (beginDiff + lengthDiff);
  }
  if (isUnit1 && !isUnit2 && -lengthDiff >= beginDiff && beginDiff >= 0) return length1 * length1;
  if (!isUnit1 && isUnit2 && -lengthDiff <= beginDiff && beginDiff <= 0) return length2 * length2;
  return 0;
}

/** A cursor over one rater's alternation of units and gaps along the continuum. */
class SegmentWalk {
  offset: number;
  length = 0;
  isUnit = false;
  next = 0;

  constructor(
    private readonly units: RaterUnits,
    begin: number,
    private readonly end: number,
  ) {
    this.offset = begin;
  }

  /** Whether the rater has units left to enter. */
  get hasNext(): boolean {
    return this.next < this.units.starts.length;
  }

  /** Enters the segment that starts at `pos` when the current one ends there. */
  advanceTo(pos: number): void {
    if (pos !== this.offset + this.length) return;
    const nextStart = this.hasNext ? (this.units.starts[this.next] as number) : this.end;
    if (this.hasNext && pos === nextStart) {
      this.length = (this.units.ends[this.next] as number) - nextStart;
      this.isUnit = true;
      this.next++;
    } else {
      this.length = nextStart - pos;
      this.isUnit = false;
    }
    this.offset = pos;
  }
}

function observedDisagreement(perRater: readonly RaterUnits[], begin: number, length: number): number {
  const raters = perRater.length;
  const end = begin + length;
  let sum = 0;
  for (let r1 = 0; r1 < raters; r1++) {
    for (let r2 = r1 + 1; r2 < raters; r2++) {
      const a = new SegmentWalk(perRater[r1] as RaterUnits, begin, end);
      const b = new SegmentWalk(perRater[r2] as RaterUnits, begin, end);
      let pos = begin;
      // As in DKPro, the walk stops once both raters have entered their last
      // unit; the segments left cannot contribute (a unit against the final
      // gap of the other rater never lies inside it).
      while (pos < end && (a.hasNext || b.hasNext)) {
        a.advanceTo(pos);
        b.advanceTo(pos);
        sum += segmentDistance(a.offset, a.length, a.isUnit, b.offset, b.length, b.isUnit);
        pos = Math.min(a.offset + a.length, b.offset + b.length);
      }
    }
  }
  return (2 * sum) / (raters * (raters - 1) * length * length);
}

function expectedDisagreement(perRater: readonly RaterUnits[], begin: number, length: number): number {
  const raters = perRater.length;
  const end = begin + length;
  const gaps: number[] = [];
  let unitCount = 0;
  let squaredLengths = 0;
  for (const { starts, ends } of perRater) {
    let pos = begin;
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i] as number;
      const unitLength = (ends[i] as number) - start;
      if (start > pos) gaps.push(start - pos);
      unitCount++;
      squaredLengths += unitLength * (unitLength - 1);
      pos = ends[i] as number;
    }
    if (pos < end) gaps.push(end - pos);
  }
  if (unitCount === 0) return 0;
  gaps.sort((x, y) => x - y);
  // suffix[i] = sum of gaps[i..]: Σ_{g ≥ ℓ}(g − ℓ + 1) = suffix[i] − (ℓ − 1)·(G − i).
  const suffix = new Float64Array(gaps.length + 1);
  for (let i = gaps.length - 1; i >= 0; i--) suffix[i] = (suffix[i + 1] as number) + (gaps[i] as number);
  let result = 0;
  for (const { starts, ends } of perRater) {
    for (let i = 0; i < starts.length; i++) {
      const l = (ends[i] as number) - (starts[i] as number);
      const first = countBelow(gaps, l);
      const fits = (suffix[first] as number) - (l - 1) * (gaps.length - first);
      result += ((unitCount - 1) * (2 * l * l * l - 3 * l * l + l)) / 3 + l * l * fits;
    }
  }
  result *= 2 / length;
  return result / (raters * length * (raters * length - 1) - squaredLengths);
}

/**
 * Chance-corrected agreement coefficients over coded items: Cohen's κ,
 * Fleiss' κ and Krippendorff's α (nominal), in their textbook form over
 * explicit label sequences, count tables and reliability matrices.
 *
 * Every coefficient is `(A_o − A_e) / (1 − A_e)` or `1 − D_o / D_e`; when the
 * denominator is zero (e.g. every rater always chose the same category) the
 * value is undefined and the functions return `null`, never `NaN` or 0.
 */

/** A category of a coded item: any value compared with `===`. */
export type Category = string | number | boolean;

/** Counts each category of a sequence. */
function countCategories(values: readonly Category[]): Map<Category, number> {
  const counts = new Map<Category, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/**
 * Cohen's κ of two raters who each coded the same items, item `i` being
 * `a[i]` and `b[i]`. Expected agreement uses each rater's own marginals:
 * `A_e = Σ_k p_a(k)·p_b(k)` (as scikit-learn's `cohen_kappa_score`, NLTK's
 * `AnnotationTask.kappa` and DKPro's `CohenKappaAgreement` compute it).
 *
 * @returns κ, or `null` when there are no items or `A_e = 1` (both raters
 * used one and the same category throughout).
 * @throws RangeError when the sequences differ in length.
 * @example
 * cohenKappa(['H', 'H', 'O'], ['H', 'O', 'O']); // 0.4
 */
export function cohenKappa(a: readonly Category[], b: readonly Category[]): number | null {
  if (a.length !== b.length) throw new RangeError(`cohenKappa needs two sequences of the same length; got ${a.length} and ${b.length}`);
  const n = a.length;
  if (n === 0) return null;
  let agreements = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) agreements++;
  const countsB = countCategories(b);
  let expected = 0;
  for (const [category, countA] of countCategories(a)) expected += countA * (countsB.get(category) ?? 0);
  return kappaFromCounts(agreements, expected, n);
}

/**
 * κ from integer counts: `agreements` items out of `n`, and `expected` the
 * expected agreement scaled by `n²`. `null` when `A_e = 1` or `n = 0`.
 * @internal
 */
export function kappaFromCounts(agreements: number, expected: number, n: number): number | null {
  const denominator = n * n - expected;
  if (n === 0 || denominator <= 0) return null;
  return (agreements * n - expected) / denominator;
}

/**
 * Fleiss' κ (Fleiss 1971, multi-rater π) over a count table: one row per
 * item, one column per category, `table[i][k]` being the number of raters who
 * put item `i` in category `k`. Every row must count the same number of
 * raters `n ≥ 2`. `p_k = Σ_i n_ik / (N·n)`, `A_e = Σ_k p_k²`,
 * `A_o = Σ_i Σ_k n_ik(n_ik − 1) / (N·n·(n − 1))` (as statsmodels'
 * `fleiss_kappa`, NLTK's `pi` and DKPro's `FleissKappaAgreement` compute it).
 *
 * @returns κ, or `null` when there are no items or every rating falls in one
 * category (`A_e = 1`).
 * @throws RangeError when rows count different numbers of raters, fewer than
 * two, or a count is not a non-negative integer.
 */
export function fleissKappa(table: readonly (readonly number[])[]): number | null {
  if (table.length === 0) return null;
  const first = table[0] as readonly number[];
  const raters = first.reduce((sum, count) => sum + count, 0);
  if (raters < 2) throw new RangeError(`fleissKappa needs at least two ratings per item; row 0 has ${raters}`);
  const totals: number[] = [];
  let pairAgreements = 0;
  table.forEach((row, i) => {
    let sum = 0;
    row.forEach((count, k) => {
      if (!Number.isInteger(count) || count < 0) throw new RangeError(`fleissKappa: row ${i}, column ${k}: expected a non-negative integer count, got ${count}`);
      sum += count;
      pairAgreements += count * (count - 1);
      totals[k] = (totals[k] ?? 0) + count;
    });
    if (sum !== raters) throw new RangeError(`fleissKappa needs the same number of ratings in every row; row 0 has ${raters}, row ${i} has ${sum}`);
  });
  const ratings = table.length * raters;
  const observed = pairAgreements / (table.length * raters * (raters - 1));
  let expected = 0;
  for (const total of totals) expected += ((total ?? 0) / ratings) ** 2;
  if (totals.filter((total) => total > 0).length <= 1) return null;
  return (observed - expected) / (1 - expected);
}

/**
 * Krippendorff's α for nominal data with missing values over a reliability
 * matrix: one row per coder, one column per unit, `null` or `undefined`
 * where the coder did not code the unit (the layout of the `krippendorff`
 * Python package's `reliability_data`). Units with fewer than two values are
 * not pairable and are left out. With the coincidence matrix
 * `o_ck = Σ_u (number of c–k pairs in u) / (m_u − 1)`, its marginals `n_c`
 * and `n = Σ n_c`: `α = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k`.
 *
 * @returns α, or `null` when fewer than two pairable values exist or all of
 * them are the same category (`D_e = 0`).
 * @throws RangeError when the rows differ in length.
 */
export function krippendorffAlphaNominal(data: readonly (readonly (Category | null | undefined)[])[]): number | null {
  const units = data[0]?.length ?? 0;
  data.forEach((row, coder) => {
    if (row.length !== units) throw new RangeError(`krippendorffAlphaNominal needs rows of the same length (one column per unit); row 0 has ${units}, row ${coder} has ${row.length}`);
  });
  const marginals = new Map<Category, number>();
  let disagreement = 0;
  const counts = new Map<Category, number>();
  for (let u = 0; u < units; u++) {
    counts.clear();
    let m = 0;
    for (const row of data) {
      const value = row[u];
      if (value === null || value === undefined) continue;
      counts.set(value, (counts.get(value) ?? 0) + 1);
      m++;
    }
    if (m < 2) continue;
    let sameCategoryPairs = 0;
    for (const [category, count] of counts) {
      sameCategoryPairs += count * count;
      marginals.set(category, (marginals.get(category) ?? 0) + count);
    }
    disagreement += (m * m - sameCategoryPairs) / (m - 1);
  }
  return alphaFromCoincidences(disagreement, [...marginals.values()]);
}

/**
 * Nominal α from the off-diagonal mass of the coincidence matrix and its
 * marginals. `null` when fewer than two values or a single category.
 * @internal
 */
export function alphaFromCoincidences(disagreement: number, marginals: readonly number[]): number | null {
  let n = 0;
  let sameCategory = 0;
  for (const count of marginals) {
    n += count;
    sameCategory += count * count;
  }
  const expected = n * n - sameCategory;
  if (n < 2 || expected <= 0) return null;
  return 1 - ((n - 1) * disagreement) / expected;
}

/**
 * Fleiss' κ for two categories from a histogram: `histogram[k]` is the number
 * of items that exactly `k` of the `raters` put in category 1. `null` when
 * there are no items or every rating is the same.
 * @internal
 */
export function binaryFleissKappa(histogram: ArrayLike<number>, raters: number): number | null {
  let items = 0;
  let ones = 0;
  let pairAgreements = 0;
  for (let k = 0; k <= raters; k++) {
    const count = histogram[k] ?? 0;
    items += count;
    ones += count * k;
    pairAgreements += count * (k * (k - 1) + (raters - k) * (raters - k - 1));
  }
  const ratings = items * raters;
  if (items === 0 || raters < 2 || ones === 0 || ones === ratings) return null;
  const observed = pairAgreements / (ratings * (raters - 1));
  const p = ones / ratings;
  const expected = p * p + (1 - p) * (1 - p);
  return (observed - expected) / (1 - expected);
}

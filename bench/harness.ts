/**
 * Benchmark harness: every figure is measured beside a baseline in the same
 * run, and the table in bench/README.md is rewritten from the results.
 */

/** One measured figure beside its baseline. */
export interface BenchResult {
  /** What was measured, e.g. `span-set find(), 10k spans`. */
  readonly name: string;
  /** The measured value. */
  readonly value: number;
  /** The baseline's name, e.g. `linear scan`. */
  readonly baselineName: string;
  /** The baseline measured in the same run, same unit. */
  readonly baseline: number;
  /** Unit of `value` and `baseline`, e.g. `µs/query`, `ops/s`, `MB`. */
  readonly unit: string;
  /** Whether a smaller value is better (times, memory) or a larger one (throughput). */
  readonly lowerIsBetter: boolean;
  /** The goal in words, e.g. `≥ 50× faster`. */
  readonly goal?: string;
  /** Whether the goal is met; absent when there is no goal. */
  readonly met?: boolean;
}

/** A group of benchmarks, run by `pnpm bench [suite…]`. */
export interface BenchSuite {
  readonly name: string;
  run(): Promise<readonly BenchResult[]>;
}

/** How many times better `value` is than `baseline` (>1 means better). */
export function speedup(r: Pick<BenchResult, 'value' | 'baseline' | 'lowerIsBetter'>): number {
  return r.lowerIsBetter ? r.baseline / r.value : r.value / r.baseline;
}

/** Runs `fn` repeatedly for at least `minMs` and returns the mean milliseconds per call. */
export function timeIt(fn: () => void, minMs = 300, minRuns = 3): number {
  fn();
  let runs = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (runs < minRuns || elapsed < minMs) {
    fn();
    runs++;
    elapsed = performance.now() - t0;
  }
  return elapsed / runs;
}

/** Async version of `timeIt`. */
export async function timeItAsync(fn: () => Promise<void>, minMs = 300, minRuns = 3): Promise<number> {
  await fn();
  let runs = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (runs < minRuns || elapsed < minMs) {
    await fn();
    runs++;
    elapsed = performance.now() - t0;
  }
  return elapsed / runs;
}

/** A number as the results tables print it: whole from 1,000, one decimal from 10, two from 0.1, else two significant digits. */
export function formatFigure(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1000) return Math.round(n).toLocaleString('en-US');
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 0.1) return n.toFixed(2);
  return n.toPrecision(2);
}

/** One row of a results table: suite, figure, value, baseline, ratio, goal. */
export function tableRow(suite: string, r: BenchResult): string {
  const goal = r.goal === undefined ? '' : `${r.goal} ${r.met === true ? '✅' : '❌'}`;
  return `| ${suite} | ${r.name} | ${formatFigure(r.value)} ${r.unit} | ${r.baselineName}: ${formatFigure(r.baseline)} ${r.unit} | ${formatFigure(speedup(r))}× | ${goal} |`;
}

/** Percentile (0–100) of a list of numbers, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** A deterministic pseudo-random generator (mulberry32) for reproducible workloads. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The parts named by `--only a,b` (or `--only=a,b`; repeatable) on the
 * command line: `pnpm bench server -- --only relay-10` runs only the parts of
 * the `server` suite whose name contains `relay-10`. Empty when every part
 * runs.
 */
export function onlyParts(argv: readonly string[] = process.argv.slice(2)): string[] {
  const parts: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--only') parts.push(...(argv[++i] ?? '').split(','));
    else if (arg.startsWith('--only=')) parts.push(...arg.slice('--only='.length).split(','));
  }
  return parts.filter((p) => p !== '');
}

/** Runs `measure` when no `--only` is given or one of its names is part of `name`; else gives no rows. */
export async function part(name: string, measure: () => Promise<BenchResult | readonly BenchResult[]>): Promise<BenchResult[]> {
  const only = onlyParts();
  if (only.length > 0 && !only.some((o) => name.includes(o))) return [];
  process.stderr.write(`bench:   ${name}…\n`);
  const result = await measure();
  return Array.isArray(result) ? [...(result as readonly BenchResult[])] : [result as BenchResult];
}

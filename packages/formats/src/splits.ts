/**
 * Dataset splits by document: deterministic, seeded, stable when documents
 * are added, optionally stratified by a document-label group.
 */
import { murmurHash64A } from './murmur.js';

/** A split's name and its share of the documents. */
export interface SplitShare {
  readonly name: string;
  readonly fraction: number;
}

/** How documents are split. */
export interface SplitOptions {
  /** The splits, e.g. from `parseSplitSpec('train=0.8,validation=0.1,test=0.1')`. */
  readonly shares: readonly SplitShare[];
  /** Seed of the hash that places documents. @default 0 */
  readonly seed?: number;
  /**
   * A document-label group to stratify by: each value of the group gets the
   * split fractions on its own. Documents without the group form one stratum.
   */
  readonly stratifyBy?: string;
}

/** The default split: everything in `train`. */
export const TRAIN_ONLY: readonly SplitShare[] = [{ name: 'train', fraction: 1 }];

/** Thrown for a malformed split specification. */
export class SplitSpecError extends Error {
  override readonly name = 'SplitSpecError';
}

/**
 * Parses `name=fraction,…` (e.g. `train=0.8,validation=0.1,test=0.1`).
 * Fractions must be positive and sum to 1 (within 1e-9); names must be unique.
 * @throws SplitSpecError naming the bad part.
 */
export function parseSplitSpec(spec: string): SplitShare[] {
  const shares: SplitShare[] = [];
  for (const part of spec.split(',')) {
    const m = /^\s*([A-Za-z][\w-]*)\s*=\s*([0-9]*\.?[0-9]+)\s*$/.exec(part);
    if (m === null) throw new SplitSpecError(`split '${part.trim()}': expected name=fraction, e.g. train=0.8`);
    const name = m[1] as string;
    const fraction = Number(m[2]);
    if (!(fraction > 0)) throw new SplitSpecError(`split '${name}': fraction must be greater than 0, got ${m[2]}`);
    if (shares.some((s) => s.name === name)) throw new SplitSpecError(`split '${name}' is given twice`);
    shares.push({ name, fraction });
  }
  const sum = shares.reduce((a, s) => a + s.fraction, 0);
  if (Math.abs(sum - 1) > 1e-9) throw new SplitSpecError(`split fractions must sum to 1, got ${sum}`);
  return shares;
}

const encoder = new TextEncoder();

/**
 * A document's position in [0, 1): MurmurHash64A of `seed \0 id` (UTF-8),
 * top 53 bits. It depends on nothing but the seed and the id.
 */
export function splitPosition(seed: number, id: string): number {
  const h = murmurHash64A(encoder.encode(`${seed}\u0000${id}`), 0x9e3779b9n);
  return Number(h >> 11n) / 2 ** 53;
}

/** The split of a position in [0, 1): the first share whose cumulative fraction exceeds it. */
function splitAt(shares: readonly SplitShare[], position: number): string {
  let cumulative = 0;
  for (const s of shares) {
    cumulative += s.fraction;
    if (position < cumulative) return s.name;
  }
  return (shares[shares.length - 1] as SplitShare).name;
}

/**
 * The split of one document without stratification. A document keeps its
 * split whatever other documents are added or removed.
 */
export function assignSplit(id: string, options: SplitOptions): string {
  return splitAt(options.shares, splitPosition(options.seed ?? 0, id));
}

/** A document as splitting sees it: its id and, for stratification, its stratum value. */
export interface SplitCandidate {
  readonly id: string;
  /** The value of the stratification group (absent: the document's own stratum of "no value"). */
  readonly stratum?: string;
}

/**
 * Assigns splits to a set of documents.
 *
 * Without stratification, each document is placed by its own hash
 * (`assignSplit`): fully stable, proportions exact only in expectation.
 *
 * With stratification, documents of each stratum are ordered by their hash
 * position and the split boundaries are placed at rank `round(cumulative ×
 * n)`: every stratum gets the fractions as exactly as its size allows. The
 * order by hash position is fixed, so adding one document to a stratum moves
 * at most one document of that stratum across each split boundary, and other
 * strata do not change at all.
 */
export function assignSplits(documents: readonly SplitCandidate[], options: SplitOptions): Map<string, string> {
  const seed = options.seed ?? 0;
  const out = new Map<string, string>();
  if (options.stratifyBy === undefined) {
    for (const d of documents) out.set(d.id, assignSplit(d.id, options));
    return out;
  }
  const strata = new Map<string, { id: string; position: number }[]>();
  for (const d of documents) {
    const key = d.stratum === undefined ? '\u0000none' : `=${d.stratum}`;
    let list = strata.get(key);
    if (list === undefined) {
      list = [];
      strata.set(key, list);
    }
    list.push({ id: d.id, position: splitPosition(seed, d.id) });
  }
  for (const list of strata.values()) {
    list.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    let cumulative = 0;
    let from = 0;
    options.shares.forEach((share, i) => {
      cumulative += share.fraction;
      const to = i === options.shares.length - 1 ? list.length : Math.round(cumulative * list.length);
      for (let k = from; k < to; k++) out.set((list[k] as { id: string }).id, share.name);
      from = Math.max(from, to);
    });
  }
  return out;
}

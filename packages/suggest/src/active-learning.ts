/**
 * Active learning: which suggestion to look at next within a document (the
 * most uncertain), and which document to annotate next across a project
 * (expected usefulness = uncertainty × novelty, where novelty is 1 minus the
 * highest TF-IDF cosine similarity to a document already annotated).
 */
import { tokenize } from '@glossa/formats/tokenizer';
import { isWordToken, wordForm } from './features.js';
import { compareStrings } from './suggestions.js';
import type { Suggestion } from './types.js';

/** Uncertainty of a score in [0, 1]: 1 at 0.5, 0 at 0 and 1 (`1 − |2·score − 1|`). */
export function uncertainty(score: number): number {
  return 1 - Math.abs(2 * Math.min(1, Math.max(0, score)) - 1);
}

/**
 * Orders suggestions from most to least uncertain: by uncertainty of the
 * score, then by smaller |margin|, then by position. Nothing is dropped.
 */
export function orderByUncertainty<S extends Pick<Suggestion, 'start' | 'end' | 'label' | 'score' | 'margin'>>(suggestions: readonly S[]): S[] {
  return [...suggestions].sort(
    (a, b) =>
      uncertainty(b.score) - uncertainty(a.score) ||
      Math.abs(a.margin ?? Infinity) - Math.abs(b.margin ?? Infinity) ||
      a.start - b.start ||
      a.end - b.end ||
      compareStrings(a.label, b.label),
  );
}

/** The uncertainty of a document from its scores: their mean uncertainty; 1 (nothing known) when it has none. */
export function documentUncertainty(scores: readonly number[]): number {
  if (scores.length === 0) return 1;
  return scores.reduce((sum, s) => sum + uncertainty(s), 0) / scores.length;
}

/** A document for novelty: its id and text. */
export interface NoveltyDocument {
  readonly id: string;
  readonly text: string;
}

/**
 * TF-IDF vectors of a set of documents (word forms of the formats tokenizer,
 * lowercased, digits as 0; tf = 1 + ln count; idf = ln((1 + n) / (1 + df)) + 1;
 * vectors of unit length) and, per document, its highest cosine similarity
 * to the documents marked annotated so far.
 */
export class NoveltyIndex {
  private readonly vectors = new Map<string, { terms: Int32Array; weights: Float64Array }>();
  private readonly postings = new Map<number, { id: string; weight: number }[]>();
  private readonly closest = new Map<string, number>();
  private readonly annotated = new Set<string>();

  constructor(documents: readonly NoveltyDocument[]) {
    const termIds = new Map<string, number>();
    const counts = documents.map((doc) => {
      const c = new Map<number, number>();
      for (const token of tokenize(doc.text)) {
        if (!isWordToken(token)) continue;
        const form = wordForm(token.text);
        let id = termIds.get(form);
        if (id === undefined) termIds.set(form, (id = termIds.size));
        c.set(id, (c.get(id) ?? 0) + 1);
      }
      return c;
    });
    const df = new Map<number, number>();
    for (const c of counts) for (const term of c.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    const n = documents.length;
    documents.forEach((doc, i) => {
      const entries = [...(counts[i] as Map<number, number>).entries()].sort((a, b) => a[0] - b[0]);
      const weights = Float64Array.from(entries, ([term, count]) => (1 + Math.log(count)) * (Math.log((1 + n) / (1 + (df.get(term) as number))) + 1));
      let squares = 0;
      for (const w of weights) squares += w * w;
      const norm = Math.sqrt(squares) || 1;
      for (let k = 0; k < weights.length; k++) weights[k] = (weights[k] as number) / norm;
      const terms = Int32Array.from(entries, ([term]) => term);
      this.vectors.set(doc.id, { terms, weights });
      terms.forEach((term, k) => {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push({ id: doc.id, weight: weights[k] as number });
      });
      this.closest.set(doc.id, 0);
    });
  }

  /** The cosine similarity of two indexed documents. */
  similarity(a: string, b: string): number {
    const x = this.vectors.get(a);
    const y = this.vectors.get(b);
    if (!x || !y) throw new RangeError(`unknown document ${x ? b : a}`);
    let i = 0;
    let j = 0;
    let dot = 0;
    while (i < x.terms.length && j < y.terms.length) {
      const d = (x.terms[i] as number) - (y.terms[j] as number);
      if (d === 0) dot += (x.weights[i++] as number) * (y.weights[j++] as number);
      else if (d < 0) i++;
      else j++;
    }
    return dot;
  }

  /** Marks a document annotated: every other document's closest similarity takes it into account. */
  markAnnotated(id: string): void {
    const vector = this.vectors.get(id);
    if (!vector) throw new RangeError(`unknown document ${id}`);
    if (this.annotated.has(id)) return;
    this.annotated.add(id);
    const dots = new Map<string, number>();
    vector.terms.forEach((term, k) => {
      for (const p of this.postings.get(term) ?? []) dots.set(p.id, (dots.get(p.id) ?? 0) + (vector.weights[k] as number) * p.weight);
    });
    for (const [other, dot] of dots) if (dot > (this.closest.get(other) as number)) this.closest.set(other, dot);
  }

  /** Whether a document was marked annotated. */
  isAnnotated(id: string): boolean {
    return this.annotated.has(id);
  }

  /** 1 − the highest cosine similarity to an annotated document (1 while none is annotated). */
  novelty(id: string): number {
    const closest = this.closest.get(id);
    if (closest === undefined) throw new RangeError(`unknown document ${id}`);
    return 1 - Math.min(1, closest);
  }
}

/** A document ranked for annotation. */
export interface RankedDocument {
  readonly id: string;
  readonly uncertainty: number;
  readonly novelty: number;
  /** uncertainty × novelty. */
  readonly usefulness: number;
}

/**
 * Orders documents not yet annotated by expected usefulness (highest first;
 * ties by id). Documents already marked annotated in the index are left out.
 *
 * @param candidates each document's uncertainty (see {@link documentUncertainty})
 */
export function rankByUsefulness(candidates: readonly { readonly id: string; readonly uncertainty: number }[], index: NoveltyIndex): RankedDocument[] {
  return candidates
    .filter((c) => !index.isAnnotated(c.id))
    .map((c) => {
      const novelty = index.novelty(c.id);
      return { id: c.id, uncertainty: c.uncertainty, novelty, usefulness: c.uncertainty * novelty };
    })
    .sort((a, b) => b.usefulness - a.usefulness || compareStrings(a.id, b.id));
}

/**
 * Picks a batch of documents to annotate next: the most useful one
 * (uncertainty × novelty), then again and again the most useful among the
 * rest, its novelty now also against the documents already picked, since
 * they will be annotated too. A batch so spends its annotations on
 * different documents rather than on near-duplicates of its first pick.
 * Documents marked annotated in the index are left out; the index is not
 * changed. Ties go to the smaller id.
 *
 * @param candidates each document's uncertainty (see {@link documentUncertainty})
 * @param size how many documents to pick (fewer when fewer are left)
 */
export function selectBatch(candidates: readonly { readonly id: string; readonly uncertainty: number }[], index: NoveltyIndex, size: number): RankedDocument[] {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`size must be a non-negative integer, not ${size}`);
  const left = candidates.filter((c) => !index.isAnnotated(c.id)).map((c) => ({ id: c.id, uncertainty: c.uncertainty, novelty: index.novelty(c.id) }));
  const picked: RankedDocument[] = [];
  while (picked.length < size && left.length > 0) {
    let best = 0;
    for (let i = 1; i < left.length; i++) {
      const a = left[i] as (typeof left)[number];
      const b = left[best] as (typeof left)[number];
      const d = a.uncertainty * a.novelty - b.uncertainty * b.novelty;
      if (d > 0 || (d === 0 && compareStrings(a.id, b.id) < 0)) best = i;
    }
    const [chosen] = left.splice(best, 1) as [(typeof left)[number]];
    picked.push({ ...chosen, usefulness: chosen.uncertainty * chosen.novelty });
    for (const other of left) other.novelty = Math.min(other.novelty, 1 - Math.min(1, index.similarity(other.id, chosen.id)));
  }
  return picked;
}

/** A document of a project as `rankDocuments` takes it. */
export interface DocumentToRank {
  readonly id: string;
  readonly text: string;
  /** Whether the layers the ranking is for already annotate it. */
  readonly annotated: boolean;
  /** The scores of the suggestions it has now (its uncertainty: {@link documentUncertainty}). */
  readonly scores: readonly number[];
}

/**
 * The documents of a project not yet annotated, by expected usefulness
 * (uncertainty × novelty, novelty against the annotated ones; see
 * {@link rankByUsefulness}): what a "Next document" action follows.
 *
 * @example rankDocuments([{ id: 'a', text: 'The army', annotated: true, scores: [] }, { id: 'b', text: 'A mayor', annotated: false, scores: [0.5] }]); // [{ id: 'b', uncertainty: 1, novelty: 1, usefulness: 1 }]
 */
export function rankDocuments(documents: readonly DocumentToRank[]): RankedDocument[] {
  const index = new NoveltyIndex(documents);
  for (const doc of documents) if (doc.annotated) index.markAnnotated(doc.id);
  return rankByUsefulness(
    documents.map((d) => ({ id: d.id, uncertainty: documentUncertainty(d.scores) })),
    index,
  );
}

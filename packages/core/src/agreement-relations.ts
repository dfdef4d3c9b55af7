/**
 * Relation agreement between annotators: F1 over relations whose ends
 * match, with the same label and direction (`F1 = 2·|matches| / (|A| + |B|)`,
 * as for spans).
 *
 * - A relation's ends are spans of its annotator's layer, found by id; a
 *   relation with a missing end is dangling and left out (counted in
 *   `dangling`). Span labels do not matter, only where the ends are.
 * - `exact`: the ends cover the same fragments (the same range for
 *   contiguous spans); identical relations repeated in a layer match at most
 *   as many times as the other layer has them.
 * - `overlap`: a one-to-one matching in which each relation of A, in order
 *   of its ends' `(start, end)`, takes the first relation of B not yet
 *   taken, in the same order, whose ends' covering spans overlap A's.
 * - Direction: a directed relation matches only a directed one, `from` with
 *   `from` and `to` with `to`; an undirected relation matches only an
 *   undirected one, its ends either way round.
 * - Per pair, matches and relation counts are summed over the documents both
 *   annotators have (and, for the pair's figures, over labels); per label,
 *   the mean over pairs where defined; `overall`, the mean over labels with
 *   support.
 */
import { checkNames, compareStrings, layerOf, type AgreementInput, type AgreementRelation, type AgreementSpan, type PreparedCorpus } from './agreement-input.js';
import { compareRanges, compareShapes, f1, meanDefined, type SpanRange } from './agreement-spans.js';

/** Relation F1 of one relation label. `null` where undefined (no relation of the label). */
export interface RelationLabelAgreement {
  readonly f1_exact: number | null;
  readonly f1_overlap: number | null;
  /** Live relations of the label in the selected layers of the compared documents. */
  readonly support: number;
}

/** Relation F1 of one pair of annotators over every relation label. */
export interface RelationPairAgreement {
  readonly a: string;
  readonly b: string;
  readonly f1_exact: number | null;
  readonly f1_overlap: number | null;
}

/** The macro-average over the relation labels with support. */
export interface OverallRelationAgreement {
  readonly f1_exact: number | null;
  readonly f1_overlap: number | null;
  /** Live relations of every measured label. */
  readonly support: number;
  /** How many relation labels have support. */
  readonly labels: number;
}

/** Relation agreement of a corpus: per relation label, overall, per pair, and the relations left out. */
export interface RelationAgreement {
  /** Per relation label, in the order of the labels. */
  readonly labels: Readonly<Record<string, RelationLabelAgreement>>;
  readonly overall: OverallRelationAgreement;
  /** Every pair of annotators `a < b` in the order of the report's annotators. */
  readonly pairs: readonly RelationPairAgreement[];
  /** Relations of measured labels in the compared documents left out because an end is missing. */
  readonly dangling: number;
}

/** A relation with its ends resolved, oriented for matching. */
interface PreparedRelation {
  readonly directed: boolean;
  readonly from: SpanRange;
  readonly to: SpanRange;
  /** Equal exactly for relations that match exactly. */
  readonly key: string;
}

function shapeKey(span: SpanRange): string {
  return span.fragments === undefined ? `${span.start}-${span.end}` : span.fragments.map(([start, end]) => `${start}-${end}`).join(',');
}

function overlaps(a: SpanRange, b: SpanRange): boolean {
  return a.start < b.end && b.start < a.end;
}

function compareRelations(a: PreparedRelation, b: PreparedRelation): number {
  return compareRanges(a.from, b.from) || compareRanges(a.to, b.to);
}

/** Whether the ends of two relations of one label overlap, as their direction asks. */
function endsOverlap(a: PreparedRelation, b: PreparedRelation): boolean {
  if (a.directed !== b.directed) return false;
  if (overlaps(a.from, b.from) && overlaps(a.to, b.to)) return true;
  return !a.directed && overlaps(a.from, b.to) && overlaps(a.to, b.from);
}

/** Exact matches between two lists: the size of the multiset intersection of their keys. */
function exactRelationMatches(a: readonly PreparedRelation[], b: readonly PreparedRelation[]): number {
  const counts = new Map<string, number>();
  for (const r of b) counts.set(r.key, (counts.get(r.key) ?? 0) + 1);
  let matches = 0;
  for (const r of a) {
    const left = counts.get(r.key) ?? 0;
    if (left === 0) continue;
    counts.set(r.key, left - 1);
    matches++;
  }
  return matches;
}

/** Overlap matches between two lists sorted by `compareRelations`, with the greedy one-to-one matching of the module comment. */
function overlapRelationMatches(a: readonly PreparedRelation[], b: readonly PreparedRelation[]): number {
  const taken = new Uint8Array(b.length);
  let matches = 0;
  for (const relation of a) {
    const j = b.findIndex((candidate, k) => taken[k] === 0 && endsOverlap(relation, candidate));
    if (j < 0) continue;
    taken[j] = 1;
    matches++;
  }
  return matches;
}

/** Checks one relation given by the caller. @throws RangeError naming its place. */
function checkRelation(relation: AgreementRelation, place: string): void {
  const { from, to, label, directed } = relation;
  if (typeof from !== 'string' || typeof to !== 'string' || typeof label !== 'string' || typeof directed !== 'boolean') {
    throw new RangeError(`${place}: expected string from, to and label and a boolean directed`);
  }
}

/** The spans of a layer by id. @throws RangeError on an id used twice. */
function spansById(layer: readonly AgreementSpan[], place: string): Map<string, AgreementSpan> {
  const byId = new Map<string, AgreementSpan>();
  for (const span of layer) {
    if (span.id === undefined) continue;
    if (byId.has(span.id)) throw new RangeError(`${place}: span id "${span.id}" is used twice; relations need span ids unique in their layer`);
    byId.set(span.id, span);
  }
  return byId;
}

function rangeOf(span: AgreementSpan): SpanRange {
  return span.fragments === undefined ? { start: span.start, end: span.end } : { start: span.start, end: span.end, fragments: span.fragments };
}

/** Resolves a relation's ends; `undefined` when one is missing. Undirected relations get their ends in a fixed order. */
function prepareRelation(relation: AgreementRelation, spans: ReadonlyMap<string, AgreementSpan>): PreparedRelation | undefined {
  const fromSpan = spans.get(relation.from);
  const toSpan = spans.get(relation.to);
  if (fromSpan === undefined || toSpan === undefined) return undefined;
  let from = rangeOf(fromSpan);
  let to = rangeOf(toSpan);
  if (!relation.directed && compareShapes(from, to) > 0) [from, to] = [to, from];
  return { directed: relation.directed, from, to, key: `${relation.directed ? 'd' : 'u'}|${shapeKey(from)}|${shapeKey(to)}` };
}

/**
 * Measures relation agreement over the documents of a prepared corpus (see
 * the module comment).
 *
 * @throws RangeError on misuse: a relation with fields of the wrong type, a
 * span id used twice in a layer with relations, relation labels listed twice.
 * @internal
 */
export function relationAgreement(input: AgreementInput, corpus: PreparedCorpus): RelationAgreement {
  const { annotators } = corpus;
  const documents = new Map(input.documents.map((doc) => [doc.id, doc]));
  const relationsOf = (docId: string, annotator: string): readonly AgreementRelation[] => {
    const relations = documents.get(docId)?.relations;
    return relations !== undefined && Object.hasOwn(relations, annotator) ? (relations[annotator] ?? []) : [];
  };
  let labels: string[];
  if (input.relationLabels) {
    labels = [...input.relationLabels];
    checkNames('relationLabels', labels);
  } else {
    const found = new Set<string>();
    for (const doc of corpus.documents) for (const name of annotators) for (const relation of relationsOf(doc.id, name)) found.add(relation.label);
    labels = [...found].sort(compareStrings);
  }
  const labelIndex = new Map(labels.map((label, l) => [label, l]));
  const L = labels.length;
  const pairIndex = new Map<string, number>();
  const pairs: [number, number][] = [];
  for (let a = 0; a < annotators.length; a++) for (let b = a + 1; b < annotators.length; b++) pairIndex.set(`${a} ${b}`, pairs.push([a, b]) - 1);
  const counts = new Float64Array(pairs.length * L * 3); // exact, overlap, |A| + |B|
  const support = new Float64Array(L);
  let dangling = 0;

  for (const doc of corpus.documents) {
    if (doc.present.length < 2) continue;
    const source = documents.get(doc.id);
    // Per present annotator (by position in doc.present), per label: the live relations, sorted.
    const prepared = doc.present.map((r) => {
      const name = annotators[r] as string;
      const place = `document "${doc.id}", layer "${name}"`;
      const relations = relationsOf(doc.id, name);
      const perLabel: PreparedRelation[][] = labels.map(() => []);
      if (relations.length === 0) return perLabel;
      const spans = spansById((source === undefined ? undefined : layerOf(source, name)) ?? [], place);
      relations.forEach((relation, i) => {
        checkRelation(relation, `${place}, relation ${i}`);
        const l = labelIndex.get(relation.label);
        if (l === undefined) return;
        const live = prepareRelation(relation, spans);
        if (live === undefined) dangling++;
        else (perLabel[l] as PreparedRelation[]).push(live);
      });
      for (const list of perLabel) list.sort(compareRelations);
      perLabel.forEach((list, l) => (support[l] = (support[l] as number) + list.length));
      return perLabel;
    });
    for (let i = 0; i < doc.present.length; i++) {
      for (let j = i + 1; j < doc.present.length; j++) {
        const p = pairIndex.get(`${doc.present[i]} ${doc.present[j]}`) as number;
        for (let l = 0; l < L; l++) {
          const listA = (prepared[i] as PreparedRelation[][])[l] as PreparedRelation[];
          const listB = (prepared[j] as PreparedRelation[][])[l] as PreparedRelation[];
          const at = (p * L + l) * 3;
          counts[at] = (counts[at] as number) + exactRelationMatches(listA, listB);
          counts[at + 1] = (counts[at + 1] as number) + overlapRelationMatches(listA, listB);
          counts[at + 2] = (counts[at + 2] as number) + listA.length + listB.length;
        }
      }
    }
  }

  const pairLabelF1 = (p: number, l: number, which: 0 | 1): number | null => f1(counts[(p * L + l) * 3 + which] as number, counts[(p * L + l) * 3 + 2] as number);
  const labelList: RelationLabelAgreement[] = labels.map((_, l) => ({
    f1_exact: meanDefined(pairs.map((_pair, p) => pairLabelF1(p, l, 0))),
    f1_overlap: meanDefined(pairs.map((_pair, p) => pairLabelF1(p, l, 1))),
    support: support[l] as number,
  }));
  const supported = labelList.filter((label) => label.support > 0);
  return {
    labels: Object.fromEntries(labels.map((label, l) => [label, labelList[l] as RelationLabelAgreement])),
    overall: {
      f1_exact: meanDefined(supported.map((label) => label.f1_exact)),
      f1_overlap: meanDefined(supported.map((label) => label.f1_overlap)),
      support: supported.reduce((sum, label) => sum + label.support, 0),
      labels: supported.length,
    },
    pairs: pairs.map(([a, b], p) => {
      let exact = 0;
      let overlap = 0;
      let total = 0;
      for (let l = 0; l < L; l++) {
        exact += counts[(p * L + l) * 3] as number;
        overlap += counts[(p * L + l) * 3 + 1] as number;
        total += counts[(p * L + l) * 3 + 2] as number;
      }
      return { a: annotators[a] as string, b: annotators[b] as string, f1_exact: f1(exact, total), f1_overlap: f1(overlap, total) };
    }),
    dangling,
  };
}

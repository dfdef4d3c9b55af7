/**
 * The string matcher: every occurrence of a string annotated somewhere in
 * the project is suggested with the labels that string was given. The score
 * of a label is its share of that string's annotations, so a string tagged
 * `militarization` three times and `policing` once is suggested as
 * `militarization` with 0.75 and as `policing` with 0.25. A gazetteer seeds
 * the counts (each entry counts as one annotation). Where matches overlap,
 * the leftmost wins, and the longest of those starting there, so `Guard`
 * inside a matched `National Guard` is not suggested on its own.
 *
 * The model keeps, per training document, how often each string got each
 * label, so a change to some documents updates it without retraining.
 */
import { splitsSurrogatePair, type TextDocument } from '@glossa/core';
import { Digest, modelVersion } from './digest.js';
import type { GazetteerEntry } from './gazetteer.js';
import { compareStrings, finishSuggestions } from './suggestions.js';
import { StringAutomaton, foldCase, isWholeWord } from './text-match.js';
import type { ModelBase, Recommender, Suggestion, TrainingChange, TrainingExample } from './types.js';

/** Options of the string matcher. */
export interface StringMatchOptions {
  /** The recommender's name in suggestions. @default 'string-match' */
  readonly name?: string;
  /** Match regardless of case (each code point lowercased where that keeps its length). @default false */
  readonly caseInsensitive?: boolean;
  /** Only match where a match neither starts nor ends inside a word. @default true */
  readonly wholeWords?: boolean;
  /** Suggest a label only when its share of the string's annotations is at least this. @default 0 */
  readonly minScore?: number;
  /** Entries that count as one annotation each, before any document. */
  readonly gazetteer?: readonly GazetteerEntry[];
}

/** How often a (normalized) string was annotated with a label. */
export type StringLabelCount = readonly [text: string, label: string, count: number];

/** A string matcher model: counts per document and their sum per string. */
export interface StringMatchModel extends ModelBase<'string-match'> {
  readonly options: { readonly caseInsensitive: boolean; readonly wholeWords: boolean; readonly minScore: number };
  /** Gazetteer counts, sorted by (text, label). */
  readonly seed: readonly StringLabelCount[];
  /** Counts per training document, sorted by document id; each list sorted by (text, label). */
  readonly documents: readonly { readonly id: string; readonly counts: readonly StringLabelCount[] }[];
  /** The sum over seed and documents: per string, its labels and counts, strings sorted. */
  readonly strings: readonly { readonly text: string; readonly labels: readonly (readonly [label: string, count: number])[] }[];
}

interface ResolvedOptions {
  readonly name: string;
  readonly caseInsensitive: boolean;
  readonly wholeWords: boolean;
  readonly minScore: number;
}

function resolve(options: StringMatchOptions): ResolvedOptions {
  return { name: options.name ?? 'string-match', caseInsensitive: options.caseInsensitive ?? false, wholeWords: options.wholeWords ?? true, minScore: options.minScore ?? 0 };
}

function normalize(text: string, caseInsensitive: boolean): string {
  const trimmed = text.trim();
  return caseInsensitive ? foldCase(trimmed) : trimmed;
}

function compareCounts(a: StringLabelCount, b: StringLabelCount): number {
  return compareStrings(a[0], b[0]) || compareStrings(a[1], b[1]);
}

/** Counts (text, label) pairs into a sorted list. */
function countPairs(pairs: Iterable<readonly [string, string]>): StringLabelCount[] {
  const counts = new Map<string, [string, string, number]>();
  for (const [text, label] of pairs) {
    if (text === '') continue;
    const key = `${label}\u0000${text}`;
    const entry = counts.get(key);
    if (entry) entry[2]++;
    else counts.set(key, [text, label, 1]);
  }
  return [...counts.values()].sort(compareCounts);
}

function documentCounts(example: TrainingExample, caseInsensitive: boolean): StringLabelCount[] {
  const text = example.document.text;
  return countPairs(example.spans.filter((s) => s.start < s.end).map((s) => [normalize(text.slice(s.start, s.end), caseInsensitive), s.label] as const));
}

/** Builds the model from its counts: sums, version. */
function assemble(options: ResolvedOptions, seed: readonly StringLabelCount[], documents: { id: string; counts: readonly StringLabelCount[] }[]): StringMatchModel {
  documents.sort((a, b) => compareStrings(a.id, b.id));
  const sums = new Map<string, Map<string, number>>();
  const digest = new Digest();
  const addAll = (counts: readonly StringLabelCount[]): void => {
    for (const [text, label, count] of counts) {
      let labels = sums.get(text);
      if (!labels) sums.set(text, (labels = new Map()));
      labels.set(label, (labels.get(label) ?? 0) + count);
      digest.add(text).add(label).addNumber(count);
    }
  };
  digest.add('seed');
  addAll(seed);
  for (const doc of documents) {
    digest.add('doc').add(doc.id);
    addAll(doc.counts);
  }
  const strings = [...sums.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([text, labels]) => ({ text, labels: [...labels.entries()].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0])) }));
  const { name, ...versioned } = options;
  return { kind: 'string-match', name, version: modelVersion('string-match', versioned, digest), options: versioned, seed, documents, strings };
}

const automata = new WeakMap<StringMatchModel, StringAutomaton>();

function automatonOf(model: StringMatchModel): StringAutomaton {
  let automaton = automata.get(model);
  if (!automaton) automata.set(model, (automaton = new StringAutomaton(model.strings.map((s) => s.text))));
  return automaton;
}

/** Suggestions of a string matcher model: every occurrence of its strings (for callers holding only the model, e.g. a worker). */
export function predictStringMatch(model: StringMatchModel, document: TextDocument): Suggestion[] {
  const text = document.text;
  const haystack = model.options.caseInsensitive ? foldCase(text) : text;
  const found: { id: number; start: number; end: number }[] = [];
  automatonOf(model).scan(haystack, (id, start, end) => {
    // A string that starts or ends with half of a surrogate pair (a gazetteer may hold one) matches no whole character.
    if (splitsSurrogatePair(text, start) || splitsSurrogatePair(text, end)) return;
    if (!model.options.wholeWords || isWholeWord(text, start, end)) found.push({ id, start, end });
  });
  // The leftmost match wins, and the longest among those starting there: a string inside a longer matched one is not suggested.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const suggestions: Suggestion[] = [];
  let reached = 0;
  for (const match of found) {
    const entry = model.strings[match.id];
    if (!entry || match.start < reached) continue;
    reached = match.end;
    const total = entry.labels.reduce((sum, [, count]) => sum + count, 0);
    for (const [label, count] of entry.labels) {
      const score = count / total;
      if (score < model.options.minScore) continue;
      const bestOther = entry.labels.reduce((best, [other, c]) => (other === label ? best : Math.max(best, c / total)), 0);
      suggestions.push({
        start: match.start,
        end: match.end,
        label,
        score,
        margin: score - bestOther,
        recommender: model.name,
        modelVersion: model.version,
        explanation: `annotated ${count} of ${total} time${total === 1 ? '' : 's'} with this label`,
      });
    }
  }
  return finishSuggestions(text, suggestions);
}

/**
 * The string matcher with its options.
 *
 * @example
 * const matcher = stringMatchRecommender({ caseInsensitive: true });
 * const model = matcher.train([{ document: { id: 'd1', text: 'The Guard came.' }, spans: [{ start: 4, end: 9, label: 'militarization' }] }]);
 * matcher.predict(model, { id: 'd2', text: 'A guard left.' }); // [{ start: 2, end: 7, label: 'militarization', score: 1, … }]
 */
export function stringMatchRecommender(options: StringMatchOptions = {}): Recommender<StringMatchModel> & {
  /** Applies a change of the training data by adjusting the counts; the result equals (version included) the model retrained on the changed data. */
  update(model: StringMatchModel, change: TrainingChange): StringMatchModel;
} {
  const resolved = resolve(options);
  const seed = countPairs((options.gazetteer ?? []).map((e) => [normalize(e.text, resolved.caseInsensitive), e.label] as const));
  return {
    kind: 'string-match',
    train(examples) {
      return assemble(resolved, seed, examples.map((e) => ({ id: e.document.id, counts: documentCounts(e, resolved.caseInsensitive) })));
    },
    predict: predictStringMatch,
    update(model, change) {
      const own = { name: model.name, ...model.options };
      const removed = new Set(change.remove ?? []);
      const upserts = new Map((change.upsert ?? []).map((e) => [e.document.id, e] as const));
      const documents = model.documents.filter((d) => !removed.has(d.id) && !upserts.has(d.id));
      for (const [id, example] of upserts) documents.push({ id, counts: documentCounts(example, own.caseInsensitive) });
      return assemble(own, model.seed, documents);
    },
  };
}

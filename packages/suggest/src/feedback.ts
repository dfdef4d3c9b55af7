/**
 * What users did with suggestions: rejection memory (a rejected suggestion
 * never comes back for the same text and label), "corrected" detection (the
 * user made an overlapping span with another label or other boundaries) and
 * feedback statistics per recommender, label and user.
 */
import { quoteKey, type LabeledSpan } from '@glossa/core';
import { compareStrings } from './suggestions.js';
import type { Suggestion } from './types.js';

/**
 * Drops the suggestions whose (normalized text, label) was rejected: a
 * rejection holds for every occurrence of the text, in every document and
 * for every later model.
 *
 * @param rejected keys made with `quoteKey(label, text)` of @glossa/core
 */
export function dropRejected<S extends Pick<Suggestion, 'start' | 'end' | 'label'>>(suggestions: readonly S[], documentText: string, rejected: ReadonlySet<string>): S[] {
  if (rejected.size === 0) return [...suggestions];
  return suggestions.filter((s) => !rejected.has(quoteKey(s.label, documentText.slice(s.start, s.end))));
}

/**
 * Drops the suggestions that a span of the same label already overlaps:
 * what is annotated is not suggested again.
 */
export function dropAnnotated<S extends Pick<Suggestion, 'start' | 'end' | 'label'>>(suggestions: readonly S[], spans: readonly LabeledSpan[]): S[] {
  return suggestions.filter((s) => !spans.some((a) => a.label === s.label && a.start < s.end && a.end > s.start));
}

/** What a user's spans say about a suggestion. */
export type SpanOutcome = 'accepted' | 'corrected';

/**
 * Compares a suggestion with a user's spans: `accepted` when one of them has
 * the same boundaries and label; `corrected` when one overlaps it with
 * another label or other boundaries; `undefined` when none touches it.
 */
export function outcomeFromSpans(suggestion: Pick<Suggestion, 'start' | 'end' | 'label'>, spans: readonly LabeledSpan[]): SpanOutcome | undefined {
  let corrected = false;
  for (const span of spans) {
    if (span.start === suggestion.start && span.end === suggestion.end && span.label === suggestion.label) return 'accepted';
    if (span.start < suggestion.end && span.end > suggestion.start) corrected = true;
  }
  return corrected ? 'corrected' : undefined;
}

/**
 * The suggestions a user corrected: each with the first user span (in the
 * given order) that overlaps it with another label or other boundaries,
 * unless a span matches it exactly.
 */
export function findCorrections<S extends Pick<Suggestion, 'start' | 'end' | 'label'>>(suggestions: readonly S[], spans: readonly LabeledSpan[]): { suggestion: S; span: LabeledSpan }[] {
  const found: { suggestion: S; span: LabeledSpan }[] = [];
  for (const suggestion of suggestions) {
    if (outcomeFromSpans(suggestion, spans) !== 'corrected') continue;
    const span = spans.find((a) => a.start < suggestion.end && a.end > suggestion.start) as LabeledSpan;
    found.push({ suggestion, span });
  }
  return found;
}

/** A user's decision on a suggestion. */
export type FeedbackAction = 'accepted' | 'rejected' | 'corrected';

/** One feedback entry: who did what with which suggestion, and when. */
export interface FeedbackRecord {
  /** The suggestion's key (the same suggestion shown twice has one key). */
  readonly key: string;
  readonly action: FeedbackAction;
  /** The user id. */
  readonly by: string;
  /** When, in ms since the epoch; the latest record of a user for a key counts. */
  readonly at: number;
  readonly recommender: string;
  readonly label: string;
}

/** A suggestion shown to a user. */
export interface ShownRecord {
  readonly key: string;
  readonly user: string;
  readonly recommender: string;
  readonly label: string;
}

/** Counts and rates of one group; rates are shares of `shown`, `null` when nothing was shown. */
export interface FeedbackCounts {
  readonly shown: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly corrected: number;
  readonly acceptedRate: number | null;
  readonly rejectedRate: number | null;
  readonly correctedRate: number | null;
}

/** Feedback statistics: overall, per recommender, per label, per user and per (recommender, label, user). */
export interface FeedbackStatistics {
  readonly total: FeedbackCounts;
  readonly byRecommender: Readonly<Record<string, FeedbackCounts>>;
  readonly byLabel: Readonly<Record<string, FeedbackCounts>>;
  readonly byUser: Readonly<Record<string, FeedbackCounts>>;
  /** One row per (recommender, label, user) with any suggestion shown, sorted. */
  readonly rows: readonly ({ readonly recommender: string; readonly label: string; readonly user: string } & FeedbackCounts)[];
}

interface Tally {
  shown: number;
  accepted: number;
  rejected: number;
  corrected: number;
}

function finish(t: Tally): FeedbackCounts {
  const rate = (n: number): number | null => (t.shown === 0 ? null : n / t.shown);
  return { ...t, acceptedRate: rate(t.accepted), rejectedRate: rate(t.rejected), correctedRate: rate(t.corrected) };
}

function sortedRecord(map: Map<string, Tally>): Record<string, FeedbackCounts> {
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([k, t]) => [k, finish(t)]));
}

/**
 * Counts what was shown, accepted, rejected and corrected. A suggestion
 * counts once per user (by key); a user's latest feedback on it (by `at`,
 * then by order) is its outcome; a suggestion with feedback counts as shown
 * even without a shown record.
 */
export function feedbackStatistics(input: { readonly shown?: readonly ShownRecord[]; readonly feedback: readonly FeedbackRecord[] }): FeedbackStatistics {
  const items = new Map<string, { recommender: string; label: string; user: string; action?: FeedbackAction; at: number }>();
  const id = (key: string, user: string): string => `${user}\u0000${key}`;
  for (const s of input.shown ?? []) if (!items.has(id(s.key, s.user))) items.set(id(s.key, s.user), { recommender: s.recommender, label: s.label, user: s.user, at: -Infinity });
  for (const f of input.feedback) {
    const current = items.get(id(f.key, f.by));
    if (current?.action !== undefined && current.at > f.at) continue;
    items.set(id(f.key, f.by), { recommender: f.recommender, label: f.label, user: f.by, action: f.action, at: f.at });
  }
  const total: Tally = { shown: 0, accepted: 0, rejected: 0, corrected: 0 };
  const groups = { recommender: new Map<string, Tally>(), label: new Map<string, Tally>(), user: new Map<string, Tally>(), row: new Map<string, Tally>() };
  const tallyOf = (map: Map<string, Tally>, key: string): Tally => {
    let t = map.get(key);
    if (!t) map.set(key, (t = { shown: 0, accepted: 0, rejected: 0, corrected: 0 }));
    return t;
  };
  for (const item of items.values()) {
    const tallies = [total, tallyOf(groups.recommender, item.recommender), tallyOf(groups.label, item.label), tallyOf(groups.user, item.user), tallyOf(groups.row, `${item.recommender}\u0000${item.label}\u0000${item.user}`)];
    for (const t of tallies) {
      t.shown++;
      if (item.action !== undefined) t[item.action]++;
    }
  }
  const rows = [...groups.row.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([key, t]) => {
      const [recommender, label, user] = key.split('\u0000') as [string, string, string];
      return { recommender, label, user, ...finish(t) };
    });
  return { total: finish(total), byRecommender: sortedRecord(groups.recommender), byLabel: sortedRecord(groups.label), byUser: sortedRecord(groups.user), rows };
}

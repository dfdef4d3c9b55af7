import { describe, expect, it } from 'vitest';
import { quoteKey } from '@glossa/core';
import { dropAnnotated, dropRejected, feedbackStatistics, findCorrections, outcomeFromSpans, type FeedbackRecord, type ShownRecord } from '../src/index.js';

describe('rejection memory', () => {
  it('drops a rejected (text, label) wherever the text occurs again, whatever its case, spacing or composition', () => {
    const text = 'The National  Guard came. the national guard left. The National\nGuard stayed.';
    const rejected = new Set([quoteKey('militarization', 'National Guard')]);
    const occurrences = [...text.matchAll(/national\s+guard/giu)].map((m) => ({ start: m.index, end: m.index + m[0].length, label: 'militarization' }));
    const other = { start: 4, end: 19, label: 'policing' };
    expect(dropRejected([...occurrences, other], text, rejected)).toEqual([other]);
    expect(occurrences).toHaveLength(3);
  });

  it('drops suggestions a span of the same label already overlaps', () => {
    const suggestions = [
      { start: 0, end: 5, label: 'a' },
      { start: 0, end: 5, label: 'b' },
      { start: 10, end: 15, label: 'a' },
    ];
    expect(dropAnnotated(suggestions, [{ start: 3, end: 8, label: 'a' }])).toEqual(suggestions.slice(1));
  });
});

describe('corrections', () => {
  const suggestion = { start: 10, end: 20, label: 'militarization' };
  it.each([
    [[{ start: 10, end: 20, label: 'militarization' }], 'accepted'],
    [[{ start: 10, end: 20, label: 'policing' }], 'corrected'],
    [[{ start: 12, end: 25, label: 'militarization' }], 'corrected'],
    [[{ start: 0, end: 10, label: 'policing' }], undefined],
    [[{ start: 15, end: 16, label: 'x' }, { start: 10, end: 20, label: 'militarization' }], 'accepted'],
  ] as const)('%o → %s', (spans, outcome) => {
    expect(outcomeFromSpans(suggestion, spans)).toBe(outcome);
  });

  it('lists each corrected suggestion with the span that corrected it', () => {
    const spans = [{ start: 0, end: 4, label: 'b' }, { start: 30, end: 40, label: 'a' }];
    expect(findCorrections([suggestion, { start: 2, end: 6, label: 'a' }, { start: 30, end: 40, label: 'a' }], spans)).toEqual([{ suggestion: { start: 2, end: 6, label: 'a' }, span: spans[0] }]);
  });
});

describe('feedbackStatistics of a scripted session', () => {
  const shown: ShownRecord[] = [
    { key: 's1', user: 'u1', recommender: 'string-match', label: 'militarization' },
    { key: 's2', user: 'u1', recommender: 'string-match', label: 'policing' },
    { key: 's3', user: 'u1', recommender: 'tagger', label: 'name' },
    { key: 's1', user: 'u2', recommender: 'string-match', label: 'militarization' },
    { key: 's3', user: 'u2', recommender: 'tagger', label: 'name' },
    { key: 's1', user: 'u2', recommender: 'string-match', label: 'militarization' },
  ];
  const f = (key: string, by: string, action: FeedbackRecord['action'], at: number, recommender: string, label: string): FeedbackRecord => ({ key, by, action, at, recommender, label });
  const feedback: FeedbackRecord[] = [
    f('s1', 'u1', 'accepted', 1, 'string-match', 'militarization'),
    f('s2', 'u1', 'rejected', 2, 'string-match', 'policing'),
    f('s3', 'u1', 'corrected', 3, 'tagger', 'name'),
    f('s3', 'u1', 'accepted', 4, 'tagger', 'name'),
    f('s1', 'u2', 'rejected', 5, 'string-match', 'militarization'),
    f('s4', 'u2', 'accepted', 6, 'string-match', 'name'),
    f('s4', 'u2', 'rejected', 1, 'string-match', 'name'),
    f('s3', 'u2', 'corrected', 7, 'tagger', 'name'),
  ];
  const stats = feedbackStatistics({ shown, feedback });

  it('counts each suggestion once per user, with the user’s latest feedback', () => {
    expect(stats.total).toEqual({ shown: 6, accepted: 3, rejected: 2, corrected: 1, acceptedRate: 0.5, rejectedRate: 2 / 6, correctedRate: 1 / 6 });
  });

  it('breaks the counts down by recommender, label and user', () => {
    const counts = (r: { shown: number; accepted: number; rejected: number; corrected: number } | undefined) => r && [r.shown, r.accepted, r.rejected, r.corrected];
    expect(Object.keys(stats.byRecommender)).toEqual(['string-match', 'tagger']);
    expect(counts(stats.byRecommender['string-match'])).toEqual([4, 2, 2, 0]);
    expect(counts(stats.byRecommender.tagger)).toEqual([2, 1, 0, 1]);
    expect(counts(stats.byLabel.militarization)).toEqual([2, 1, 1, 0]);
    expect(counts(stats.byLabel.policing)).toEqual([1, 0, 1, 0]);
    expect(counts(stats.byLabel.name)).toEqual([3, 2, 0, 1]);
    expect(counts(stats.byUser.u1)).toEqual([3, 2, 1, 0]);
    expect(counts(stats.byUser.u2)).toEqual([3, 1, 1, 1]);
    expect(stats.rows.map((r) => `${r.recommender}/${r.label}/${r.user}:${r.shown}`)).toEqual([
      'string-match/militarization/u1:1',
      'string-match/militarization/u2:1',
      'string-match/name/u2:1',
      'string-match/policing/u1:1',
      'tagger/name/u1:1',
      'tagger/name/u2:1',
    ]);
  });

  it('gives no rate when nothing was shown', () => {
    expect(feedbackStatistics({ feedback: [] }).total).toEqual({ shown: 0, accepted: 0, rejected: 0, corrected: 0, acceptedRate: null, rejectedRate: null, correctedRate: null });
  });
});

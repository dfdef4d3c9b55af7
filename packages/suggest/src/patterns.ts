/**
 * The pattern recommender: the rules of a spaCy `EntityRuler`/`SpanRuler`
 * or Prodigy pattern file (see `parsePatternFile`), matched as spaCy
 * matches them (see `pattern-matcher.ts`).
 *
 * Overlapping matches are resolved as spaCy's rulers do, per `overlaps`:
 * `longest-per-label` (the default) keeps, per label, the longest match and
 * the earliest among equally long ones, so different labels may overlap;
 * `longest` does the same across labels (the `EntityRuler` filling
 * `doc.ents`); `all` keeps every match (a `SpanRuler` span group).
 *
 * Rules do not learn, but their score does: trained on annotated documents,
 * a rule's score is the share of its matches that are annotated spans of its
 * label, smoothed toward `priorScore` (a rule never seen scores `priorScore`).
 */
import type { TextDocument } from '@glossa/core';
import { canonicalJson, Digest, modelVersion } from './digest.js';
import type { PatternRule, StringAttribute } from './pattern-file.js';
import { RuleMatcher, TokenView, type RuleMatch } from './pattern-matcher.js';
import type { PatternToken } from './pattern-tokens.js';
import { finishSuggestions } from './suggestions.js';
import type { ModelBase, Recommender, Suggestion, TrainingExample } from './types.js';

/** How overlapping matches are resolved. */
export type PatternOverlaps = 'longest-per-label' | 'longest' | 'all';

/** Options of the pattern recommender. */
export interface PatternsOptions {
  /** The rules, from `parsePatternFile`. */
  readonly rules: readonly PatternRule[];
  /** The recommender's name in suggestions. @default 'patterns' */
  readonly name?: string;
  /** The token attribute phrase patterns compare (spaCy's `phrase_matcher_attr`). @default 'ORTH' */
  readonly phraseAttribute?: StringAttribute;
  /** How overlapping matches are resolved (see the module comment). @default 'longest-per-label' */
  readonly overlaps?: PatternOverlaps;
  /** The score of a rule without evidence. @default 0.9 */
  readonly priorScore?: number;
  /** How many matches the prior counts as. @default 2 */
  readonly priorWeight?: number;
}

/** A pattern model: the rules and, per rule, its matches and hits in the training documents. */
export interface PatternsModel extends ModelBase<'patterns'> {
  readonly options: { readonly phraseAttribute: StringAttribute; readonly overlaps: PatternOverlaps; readonly priorScore: number; readonly priorWeight: number };
  readonly rules: readonly PatternRule[];
  /** Per rule: `[matches, hits]` over the training documents (a hit is a match that is an annotated span of the rule's label). */
  readonly evidence: readonly (readonly [matches: number, hits: number])[];
}

const matchers = new WeakMap<PatternsModel, RuleMatcher>();

function matcherOf(model: PatternsModel): RuleMatcher {
  let matcher = matchers.get(model);
  if (!matcher) matchers.set(model, (matcher = new RuleMatcher(model.rules, model.options.phraseAttribute)));
  return matcher;
}

/** Matches deduplicated per (rule, first, last). */
function distinct(matches: readonly RuleMatch[]): RuleMatch[] {
  const seen = new Set<string>();
  return matches.filter((m) => {
    const key = `${m.rule}:${m.first}:${m.last}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function ruleScore(model: PatternsModel, rule: number): number {
  const [matches, hits] = model.evidence[rule] ?? [0, 0];
  const { priorScore, priorWeight } = model.options;
  return (hits + priorWeight * priorScore) / (matches + priorWeight);
}

/** Keeps the longest match (then the earliest) of each group, dropping those that share a token with a kept one. */
function keepLongest<T extends { first: number; last: number }>(items: readonly T[]): T[] {
  const sorted = [...items].sort((a, b) => b.last - b.first - (a.last - a.first) || a.first - b.first);
  const taken = new Set<number>();
  const kept: T[] = [];
  for (const item of sorted) {
    let free = true;
    for (let i = item.first; i < item.last && free; i++) free = !taken.has(i);
    if (!free) continue;
    for (let i = item.first; i < item.last; i++) taken.add(i);
    kept.push(item);
  }
  return kept;
}

/** Suggestions of a pattern model (for callers holding only the model, e.g. a worker). */
export function predictPatterns(model: PatternsModel, document: TextDocument): Suggestion[] {
  const view = new TokenView(document.text);
  // One candidate per (first, last, label): the best-scoring rule explains it.
  const candidates = new Map<string, { first: number; last: number; label: string; score: number; rule: number }>();
  for (const m of matcherOf(model).match(view)) {
    const rule = model.rules[m.rule] as PatternRule;
    const key = `${m.first}:${m.last}:${rule.label}`;
    const score = ruleScore(model, m.rule);
    const current = candidates.get(key);
    if (!current || score > current.score) candidates.set(key, { first: m.first, last: m.last, label: rule.label, score, rule: m.rule });
  }
  let kept = [...candidates.values()];
  if (model.options.overlaps === 'longest') kept = keepLongest(kept);
  else if (model.options.overlaps === 'longest-per-label') {
    const byLabel = new Map<string, typeof kept>();
    for (const c of kept) {
      const list = byLabel.get(c.label);
      if (list) list.push(c);
      else byLabel.set(c.label, [c]);
    }
    kept = [...byLabel.values()].flatMap(keepLongest);
  }
  return finishSuggestions(
    document.text,
    kept.map((c) => {
      const rule = model.rules[c.rule] as PatternRule;
      return {
        start: (view.tokens[c.first] as PatternToken).start,
        end: (view.tokens[c.last - 1] as PatternToken).end,
        label: c.label,
        score: c.score,
        recommender: model.name,
        modelVersion: model.version,
        explanation: rule.id === undefined ? `pattern on line ${rule.line}` : `pattern ${rule.id} (line ${rule.line})`,
      };
    }),
  );
}

/**
 * The pattern recommender for a set of rules.
 *
 * @example
 * const rules = parsePatternFile('{"label": "ORG", "pattern": "Apple"}');
 * if (rules.ok) {
 *   const recommender = patternsRecommender({ rules: rules.value });
 *   recommender.predict(recommender.train([]), { id: 'd', text: 'Apple is opening.' }); // ORG on "Apple", score 0.9
 * }
 */
export function patternsRecommender(options: PatternsOptions): Recommender<PatternsModel> {
  const resolved = {
    phraseAttribute: options.phraseAttribute ?? 'ORTH',
    overlaps: options.overlaps ?? 'longest-per-label',
    priorScore: options.priorScore ?? 0.9,
    priorWeight: options.priorWeight ?? 2,
  } as const;
  const rules = options.rules;
  const name = options.name ?? 'patterns';
  return {
    kind: 'patterns',
    train(examples: readonly TrainingExample[]): PatternsModel {
      const matcher = new RuleMatcher(rules, resolved.phraseAttribute);
      const evidence = rules.map(() => [0, 0] as [number, number]);
      for (const example of examples) {
        const view = new TokenView(example.document.text);
        const annotated = new Set(example.spans.map((s) => `${s.start}:${s.end}:${s.label}`));
        for (const m of distinct(matcher.match(view))) {
          const counts = evidence[m.rule] as [number, number];
          const rule = rules[m.rule] as PatternRule;
          counts[0]++;
          if (annotated.has(`${(view.tokens[m.first] as PatternToken).start}:${(view.tokens[m.last - 1] as PatternToken).end}:${rule.label}`)) counts[1]++;
        }
      }
      const digest = new Digest().add(canonicalJson(rules));
      for (const [m, h] of evidence) digest.addNumber(m).addNumber(h);
      return { kind: 'patterns', name, version: modelVersion('patterns', resolved, digest), options: resolved, rules, evidence };
    },
    predict: predictPatterns,
  };
}

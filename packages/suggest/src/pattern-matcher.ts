/**
 * Matching pattern rules against a text's pattern tokens, with the
 * semantics of spaCy's `Matcher` and `PhraseMatcher`: a token pattern
 * matches every token sequence it describes (all lengths that `?`, `*`, `+`
 * and `{n,m}` allow, zero-length matches left out); `!` is one token for
 * which the dictionary's tests do not all hold; `REGEX` searches (Python's
 * `re.search`) the attribute's string; a phrase matches the same sequence of
 * token values, the phrase tokenized as the text is.
 */
import { splitSentences } from '@glossa/formats/sentences';
import { tokenize } from '@glossa/formats/tokenizer';
import type { AttributeTest, PatternRegex, PatternRule, StringAttribute, TokenAttribute, ValueTest } from './pattern-file.js';
import { patternTokens, type PatternToken } from './pattern-tokens.js';
import {
  codePointCount,
  isAlpha,
  isAscii,
  isBracket,
  isCurrency,
  isDigit,
  isLeftPunct,
  isLower,
  isPunct,
  isQuote,
  isRightPunct,
  isSpace,
  isTitle,
  isUpper,
  likeNum,
  wordShape,
} from './token-attributes.js';

/** A match of a rule: tokens `[first, last)`. */
export interface RuleMatch {
  readonly rule: number;
  readonly first: number;
  readonly last: number;
}

/** The tokens of a text with their attributes, computed on first use. */
export class TokenView {
  readonly tokens: readonly PatternToken[];
  private readonly strings = new Map<StringAttribute, string[]>();
  private sentenceStarts: Set<number> | undefined;

  constructor(readonly text: string) {
    this.tokens = patternTokens(text);
  }

  /** A string attribute of token `i`. */
  string(attr: StringAttribute, i: number): string {
    const token = this.tokens[i] as PatternToken;
    if (attr === 'ORTH') return token.text;
    let values = this.strings.get(attr);
    if (!values) this.strings.set(attr, (values = new Array<string>(this.tokens.length)));
    let value = values[i];
    if (value === undefined) values[i] = value = attr === 'LOWER' ? token.text.toLowerCase() : wordShape(token.text);
    return value;
  }

  /** A flag attribute of token `i`. */
  flag(attr: TokenAttribute, i: number): boolean {
    const token = this.tokens[i] as PatternToken;
    const t = token.text;
    switch (attr) {
      case 'IS_ALPHA':
        return isAlpha(t);
      case 'IS_ASCII':
        return isAscii(t);
      case 'IS_DIGIT':
        return isDigit(t);
      case 'IS_LOWER':
        return isLower(t);
      case 'IS_UPPER':
        return isUpper(t);
      case 'IS_TITLE':
        return isTitle(t);
      case 'IS_PUNCT':
        return isPunct(t);
      case 'IS_SPACE':
        return isSpace(t);
      case 'IS_BRACKET':
        return isBracket(t);
      case 'IS_QUOTE':
        return isQuote(t);
      case 'IS_LEFT_PUNCT':
        return isLeftPunct(t);
      case 'IS_RIGHT_PUNCT':
        return isRightPunct(t);
      case 'IS_CURRENCY':
        return isCurrency(t);
      case 'LIKE_NUM':
        return likeNum(t);
      case 'SPACY':
        return token.end < this.text.length && /\s/u.test(this.text[token.end] as string);
      case 'IS_SENT_START':
        return this.sentenceStartSet().has(token.start);
      default:
        return false;
    }
  }

  private sentenceStartSet(): Set<number> {
    if (!this.sentenceStarts) {
      const tokens = tokenize(this.text);
      this.sentenceStarts = new Set(splitSentences(this.text, tokens).map((s) => tokens[s.first]?.start ?? -1));
    }
    return this.sentenceStarts;
  }
}

/** Levenshtein distance, or `max + 1` as soon as it must exceed `max`. */
function boundedLevenshtein(a: readonly string[], b: readonly string[], max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length] as number;
}

/** spaCy's `levenshtein_compare`: equal, or within the edit limit (`-1`: at least 2, up to 30 % of the pattern's length, rounded half to even). */
function fuzzyEquals(input: string, pattern: string, maxEdits: number): boolean {
  if (input === pattern) return true;
  const p = Array.from(pattern);
  let limit = maxEdits;
  if (limit < 0) {
    const x = 0.3 * p.length;
    const r = Math.round(x);
    limit = Math.max(2, Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r);
  }
  return boundedLevenshtein(Array.from(input), p, limit) <= limit;
}

/** Compiles a translated expression (once per matcher: tests are compiled when the matcher is built). */
function compileRegex(regex: PatternRegex): RegExp {
  return new RegExp(regex.source, `${regex.flags}u`);
}

/** A test of an attribute value, compiled. */
function compileValueTest(test: ValueTest): (value: string | number | boolean) => boolean {
  switch (test.op) {
    case 'equals':
      return (v) => v === test.value;
    case 'in':
    case 'is-subset':
    case 'intersects': {
      const set = new Set<string | number>(test.values);
      return (v) => set.has(v as string | number);
    }
    case 'not-in': {
      const set = new Set<string | number>(test.values);
      return (v) => !set.has(v as string | number);
    }
    case 'is-superset':
      // A single value as a set is a superset of the list when the list holds nothing else.
      return (v) => test.values.every((x) => x === v);
    case 'regex': {
      const re = compileRegex(test.regex);
      return (v) => re.test(String(v));
    }
    case 'regex-in': {
      const res = test.regexes.map(compileRegex);
      return (v) => res.some((re) => re.test(String(v)));
    }
    case 'regex-not-in': {
      const res = test.regexes.map(compileRegex);
      return (v) => !res.some((re) => re.test(String(v)));
    }
    case 'fuzzy':
      return (v) => fuzzyEquals(String(v), test.value, test.maxEdits);
    case 'fuzzy-in':
      return (v) => test.values.some((x) => fuzzyEquals(String(v), x, test.maxEdits));
    case 'fuzzy-not-in':
      return (v) => !test.values.some((x) => fuzzyEquals(String(v), x, test.maxEdits));
    case '==':
      return (v) => v === test.value;
    case '!=':
      return (v) => v !== test.value;
    case '>=':
      return (v) => (v as number) >= test.value;
    case '<=':
      return (v) => (v as number) <= test.value;
    case '>':
      return (v) => (v as number) > test.value;
    case '<':
      return (v) => (v as number) < test.value;
  }
}

type TokenTest = (view: TokenView, i: number) => boolean;

function compileAttributeTest({ attr, test }: AttributeTest): TokenTest {
  const check = compileValueTest(test);
  if (attr === 'ORTH' || attr === 'LOWER' || attr === 'SHAPE') return (view, i) => check(view.string(attr, i));
  if (attr === 'LENGTH') return (view, i) => check(codePointCount((view.tokens[i] as PatternToken).text));
  return (view, i) => check(view.flag(attr, i));
}

/** One step of a compiled token pattern: spaCy's ONE, ZERO_ONE or ZERO_PLUS. */
interface Step {
  readonly repeat: 'one' | 'optional' | 'any';
  readonly test: TokenTest;
}

function compileTokenPattern(rule: PatternRule & { pattern: { type: 'tokens' } }): Step[] {
  const steps: Step[] = [];
  for (const spec of rule.pattern.tokens) {
    const tests = spec.tests.map(compileAttributeTest);
    const all: TokenTest = (view, i) => tests.every((t) => t(view, i));
    const test: TokenTest = spec.negate ? (view, i) => !all(view, i) : all;
    for (let n = 0; n < spec.min; n++) steps.push({ repeat: 'one', test });
    if (spec.max === null) steps.push({ repeat: 'any', test });
    else for (let n = spec.min; n < spec.max; n++) steps.push({ repeat: 'optional', test });
  }
  return steps;
}

/** Adds the steps reachable without consuming a token. */
function closure(steps: readonly Step[], states: Uint8Array): void {
  for (let k = 0; k < steps.length; k++) if (states[k] === 1 && (steps[k] as Step).repeat !== 'one') states[k + 1] = 1;
}

/** Every end of a match of `steps` starting at token `first`. */
function matchEnds(steps: readonly Step[], view: TokenView, first: number, found: (last: number) => void): void {
  const n = steps.length;
  let states = new Uint8Array(n + 1);
  states[0] = 1;
  closure(steps, states);
  for (let p = first; p < view.tokens.length; p++) {
    const next = new Uint8Array(n + 1);
    let alive = false;
    for (let k = 0; k < n; k++) {
      if (states[k] !== 1) continue;
      const step = steps[k] as Step;
      if (!step.test(view, p)) continue;
      next[step.repeat === 'any' ? k : k + 1] = 1;
      alive = true;
    }
    if (!alive) return;
    closure(steps, next);
    if (next[n] === 1) found(p + 1);
    states = next;
  }
}

/** Compiled rules, ready to match any number of texts. */
export class RuleMatcher {
  private readonly tokenRules: { rule: number; steps: Step[] }[] = [];
  /** Phrase rules by the value of their first token. */
  private readonly phrases = new Map<string, { rule: number; values: string[] }[]>();

  constructor(
    rules: readonly PatternRule[],
    private readonly phraseAttribute: StringAttribute,
  ) {
    rules.forEach((rule, index) => {
      if (rule.pattern.type === 'tokens') {
        this.tokenRules.push({ rule: index, steps: compileTokenPattern(rule as PatternRule & { pattern: { type: 'tokens' } }) });
        return;
      }
      const view = new TokenView(rule.pattern.text);
      const values = view.tokens.map((_, i) => view.string(phraseAttribute, i));
      if (values.length === 0) return;
      const key = values[0] as string;
      let list = this.phrases.get(key);
      if (!list) this.phrases.set(key, (list = []));
      list.push({ rule: index, values });
    });
  }

  /** Every match of every rule in a text's tokens. */
  match(view: TokenView): RuleMatch[] {
    const matches: RuleMatch[] = [];
    const count = view.tokens.length;
    for (let first = 0; first < count; first++) {
      const candidates = this.phrases.size === 0 ? undefined : this.phrases.get(view.string(this.phraseAttribute, first));
      for (const phrase of candidates ?? []) {
        const last = first + phrase.values.length;
        if (last > count) continue;
        let same = true;
        for (let k = 1; k < phrase.values.length && same; k++) same = view.string(this.phraseAttribute, first + k) === phrase.values[k];
        if (same) matches.push({ rule: phrase.rule, first, last });
      }
      for (const { rule, steps } of this.tokenRules) matchEnds(steps, view, first, (last) => matches.push({ rule, first, last }));
    }
    return matches;
  }
}

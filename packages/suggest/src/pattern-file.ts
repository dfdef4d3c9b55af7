/**
 * Pattern files of spaCy's `EntityRuler` and `SpanRuler` and of Prodigy:
 * JSONL, one `{"label", "pattern", "id"?}` object per line, where `pattern`
 * is a phrase (a string, matched token by token) or a token pattern (a list
 * of objects, one per token).
 *
 * Token pattern keys are read as spaCy reads them: attribute and predicate
 * names in any case (`LOWER` or `lower`), `TEXT` as `ORTH`, values checked
 * against spaCy's pattern schema. A key this matcher does not support
 * (`POS`, `LEMMA`, `DEP`, … need a statistical model) is reported with its
 * line and key, never skipped: a file with any issue yields no rules.
 */
import { fail, ok, type Result } from '@glossa/core';
import { translatePythonRegex } from './python-regex.js';
import type { SuggestIssue } from './types.js';

/** Token attributes whose value is a string. */
export type StringAttribute = 'ORTH' | 'LOWER' | 'SHAPE';
/** Token attributes whose value is a number. */
export type NumberAttribute = 'LENGTH';
/** Token attributes whose value is true or false. */
export type FlagAttribute =
  | 'IS_ALPHA'
  | 'IS_ASCII'
  | 'IS_DIGIT'
  | 'IS_LOWER'
  | 'IS_UPPER'
  | 'IS_TITLE'
  | 'IS_PUNCT'
  | 'IS_SPACE'
  | 'IS_BRACKET'
  | 'IS_QUOTE'
  | 'IS_LEFT_PUNCT'
  | 'IS_RIGHT_PUNCT'
  | 'IS_CURRENCY'
  | 'IS_SENT_START'
  | 'LIKE_NUM'
  | 'SPACY';
/** Every token attribute patterns can test. */
export type TokenAttribute = StringAttribute | NumberAttribute | FlagAttribute;

/** A regular expression, translated from Python's syntax (compiled with the `u` flag and `flags`). */
export interface PatternRegex {
  readonly source: string;
  readonly flags: string;
}

/** A test of one attribute value. */
export type ValueTest =
  | { readonly op: 'equals'; readonly value: string | number | boolean }
  | { readonly op: 'in' | 'not-in' | 'is-subset' | 'is-superset' | 'intersects'; readonly values: readonly (string | number)[] }
  | { readonly op: 'regex'; readonly regex: PatternRegex }
  | { readonly op: 'regex-in' | 'regex-not-in'; readonly regexes: readonly PatternRegex[] }
  | { readonly op: 'fuzzy'; readonly value: string; readonly maxEdits: number }
  | { readonly op: 'fuzzy-in' | 'fuzzy-not-in'; readonly values: readonly string[]; readonly maxEdits: number }
  | { readonly op: '==' | '!=' | '>=' | '<=' | '>' | '<'; readonly value: number };

/** One attribute test of a token spec. */
export interface AttributeTest {
  readonly attr: TokenAttribute;
  readonly test: ValueTest;
}

/** One dictionary of a token pattern: its tests (all must hold) and how often it repeats. */
export interface TokenSpec {
  /** The tests; none means any token. */
  readonly tests: readonly AttributeTest[];
  /** Least number of tokens. */
  readonly min: number;
  /** Most number of tokens; `null` is unbounded. */
  readonly max: number | null;
  /** `OP: "!"`: exactly one token for which the tests do not all hold. */
  readonly negate: boolean;
}

/** A rule of a pattern file: a label and a phrase or token pattern. */
export interface PatternRule {
  readonly label: string;
  /** The pattern's `id`, when it has one. */
  readonly id?: string;
  /** The 1-based line of the file it came from. */
  readonly line: number;
  readonly pattern: { readonly type: 'phrase'; readonly text: string } | { readonly type: 'tokens'; readonly tokens: readonly TokenSpec[] };
}

/** Options of {@link parsePatternFile}. */
export interface PatternParseOptions {
  /** The file name used in issues. */
  readonly file?: string;
  /** When given, every label must be one of these (the schema's label ids). */
  readonly labels?: ReadonlySet<string>;
}

const STRING_ATTRIBUTES: ReadonlyMap<string, StringAttribute> = new Map([
  ['ORTH', 'ORTH'],
  ['TEXT', 'ORTH'],
  ['LOWER', 'LOWER'],
  ['SHAPE', 'SHAPE'],
]);
const FLAG_ATTRIBUTES: ReadonlySet<string> = new Set<FlagAttribute>([
  'IS_ALPHA',
  'IS_ASCII',
  'IS_DIGIT',
  'IS_LOWER',
  'IS_UPPER',
  'IS_TITLE',
  'IS_PUNCT',
  'IS_SPACE',
  'IS_BRACKET',
  'IS_QUOTE',
  'IS_LEFT_PUNCT',
  'IS_RIGHT_PUNCT',
  'IS_CURRENCY',
  'IS_SENT_START',
  'LIKE_NUM',
  'SPACY',
]);
/** spaCy attributes that need a trained pipeline or data this matcher does not have. */
const NEEDS_MODEL: ReadonlyMap<string, string> = new Map([
  ['POS', 'part-of-speech tags need a trained tagger'],
  ['TAG', 'part-of-speech tags need a trained tagger'],
  ['MORPH', 'morphology needs a trained morphologizer'],
  ['DEP', 'dependency labels need a trained parser'],
  ['LEMMA', 'lemmas need a lemmatizer'],
  ['ENT_TYPE', 'entity types need a trained entity recognizer'],
  ['ENT_IOB', 'entity tags need a trained entity recognizer'],
  ['ENT_ID', 'entity ids need an entity ruler'],
  ['ENT_KB_ID', 'knowledge-base ids need an entity linker'],
  ['NORM', "spaCy's norm exceptions are language data this matcher does not have; use LOWER"],
  ['IS_STOP', 'stop words are language data this matcher does not have'],
  ['LIKE_URL', 'URLs are split at their punctuation here, so no token looks like one'],
  ['LIKE_EMAIL', 'e-mail addresses are split at their punctuation here, so no token looks like one'],
  ['_', 'custom extension attributes belong to a spaCy pipeline'],
  ['REGEX', 'REGEX is a predicate of an attribute: write {"TEXT": {"REGEX": "…"}}'],
]);

type Report = (message: string, key?: string) => void;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Python's `round` (half to even), as spaCy's FUZZY edit limit uses it. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The edit limit of FUZZY (`-1`: at least 2, up to 30 % of the pattern's length) or FUZZYn. */
function fuzzyEdits(predicate: string, value: string): number {
  const n = predicate.slice('FUZZY'.length);
  return n === '' ? Math.max(2, roundHalfEven(0.3 * Array.from(value).length)) : Number(n);
}

function readRegex(source: unknown, key: string, report: Report): PatternRegex | undefined {
  if (typeof source !== 'string') return void report('expected a regular expression (a string)', key);
  const translated = translatePythonRegex(source);
  if (!translated.ok) return void report(translated.message, key);
  return { source: translated.source, flags: translated.flags };
}

function stringList(value: unknown, key: string, report: Report): string[] | undefined {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return void report('expected a list of strings', key);
  return value as string[];
}

const SET_PREDICATES: ReadonlyMap<string, 'in' | 'not-in' | 'is-subset' | 'is-superset' | 'intersects'> = new Map([
  ['IN', 'in'],
  ['NOT_IN', 'not-in'],
  ['IS_SUBSET', 'is-subset'],
  ['IS_SUPERSET', 'is-superset'],
  ['INTERSECTS', 'intersects'],
]);

/** Reads the value of a string attribute: a string or a predicate dictionary. */
function readStringValue(value: unknown, key: string, report: Report): ValueTest[] {
  if (typeof value === 'string') return [{ op: 'equals', value }];
  if (!isRecord(value)) {
    report('expected a string or a dictionary of predicates (REGEX, IN, NOT_IN, …)', key);
    return [];
  }
  const tests: ValueTest[] = [];
  for (const [rawPredicate, argument] of Object.entries(value)) {
    const predicate = rawPredicate.toUpperCase();
    const at = `${key}.${rawPredicate}`;
    const setOp = SET_PREDICATES.get(predicate);
    if (setOp) {
      const values = stringList(argument, at, report);
      if (values) tests.push({ op: setOp, values });
    } else if (predicate === 'REGEX') {
      if (isRecord(argument)) {
        for (const [rawInner, list] of Object.entries(argument)) {
          const inner = rawInner.toUpperCase();
          const innerKey = `${at}.${rawInner}`;
          if (inner !== 'IN' && inner !== 'NOT_IN') {
            report('expected IN or NOT_IN inside REGEX', innerKey);
            continue;
          }
          const sources = stringList(list, innerKey, report);
          const regexes = sources?.map((s) => readRegex(s, innerKey, report));
          if (regexes && regexes.every((r) => r !== undefined)) tests.push({ op: inner === 'IN' ? 'regex-in' : 'regex-not-in', regexes: regexes as PatternRegex[] });
        }
      } else {
        const regex = readRegex(argument, at, report);
        if (regex) tests.push({ op: 'regex', regex });
      }
    } else if (/^FUZZY[1-9]?$/.test(predicate)) {
      if (typeof argument === 'string') tests.push({ op: 'fuzzy', value: argument, maxEdits: fuzzyEdits(predicate, argument) });
      else if (isRecord(argument)) {
        for (const [rawInner, list] of Object.entries(argument)) {
          const inner = rawInner.toUpperCase();
          const innerKey = `${at}.${rawInner}`;
          if (inner !== 'IN' && inner !== 'NOT_IN') {
            report('expected IN or NOT_IN inside FUZZY', innerKey);
            continue;
          }
          const values = stringList(list, innerKey, report);
          // Each value gets its own edit limit in spaCy; the tightest one is kept per value below.
          if (values) tests.push({ op: inner === 'IN' ? 'fuzzy-in' : 'fuzzy-not-in', values, maxEdits: predicate === 'FUZZY' ? -1 : Number(predicate.slice(5)) });
        }
      } else report('expected a string or a dictionary with IN or NOT_IN', at);
    } else if (['==', '!=', '>=', '<=', '>', '<'].includes(predicate)) {
      report('comparisons apply to numeric attributes (LENGTH) only', at);
    } else report(`unknown predicate; expected REGEX, IN, NOT_IN, IS_SUBSET, IS_SUPERSET, INTERSECTS or FUZZY`, at);
  }
  return tests;
}

/** Reads the value of LENGTH: an integer or a predicate dictionary. */
function readNumberValue(value: unknown, key: string, report: Report): ValueTest[] {
  if (typeof value === 'number' && Number.isFinite(value)) return [{ op: 'equals', value }];
  if (!isRecord(value)) {
    report('expected a number or a dictionary of predicates (==, >=, IN, …)', key);
    return [];
  }
  const tests: ValueTest[] = [];
  for (const [rawPredicate, argument] of Object.entries(value)) {
    const predicate = rawPredicate.toUpperCase();
    const at = `${key}.${rawPredicate}`;
    if (predicate === '==' || predicate === '!=' || predicate === '>=' || predicate === '<=' || predicate === '>' || predicate === '<') {
      if (typeof argument === 'number' && Number.isFinite(argument)) tests.push({ op: predicate, value: argument });
      else report('expected a number', at);
    } else if (SET_PREDICATES.has(predicate)) {
      if (Array.isArray(argument) && argument.every((v) => Number.isInteger(v))) tests.push({ op: SET_PREDICATES.get(predicate) as 'in', values: argument as number[] });
      else report('expected a list of integers', at);
    } else report('expected ==, !=, >=, <=, >, <, IN, NOT_IN, IS_SUBSET, IS_SUPERSET or INTERSECTS for a number', at);
  }
  return tests;
}

/** Reads an `OP` value into (min, max, negate). */
function readOperator(value: unknown, key: string, report: Report): Pick<TokenSpec, 'min' | 'max' | 'negate'> | undefined {
  if (value === '!') return { min: 1, max: 1, negate: true };
  if (value === '?') return { min: 0, max: 1, negate: false };
  if (value === '+') return { min: 1, max: null, negate: false };
  if (value === '*') return { min: 0, max: null, negate: false };
  if (value === '1') return { min: 1, max: 1, negate: false };
  const range = typeof value === 'string' ? /^\{(\d*)(,?)(\d*)\}$/.exec(value) : null;
  if (range) {
    const [, n, comma, m] = range as unknown as [string, string, string, string];
    if (n !== '' || m !== '') {
      const min = n === '' ? 0 : Number(n);
      const max = comma === '' ? min : m === '' ? null : Number(m);
      if (max === null || min <= max) return { min, max, negate: false };
    }
  }
  report('expected one of !, ?, +, *, 1, {n}, {n,m}, {n,}, {,m} (n ≤ m)', key);
  return undefined;
}

/** Reads one dictionary of a token pattern. */
function readTokenSpec(spec: unknown, key: string, report: Report): TokenSpec | undefined {
  if (!isRecord(spec)) return void report('expected a dictionary describing one token', key);
  const tests: AttributeTest[] = [];
  let quantity: Pick<TokenSpec, 'min' | 'max' | 'negate'> = { min: 1, max: 1, negate: false };
  for (const [rawKey, value] of Object.entries(spec)) {
    const name = rawKey.toUpperCase();
    const at = `${key}.${rawKey}`;
    if (name === 'OP') {
      const op = readOperator(value, at, report);
      if (op) quantity = op;
      continue;
    }
    const stringAttr = STRING_ATTRIBUTES.get(name);
    if (stringAttr) {
      for (const test of readStringValue(value, at, report)) tests.push({ attr: stringAttr, test });
    } else if (name === 'LENGTH') {
      for (const test of readNumberValue(value, at, report)) tests.push({ attr: 'LENGTH', test });
    } else if (FLAG_ATTRIBUTES.has(name) || name === 'SENT_START') {
      const attr = (name === 'SENT_START' ? 'IS_SENT_START' : name) as FlagAttribute;
      if (typeof value === 'boolean') tests.push({ attr, test: { op: 'equals', value } });
      else report('expected true or false', at);
    } else {
      const why = NEEDS_MODEL.get(name);
      report(why === undefined ? 'unsupported token attribute' : `unsupported token attribute: ${why}`, at);
    }
  }
  return { tests, ...quantity };
}

/** Reads one line's object into a rule. */
function readRule(json: unknown, line: number, options: PatternParseOptions, report: Report): PatternRule | undefined {
  if (!isRecord(json)) return void report('expected an object {"label", "pattern", "id"?}');
  for (const key of Object.keys(json)) if (key !== 'label' && key !== 'pattern' && key !== 'id') report('unsupported key; a pattern line has "label", "pattern" and "id"', key);
  const label = json.label;
  if (typeof label !== 'string' || label === '') report('expected a non-empty string', 'label');
  else if (options.labels && !options.labels.has(label)) report(`unknown label "${label}"; expected one of ${[...options.labels].join(', ')}`, 'label');
  const id = json.id;
  if (id !== undefined && typeof id !== 'string') report('expected a string', 'id');
  const pattern = json.pattern;
  let parsed: PatternRule['pattern'] | undefined;
  if (typeof pattern === 'string') {
    if (pattern.trim() === '') report('expected a non-empty phrase', 'pattern');
    else parsed = { type: 'phrase', text: pattern };
  } else if (Array.isArray(pattern)) {
    if (pattern.length === 0) report('expected at least one token dictionary', 'pattern');
    const tokens = pattern.map((spec, index) => readTokenSpec(spec, `pattern[${index}]`, report));
    if (tokens.every((t) => t !== undefined)) parsed = { type: 'tokens', tokens: tokens as TokenSpec[] };
  } else report('expected a phrase (string) or a token pattern (list of dictionaries)', 'pattern');
  if (typeof label !== 'string' || parsed === undefined) return undefined;
  return { label, ...(typeof id === 'string' ? { id } : {}), line, pattern: parsed };
}

/**
 * Parses a pattern file (JSONL). Every problem is reported with its line
 * and key; the result holds the rules only when there is none.
 *
 * @example
 * parsePatternFile('{"label": "GPE", "pattern": [{"LOWER": "san"}, {"LOWER": "francisco"}]}\n');
 * parsePatternFile('{"label": "X", "pattern": [{"POS": "NOUN"}]}', { file: 'p.jsonl' });
 * // fails: p.jsonl:1: pattern[0].POS: unsupported token attribute: part-of-speech tags need a trained tagger
 */
export function parsePatternFile(text: string, options: PatternParseOptions = {}): Result<PatternRule[], SuggestIssue> {
  const rules: PatternRule[] = [];
  const issues: SuggestIssue[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const report: Report = (message, key) => void issues.push({ ...(options.file === undefined ? {} : { file: options.file }), line, ...(key === undefined ? {} : { key }), message });
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      return report(`not valid JSON: ${(error as Error).message}`);
    }
    const rule = readRule(json, line, options, report);
    if (rule) rules.push(rule);
  });
  return issues.length > 0 ? fail(issues) : ok(rules);
}

/**
 * The input of the corpus-level agreement functions, its checks, and its
 * preparation into units with per-unit label masks.
 */
import { characterUnits, coveredUnits, tokenUnits, type TextUnits, type UnitBoundary } from './agreement-units.js';
import { compareShapes } from './agreement-spans.js';
import { fragmentsProblem } from './fragments.js';
import { splitsSurrogatePair } from './offsets.js';
import type { SpanFragment } from './types.js';

/** A span of an annotator's layer, in UTF-16 code units of the document's text; empty spans are ignored. */
export interface AgreementSpan {
  readonly start: number;
  readonly end: number;
  readonly label: string;
  /** The span's id in its layer; needed only when relations name it. */
  readonly id?: string;
  /**
   * The pieces of a discontinuous span (the model's rules: at least two,
   * sorted, with text between them, covering `[start, end)`). Exact matching
   * compares them; the units a span covers are those of its pieces.
   */
  readonly fragments?: readonly SpanFragment[];
}

/**
 * A relation of an annotator's layer: `from` and `to` are ids of spans of
 * the same layer; a relation whose end is missing is dangling and left out.
 */
export interface AgreementRelation {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly directed: boolean;
}

/** A document with the layer of each annotator who annotated it. */
export interface AgreementDocument {
  /** Unique among the documents. */
  readonly id: string;
  readonly text: string;
  /**
   * Each annotator's spans. An annotator counts for the document when the
   * key is present, even with no span (they read it and marked nothing).
   */
  readonly layers: Readonly<Record<string, readonly AgreementSpan[]>>;
  /** Token boundaries for `unit: 'token'` (UTF-16), overriding `tokenize`. */
  readonly tokens?: readonly UnitBoundary[];
  /** Each annotator's relations, between the spans of their layer. */
  readonly relations?: Readonly<Record<string, readonly AgreementRelation[]>>;
}

/** What agreement is measured over: non-whitespace code points, or tokens. */
export type AgreementUnit = 'char' | 'token';

/** Splits a text into tokens, in UTF-16 code units (e.g. `tokenize` of `@glossa/formats`). */
export type AgreementTokenizer = (text: string) => readonly UnitBoundary[];

/** The corpus and the choices of `computeAgreement` and `computeConfusion`. */
export interface AgreementInput {
  readonly documents: readonly AgreementDocument[];
  /** The annotators compared (at least two). @default every layer name found, sorted */
  readonly annotators?: readonly string[];
  /** The labels measured; spans of other labels are ignored. @default every label found in the selected layers, sorted */
  readonly labels?: readonly string[];
  /** The relation labels measured; relations of other labels are ignored. @default every relation label found in the selected layers, sorted */
  readonly relationLabels?: readonly string[];
  /** @default 'char' */
  readonly unit?: AgreementUnit;
  /** Tokenizer for `unit: 'token'` when a document has no `tokens`. */
  readonly tokenize?: AgreementTokenizer;
}

/** A span of one label, by label index. @internal */
export interface PreparedSpan {
  readonly start: number;
  readonly end: number;
  readonly fragments?: readonly SpanFragment[];
}

/** A document ready for measuring. @internal */
export interface PreparedDocument {
  readonly id: string;
  readonly text: string;
  readonly units: TextUnits;
  /** Indices of the selected annotators who have a layer for it, ascending. */
  readonly present: readonly number[];
  /** Per annotator index, per label index: the spans, sorted by `compareShapes`; undefined when absent. */
  readonly spans: readonly (readonly (readonly PreparedSpan[])[] | undefined)[];
  /**
   * Per annotator index: `words` 32-bit words per unit, bit `l` set when a
   * span of label `l` covers the unit; undefined when absent.
   */
  readonly masks: readonly (Uint32Array | undefined)[];
}

/** The checked, prepared corpus. @internal */
export interface PreparedCorpus {
  readonly unit: AgreementUnit;
  readonly annotators: readonly string[];
  readonly labels: readonly string[];
  /** 32-bit words per unit in a mask. */
  readonly words: number;
  /** Documents sorted by id. */
  readonly documents: readonly PreparedDocument[];
}

/** Orders strings by UTF-16 code units. @internal */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Checks a list of names given by the caller: strings, each once. @internal */
export function checkNames(kind: string, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (typeof name !== 'string') throw new RangeError(`${kind}: expected strings, got ${typeof name}`);
    if (seen.has(name)) throw new RangeError(`${kind}: "${name}" is listed twice`);
    seen.add(name);
  }
}

/**
 * Checks the input and prepares it: units of every document, and each
 * selected annotator's spans and label masks.
 *
 * @throws RangeError on misuse: fewer than two annotators, duplicate
 * document ids, annotators or labels, a span outside its text or with
 * `end < start` or splitting a surrogate pair, `unit: 'token'` without
 * tokens or a tokenizer, bad tokens.
 * @internal
 */
export function prepareAgreementInput(input: AgreementInput): PreparedCorpus {
  const unit = input.unit ?? 'char';
  if (unit !== 'char' && unit !== 'token') throw new RangeError(`unknown agreement unit "${String(unit)}"; expected "char" or "token"`);
  const ids = new Set<string>();
  for (const doc of input.documents) {
    if (ids.has(doc.id)) throw new RangeError(`document "${doc.id}" appears twice; document ids must be unique`);
    ids.add(doc.id);
  }
  const annotators = input.annotators ? [...input.annotators] : [...new Set(input.documents.flatMap((d) => Object.keys(d.layers)))].sort(compareStrings);
  checkNames('annotators', annotators);
  if (annotators.length < 2) throw new RangeError(`agreement needs at least two annotators; got ${annotators.length === 0 ? 'none' : annotators.map((a) => `"${a}"`).join(', ')}`);
  const annotatorIndex = new Map(annotators.map((name, i) => [name, i]));
  let labels: string[];
  if (input.labels) {
    labels = [...input.labels];
    checkNames('labels', labels);
  } else {
    const found = new Set<string>();
    for (const doc of input.documents) {
      for (const name of annotators) for (const span of layerOf(doc, name) ?? []) found.add(span.label);
    }
    labels = [...found].sort(compareStrings);
  }
  const labelIndex = new Map(labels.map((name, i) => [name, i]));
  const words = Math.ceil(labels.length / 32);
  const documents = [...input.documents].sort((a, b) => compareStrings(a.id, b.id)).map((doc) => prepareDocument(doc, unit, input.tokenize, annotators, annotatorIndex, labelIndex, words));
  return { unit, annotators, labels, words, documents };
}

/** The layer of `annotator` in `doc`, only when it is an own property. @internal */
export function layerOf(doc: AgreementDocument, annotator: string): readonly AgreementSpan[] | undefined {
  return Object.hasOwn(doc.layers, annotator) ? doc.layers[annotator] : undefined;
}

function prepareDocument(
  doc: AgreementDocument,
  unit: AgreementUnit,
  tokenize: AgreementTokenizer | undefined,
  annotators: readonly string[],
  annotatorIndex: ReadonlyMap<string, number>,
  labelIndex: ReadonlyMap<string, number>,
  words: number,
): PreparedDocument {
  const place = `document "${doc.id}"`;
  let units: TextUnits;
  if (unit === 'char') units = characterUnits(doc.text);
  else {
    const tokens = doc.tokens ?? tokenize?.(doc.text);
    if (!tokens) throw new RangeError(`${place}: unit "token" needs the document's tokens or a tokenize function`);
    units = tokenUnits(doc.text, tokens, place);
  }
  const present: number[] = [];
  const spans: (PreparedSpan[][] | undefined)[] = annotators.map(() => undefined);
  const masks: (Uint32Array | undefined)[] = annotators.map(() => undefined);
  for (const name of annotators) {
    const layer = layerOf(doc, name);
    if (layer === undefined) continue;
    const r = annotatorIndex.get(name) as number;
    present.push(r);
    const perLabel: PreparedSpan[][] = Array.from({ length: labelIndex.size }, () => []);
    layer.forEach((span, i) => {
      const { start, end, label } = span;
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > doc.text.length) {
        throw new RangeError(`${place}, layer "${name}", span ${i}: [${start}, ${end}) is not a UTF-16 range inside the text (length ${doc.text.length})`);
      }
      const offsets = [start, end, ...(span.fragments ?? []).flat()];
      const split = offsets.find((offset) => splitsSurrogatePair(doc.text, offset));
      if (split !== undefined) throw new RangeError(`${place}, layer "${name}", span ${i}: offset ${split} falls between the two halves of a surrogate pair`);
      const problem = end > start ? fragmentsProblem(start, end, span.fragments) : undefined;
      if (problem !== undefined) throw new RangeError(`${place}, layer "${name}", span ${i}: ${problem.message}`);
      const l = labelIndex.get(label);
      // An empty span covers no unit and is left out of every measure.
      if (l !== undefined && end > start) (perLabel[l] as PreparedSpan[]).push(span.fragments === undefined ? { start, end } : { start, end, fragments: span.fragments });
    });
    for (const list of perLabel) list.sort(compareShapes);
    spans[r] = perLabel;
    masks[r] = buildMask(units, perLabel, words);
  }
  present.sort((a, b) => a - b);
  return { id: doc.id, text: doc.text, units, present, spans, masks };
}

/**
 * The ranges a list of spans covers, sorted by start: each span's range, or
 * its fragments' ranges for a discontinuous span. @internal
 */
export function coveredRanges(list: readonly PreparedSpan[]): readonly SpanFragment[] {
  if (list.every((span) => span.fragments === undefined)) return list.map((span): SpanFragment => [span.start, span.end]);
  return list.flatMap((span): readonly SpanFragment[] => span.fragments ?? [[span.start, span.end]]).sort((a, b) => a[0] - b[0]);
}

/** Sets bit `l` of every unit that a span of label `l` covers (a discontinuous span: the units of its fragments). */
function buildMask(units: TextUnits, perLabel: readonly (readonly PreparedSpan[])[], words: number): Uint32Array {
  const mask = new Uint32Array(units.starts.length * words);
  perLabel.forEach((list, l) => {
    const word = l >>> 5;
    const bit = 1 << (l & 31);
    // Ranges are sorted by start: walk their union once so each unit is set at most once per label.
    let reached = 0;
    for (const [start, end] of coveredRanges(list)) {
      const [first, last] = coveredUnits(units, start, end);
      for (let u = Math.max(first, reached); u < last; u++) mask[u * words + word] = (mask[u * words + word] as number) | bit;
      if (last > reached) reached = last;
    }
  });
  return mask;
}

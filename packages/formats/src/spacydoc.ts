/**
 * What the spaCy formats share: spaCy's token list (whitespace other than
 * one trailing space becomes a token, so the text is kept exactly), span
 * groups per layer, relations between their spans, cats and string ids.
 */
import { readFileSync } from 'node:fs';
import { OffsetIndex } from '@glossa/core';
import type { LabelSchema } from '@glossa/core';
import { GOLD_LAYER } from './model.js';
import type { ExportDocument, ExportLayer } from './prepare.js';
import { describeRelation, relationsInSpanOrder } from './prepare-relations.js';
import type { LossRecorder } from './report.js';
import { spacyStringHash } from './murmur.js';
import { alignSpan } from './tagging.js';
import type { Token } from './tokenizer.js';
import { tokenize } from './tokenizer.js';
import { recordUncarried } from './uncarried.js';

/** A spaCy token: text, code point offsets, and whether one space follows. */
export interface SpacyToken {
  readonly text: string;
  readonly cpStart: number;
  readonly cpEnd: number;
  readonly space: boolean;
}

/** A span in spaCy terms: token range and code point range. */
export interface SpacySpan {
  readonly label: string;
  readonly start: number;
  readonly end: number;
  readonly startChar: number;
  readonly endChar: number;
}

/**
 * A relation between two spans of one span group, by their positions in
 * the group: what `.spacy` files carry in `doc.user_data` under
 * {@link SPACY_RELATIONS_KEY}.
 */
export interface SpacyRelation {
  /** The span group both ends are in (`sc_<layer>`, or `sc` when consolidated). */
  readonly key: string;
  /** The position of the `from` span in `doc.spans[key]`. */
  readonly from: number;
  /** The position of the `to` span in `doc.spans[key]`. */
  readonly to: number;
  readonly label: string;
  readonly directed: boolean;
}

/**
 * The `doc.user_data` key of the relations in `.spacy` files: a list of
 * `{"key", "from", "to", "label", "directed"}` (see {@link SpacyRelation}),
 * read back with `DocBin(store_user_data=True)`:
 *
 * ```python
 * for r in doc.user_data.get("glossa_relations", ()):
 *     group = doc.spans[r["key"]]
 *     print(group[r["from"]], r["label"], group[r["to"]])
 * ```
 */
export const SPACY_RELATIONS_KEY = 'glossa_relations';

/** A document as both spaCy formats write it. */
export interface SpacyDoc {
  readonly tokens: readonly SpacyToken[];
  /** Span groups by key (`sc`, `sc_<layer>`), sorted by key. */
  readonly spanGroups: readonly { readonly key: string; readonly spans: readonly SpacySpan[] }[];
  /** Relations between spans of the groups (only when the format carries them). */
  readonly relations: readonly SpacyRelation[];
  /** Non-overlapping entities (only with `ents`). */
  readonly ents?: readonly SpacySpan[];
  /** Document labels as category scores. */
  readonly cats: ReadonlyMap<string, number>;
}

/** The default span key of spaCy's SpanCategorizer. */
export const SPANS_KEY = 'sc';

/**
 * Builds the spaCy view of a prepared document. Keys: `sc` for a
 * consolidated export; otherwise `sc_<layer>` for every layer and `sc` for
 * the gold layer. Cats come from the consolidated (or gold, or only) layer.
 */
export function spacyDoc(doc: ExportDocument, consolidated: boolean, schema: LabelSchema, withEnts: boolean, losses: LossRecorder, withRelations = false): SpacyDoc {
  const words = tokenize(doc.text);
  const { tokens, wordAt } = spacyTokens(doc.text, words);
  const primary = consolidated ? doc.layers[0] : (doc.layers.find((l) => l.name === GOLD_LAYER) ?? (doc.layers.length === 1 ? doc.layers[0] : undefined));
  const spanGroups: { key: string; spans: SpacySpan[] }[] = [];
  const relations: SpacyRelation[] = [];
  for (const layer of doc.layers) {
    const carries = { notes: false, statuses: false, documentLabels: layer === primary, fragments: false, relations: withRelations, relationNotes: false, relationStatuses: false, scores: false, modelVersions: false };
    recordUncarried(doc.id, layer, carries, losses);
    const key = consolidated ? SPANS_KEY : `${SPANS_KEY}_${layer.name}`;
    const { spans, positions } = layerSpans(words, tokens, wordAt, layer, doc.id, losses);
    spanGroups.push({ key, spans });
    if (!consolidated && layer.name === GOLD_LAYER) spanGroups.push({ key: SPANS_KEY, spans: [...spans] });
    if (withRelations) relations.push(...groupRelations(layer, key, positions, doc.id, losses));
  }
  spanGroups.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let ents: SpacySpan[] | undefined;
  if (withEnts && primary !== undefined) {
    const key = consolidated || primary.name === GOLD_LAYER ? SPANS_KEY : `${SPANS_KEY}_${primary.name}`;
    ents = nonOverlapping(spanGroups.find((g) => g.key === key)?.spans ?? [], doc.id, primary.name, losses);
  }
  const cats = new Map<string, number>();
  if (primary !== undefined) {
    for (const group of schema.documentLabels) {
      const v = primary.labels[group.id];
      if (v === undefined) continue;
      const chosen = typeof v === 'string' ? [v] : v;
      for (const value of group.values) cats.set(value, chosen.includes(value) ? 1 : 0);
    }
  }
  return { tokens, spanGroups, relations, ents, cats };
}

/** A layer's relations by the positions of their ends in its span group; a relation whose end was left out of the group is recorded as dangling. */
function groupRelations(layer: ExportLayer, key: string, positions: ReadonlyMap<string, number>, document: string, losses: LossRecorder): SpacyRelation[] {
  const out: SpacyRelation[] = [];
  for (const r of relationsInSpanOrder(layer)) {
    const from = positions.get(r.from);
    const to = positions.get(r.to);
    if (from === undefined || to === undefined) losses.record('dangling-relation', { document, layer: layer.name, relation: r.id, detail: `${describeRelation(r)}: an end covers no token` });
    else out.push({ key, from, to, label: r.label, directed: r.directed });
  }
  return out;
}

/**
 * spaCy's tokens of a text: the words, each followed by one space or none,
 * and any other whitespace as tokens of its own; and for each word its index
 * among the tokens.
 */
function spacyTokens(text: string, words: readonly Token[]): { tokens: SpacyToken[]; wordAt: number[] } {
  const offsets = new OffsetIndex(text);
  const tokens: SpacyToken[] = [];
  const wordAt: number[] = [];
  pushWhitespace(tokens, text, offsets, 0, words[0]?.start ?? text.length);
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as Token;
    const gapEnd = words[i + 1]?.start ?? text.length;
    const space = text.charCodeAt(w.end) === 0x20 && w.end < gapEnd;
    wordAt.push(tokens.length);
    tokens.push({ text: w.text, cpStart: w.cpStart, cpEnd: w.cpEnd, space });
    pushWhitespace(tokens, text, offsets, space ? w.end + 1 : w.end, gapEnd);
  }
  return { tokens, wordAt };
}

/** Adds the whitespace `[from, to)` as a token, when there is any. */
function pushWhitespace(tokens: SpacyToken[], text: string, offsets: OffsetIndex, from: number, to: number): void {
  if (to > from) tokens.push({ text: text.slice(from, to), cpStart: offsets.toCodePoint(from), cpEnd: offsets.toCodePoint(to), space: false });
}

/**
 * The spans of a layer over spaCy's tokens, and each written span's position
 * among them by span id; spans that cover no word, or not exactly, are
 * recorded.
 */
function layerSpans(words: readonly Token[], tokens: readonly SpacyToken[], wordAt: readonly number[], layer: ExportLayer, document: string, losses: LossRecorder): { spans: SpacySpan[]; positions: Map<string, number> } {
  const spans: SpacySpan[] = [];
  const positions = new Map<string, number>();
  for (const s of layer.spans) {
    const a = alignSpan(words, s, { document, layer: layer.name }, losses);
    if (a === undefined) continue;
    const start = wordAt[a.first] as number;
    const last = wordAt[a.last - 1] as number;
    positions.set(s.id, spans.length);
    spans.push({ label: s.label, start, end: last + 1, startChar: (tokens[start] as SpacyToken).cpStart, endChar: (tokens[last] as SpacyToken).cpEnd });
  }
  return { spans, positions };
}

/** Keeps entities that do not overlap (earlier start first, then longer); the rest are recorded as `overlap`. */
function nonOverlapping(spans: readonly SpacySpan[], document: string, layer: string, losses: LossRecorder): SpacySpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: SpacySpan[] = [];
  let end = 0;
  for (const s of sorted) {
    if (s.start < end) {
      losses.record('overlap', { document, layer, detail: `${s.label} chars [${s.startChar},${s.endChar}) overlaps another entity; left out of doc.ents` });
      continue;
    }
    kept.push(s);
    end = s.end;
  }
  return kept;
}

let symbols: ReadonlyMap<string, number> | undefined;

/** spaCy's symbol table (`spacy.symbols.IDS`), loaded from the package's assets. */
export function spacySymbols(): ReadonlyMap<string, number> {
  if (symbols === undefined) {
    const table = JSON.parse(readFileSync(new URL('../assets/spacy-symbols.json', import.meta.url), 'utf8')) as Record<string, number>;
    symbols = new Map(Object.entries(table));
  }
  return symbols;
}

/** spaCy's id of a string: 0 for `""`, the symbol id for a symbol, else MurmurHash64A (UTF-8, seed 1). */
export function spacyStringId(value: string): bigint {
  return rememberedStringId(value).id;
}

/** A string id with its low and high 32 bits, for writing it without BigInt arithmetic. */
export interface SpacyStringId {
  readonly id: bigint;
  readonly low: number;
  readonly high: number;
}

/**
 * {@link spacyStringId} with its 32-bit halves, remembered per string (tokens
 * repeat: hashing each once is most of the work).
 *
 * @internal
 */
export function rememberedStringId(value: string): SpacyStringId {
  let remembered = stringIds.get(value);
  if (remembered === undefined) {
    if (stringIds.size >= MAX_REMEMBERED_IDS) stringIds.clear();
    const symbol = value === '' ? 0 : spacySymbols().get(value);
    const id = symbol === undefined ? spacyStringHash(value) : BigInt(symbol);
    remembered = { id, low: Number(id & 0xffffffffn), high: Number(id >> 32n) };
    stringIds.set(value, remembered);
  }
  return remembered;
}

/** The most string ids remembered before the memory is cleared. */
const MAX_REMEMBERED_IDS = 1 << 16;
const stringIds = new Map<string, SpacyStringId>();

/** Compares strings by code point, as Python sorts them. */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done === true) return y.done === true ? 0 : -1;
    if (y.done === true) return 1;
    const d = (x.value.codePointAt(0) as number) - (y.value.codePointAt(0) as number);
    if (d !== 0) return d;
  }
}

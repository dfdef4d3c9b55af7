/**
 * The suggestion room `<project>/<doc>/suggestions/<scope>`: the suggestions
 * the server's recommenders made for the annotators of one scope, anchored
 * to the content room as annotations are. The server writes it
 * (`writeSuggestions`); clients only read it (`resolveSuggestions`), and
 * check every entry, since a room's contents are never trusted.
 */
import type * as Y from 'yjs';
import { splitsSurrogatePair } from '@glossa/core';
import { toBase64UrlEncoded } from 'lib0/buffer';
import { describeValue, isRecommenderName, isScore, readMapEntries } from './annotation-entry.js';
import type { LayerProblem } from './annotation-entry.js';
import { ContentIndex } from './content-index.js';
import { resolveEntry } from './layer.js';
import { LAYOUT_KEY, LAYOUT_VERSION, META_MAP, SUGGESTIONS_MAP } from './layout.js';

/** The longest encoded anchor a reader accepts, in bytes (an anchor takes 4–20). */
export const MAX_ANCHOR_BYTES = 64;

/** What a suggestion says besides its place: the label, how sure the model is, and which model. */
export interface SuggestionFields {
  /** The suggested span label id. */
  readonly label: string;
  /** The model's confidence, in [0, 1]. */
  readonly score: number;
  /** The recommender's name. */
  readonly recommender: string;
  /** The version of the model that made it. */
  readonly modelVersion: string;
  /** Why it was suggested, in a few words, when the recommender can say. */
  readonly explanation?: string;
}

/** A suggestion as stored: its fields, its id and key, and its two encoded anchors. */
export interface SuggestionEntry extends SuggestionFields {
  /** The key in the room's `suggestions` map (opaque; the writer picks it). */
  readonly id: string;
  /** The suggestion key (`suggestionKey`): the same for the same label on the same text, across retraining. */
  readonly key: string;
  /** The start anchor (`Y.encodeRelativePosition`, assoc 0). */
  readonly start: Uint8Array;
  /** The end anchor (`Y.encodeRelativePosition`, assoc −1). */
  readonly end: Uint8Array;
}

/** A suggestion placed in the current text: `[start, end)` in UTF-16 offsets. */
export interface PlacedSuggestion extends SuggestionFields {
  readonly id: string;
  readonly key: string;
  readonly start: number;
  readonly end: number;
  /** Its stored anchors, which an annotation accepting it copies (`writeAcceptedSuggestion`). */
  readonly anchors: { readonly start: Uint8Array; readonly end: Uint8Array };
}

/** A suggestion to write: text offsets (UTF-16) and fields, as a recommender predicts it. */
export interface SuggestionInput extends SuggestionFields {
  readonly start: number;
  readonly end: number;
}

/** Every suggestion of a room, resolved against the current content. */
export interface ResolvedSuggestions {
  /** The suggestions over text, sorted by (start, end, id). */
  readonly suggestions: PlacedSuggestion[];
  /** The ids of the entries skipped because their text is gone, or not here yet (their anchors do not resolve), sorted. */
  readonly orphans: string[];
  /** Entries that do not follow the layout, skipped, sorted by id. */
  readonly problems: LayerProblem[];
}

/** The `suggestions` map of a suggestion room doc. */
export function suggestionsMap(room: Y.Doc): Y.Map<unknown> {
  return room.getMap<unknown>(SUGGESTIONS_MAP);
}

/**
 * The key of a suggestion: `<label>/<start>/<end>`, where `<start>` and
 * `<end>` are the suggestion's encoded anchors in base64url without padding.
 * Anchors name characters (a Yjs item id), not offsets, so the key stays
 * the same when the server predicts the same label on the same text again
 * (any model, any version, any id), and when text elsewhere changes; it
 * changes when the text under it is retyped. Feedback is keyed by it.
 *
 * @example suggestionKey('place', entry.start, entry.end) // 'place/AOWMw7QBCAA/AOWMw7QBDgE'
 */
export function suggestionKey(label: string, start: Uint8Array, end: Uint8Array): string {
  return `${label}/${toBase64UrlEncoded(start)}/${toBase64UrlEncoded(end)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Own property `key` of a plain object (never one inherited from a prototype). */
function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function isAnchor(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length > 0 && value.length <= MAX_ANCHOR_BYTES;
}

/**
 * Reads one entry of a suggestion room's `suggestions` map (`value` as
 * stored under `id`, of any type). An entry is a plain object with `start`
 * and `end` (encoded anchors of 1–64 bytes), `label` (a non-empty string),
 * `score` (a number from 0 to 1), `recommender` (a non-empty line),
 * `modelVersion` (a string) and optionally `explanation` (a string); any
 * other shape is a problem naming the field. Other keys are ignored.
 */
export function readSuggestionEntry(id: string, value: unknown): { entry: SuggestionEntry } | { problem: LayerProblem } {
  const problem = (field: string, expected: string, found: unknown): { problem: LayerProblem } => ({
    problem: { id, field, message: `suggestions/${id}/${field}: expected ${expected}, found ${describeValue(found)}` },
  });
  if (!isPlainObject(value)) return problem('', 'a plain object of suggestion fields', value);
  const start = own(value, 'start');
  if (!isAnchor(start)) return problem('start', `a Uint8Array of 1 to ${MAX_ANCHOR_BYTES} bytes from Y.encodeRelativePosition`, start);
  const end = own(value, 'end');
  if (!isAnchor(end)) return problem('end', `a Uint8Array of 1 to ${MAX_ANCHOR_BYTES} bytes from Y.encodeRelativePosition`, end);
  const label = own(value, 'label');
  if (typeof label !== 'string' || label === '') return problem('label', 'a non-empty label id', label);
  const score = own(value, 'score');
  if (!isScore(score)) return problem('score', 'a number from 0 to 1', score);
  const recommender = own(value, 'recommender');
  if (!isRecommenderName(recommender)) return problem('recommender', "a recommender's name (a non-empty line)", recommender);
  const modelVersion = own(value, 'modelVersion');
  if (typeof modelVersion !== 'string') return problem('modelVersion', 'a string', modelVersion);
  const explanation = own(value, 'explanation');
  if (explanation !== undefined && typeof explanation !== 'string') return problem('explanation', 'a string', explanation);
  const key = suggestionKey(label, start, end);
  return {
    entry: { id, key, start, end, label, score, recommender, modelVersion, ...(explanation === undefined ? {} : { explanation }) },
  };
}

/** Reads every entry of a suggestion room, in id order, with the problems of malformed ones. */
export function readSuggestionEntries(room: Y.Doc): { entries: SuggestionEntry[]; problems: LayerProblem[] } {
  return readMapEntries(suggestionsMap(room), readSuggestionEntry);
}

/** The fields of an entry without its anchors, id and key. */
function fieldsOf(entry: SuggestionEntry): SuggestionFields {
  const { label, score, recommender, modelVersion, explanation } = entry;
  return { label, score, recommender, modelVersion, ...(explanation === undefined ? {} : { explanation }) };
}

/**
 * Resolves every suggestion of a room against the content in one pass over
 * the content's items (see `ContentIndex`). Malformed entries and those
 * whose text is gone are skipped and listed; nothing throws.
 */
export function resolveSuggestions(room: Y.Doc, content: Y.Doc): ResolvedSuggestions {
  return resolveSuggestionsWith(room, new ContentIndex(content));
}

/** `resolveSuggestions` with an index of the content built by the caller. */
export function resolveSuggestionsWith(room: Y.Doc, index: ContentIndex): ResolvedSuggestions {
  const { entries, problems } = readSuggestionEntries(room);
  const suggestions: PlacedSuggestion[] = [];
  const orphans: string[] = [];
  for (const entry of entries) {
    const range = resolveEntry(entry, index);
    if (range === null) orphans.push(entry.id);
    else suggestions.push({ id: entry.id, key: entry.key, start: range.start, end: range.end, ...fieldsOf(entry), anchors: { start: entry.start, end: entry.end } });
  }
  suggestions.sort((a, b) => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { suggestions, orphans, problems };
}

/** @internal */
export function checkSuggestion(suggestion: SuggestionInput, recommender: string, text: string, where: string): void {
  const { start, end } = suggestion;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start >= end) {
    throw new RangeError(`${where}: [${start}, ${end}) is not a non-empty range of the text (0..${text.length})`);
  }
  if (splitsSurrogatePair(text, start) || splitsSurrogatePair(text, end)) throw new RangeError(`${where}: [${start}, ${end}) splits a surrogate pair`);
  if (typeof suggestion.label !== 'string' || suggestion.label === '') throw new RangeError(`${where}: the label must be a non-empty string`);
  if (!isScore(suggestion.score)) throw new RangeError(`${where}: score must be a number from 0 to 1, got ${String(suggestion.score)}`);
  if (suggestion.recommender !== recommender) {
    throw new RangeError(`${where}: made by ${JSON.stringify(suggestion.recommender)}, but the suggestions of ${JSON.stringify(recommender)} are being written`);
  }
  if (typeof suggestion.modelVersion !== 'string') throw new RangeError(`${where}: modelVersion must be a string`);
  if (suggestion.explanation !== undefined && typeof suggestion.explanation !== 'string') throw new RangeError(`${where}: explanation must be a string`);
}

/** @internal */
export function sameStored(a: unknown, b: Record<string, unknown>): boolean {
  if (!isPlainObject(a)) return false;
  const keys = Object.keys(b);
  if (Object.keys(a).length !== keys.length) return false;
  return keys.every((key) => {
    const x = own(a, key);
    const y = b[key];
    if (x instanceof Uint8Array && y instanceof Uint8Array) return x.length === y.length && x.every((byte, i) => byte === y[i]);
    return x === y;
  });
}

/**
 * Makes the suggestions of `recommender` in a suggestion room equal to
 * `suggestions` (text offsets into `content`), in one transaction: entries
 * of that recommender that are not suggested again are deleted, the others
 * are written under the id `<recommender>/<suggestion key>`, and an entry
 * that has not changed is not rewritten. Suggestions of other recommenders
 * are left alone. Where the recommender suggests the same label on the same
 * text twice, the higher score is kept. Only the server writes suggestion
 * rooms.
 *
 * @throws RangeError when a suggestion is not a non-empty range of the text,
 * splits a surrogate pair, has an empty label, a score outside [0, 1],
 * another recommender, or a `modelVersion` or `explanation` that is not a
 * string; nothing is written then.
 */
export function writeSuggestions(room: Y.Doc, content: Y.Doc, recommender: string, suggestions: readonly SuggestionInput[], origin?: unknown): void {
  writeSuggestionsWith(room, new ContentIndex(content), recommender, suggestions, origin);
}

/** Checks every suggestion against the text before anything is written. @throws RangeError naming the first bad one. */
function checkSuggestions(recommender: string, text: string, suggestions: readonly SuggestionInput[]): void {
  if (!isRecommenderName(recommender)) throw new RangeError(`${JSON.stringify(recommender)} is not a recommender's name (a non-empty line of at most 200 characters)`);
  suggestions.forEach((suggestion, i) => checkSuggestion(suggestion, recommender, text, `suggestion ${i} of ${JSON.stringify(recommender)}`));
}

/**
 * Adds the stored entries of `suggestions` to `wanted` (id → value), keeping
 * the higher score where two give the same id, and returns those added.
 */
function encodeSuggestions(index: ContentIndex, recommender: string, suggestions: readonly SuggestionInput[], wanted: Map<string, Record<string, unknown>>): Map<string, Record<string, unknown>> {
  const added = new Map<string, Record<string, unknown>>();
  for (const suggestion of suggestions) {
    const start = index.encodeAnchor(suggestion.start, 0);
    const end = index.encodeAnchor(suggestion.end, -1);
    const id = `${recommender}/${suggestionKey(suggestion.label, start, end)}`;
    const previous = wanted.get(id);
    if (previous !== undefined && (previous['score'] as number) >= suggestion.score) continue;
    const { label, score, modelVersion, explanation } = suggestion;
    const value = { start, end, label, score, recommender, modelVersion, ...(explanation === undefined ? {} : { explanation }) };
    wanted.set(id, value);
    added.set(id, value);
  }
  return added;
}

/** Marks the room's layout, inside a transaction. */
function markLayout(room: Y.Doc): void {
  const meta = room.getMap<unknown>(META_MAP);
  if (meta.get(LAYOUT_KEY) !== LAYOUT_VERSION) meta.set(LAYOUT_KEY, LAYOUT_VERSION);
}

/** Removes this recommender's entries (by their recorded name, or by the id this writer gives them) that are not in `wanted`, inside a transaction. */
function removeStale(map: Y.Map<unknown>, recommender: string, wanted: ReadonlyMap<string, unknown>): void {
  const prefix = `${recommender}/`;
  const stale = [...map.entries()].filter(([id, value]) => {
    if (wanted.has(id)) return false;
    const read = readSuggestionEntry(id, value);
    return ('entry' in read && read.entry.recommender === recommender) || id.startsWith(prefix);
  });
  for (const [id] of stale) map.delete(id);
}

/** `writeSuggestions` with an index of the content built by the caller (for several rooms or recommenders on one state). */
export function writeSuggestionsWith(room: Y.Doc, index: ContentIndex, recommender: string, suggestions: readonly SuggestionInput[], origin?: unknown): void {
  checkSuggestions(recommender, index.text, suggestions);
  const wanted = new Map<string, Record<string, unknown>>();
  encodeSuggestions(index, recommender, suggestions, wanted);
  const map = suggestionsMap(room);
  room.transact(() => {
    markLayout(room);
    removeStale(map, recommender, wanted);
    for (const [id, value] of wanted) if (!sameStored(map.get(id), value)) map.set(id, value);
  }, origin ?? null);
}

/**
 * `writeSuggestionsWith` in slices: each step writes the next `sliceSize`
 * suggestions in a transaction of its own (anchors encoded only for them)
 * and yields how many are written; the last step removes this
 * recommender's entries not suggested again. The caller sends each step's
 * update on and may let other work run between steps, so writing
 * hundreds of suggestions of a large document never holds a thread for
 * long. The room ends as `writeSuggestionsWith` leaves it; between steps,
 * readers see new suggestions beside stale ones.
 * @throws RangeError as `writeSuggestionsWith`, before anything is written.
 */
export function* writeSuggestionsInSlices(room: Y.Doc, index: ContentIndex, recommender: string, suggestions: readonly SuggestionInput[], sliceSize = 64, origin?: unknown): Generator<number, void, void> {
  if (!Number.isInteger(sliceSize) || sliceSize < 1) throw new RangeError(`sliceSize must be a positive integer, not ${sliceSize}`);
  checkSuggestions(recommender, index.text, suggestions);
  const map = suggestionsMap(room);
  const wanted = new Map<string, Record<string, unknown>>();
  for (let from = 0; from < suggestions.length; from += sliceSize) {
    const changed = encodeSuggestions(index, recommender, suggestions.slice(from, from + sliceSize), wanted);
    room.transact(() => {
      markLayout(room);
      for (const [id, value] of changed) if (!sameStored(map.get(id), value)) map.set(id, value);
    }, origin ?? null);
    yield Math.min(suggestions.length, from + sliceSize);
  }
  room.transact(() => {
    markLayout(room);
    removeStale(map, recommender, wanted);
  }, origin ?? null);
}

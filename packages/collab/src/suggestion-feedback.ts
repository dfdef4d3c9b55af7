/**
 * Feedback on suggestions, kept in the user's layer room: `getMap('feedback')`
 * maps `<user>/<suggestion key>` to a plain object saying what that user did
 * with the suggestion (accepted, rejected, corrected), when, and which model
 * made it. Accepting writes a normal annotation and its feedback in one
 * transaction, so one undo takes both back.
 */
import * as Y from 'yjs';
import type { AnnotationStatus } from '@glossa/core';
import { describeValue, isRecommenderName, isScore, readMapEntries } from './annotation-entry.js';
import type { AnnotationFields, LayerProblem, ModelProvenance } from './annotation-entry.js';
import { writeAnnotationEntryFields } from './layer.js';
import { FEEDBACK_MAP } from './layout.js';
import { isRoomId } from './rooms.js';
import type { SuggestionEntry } from './suggestion-room.js';

/** What a user did with a suggestion: took it as it was, refused it, or made an overlapping span with another label or other boundaries. */
export type FeedbackAction = 'accepted' | 'rejected' | 'corrected';

/** Every feedback action. */
export const FEEDBACK_ACTIONS: readonly FeedbackAction[] = ['accepted', 'rejected', 'corrected'];

/** A user's decision on one suggestion, as stored in the `feedback` map. */
export interface SuggestionFeedback {
  readonly action: FeedbackAction;
  /** The user id of who decided. */
  readonly by: string;
  /** When, in milliseconds since the epoch. */
  readonly at: number;
  /** The recommender that made the suggestion. */
  readonly recommender: string;
  /** The version of its model. */
  readonly modelVersion: string;
  /** The suggestion's score, in [0, 1]. */
  readonly score: number;
  /** The suggested label (for `corrected`, the label the user did not take). */
  readonly label: string;
  /** The text under the suggestion when the user decided. */
  readonly quote: string;
}

/** A feedback entry as read: its fields, its key in the map and the suggestion key it is about. */
export interface FeedbackEntry extends SuggestionFeedback {
  /** The key in the `feedback` map: `<by>/<suggestion>`. */
  readonly key: string;
  /** The suggestion key (`suggestionKey`). */
  readonly suggestion: string;
}

/** What feedback needs to know about a suggestion. */
export type SuggestionRef = Pick<SuggestionEntry, 'key' | 'label' | 'score' | 'recommender' | 'modelVersion'>;

/** The `feedback` map of a layer doc. */
export function feedbackMap(layer: Y.Doc): Y.Map<unknown> {
  return layer.getMap<unknown>(FEEDBACK_MAP);
}

/**
 * The key of `user`'s feedback on a suggestion: `<user>/<suggestion key>`.
 * Each user has their own entry, so in a shared layer one user's decision
 * never overwrites another's. User ids hold no `/` (`ROOM_ID_PATTERN`).
 * @throws RangeError when `user` is not a valid user id.
 */
export function feedbackKey(user: string, suggestion: string): string {
  if (!isRoomId(user)) throw new RangeError(`feedback by ${JSON.stringify(user)}: not a user id (1–128 characters of [A-Za-z0-9._-])`);
  return `${user}/${suggestion}`;
}

/** The feedback entry for `suggestion` from a decision. */
export function suggestionFeedback(
  suggestion: SuggestionRef,
  decision: { readonly action: FeedbackAction; readonly by: string; readonly at: number; readonly quote: string },
): SuggestionFeedback {
  return {
    action: decision.action,
    by: decision.by,
    at: decision.at,
    recommender: suggestion.recommender,
    modelVersion: suggestion.modelVersion,
    score: suggestion.score,
    label: suggestion.label,
    quote: decision.quote,
  };
}

function checkFeedback(suggestion: string, feedback: SuggestionFeedback): void {
  const where = `feedback on ${JSON.stringify(suggestion)}`;
  if (typeof suggestion !== 'string' || suggestion === '') throw new RangeError('feedback needs a non-empty suggestion key');
  if (!FEEDBACK_ACTIONS.includes(feedback.action)) throw new RangeError(`${where}: action must be one of ${FEEDBACK_ACTIONS.join(', ')}`);
  if (!Number.isFinite(feedback.at)) throw new RangeError(`${where}: at must be a finite number of milliseconds since the epoch`);
  if (!isRecommenderName(feedback.recommender)) throw new RangeError(`${where}: recommender must be a non-empty line`);
  if (typeof feedback.modelVersion !== 'string') throw new RangeError(`${where}: modelVersion must be a string`);
  if (!isScore(feedback.score)) throw new RangeError(`${where}: score must be a number from 0 to 1`);
  if (typeof feedback.label !== 'string' || feedback.label === '') throw new RangeError(`${where}: label must be a non-empty string`);
  if (typeof feedback.quote !== 'string') throw new RangeError(`${where}: quote must be a string`);
}

/**
 * Writes a user's feedback on the suggestion with key `suggestion`,
 * replacing that user's earlier feedback on it. Runs in the caller's
 * transaction when there is one, otherwise in one with `origin`.
 * @throws RangeError when a field has a wrong value or `by` is not a user id.
 */
export function writeFeedback(layer: Y.Doc, suggestion: string, feedback: SuggestionFeedback, origin?: unknown): void {
  const key = feedbackKey(feedback.by, suggestion);
  checkFeedback(suggestion, feedback);
  const { action, by, at, recommender, modelVersion, score, label, quote } = feedback;
  layer.transact(() => {
    feedbackMap(layer).set(key, { action, by, at, recommender, modelVersion, score, label, quote });
  }, origin ?? null);
}

/**
 * Reads one entry of the `feedback` map (`value` as stored under `key`, of
 * any type). The key must be `<by>/<suggestion key>` with the entry's `by`;
 * the value a plain object with every field of `SuggestionFeedback`. Any
 * other shape is a problem naming the field; other keys are ignored.
 */
export function readFeedbackEntry(key: string, value: unknown): { entry: FeedbackEntry } | { problem: LayerProblem } {
  const problem = (field: string, expected: string, found: unknown): { problem: LayerProblem } => ({
    problem: { id: key, field, message: `feedback/${key}/${field}: expected ${expected}, found ${describeValue(found)}` },
  });
  const slash = key.indexOf('/');
  const user = slash > 0 ? key.slice(0, slash) : '';
  const suggestion = slash > 0 ? key.slice(slash + 1) : '';
  if (!isRoomId(user) || suggestion === '') return problem('', 'a key <user>/<suggestion key>', key);
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array || value instanceof Y.AbstractType) {
    return problem('', 'a plain object of feedback fields', value);
  }
  const record = value as Record<string, unknown>;
  const field = (name: string): unknown => (Object.hasOwn(record, name) ? record[name] : undefined);
  const action = field('action');
  if (typeof action !== 'string' || !(FEEDBACK_ACTIONS as readonly string[]).includes(action)) return problem('action', `one of ${FEEDBACK_ACTIONS.join(', ')}`, action);
  const by = field('by');
  if (by !== user) return problem('by', `the user named in the key (${JSON.stringify(user)})`, by);
  const at = field('at');
  if (typeof at !== 'number' || !Number.isFinite(at)) return problem('at', 'milliseconds since the epoch', at);
  const recommender = field('recommender');
  if (!isRecommenderName(recommender)) return problem('recommender', "a recommender's name (a non-empty line)", recommender);
  const modelVersion = field('modelVersion');
  if (typeof modelVersion !== 'string') return problem('modelVersion', 'a string', modelVersion);
  const score = field('score');
  if (!isScore(score)) return problem('score', 'a number from 0 to 1', score);
  const label = field('label');
  if (typeof label !== 'string' || label === '') return problem('label', 'a non-empty label id', label);
  const quote = field('quote');
  if (typeof quote !== 'string') return problem('quote', 'a string', quote);
  return { entry: { key, suggestion, action: action as FeedbackAction, by: user, at, recommender, modelVersion, score, label, quote } };
}

/**
 * Reads the feedback of a layer (of one user when `by` is given), in key
 * order, with the problems of malformed entries, which are skipped.
 */
export function readFeedback(layer: Y.Doc, by?: string): { entries: FeedbackEntry[]; problems: LayerProblem[] } {
  const prefix = by === undefined ? '' : `${by}/`;
  return readMapEntries(feedbackMap(layer), readFeedbackEntry, (key) => key.startsWith(prefix));
}

/**
 * The keys of the `feedback` map a transaction of `layer` set or deleted.
 * Valid while handling the transaction's `afterTransaction` event.
 */
export function changedFeedbackKeys(transaction: Y.Transaction, layer: Y.Doc): string[] {
  const map = feedbackMap(layer);
  for (const [type, keys] of transaction.changed) {
    if ((type as object) === map) return [...keys].filter((key): key is string => key !== null);
  }
  return [];
}

/** How a user accepts a suggestion. */
export interface AcceptOptions {
  /** The id of the new annotation. */
  readonly id: string;
  /** The user id: the annotation's author and the feedback's `by`. */
  readonly by: string;
  /** When, in milliseconds since the epoch: the annotation's `created` and the feedback's `at`. */
  readonly at: number;
  /** The text under the suggestion. */
  readonly quote: string;
  /** Another label to accept the suggestion's span with. @default the suggestion's label */
  readonly label?: string;
  /** The new annotation's review status. @default 'proposed' */
  readonly status?: AnnotationStatus;
  /** The new annotation's note. @default '' */
  readonly note?: string;
}

/** What accepting a suggestion writes: the annotation, its model provenance when it keeps the suggested label, and the feedback. */
export interface AcceptedSuggestion {
  readonly annotation: AnnotationFields;
  readonly model?: ModelProvenance;
  readonly feedback: SuggestionFeedback;
}

/**
 * What accepting `suggestion` writes. With the suggested label the
 * annotation has source `model` and the suggestion's recommender, score and
 * model version, and the feedback says `accepted`. With another label the
 * model chose only the span, so the annotation is the user's (source
 * `human`, no score) and the feedback says `corrected`.
 */
export function acceptedSuggestion(suggestion: SuggestionRef, options: AcceptOptions): AcceptedSuggestion {
  const label = options.label ?? suggestion.label;
  const same = label === suggestion.label;
  const annotation: AnnotationFields = {
    id: options.id,
    label,
    author: options.by,
    status: options.status ?? 'proposed',
    note: options.note ?? '',
    created: options.at,
    source: same ? 'model' : 'human',
  };
  const feedback = suggestionFeedback(suggestion, { action: same ? 'accepted' : 'corrected', by: options.by, at: options.at, quote: options.quote });
  if (!same) return { annotation, feedback };
  return { annotation, feedback, model: { recommender: suggestion.recommender, score: suggestion.score, modelVersion: suggestion.modelVersion } };
}

/**
 * Accepts a suggestion: writes a normal annotation at `anchors` (the
 * suggestion's, copied) and the user's feedback on it, in one transaction
 * with `origin`, so one undo takes both back (see `acceptedSuggestion` for
 * what is written). Returns what it wrote.
 * @throws RangeError when a field has a wrong value; nothing is written then.
 *
 * @example
 * const [entry] = readSuggestionEntries(suggestionRoom).entries;
 * writeAcceptedSuggestion(layer, entry, entry, { id: crypto.randomUUID(), by: 'ana', at: Date.now(), quote: 'National Guard' }, localOrigin('ana'));
 */
export function writeAcceptedSuggestion(
  layer: Y.Doc,
  suggestion: SuggestionRef,
  anchors: { readonly start: Uint8Array; readonly end: Uint8Array },
  options: AcceptOptions,
  origin?: unknown,
): AcceptedSuggestion {
  const accepted = acceptedSuggestion(suggestion, options);
  feedbackKey(options.by, suggestion.key);
  checkFeedback(suggestion.key, accepted.feedback);
  layer.transact(() => {
    writeAnnotationEntryFields(layer, accepted.annotation, anchors, options.quote, accepted.model);
    writeFeedback(layer, suggestion.key, accepted.feedback);
  }, origin ?? null);
  return accepted;
}

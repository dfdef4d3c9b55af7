/**
 * What the external recommender asks of a protocol: a model version, a
 * training run and a prediction, each over a {@link JsonClient}; the
 * protocols (`http`: Glossa's `/v1`, `labelstudio`: a Label Studio ML
 * backend) differ only in their requests and answers.
 */
import type { LabeledSpan, TextDocument } from '@glossa/core';
import type { TrainingExample } from '@glossa/suggest';
import type { JsonClient } from './json-client.js';
import { SpanPlacer } from './remote-spans.js';

/** A suggestion as a backend sent it: code point offsets, the quoted text when it said. */
export interface WireSuggestion {
  readonly start: number;
  readonly end: number;
  readonly quote?: string;
  readonly label: string;
  /** In [0, 1], when the backend gave one. */
  readonly score?: number;
  readonly explanation?: string;
  readonly modelVersion?: string;
}

/** A prediction's answer: its suggestions and the entries that could not be read (with why). */
export interface WirePrediction {
  readonly modelVersion?: string;
  readonly suggestions: readonly WireSuggestion[];
  readonly problems: readonly string[];
}

/** What a prediction sends beyond the text. */
export interface PredictionRequest {
  readonly document: TextDocument;
  /** The schema's span labels. */
  readonly labels: readonly string[];
  /** The document's existing spans, UTF-16 offsets. */
  readonly spans: readonly LabeledSpan[];
  /** The version of the model the caller holds. */
  readonly modelVersion: string;
}

/** The calls a protocol makes (each under the backend's guard, with its signal). */
export interface BackendProtocol {
  /** The recommender kind of the protocol. */
  readonly kind: 'http' | 'labelstudio';
  /** Whether the backend says it is up (`GET /health`; for `/v1`, whether `GET /v1/info` answers). */
  health(client: JsonClient, signal: AbortSignal): Promise<boolean>;
  /** The backend's current model version (`GET /v1/info`, `POST /setup`). */
  modelVersion(client: JsonClient, labels: readonly string[], signal: AbortSignal): Promise<string>;
  /**
   * Sends the examples to train on; resolves with the new model version when
   * the answer says, `undefined` when it does not (or the backend does not
   * train).
   */
  train(client: JsonClient, examples: readonly TrainingExample[], labels: readonly string[], signal: AbortSignal): Promise<string | undefined>;
  /** Asks for suggestions on one document. */
  predict(client: JsonClient, request: PredictionRequest, signal: AbortSignal): Promise<WirePrediction>;
}

/** A document's spans with code point offsets and their text, for sending (spans of labels outside `labels` left out). */
export function codePointSpans(text: string, spans: readonly LabeledSpan[], labels: readonly string[]): { start: number; end: number; label: string; text: string }[] {
  const wanted = new Set(labels);
  const placer = new SpanPlacer(text);
  return spans.filter((s) => wanted.has(s.label) && s.start < s.end).map((s) => ({ start: placer.toCodePoint(s.start), end: placer.toCodePoint(s.end), label: s.label, text: text.slice(s.start, s.end) }));
}

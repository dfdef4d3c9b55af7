/**
 * A recommender served by another process: Glossa's `/v1` protocol
 * (`kind: 'http'`) or a Label Studio ML backend (`kind: 'labelstudio'`),
 * behind one {@link AsyncRecommender}. Every call goes through the
 * backend's own guard (deadline, concurrency limit, circuit breaker), so a
 * slow or dead backend never delays another backend or anything else;
 * requests go only to the configured URL.
 *
 * Spans come back in code points and are placed in the text with the quote
 * winning over offsets that disagree with it (counted in `stats().offsetMismatches`);
 * suggestions that cannot be placed, name a label outside the schema or
 * cannot be read are dropped and counted (`stats().droppedSuggestions`),
 * and each is reported to `onProblem`.
 */
import type { TextDocument } from '@glossa/core';
import { finishSuggestions, type AsyncRecommender, type PredictionContext, type Suggestion, type TrainingExample, type VersionedModel } from '@glossa/suggest';
import { BackendGuard, type CircuitState, type GuardCounts } from './backend-guard.js';
import { glossaProtocol } from './glossa-protocol.js';
import { JsonClient } from './json-client.js';
import { labelStudioProtocol } from './label-studio-protocol.js';
import type { BackendProtocol } from './protocol.js';
import { SpanPlacer } from './remote-spans.js';

/** The configuration of an external recommender (what an admin sets). */
export interface ExternalRecommenderConfig {
  /** The recommender's name in suggestions and errors. */
  readonly name: string;
  /** The protocol: Glossa's `/v1` (`http`) or a Label Studio ML backend (`labelstudio`). */
  readonly kind: 'http' | 'labelstudio';
  /** The backend's base URL (http or https); the only URL the recommender ever requests, with the protocol's paths under it. */
  readonly url: string;
  /** The schema's span label ids: what the backend is told it may suggest, and what is kept of its answers. */
  readonly labels: readonly string[];
  /** The project, as Label Studio backends receive it. @default the recommender's name */
  readonly project?: string;
  /** Deadline of an info, health or predict call, in ms, waiting for a free slot included. @default 10,000 */
  readonly timeoutMs?: number;
  /** Deadline of a training call, in ms. @default 120,000 */
  readonly trainTimeoutMs?: number;
  /** Calls to this backend in flight at once. @default 2 */
  readonly concurrency?: number;
  /** Calls waiting for a slot before more are refused. @default 32 */
  readonly maxQueue?: number;
  /** Consecutive failures that open the circuit. @default 5 */
  readonly failureThreshold?: number;
  /** How long an open circuit refuses calls, in ms, before one trial call. @default 30,000 */
  readonly cooldownMs?: number;
  /** Extra request headers (an `Authorization` header, say). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Largest answer read, in bytes. @default 16 MiB */
  readonly maxResponseBytes?: number;
  /** Told of every suggestion dropped or moved, with the reason (a logger, say). */
  readonly onProblem?: (message: string) => void;
  /** The clock of the circuit breaker, in ms. @default Date.now */
  readonly now?: () => number;
}

/** A model of an external recommender: the backend's model version. */
export interface ExternalModel extends VersionedModel {
  readonly kind: 'http' | 'labelstudio';
}

/** What an external recommender counted: its guard's counts, the circuit, and what happened to spans. */
export interface ExternalRecommenderStats extends GuardCounts {
  readonly circuit: CircuitState;
  /** Spans whose offsets disagreed with their quoted text, placed where the quote is. */
  readonly offsetMismatches: number;
  /** Suggestions dropped: unreadable, outside the text, quote not found, or a label outside the schema. */
  readonly droppedSuggestions: number;
}

/** An external recommender: an {@link AsyncRecommender} with a health check and counts. */
export interface ExternalRecommender extends AsyncRecommender<ExternalModel> {
  readonly kind: 'http' | 'labelstudio';
  /** The recommender's name. */
  readonly name: string;
  /** Whether the backend says it is up; false when it cannot be asked (circuit open, timeout, error). */
  health(): Promise<boolean>;
  /** The counts so far. */
  stats(): ExternalRecommenderStats;
}

/**
 * The external recommender a configuration describes.
 *
 * @example
 * const ner = externalRecommender({ name: 'ner', kind: 'labelstudio', url: 'http://127.0.0.1:9090', labels: ['person', 'place'] });
 * const model = await ner.train(examples);           // POST /setup (and /train when there are spans)
 * const suggestions = await ner.predict(model, doc); // POST /predict; UTF-16 offsets, quote-checked
 */
export function externalRecommender(config: ExternalRecommenderConfig): ExternalRecommender {
  if (config.name === '') throw new RangeError('external recommender: name: expected a non-empty name');
  if (config.labels.length === 0) throw new RangeError(`recommender ${config.name}: labels: expected at least one label`);
  const protocol: BackendProtocol = config.kind === 'http' ? glossaProtocol : labelStudioProtocol(config.project ?? config.name);
  const client = new JsonClient({ backend: config.name, url: config.url, ...(config.headers ? { headers: config.headers } : {}), ...(config.maxResponseBytes === undefined ? {} : { maxResponseBytes: config.maxResponseBytes }) });
  const guard = new BackendGuard({
    backend: config.name,
    ...(config.concurrency === undefined ? {} : { concurrency: config.concurrency }),
    ...(config.maxQueue === undefined ? {} : { maxQueue: config.maxQueue }),
    ...(config.failureThreshold === undefined ? {} : { failureThreshold: config.failureThreshold }),
    ...(config.cooldownMs === undefined ? {} : { cooldownMs: config.cooldownMs }),
    ...(config.now ? { now: config.now } : {}),
  });
  const timeoutMs = config.timeoutMs ?? 10_000;
  const trainTimeoutMs = config.trainTimeoutMs ?? 120_000;
  const labels = [...config.labels];
  let offsetMismatches = 0;
  let droppedSuggestions = 0;
  const problem = (message: string): void => config.onProblem?.(`recommender ${config.name}: ${message}`);

  const toSuggestions = (document: TextDocument, allowed: ReadonlySet<string>, answer: Awaited<ReturnType<BackendProtocol['predict']>>, fallbackVersion: string): Suggestion[] => {
    for (const p of answer.problems) {
      droppedSuggestions++;
      problem(`dropped a suggestion on ${document.id}: ${p}`);
    }
    const placer = new SpanPlacer(document.text);
    const out: Suggestion[] = [];
    for (const wire of answer.suggestions) {
      const where = `${wire.label} at [${wire.start}, ${wire.end}) on ${document.id}`;
      if (!allowed.has(wire.label)) {
        droppedSuggestions++;
        problem(`dropped ${where}: the label is not in the schema`);
        continue;
      }
      const placed = placer.place({ start: wire.start, end: wire.end, ...(wire.quote === undefined ? {} : { quote: wire.quote }) });
      if ('dropped' in placed) {
        droppedSuggestions++;
        problem(`dropped ${where}: ${placed.dropped}`);
        continue;
      }
      if (placed.mismatch) {
        offsetMismatches++;
        problem(`${where}: the offsets do not hold its text; placed at its text, code points [${placer.toCodePoint(placed.start)}, ${placer.toCodePoint(placed.end)})`);
      }
      out.push({
        start: placed.start,
        end: placed.end,
        label: wire.label,
        // A backend that gives no score pre-annotates: its suggestion is as sure as it can be.
        score: wire.score ?? 1,
        recommender: config.name,
        modelVersion: wire.modelVersion ?? answer.modelVersion ?? fallbackVersion,
        ...(wire.explanation === undefined ? {} : { explanation: wire.explanation }),
      });
    }
    return finishSuggestions(document.text, out);
  };

  return {
    kind: config.kind,
    name: config.name,

    async train(examples: readonly TrainingExample[]): Promise<ExternalModel> {
      const trained = await guard.run((signal) => protocol.train(client, examples, labels, signal), trainTimeoutMs, `${config.kind === 'http' ? 'POST /v1/train' : 'POST /train'}`);
      const version = trained ?? (await guard.run((signal) => protocol.modelVersion(client, labels, signal), timeoutMs, config.kind === 'http' ? 'GET /v1/info' : 'POST /setup'));
      return { kind: config.kind, name: config.name, version };
    },

    async predict(model: ExternalModel, document: TextDocument, context: PredictionContext = {}): Promise<Suggestion[]> {
      const allowed = context.labels ? labels.filter((l) => context.labels?.includes(l)) : labels;
      const answer = await guard.run((signal) => protocol.predict(client, { document, labels: allowed, spans: context.spans ?? [], modelVersion: model.version }, signal), timeoutMs, config.kind === 'http' ? 'POST /v1/predict' : 'POST /predict');
      return toSuggestions(document, new Set(allowed), answer, model.version);
    },

    async health(): Promise<boolean> {
      try {
        return await guard.run((signal) => protocol.health(client, signal), timeoutMs, config.kind === 'http' ? 'GET /v1/info' : 'GET /health');
      } catch {
        return false;
      }
    },

    stats(): ExternalRecommenderStats {
      return { ...guard.stats, circuit: guard.state, offsetMismatches, droppedSuggestions };
    },
  };
}

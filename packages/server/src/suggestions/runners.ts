/**
 * How the engine runs a recommender, whatever it is: a `RecommenderRunner`
 * trains a model per scope and predicts with it. Built-in recommenders run
 * through the `Recommender` interface of `@glossa/suggest` in a worker
 * thread of their own (`threadRunner`), so training never holds the relay's
 * event loop and a slow recommender never holds another. A recommender
 * whose work is elsewhere (an external model server) is an
 * `AsyncRecommender` of `@glossa/suggest` and runs on the main thread
 * (`asyncRunner`): it only waits, behind its backend's own deadline,
 * concurrency limit and circuit breaker. `EXTERNAL_RECOMMENDERS` maps each
 * external kind to the recommender that speaks its protocol.
 */
import type { TextDocument } from '@glossa/core';
import type { AsyncRecommender, PredictionContext, Suggestion, TrainingExample, VersionedModel } from '@glossa/suggest';
import { externalRecommender } from './external/index.js';
import type { ExternalKind, RecommenderPlan } from './recommender-config.js';
import { RecommenderThread } from './recommender-thread.js';

/** A recommender as the engine drives it: a model per scope, trained and used by name of the scope. */
export interface RecommenderRunner {
  /** Trains (or retrains) the model of `scope`; resolves with its version. */
  train(scope: string, examples: readonly TrainingExample[]): Promise<string>;
  /**
   * Suggestions of the model of `scope` for each document, in order.
   * `contexts[i]` tells what the schema allows and which spans document `i`
   * already has (what an external model receives with the text; built-in
   * recommenders do not need it).
   */
  predict(scope: string, documents: readonly TextDocument[], contexts?: readonly PredictionContext[]): Promise<Suggestion[][]>;
  /** Frees what the runner holds (its thread, its models). */
  close(): Promise<void>;
}

/** What an external recommender is made with besides its plan. */
export interface ExternalRecommenderContext {
  /** The project (Label Studio backends receive it). */
  readonly project: string;
  /** The span label ids it may suggest: the plan's, or else every span label of the schema. */
  readonly labels: readonly string[];
  /** Told of every suggestion the backend sent that was dropped or moved, with the reason. */
  readonly onProblem?: (message: string) => void;
}

/** Makes the recommender of an external kind from its plan. */
export type ExternalRecommenderFactory = (plan: Extract<RecommenderPlan, { kind: ExternalKind }>, context: ExternalRecommenderContext) => AsyncRecommender<VersionedModel>;

/**
 * The factories of the external kinds: `http` (Glossa's `/v1` model
 * protocol) and `labelstudio` (a Label Studio ML backend), both with the
 * defaults of `externalRecommender` (see `EXTERNAL-MODELS.md`).
 */
export const EXTERNAL_RECOMMENDERS: Readonly<Record<ExternalKind, ExternalRecommenderFactory>> = {
  http: (plan, context) => externalRecommender({ name: plan.name, kind: 'http', url: plan.url, labels: context.labels, project: context.project, ...(context.onProblem ? { onProblem: context.onProblem } : {}) }),
  labelstudio: (plan, context) => externalRecommender({ name: plan.name, kind: 'labelstudio', url: plan.url, labels: context.labels, project: context.project, ...(context.onProblem ? { onProblem: context.onProblem } : {}) }),
};

/** A built-in recommender in a worker thread of its own. */
export function threadRunner(plan: Extract<RecommenderPlan, { config: unknown }>, thread = new RecommenderThread()): RecommenderRunner {
  return {
    train: (scope, examples) => thread.train(scope, plan.config, examples),
    predict: (scope, documents) => thread.predict(scope, documents),
    close: () => thread.close(),
  };
}

/** An `AsyncRecommender` driven on this thread, keeping its model per scope; documents are predicted one after the other. */
export function asyncRunner<M extends VersionedModel>(recommender: AsyncRecommender<M>): RecommenderRunner {
  const models = new Map<string, M>();
  let closed = false;
  return {
    async train(scope, examples) {
      const model = await recommender.train(examples);
      if (!closed) models.set(scope, model);
      return model.version;
    },
    async predict(scope, documents, contexts) {
      const model = models.get(scope);
      if (model === undefined) throw new RangeError(`no model trained for scope "${scope}"`);
      const out: Suggestion[][] = [];
      for (const [i, document] of documents.entries()) {
        if (closed) throw new Error('the recommender was closed while it predicted');
        out.push(await recommender.predict(model, document, contexts?.[i]));
      }
      return out;
    },
    close() {
      closed = true;
      models.clear();
      return Promise.resolve();
    },
  };
}

/** The runner of a plan, or the reason there is none (an external kind without a factory). */
export function createRunner(
  plan: RecommenderPlan,
  context: ExternalRecommenderContext,
  external: Partial<Record<ExternalKind, ExternalRecommenderFactory>> = EXTERNAL_RECOMMENDERS,
): RecommenderRunner | string {
  if ('config' in plan) return threadRunner(plan);
  const factory = external[plan.kind];
  if (factory === undefined) return `recommenders of kind "${plan.kind}" are not available in this server`;
  return asyncRunner(factory(plan, context));
}

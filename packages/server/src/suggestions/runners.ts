/**
 * How the engine runs a recommender, whatever it is: a `RecommenderRunner`
 * trains a model per scope and predicts with it. Built-in recommenders run
 * through the `Recommender` interface of `@glossa/suggest` in a worker
 * thread of their own (`threadRunner`), so training never holds the relay's
 * event loop and a slow recommender never holds another. A recommender
 * whose work is elsewhere (an external model server) implements the same
 * interface with promises and runs on the main thread (`awaitingRunner`):
 * it only waits. `EXTERNAL_RECOMMENDERS` is where such a kind plugs in.
 */
import type { TextDocument } from '@glossa/core';
import type { ModelBase, Recommender, Suggestion, TrainingExample } from '@glossa/suggest';
import type { ExternalKind, RecommenderPlan } from './recommender-config.js';
import { RecommenderThread } from './recommender-thread.js';

/** A recommender as the engine drives it: a model per scope, trained and used by name of the scope. */
export interface RecommenderRunner {
  /** Trains (or retrains) the model of `scope`; resolves with its version. */
  train(scope: string, examples: readonly TrainingExample[]): Promise<string>;
  /** Suggestions of the model of `scope` for each document, in order. */
  predict(scope: string, documents: readonly TextDocument[]): Promise<Suggestion[][]>;
  /** Frees what the runner holds (its thread, its models). */
  close(): Promise<void>;
}

/**
 * The `Recommender` interface of `@glossa/suggest`, where training and
 * prediction may also answer with a promise: what a recommender that calls
 * out (an external model server) implements.
 */
export interface AwaitableRecommender<M extends ModelBase = ModelBase> {
  train(examples: readonly TrainingExample[]): M | Promise<M>;
  predict(model: M, document: TextDocument): Suggestion[] | Promise<Suggestion[]>;
}

/** Makes the recommender of an external kind from its plan. */
export type ExternalRecommenderFactory = (plan: Extract<RecommenderPlan, { kind: ExternalKind }>) => AwaitableRecommender;

/**
 * The factories of the external kinds (`http`, `labelstudio`): one line
 * each. A kind without one is reported as unavailable and skipped.
 */
export const EXTERNAL_RECOMMENDERS: Partial<Record<ExternalKind, ExternalRecommenderFactory>> = {};

/** A built-in recommender in a worker thread of its own. */
export function threadRunner(plan: Extract<RecommenderPlan, { config: unknown }>, thread = new RecommenderThread()): RecommenderRunner {
  return {
    train: (scope, examples) => thread.train(scope, plan.config, examples),
    predict: (scope, documents) => thread.predict(scope, documents),
    close: () => thread.close(),
  };
}

/** A recommender that answers with promises, driven on this thread, keeping its model per scope. */
export function awaitingRunner<M extends ModelBase>(recommender: AwaitableRecommender<M> | Recommender<M>): RecommenderRunner {
  const models = new Map<string, M>();
  return {
    async train(scope, examples) {
      const model = await recommender.train(examples);
      models.set(scope, model);
      return model.version;
    },
    async predict(scope, documents) {
      const model = models.get(scope);
      if (model === undefined) throw new RangeError(`no model trained for scope "${scope}"`);
      const out: Suggestion[][] = [];
      for (const document of documents) out.push(await recommender.predict(model, document));
      return out;
    },
    close() {
      models.clear();
      return Promise.resolve();
    },
  };
}

/** The runner of a plan, or the reason there is none (an external kind without a factory). */
export function createRunner(plan: RecommenderPlan, external: Partial<Record<ExternalKind, ExternalRecommenderFactory>> = EXTERNAL_RECOMMENDERS): RecommenderRunner | string {
  if ('config' in plan) return threadRunner(plan);
  const factory = external[plan.kind];
  if (factory === undefined) return `recommenders of kind "${plan.kind}" are not available in this server`;
  return awaitingRunner(factory(plan));
}

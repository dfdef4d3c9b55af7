/**
 * The built-in recommenders behind one configuration type, so a caller that
 * stores a recommender's configuration (or receives a model in a worker)
 * needs no switch of its own.
 */
import type { TextDocument } from '@glossa/core';
import { passageClassifierRecommender, predictPassages, type PassageClassifierModel, type PassageClassifierOptions } from './passage-classifier.js';
import { patternsRecommender, predictPatterns, type PatternsModel, type PatternsOptions } from './patterns.js';
import { predictStringMatch, stringMatchRecommender, type StringMatchModel, type StringMatchOptions } from './string-match.js';
import { predictTags, taggerRecommender, type TaggerModel, type TaggerOptions } from './tagger.js';
import type { Recommender, Suggestion, TrainingChange, TrainingExample } from './types.js';

/** A built-in recommender's configuration: its kind and its options. */
export type RecommenderConfig =
  | ({ readonly kind: 'string-match' } & StringMatchOptions)
  | ({ readonly kind: 'patterns' } & PatternsOptions)
  | ({ readonly kind: 'passage-classifier' } & PassageClassifierOptions)
  | ({ readonly kind: 'tagger' } & TaggerOptions);

/** A model of any built-in recommender. */
export type RecommenderModel = StringMatchModel | PatternsModel | PassageClassifierModel | TaggerModel;

/** The recommender a configuration describes. */
export function createRecommender(config: RecommenderConfig): Recommender<RecommenderModel> {
  const recommender = ((): unknown => {
    switch (config.kind) {
      case 'string-match':
        return stringMatchRecommender(config);
      case 'patterns':
        return patternsRecommender(config);
      case 'passage-classifier':
        return passageClassifierRecommender(config);
      case 'tagger':
        return taggerRecommender(config);
    }
  })();
  return recommender as Recommender<RecommenderModel>;
}

/** Trains the recommender a configuration describes. */
export function trainRecommender(config: RecommenderConfig, examples: readonly TrainingExample[]): RecommenderModel {
  return createRecommender(config).train(examples);
}

/** Suggestions of any model: what a worker that received only the model calls. */
export function predictSuggestions(model: RecommenderModel, document: TextDocument): Suggestion[] {
  switch (model.kind) {
    case 'string-match':
      return predictStringMatch(model, document);
    case 'patterns':
      return predictPatterns(model, document);
    case 'passage-classifier':
      return predictPassages(model, document);
    case 'tagger':
      return predictTags(model, document);
  }
}

/**
 * Updates a model for a change of its training data when its recommender
 * can do so cheaply (the string matcher); `undefined` when the model must be
 * retrained.
 */
export function updateModel(model: RecommenderModel, change: TrainingChange): RecommenderModel | undefined {
  if (model.kind !== 'string-match') return undefined;
  return stringMatchRecommender({ name: model.name, ...model.options }).update(model, change);
}

/**
 * A model's provenance as files carry it: an annotation entry records the
 * recommender, score and model version beside source `model` (see the
 * layout in the README); exports name the source `model:<recommender>`.
 */
import { modelSource, type SpanAnnotation } from '@glossa/core';
import type { ModelProvenance } from './annotation-entry.js';

/**
 * An annotation with the provenance its entry records, as files carry it:
 * source `model:<recommender>`, the model's `score` and `modelVersion`.
 * Without `model`, the annotation as it is.
 *
 * @example withProvenance(span, resolved.models.get(span.id)); // { …span, source: 'model:tagger', score: 0.82, modelVersion: '3f2a' }
 */
export function withProvenance(span: SpanAnnotation, model: ModelProvenance | undefined): SpanAnnotation {
  if (model === undefined) return span;
  return {
    ...span,
    source: modelSource(model.recommender),
    ...(model.score === undefined ? {} : { score: model.score }),
    ...(model.modelVersion === undefined ? {} : { modelVersion: model.modelVersion }),
  };
}

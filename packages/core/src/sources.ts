/**
 * Annotation sources: checking a value read from a file or the network, and
 * naming the recommender of a model's proposal (`model:<recommender>`).
 */
import { ANNOTATION_SOURCES } from './types.js';
import type { AnnotationSource, ModelSource } from './types.js';

const MODEL_PREFIX = 'model:';

/**
 * Whether `value` is an annotation source: `human`, `import`, `model`, or
 * `model:` followed by a recommender's name (at least one character, no
 * line break).
 */
export function isAnnotationSource(value: unknown): value is AnnotationSource {
  if (typeof value !== 'string') return false;
  if ((ANNOTATION_SOURCES as readonly string[]).includes(value)) return true;
  return value.startsWith(MODEL_PREFIX) && value.length > MODEL_PREFIX.length && !/[\r\n]/.test(value);
}

/**
 * The source of a span a recommender proposed: `model:<recommender>`.
 *
 * @throws RangeError when the name is empty or holds a line break.
 * @example modelSource('tagger'); // 'model:tagger'
 */
export function modelSource(recommender: string): ModelSource {
  const source: ModelSource = `${MODEL_PREFIX}${recommender}`;
  if (!isAnnotationSource(source)) throw new RangeError(`a recommender's name must be a non-empty line, got ${JSON.stringify(recommender)}`);
  return source;
}

/** Whether a model proposed the annotation (`model` or `model:<recommender>`). */
export function isModelSource(source: AnnotationSource): boolean {
  return source === 'model' || source.startsWith(MODEL_PREFIX);
}

/** The recommender named by a `model:<recommender>` source; `undefined` for any other source. */
export function recommenderOf(source: AnnotationSource): string | undefined {
  return source.startsWith(MODEL_PREFIX) ? source.slice(MODEL_PREFIX.length) : undefined;
}

/** The words that describe the sources, for messages: `human, model, import or model:<recommender>`. */
export const ANNOTATION_SOURCES_DESCRIPTION = `${ANNOTATION_SOURCES.join(', ')} or ${MODEL_PREFIX}<recommender>`;

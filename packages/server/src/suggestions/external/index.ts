/**
 * External recommenders: model servers speaking Glossa's `/v1` protocol or
 * Label Studio's ML backend protocol, behind `@glossa/suggest`'s
 * `AsyncRecommender` (see `EXTERNAL-MODELS.md` in this package).
 */
export { externalRecommender } from './external-recommender.js';
export type { ExternalModel, ExternalRecommender, ExternalRecommenderConfig, ExternalRecommenderStats } from './external-recommender.js';
export { ExternalBackendError } from './errors.js';
export type { ExternalFailure } from './errors.js';
export type { CircuitState } from './backend-guard.js';
export { labelStudioConfig } from './label-studio-protocol.js';

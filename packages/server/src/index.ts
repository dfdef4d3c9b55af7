/**
 * @glossa/server: the sync server (y-websocket protocol, durable relay with
 * group commit, rooms, roles checked at the upgrade, typed hooks, REST API).
 * Persistence is `@glossa/store`'s.
 */
export * from './server.js';
export * from './options.js';
export * from './hooks.js';
export * from './close-codes.js';
export * from './logger.js';
export * from './rate-limit.js';
export * from './update-guard.js';
export * from './awareness-stamp.js';
export * from './protocol.js';
export * from './group-commit.js';
export { SESSION_COOKIE, isOriginAllowed, serverOrigins } from './authenticate.js';
export { SECURITY_HEADERS } from './http-util.js';
export type { RoomPeer, RoomState, SubmitOutcome } from './room.js';
export { MAX_AWARENESS_CLIENTS_PER_PEER, Room } from './room.js';
export { RoomManager } from './room-manager.js';
export * from './credential-watch.js';
export * from './login-backoff.js';
export { AWARENESS_FLOOD_FACTOR } from './connection.js';
export { TAR_END, tarEntry } from './tar.js';
// Re-exported for the code in this repository that sets servers up (the browser tests' support, the workbench's tests).
export { hashPassword, hashPasswordSync } from '@glossa/store';
// Suggestions: recommender configurations, and the engine that runs them beside the relay.
export {
  BUILT_IN_KINDS,
  EXTERNAL_KINDS,
  RECOMMENDER_KINDS,
  readRecommenderConfig,
  recommenderRecordOf,
  type BuiltInKind,
  type ConfigFile,
  type ExternalKind,
  type RecommenderPlan,
  type RecommenderRequest,
} from './suggestions/recommender-config.js';
export { SuggestionEngine, type SuggestionEngineOptions, type SuggestionsWritten } from './suggestions/suggestion-engine.js';
export { EXTERNAL_RECOMMENDERS, asyncRunner, createRunner, threadRunner, type ExternalRecommenderContext, type ExternalRecommenderFactory, type RecommenderRunner } from './suggestions/runners.js';
export { RecommenderThread, RecommenderThreadError } from './suggestions/recommender-thread.js';
export { ProjectCorpus, type CorpusContent, type CorpusLayer } from './suggestions/project-corpus.js';
export { SUGGESTION_WRITER, SuggestionWriteError, SuggestionWriter } from './suggestions/suggestion-writer.js';
export { ALL_SCOPES, projectScopes, scopesOfLayer } from './suggestions/scopes.js';
export { suggestStoredProject, type BatchSuggestOptions, type BatchSuggestion, type BatchSummary } from './suggestions/batch-suggest.js';
export { evaluateStoredProject, feedbackStoredProject, type RecommenderEvaluation } from './suggestions/project-measures.js';

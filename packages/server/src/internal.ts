/**
 * @internal
 * @glossa/server/internal: the parts of the server that the `glossa`
 * command, the tests and the benchmarks use below its public API (the wire
 * protocol, the relay's pieces, the suggestion engine and the stored-project
 * measures). Embedders use `@glossa/server`; nothing here is a promise.
 */
export { TokenBucket } from './rate-limit.js';
export type { RateLimit } from './rate-limit.js';
export { checkUpdateEncoding, isEmptyUpdate, MAX_STRUCT_CLOCK } from './update-guard.js';
export { decodeAwarenessUpdate, encodeAwarenessEntries, stampAwarenessState } from './awareness-stamp.js';
export type { AwarenessEntry, AwarenessIdentity } from './awareness-stamp.js';
export { decodeClientMessage, encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate, MessageType, SyncMessageType } from './protocol.js';
export type { ClientMessage } from './protocol.js';
export { GroupCommitter } from './group-commit.js';
export type { CommitCallback } from './group-commit.js';
export { SESSION_COOKIE, isOriginAllowed, serverOrigins } from './authenticate.js';
export { SECURITY_HEADERS } from './http-util.js';
export type { RoomPeer, RoomState, SubmitOutcome } from './room.js';
export { MAX_AWARENESS_CLIENTS_PER_PEER, Room } from './room.js';
export { RoomManager } from './room-manager.js';
export { CredentialWatch } from './credential-watch.js';
export type { CredentialWatchOptions, WatchedSocket } from './credential-watch.js';
export { DEFAULT_LOGIN_BACKOFF, LoginBackoff } from './login-backoff.js';
export type { LoginBackoffPolicy } from './login-backoff.js';
export { AWARENESS_FLOOD_FACTOR } from './connection.js';
export { TAR_END, tarEntry } from './tar.js';
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

/**
 * @glossa/store: persistence behind interfaces (update log per room,
 * catalog, users and roles, tokens and sessions, recommender configurations), the embedded SQLite
 * backend behind them, and the one import and one export pipeline that the
 * CLI and the REST API share.
 */

// The contracts a backend implements, and the data directory that bundles them.
export type { CommitListener, RoomUpdate, RoomVersion, NamedRoomVersion, StoredUpdate, UpdateLog } from './update-log.js';
export { StorageLoadError } from './update-log.js';
export type { Catalog, ProjectRecord, DocumentRecord, NewProject, NewDocument, DocumentWrite, DocumentsWrite, DocumentsWritten, ProjectVersion, ProjectGuidelines } from './catalog.js';
export { CatalogConflictError, MAX_GUIDELINES_LENGTH, UnknownProjectError } from './catalog.js';
export type { UserStore, UserRecord } from './users.js';
export { ALL_PROJECTS, UserExistsError, UnknownUserError, invalidUserNameReason } from './users.js';
export type { TokenStore, TokenRecord, TokenClaims, TokenKind, TokenListOptions, RevocationEvent } from './tokens.js';
export type { RecommenderStore, RecommenderRecord, NewRecommender, JsonObject, JsonValue } from './recommenders.js';
export { RecommenderExistsError, invalidRecommenderNameReason } from './recommenders.js';
export type { DataDir } from './data-dir.js';
export { LocalPresence, type PresenceChannel } from './presence.js';
export { openData, type OpenDataOptions } from './open-data.js';

// Tokens and passwords, the same over every backend.
export { TokenIssuer, type IssuedToken, type PendingToken, type UserExists } from './token-issuer.js';
export { MIN_PASSWORD_LENGTH, generatePassword, hashPassword, hashPasswordSync, verifyPassword } from './passwords.js';
export { parseDuration } from './duration.js';

// The embedded backend: a directory holding a SQLite database.
export { DATABASE_FILE, MissingDataDirError, SqliteDataDir, UnwritableDataDirError, openDataDir, type OpenDataDirOptions } from './sqlite/data-dir.js';
export { SqliteUpdateLog, type SqliteSynchronous, type SqliteUpdateLogOptions } from './sqlite/update-log.js';
export { BackgroundCheckpointer, type BackgroundCheckpointerOptions, type CheckpointResult } from './sqlite/checkpointer.js';
export { SqliteRecommenderStore, RECOMMENDER_MIGRATIONS } from './sqlite/recommenders.js';
export { applyMigrations, type Migration as SqliteMigration } from './sqlite/migrations.js';
export { SECRET_KEY_FILE, SecretKeyError, loadOrCreateSecretKey } from './sqlite/secret-key.js';

// PostgreSQL: one database that many server processes share.
export { PostgresDataDir, isPostgresUrl, migrateDatabase, openPostgres, redactedUrl, type OpenPostgresOptions } from './postgres/data-dir.js';
export { RedisUnreachableError, isRedisUrl } from './postgres/redis-bus.js';
export { MIGRATIONS, SchemaTooNewError, migrate, type Migration as PostgresMigration, type MigrationReport } from './postgres/migrations.js';

// Copying everything one store holds into another (of any backend).
export { CopyError, copyData, type CopyProgress, type CopySummary } from './copy-data.js';

// Importing into a project, reading it back, exporting it.
export {
  IMPORT_FORMATS,
  importDocuments,
  importFiles,
  importFormatOf,
  type FileImportOptions,
  type ImportFormat,
  type ImportOptions,
  type ImportSource,
  type ImportSummary,
} from './project-import.js';
export { FILE_IMPORT_FORMATS, type FormatImportSource } from './import-sources.js';
export { parseSchemaFile } from './schema-file.js';
export { readLayerParts, readProjectDocuments, type LayerCorpusParts, type ProjectDocuments, type ReadProjectOptions } from './project-reader.js';
export { LOSSLESS_EXPORT_FORMATS, exportingAdapter, openProjectExport, type ExportingAdapter, type ProjectExport, type ProjectExportRequest } from './project-export.js';
export { CARD_AGREEMENT_MEASURE, cardAgreement } from './card-agreement.js';

// Listings and agreement of stored projects, with the caches a server keeps.
export { documentLayers, projectLayers } from './project-rooms.js';
export { describeDocuments, listProjectSummaries, type DescribeOptions, type DocumentSummary, type ProjectSummary } from './listings.js';
export { DEFAULT_SUMMARY_CACHE_ROOMS, DocumentSummaryCache, type DocumentSummaryCacheOptions, type RoomFigure } from './document-summaries.js';
export {
  AGREEMENT_UNITS,
  agreementJson,
  measureAgreement,
  readAgreementInput,
  type AgreementJson,
  type AgreementResult,
  type AgreementSelection,
  type AgreementSelectionIssue,
  type ProjectAgreementInput,
} from './agreement-input.js';
export { AgreementCache, DEFAULT_AGREEMENT_CACHE_ENTRIES, type AgreementCacheOptions, type AgreementRequest } from './agreement-cache.js';
export { LruMap } from './lru-map.js';

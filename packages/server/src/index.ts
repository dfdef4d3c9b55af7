/**
 * @glossa/server: the sync server (y-websocket protocol, durable relay with
 * group commit, rooms, roles checked at the upgrade, typed hooks, REST API).
 * Persistence is `@glossa/store`'s. What the CLI and the tests reach below
 * this API is in `@glossa/server/internal`.
 */
export { GlossaServer, ServerStateError, SYNC_PATH } from './server.js';
export { DEFAULT_SERVER_OPTIONS, resolveServerOptions, serverStorageOptions } from './options.js';
export type { GlossaServerOptions, ResolvedServerOptions } from './options.js';
export type { AuthenticateEvent, AuthenticateOutcome, ChangeEvent, LoadDocumentEvent, ServerHooks, StoreDocumentEvent } from './hooks.js';
export { CloseCode } from './close-codes.js';
export { createStreamLogger, silentLogger } from './logger.js';
export type { LogContext, Logger } from './logger.js';

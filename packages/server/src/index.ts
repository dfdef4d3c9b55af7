/**
 * @glossa/server: the sync server (y-websocket protocol, durable relay with
 * group commit, rooms, users, roles, tokens, REST API) and its storage.
 */
export * from './storage/index.js';
export * from './project-store.js';
export * from './document-summaries.js';
export * from './agreement-cache.js';
export * from './server.js';
export * from './options.js';
export * from './close-codes.js';
export * from './logger.js';
export * from './users.js';
export * from './tokens.js';
export * from './passwords.js';
export * from './secret-key.js';
export * from './duration.js';
export * from './rate-limit.js';
export * from './update-guard.js';
export * from './awareness-stamp.js';
export * from './protocol.js';
export * from './group-commit.js';
export { SESSION_COOKIE, isOriginAllowed } from './authenticate.js';
export { SECURITY_HEADERS } from './http-util.js';
export type { RoomPeer, RoomState } from './room.js';
export { MAX_AWARENESS_CLIENTS_PER_PEER, Room } from './room.js';
export { RoomManager } from './room-manager.js';
export * from './agreement-input.js';
export * from './credential-watch.js';
export * from './login-backoff.js';
export { AWARENESS_FLOOD_FACTOR } from './connection.js';
export { TAR_END, tarEntry } from './tar.js';

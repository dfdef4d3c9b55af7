/**
 * `GlossaServer`: one Node process serving WebSocket sync at
 * `/sync/<room>` (the y-websocket protocol), the REST API under `/api/` and
 * static files at `/`. Credentials and the room's access are checked at the
 * HTTP upgrade, so a socket without them never receives a byte of a room.
 * An update is committed to storage (group commit) before it is applied to
 * the room and relayed.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { awarenessView, parseRoom, parseSuggestionRoom, roomAccess, roomTarget, type AwarenessView, type RoomAccess } from '@glossa/collab';
import { openDataDir, type DataDir, type TokenClaims, type TokenIssuer, type UserStore } from '@glossa/store';
import { authenticateRequest, isOriginAllowed, serverOrigins } from './authenticate.js';
import { CloseCode } from './close-codes.js';
import { Connection } from './connection.js';
import { CredentialWatch } from './credential-watch.js';
import { GroupCommitter } from './group-commit.js';
import { applySecurityHeaders, sendError } from './http-util.js';
import { resolveServerOptions, serverStorageOptions, type GlossaServerOptions, type ResolvedServerOptions } from './options.js';
import { RestApi } from './rest/router.js';
import { RoomManager } from './room-manager.js';
import { serveStatic } from './static-files.js';
import { errorMessage } from './error-message.js';
import { SuggestionEngine } from './suggestions/suggestion-engine.js';

/**
 * Answers a request Node's HTTP parser refused (`Content-Length: -1`, a
 * malformed header, headers too large) with a status and a JSON error
 * naming what was wrong, then closes the connection; a connection already
 * gone is just released.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({ error: { code: 'bad_request', message: `malformed HTTP request: ${error.message}` } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The path prefix of WebSocket sync URLs. */
export const SYNC_PATH = '/sync/';

/** `start()` was called twice, or a method was used in the wrong state. */
export class ServerStateError extends Error {
  override readonly name = 'ServerStateError';
}

type Lifecycle = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

/**
 * The sync server. Opens the data directory when constructed (or takes an
 * open store), so users and tokens can be managed before it listens;
 * listens on `start()` and flushes, closes every socket and closes storage
 * on `stop()`.
 *
 * @example
 * const server = new GlossaServer({ dataDir: '.glossa', port: 0 });
 * const port = await server.start();
 * // new WebsocketProvider(`ws://127.0.0.1:${port}/sync`, 'policy/doc1', doc, { params: { token } })
 * await server.stop();
 */
export class GlossaServer {
  /** The options merged over `DEFAULT_SERVER_OPTIONS`. */
  readonly options: ResolvedServerOptions;
  /** The open store (room updates, catalog, users, tokens). */
  readonly data: DataDir;
  /** Users and roles (`data.users`). */
  readonly users: UserStore;
  /** API and session tokens (`data.tokens`). */
  readonly tokens: TokenIssuer;
  /** The rooms in memory. */
  readonly rooms: RoomManager;
  /** The suggestion engine (null when the `suggestions` option is false). */
  readonly suggestions: SuggestionEngine | null;
  private readonly committer: GroupCommitter;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly api: RestApi;
  private readonly credentials: CredentialWatch;
  private readonly stopCommitWatch: () => void;
  private readonly connections = new Set<Connection>();
  private readonly connectionsByUser = new Map<string, number>();
  private lifecycle: Lifecycle = 'created';
  private boundPort = 0;
  /** The origins browsers may call from, known once the port is bound. */
  private publicOrigins: ReadonlySet<string> = new Set();

  constructor(options: GlossaServerOptions) {
    this.options = resolveServerOptions(options);
    const { logger, hooks } = this.options;
    this.data = this.options.data ?? openDataDir(this.options.dataDir as string, serverStorageOptions(this.options));
    this.users = this.data.users;
    this.tokens = this.data.tokens;
    this.committer = new GroupCommitter(this.data.updates, this.options.maxCommitBatch, (error) =>
      logger.error('commit callback failed', { error: errorMessage(error) }),
    );
    this.rooms = new RoomManager({
      store: this.data.updates,
      committer: this.committer,
      logger,
      hooks,
      unloadGraceMs: this.options.unloadGraceMs,
      compactAfterUpdates: this.options.compactAfterUpdates,
      publishAwareness: (room, update) => this.data.presence.publish(room, update),
      onWriteFailed: (room, peer, error) => {
        logger.error('update not stored; closing the socket so the client resends it', {
          room: room.name,
          user: peer.user,
          error: errorMessage(error),
        });
        peer.close(CloseCode.StorageFailed, 'the update could not be stored; reconnect to resend it');
      },
    });
    this.suggestions = this.options.suggestions === false ? null : new SuggestionEngine({ data: this.data, rooms: this.rooms, logger }, this.options.suggestions);
    // Another process committed to a room this one serves: read its rows and relay them here.
    const stopCommits = this.data.updates.onCommit((rooms, remote) => {
      if (!remote) return;
      if (rooms === null) for (const room of this.rooms.list()) room.catchUp();
      else for (const name of rooms) this.rooms.get(name)?.catchUp();
    });
    // Presence of another process's peers in a room this one serves.
    const stopPresence = this.data.presence.onMessage((room, update) => this.rooms.get(room)?.applyRemoteAwareness(update));
    this.stopCommitWatch = () => {
      stopCommits();
      stopPresence();
    };
    this.api = new RestApi({
      data: this.data,
      users: this.users,
      tokens: this.tokens,
      logger,
      sessionTtlMs: this.options.sessionTtlMs,
      loginBackoff: this.options.loginBackoff,
      maxImportBytes: this.options.maxImportBytes,
      maxJsonBodyBytes: this.options.maxJsonBodyBytes,
      healthProblem: () => {
        if (this.lifecycle !== 'running' || !this.data.isOpen) return 'storage is not open';
        const failure = this.committer.lastFailure;
        return failure === undefined ? undefined : `storage cannot commit: ${errorMessage(failure)}`;
      },
    });
    this.credentials = new CredentialWatch({
      tokens: this.tokens,
      users: this.users,
      accessOf: async (socket) => {
        const granted = await this.accessOf(socket.user, socket.room.name);
        if (granted === 'unknown') return 'none';
        // A changed role may change what the socket is shown of the others, too.
        if (socket instanceof Connection && socket.awarenessView !== granted.view) socket.setAwarenessView(granted.view);
        return granted.access;
      },
      sweepIntervalMs: this.options.credentialCheckMs,
      logger,
    });
    this.http = createServer((req, res) => void this.handleRequest(req, res));
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.options.maxMessageSize, perMessageDeflate: false });
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.handleUpgrade(req, socket, head));
    this.http.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => answerClientError(error, socket));
  }

  /** The bound port (after `start()`). */
  get port(): number {
    return this.boundPort;
  }

  /** The server's base URL, e.g. `http://127.0.0.1:8080` (after `start()`). */
  get url(): string {
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return `http://${host}:${this.boundPort}`;
  }

  /** Open sync sockets. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /**
   * Re-checks the credentials and role of every open socket now (the
   * periodic sweep does this every `credentialCheckMs`) and closes those no
   * longer valid; resolves with how many were closed.
   */
  checkCredentials(): Promise<number> {
    return this.credentials.checkAll();
  }

  /**
   * What `user` may do with room `roomName` now, and what they are shown of
   * the others' awareness there: roles, project and document as stored;
   * `unknown` when the document does not exist.
   */
  private async accessOf(user: string, roomName: string): Promise<{ access: RoomAccess; view: AwarenessView } | 'unknown'> {
    const room = parseRoom(roomName) ?? parseSuggestionRoom(roomName);
    if (room === null) return { access: 'none', view: 'presence' };
    const [project, document, role] = await Promise.all([
      this.data.catalog.getProject(room.project),
      this.data.catalog.getDocument(room.project, room.doc),
      this.users.roleIn(user, room.project),
    ]);
    if (!project || !document) return 'unknown';
    return { access: roomAccess(role, project.mode, roomTarget(room), user), view: awarenessView(role, project.mode) };
  }

  /** Starts listening; resolves with the bound port. */
  async start(): Promise<number> {
    if (this.lifecycle !== 'created') throw new ServerStateError(`GlossaServer.start() called when the server is ${this.lifecycle}`);
    this.lifecycle = 'starting';
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.http.once('error', onError);
      this.http.listen(this.options.port, this.options.host, () => {
        this.http.off('error', onError);
        resolve();
      });
    });
    this.boundPort = (this.http.address() as AddressInfo).port;
    this.publicOrigins = serverOrigins(this.options.host, this.boundPort, this.options.allowedOrigins);
    this.lifecycle = 'running';
    void this.suggestions?.start();
    this.options.logger.info('server listening', { url: this.url });
    return this.boundPort;
  }

  /**
   * Stops the server: refuses new requests, commits every update already
   * received, closes every socket with `CloseCode.ServerShutdown`, waits for
   * background compaction and closes storage. Safe to call twice.
   */
  async stop(): Promise<void> {
    if (this.lifecycle === 'stopping' || this.lifecycle === 'stopped') return;
    const wasListening = this.lifecycle === 'running' || this.lifecycle === 'starting';
    this.lifecycle = 'stopping';
    this.credentials.stop();
    await this.suggestions?.close();
    this.stopCommitWatch();
    const closed = wasListening ? new Promise<void>((resolve) => this.http.close(() => resolve())) : Promise.resolve();
    await this.committer.flush();
    for (const connection of this.connections) connection.close(CloseCode.ServerShutdown, 'the server is shutting down');
    for (const client of this.wss.clients) client.terminate();
    this.http.closeAllConnections();
    await closed;
    await this.committer.flush();
    await this.rooms.destroyAll();
    this.wss.close();
    await this.data.close();
    this.lifecycle = 'stopped';
    this.options.logger.info('server stopped');
  }

  private async handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    applySecurityHeaders(res);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://server.invalid');
    } catch {
      sendError(res, 400, 'bad_request', 'malformed request URL');
      return;
    }
    if (this.lifecycle !== 'running') {
      sendError(res, 503, 'unavailable', 'the server is not running');
      return;
    }
    if (!isOriginAllowed(req, this.publicOrigins)) {
      sendError(res, 403, 'forbidden_origin', `origin ${req.headers.origin ?? ''} is not allowed`);
      return;
    }
    try {
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) await this.api.handle(req, res, url);
      else await serveStatic(req, res, url.pathname, this.options.staticDir);
    } catch (error) {
      this.options.logger.error('request failed', { path: url.pathname, error: errorMessage(error) });
      if (!res.headersSent) sendError(res, 500, 'internal', 'the server failed to answer this request');
      else res.destroy();
    }
  }

  /** Refuses an upgrade with a plain HTTP status; nothing of the room is sent. */
  private refuseUpgrade(socket: Duplex, status: number, message: string): void {
    if (socket.destroyed) return;
    const body = `${message}\n`;
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    socket.destroy();
  }

  private handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    void this.upgrade(req, socket, head).catch((error: unknown) => {
      this.options.logger.error('upgrade failed', { error: errorMessage(error) });
      if (!socket.destroyed) this.refuseUpgrade(socket, 500, 'the server failed to open the connection');
    });
  }

  /**
   * Checks an upgrade (credentials, room, access, the `onAuthenticate` hook,
   * the connection limit) and hands the socket to `ws`, or refuses it with a
   * plain HTTP status and nothing of the room.
   */
  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (this.lifecycle !== 'running') return this.refuseUpgrade(socket, 503, 'the server is not running');
    let url: URL;
    let roomName: string;
    try {
      url = new URL(req.url ?? '/', 'http://server.invalid');
      if (!url.pathname.startsWith(SYNC_PATH)) return this.refuseUpgrade(socket, 404, `WebSocket sync lives at ${SYNC_PATH}<room>`);
      roomName = decodeURIComponent(url.pathname.slice(SYNC_PATH.length));
    } catch {
      return this.refuseUpgrade(socket, 400, 'malformed request URL');
    }
    if (!isOriginAllowed(req, this.publicOrigins)) return this.refuseUpgrade(socket, 403, `origin ${req.headers.origin ?? ''} is not allowed`);
    const auth = await authenticateRequest(req, url, this.tokens, this.users);
    if (!auth.ok) return this.refuseUpgrade(socket, 401, auth.errors[0] ?? 'unauthorized');
    const user = auth.value.user;
    const room = parseRoom(roomName) ?? parseSuggestionRoom(roomName);
    if (room === null) return this.refuseUpgrade(socket, 400, `"${roomName}" is not a room name (<project>/<doc>, <project>/<doc>/layers/<layer> or <project>/<doc>/suggestions/<scope>)`);
    const granted = await this.accessOf(user, roomName);
    if (granted === 'unknown') return this.refuseUpgrade(socket, 404, `unknown document "${room.project}/${room.doc}"`);
    const { access, view } = granted;
    if (access === 'none') return this.refuseUpgrade(socket, 403, `user "${user}" may not read room "${roomName}"`);
    let maxAccess: 'read' | 'write' = 'write';
    const hook = this.options.hooks.onAuthenticate;
    if (hook !== undefined) {
      try {
        const outcome = await hook({ room: roomName, user, credential: auth.value, access, request: req });
        if (outcome?.access === 'read') maxAccess = 'read';
      } catch (error) {
        this.options.logger.info('connection refused by a hook', { room: roomName, user, reason: errorMessage(error) });
        return this.refuseUpgrade(socket, 403, errorMessage(error));
      }
    }
    if (socket.destroyed) return;
    if (this.lifecycle !== 'running') return this.refuseUpgrade(socket, 503, 'the server is not running');
    if ((this.connectionsByUser.get(user) ?? 0) >= this.options.maxConnectionsPerUser) {
      return this.refuseUpgrade(socket, 429, `user "${user}" has too many open connections (at most ${this.options.maxConnectionsPerUser})`);
    }
    // Counted once the handshake succeeds: `ws` refuses a malformed one without calling back.
    this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => this.accept(ws, roomName, auth.value, { access, maxAccess, awarenessView: view }));
  }

  private accept(
    ws: WebSocket,
    roomName: string,
    credential: TokenClaims,
    granted: { readonly access: 'read' | 'write'; readonly maxAccess: 'read' | 'write'; readonly awarenessView: AwarenessView },
  ): void {
    const user = credential.user;
    const { logger, hooks } = this.options;
    this.connectionsByUser.set(user, (this.connectionsByUser.get(user) ?? 0) + 1);
    const room = this.rooms.join(roomName);
    const connection = new Connection(
      ws,
      room,
      { user, credential, ...granted, updateRate: this.options.updateRate, awarenessRate: this.options.awarenessRate, maxBufferedBytes: this.options.maxBufferedBytes, logger, hooks },
      (closedConnection, code) => {
        this.connections.delete(closedConnection);
        this.credentials.remove(closedConnection);
        const count = (this.connectionsByUser.get(user) ?? 1) - 1;
        if (count <= 0) this.connectionsByUser.delete(user);
        else this.connectionsByUser.set(user, count);
        this.rooms.leave(room, closedConnection);
        hooks.onDisconnect?.({ room: roomName, user, code });
      },
    );
    room.peers.add(connection);
    this.connections.add(connection);
    this.credentials.add(connection);
    hooks.onConnect?.({ room: roomName, user, access: connection.access });
  }
}

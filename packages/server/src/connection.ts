/**
 * One client socket in one room: speaks the y-websocket protocol, enforces
 * the connection's access (a read-only connection gets the document but its
 * updates are refused), its rate limits, and stamps its awareness states
 * with the authenticated user. A bad message closes this socket only.
 *
 * Awareness is limited in two steps, because a stock y-websocket client
 * re-broadcasts every awareness change it receives: over `awarenessRate` a
 * message is dropped (awareness is ephemeral; a dropped cursor move is
 * harmless), and only over `AWARENESS_FLOOD_FACTOR` times that rate is the
 * socket closed.
 */
import * as Y from 'yjs';
import { applyAwarenessUpdate } from 'y-protocols/awareness';
import type { WebSocket } from 'ws';
import type { AwarenessView } from '@glossa/collab';
import type { TokenClaims } from '@glossa/store';
import { decodeAwarenessUpdate, encodeAwarenessEntries, stampAwarenessState, type AwarenessEntry } from './awareness-stamp.js';
import { CloseCode } from './close-codes.js';
import { decodeClientMessage, encodeSyncStep1, encodeSyncStep2, type ClientMessage } from './protocol.js';
import { TokenBucket, type RateLimit } from './rate-limit.js';
import { checkUpdateEncoding, isEmptyUpdate } from './update-guard.js';
import type { ServerHooks } from './hooks.js';
import type { Logger } from './logger.js';
import type { Room, RoomPeer } from './room.js';

/** How many times `awarenessRate` (rate and burst) a socket may send before it is closed as a flood. */
export const AWARENESS_FLOOD_FACTOR = 4;

/** What a connection needs besides its socket and room. @internal */
export interface ConnectionOptions {
  /** The authenticated user. */
  readonly user: string;
  /** The verified token the socket was opened with; re-checked while it is open. */
  readonly credential: TokenClaims;
  /** Whether the connection may change the room. */
  readonly access: 'read' | 'write';
  /**
   * The most access the connection may ever get: `read` when a hook made it
   * read-only, so a later role change cannot give it write. @default 'write'
   */
  readonly maxAccess?: 'read' | 'write';
  /** What the connection is shown of other users' awareness states (the blind rule). @default 'everyone' */
  readonly awarenessView?: AwarenessView;
  readonly updateRate: RateLimit;
  readonly awarenessRate: RateLimit;
  /** Bytes queued for the client after which it is closed as a slow consumer. */
  readonly maxBufferedBytes: number;
  readonly logger: Logger;
  readonly hooks: ServerHooks;
}

/** A client socket joined to a room. */
export class Connection implements RoomPeer {
  readonly user: string;
  /** The verified token the socket was opened with. */
  readonly credential: TokenClaims;
  private accessValue: 'read' | 'write';
  private awarenessViewValue: AwarenessView;
  private readonly updateBucket: TokenBucket;
  private readonly awarenessBucket: TokenBucket;
  private readonly awarenessFloodBucket: TokenBucket;
  /** Messages received before the room was loaded. */
  private queued: Uint8Array[] | null = [];
  private closed = false;
  /** The code this side closed with, when it did. */
  private closeCodeSent: number | undefined;

  constructor(
    private readonly socket: WebSocket,
    readonly room: Room,
    private readonly options: ConnectionOptions,
    /** Called once when the socket has closed, with the code this side closed with or else the client's. */
    private readonly onClosed: (connection: Connection, code: number) => void,
  ) {
    this.user = options.user;
    this.credential = options.credential;
    this.accessValue = options.maxAccess === 'read' ? 'read' : options.access;
    this.awarenessViewValue = options.awarenessView ?? 'everyone';
    this.updateBucket = new TokenBucket(options.updateRate);
    this.awarenessBucket = new TokenBucket(options.awarenessRate);
    this.awarenessFloodBucket = new TokenBucket({
      perSecond: options.awarenessRate.perSecond * AWARENESS_FLOOD_FACTOR,
      burst: options.awarenessRate.burst * AWARENESS_FLOOD_FACTOR,
    });
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', (code) => this.handleClosed(code));
    socket.on('error', (error: Error & { code?: string }) => {
      // `ws` closes the socket itself on a protocol error: 1009 for a frame over maxPayload.
      this.closeCodeSent ??= error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? CloseCode.MessageTooBig : CloseCode.ProtocolError;
      this.options.logger.warn('socket error; closing the socket', { room: room.name, user: this.user, error: error.message, code: this.closeCodeSent });
    });
    void room.ready.then((loaded) => this.start(loaded));
  }

  /** Whether the connection may change the room (its role may change while it is open). */
  get access(): 'read' | 'write' {
    return this.accessValue;
  }

  /** Whether the socket is closed or closing. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** What the connection is shown of other users' awareness states. */
  get awarenessView(): AwarenessView {
    return this.awarenessViewValue;
  }

  /**
   * Applies a changed blind rule to the open socket (a changed role): later
   * awareness messages follow `view`. States the client already holds stay
   * until their owners renew them (y-protocols clients do every 15 s).
   */
  setAwarenessView(view: AwarenessView): void {
    this.awarenessViewValue = view;
  }

  /** Applies a changed role to the open socket: later updates are judged by `access` (never above `maxAccess`). */
  setAccess(access: 'read' | 'write'): void {
    this.accessValue = this.options.maxAccess === 'read' ? 'read' : access;
  }

  private start(loaded: boolean): void {
    if (this.closed) return;
    if (!loaded) {
      this.close(CloseCode.RoomLoadFailed, 'the room could not be loaded; try again later');
      return;
    }
    this.send(encodeSyncStep1(Y.encodeStateVector(this.room.doc)));
    const states = this.room.awareness.getStates();
    if (states.size > 0) this.send(this.room.awarenessMessage(this, [...states.keys()]));
    const queued = this.queued ?? [];
    this.queued = null;
    for (const message of queued) {
      if (this.closed) return;
      this.handle(message);
    }
  }

  /** Sends a message unless the socket is closing; closes a client that stopped reading. */
  send(message: Uint8Array): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.options.maxBufferedBytes) {
      this.close(CloseCode.SlowConsumer, 'too many unread messages');
      return;
    }
    this.socket.send(message, { binary: true });
  }

  /** Closes the socket with a named code; further messages are ignored. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closeCodeSent ??= code;
    this.queued = null;
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, reason.slice(0, 120));
    }
  }

  private handleClosed(code: number): void {
    this.closed = true;
    this.queued = null;
    this.onClosed(this, this.closeCodeSent ?? code);
  }

  private receive(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    if (this.closed) return;
    if (!isBinary) {
      this.reject('text frame; the protocol is binary');
      return;
    }
    const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
    if (this.queued !== null) this.queued.push(bytes);
    else this.handle(bytes);
  }

  private reject(reason: string): void {
    this.options.logger.warn('bad message; closing the socket', { room: this.room.name, user: this.user, reason });
    this.close(CloseCode.BadMessage, reason);
  }

  private handle(bytes: Uint8Array): void {
    const decoded = decodeClientMessage(bytes);
    if (!decoded.ok) {
      this.reject(decoded.errors[0] ?? 'undecodable message');
      return;
    }
    const message: ClientMessage = decoded.value;
    switch (message.kind) {
      case 'sync-step1':
        this.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.room.doc, message.stateVector)));
        return;
      case 'sync-step2':
      case 'update':
        this.receiveUpdate(message.update);
        return;
      case 'awareness':
        this.receiveAwareness(message.update);
        return;
      case 'query-awareness': {
        this.send(this.room.awarenessMessage(this, [...this.room.awareness.getStates().keys()]));
        return;
      }
    }
  }

  private receiveUpdate(update: Uint8Array): void {
    if (!this.updateBucket.take()) {
      this.options.logger.warn('update rate exceeded; closing the socket', { room: this.room.name, user: this.user });
      this.close(CloseCode.RateLimited, 'too many updates');
      return;
    }
    const checked = checkUpdateEncoding(update);
    if (!checked.ok) {
      this.reject(checked.errors[0] ?? 'malformed update');
      return;
    }
    if (this.access !== 'write') {
      if (isEmptyUpdate(update)) return;
      this.options.hooks.onUpdateRefused?.({ room: this.room.name, user: this.user, reason: 'read-only connection' });
      return;
    }
    const submitted = this.room.submitUpdate(update, this);
    if (submitted.ok) return;
    this.options.logger.warn('update refused; closing the socket', { room: this.room.name, user: this.user, reason: submitted.reason });
    this.close(submitted.code, submitted.reason);
  }

  private receiveAwareness(update: Uint8Array): void {
    if (!this.awarenessFloodBucket.take()) {
      this.options.logger.warn('awareness flood; closing the socket', { room: this.room.name, user: this.user });
      this.close(CloseCode.RateLimited, 'too many awareness updates');
      return;
    }
    if (!this.awarenessBucket.take()) return;
    const decoded = decodeAwarenessUpdate(update);
    if (!decoded.ok) {
      this.reject(decoded.errors[0] ?? 'undecodable awareness update');
      return;
    }
    const identity = { id: this.user, name: this.user };
    const entries: AwarenessEntry[] = [];
    for (const entry of decoded.value) {
      if (!this.room.claimAwareness(this, entry.clientId)) continue;
      entries.push({ ...entry, state: stampAwarenessState(entry.state, identity) });
    }
    if (entries.length > 0) applyAwarenessUpdate(this.room.awareness, encodeAwarenessEntries(entries), this);
  }
}

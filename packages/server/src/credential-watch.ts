/**
 * Keeps open sockets honest about their credentials. A socket is
 * authenticated once, at the upgrade; afterwards its token can be revoked,
 * expire, or lose its user, and the user's role can change. The watch
 * re-checks the sockets concerned when that happens:
 *
 * - a revocation or a user change made through this process's
 *   `TokenIssuer` / `UserStore` re-checks the sockets of that token or user
 *   at once;
 * - each socket whose token expires has a timer for that moment;
 * - a periodic sweep re-checks every socket, which catches changes made by
 *   another process on the same data directory (`glossa token revoke`,
 *   `glossa user remove` while the server runs).
 *
 * A socket whose credential is no longer valid is closed with
 * `CloseCode.Unauthorized`; one whose user lost every access to the room
 * with `CloseCode.Forbidden`; one whose access changed between read and
 * write keeps its socket with the new access.
 */
import type { RoomAccess } from '@glossa/collab';
import type { RevocationEvent, TokenClaims, TokenIssuer, UserStore } from '@glossa/store';
import { CloseCode } from './close-codes.js';
import { errorMessage } from './error-message.js';
import type { Logger } from './logger.js';

/** An open socket as the watch sees it. */
export interface WatchedSocket {
  /** The authenticated user. */
  readonly user: string;
  /** The token the socket was opened with. */
  readonly credential: TokenClaims;
  /** The room the socket is joined to. */
  readonly room: { readonly name: string };
  /** The socket's current access to its room. */
  readonly access: 'read' | 'write';
  /** Changes the socket's access to its room. */
  setAccess(access: 'read' | 'write'): void;
  /** Closes the socket with a close code. */
  close(code: number, reason: string): void;
}

/** What the watch needs from the server. */
export interface CredentialWatchOptions {
  readonly tokens: TokenIssuer;
  readonly users: UserStore;
  /** The access the socket's user has to its room now (roles and project may have changed). */
  readonly accessOf: (socket: WatchedSocket) => Promise<RoomAccess>;
  /** Milliseconds between sweeps over every socket; 0 disables the sweep. */
  readonly sweepIntervalMs: number;
  readonly logger: Logger;
  /** Clock in milliseconds since the epoch; injectable for tests. @default Date.now */
  readonly now?: () => number;
}

/** The longest delay `setTimeout` accepts; later expiries are left to the sweep. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Tracks open sockets by token and user and closes those whose credentials lapse. */
export class CredentialWatch {
  private readonly sockets = new Set<WatchedSocket>();
  private readonly expiryTimers = new Map<WatchedSocket, NodeJS.Timeout>();
  private readonly sweepTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: (() => void)[];
  private readonly now: () => number;

  constructor(private readonly options: CredentialWatchOptions) {
    if (!(options.sweepIntervalMs >= 0)) throw new RangeError(`sweepIntervalMs must be a non-negative number, got ${options.sweepIntervalMs}`);
    this.now = options.now ?? Date.now;
    this.unsubscribe = [
      options.tokens.onRevoked((event) => this.revoked(event)),
      options.users.onUserChanged((user) => void this.checkWhere((socket) => socket.user === user)),
    ];
    if (options.sweepIntervalMs > 0) {
      this.sweepTimer = setInterval(() => void this.checkAll(), options.sweepIntervalMs);
      this.sweepTimer.unref();
    }
  }

  /** Open sockets being watched. */
  get size(): number {
    return this.sockets.size;
  }

  /** Starts watching an open socket. */
  add(socket: WatchedSocket): void {
    this.sockets.add(socket);
    this.armExpiry(socket);
  }

  /** Sets a timer for the moment the socket's token expires (a timer that fires early re-arms). */
  private armExpiry(socket: WatchedSocket): void {
    const { expires } = socket.credential;
    if (expires === null) return;
    const delay = expires - this.now();
    if (delay > MAX_TIMER_MS) return;
    const timer = setTimeout(() => {
      this.expiryTimers.delete(socket);
      void this.check(socket).then((open) => {
        if (open && this.sockets.has(socket) && (socket.credential.expires ?? 0) > this.now()) this.armExpiry(socket);
      });
    }, Math.max(1, delay));
    timer.unref();
    this.expiryTimers.set(socket, timer);
  }

  /** Stops watching a socket (it closed). */
  remove(socket: WatchedSocket): void {
    this.sockets.delete(socket);
    const timer = this.expiryTimers.get(socket);
    if (timer !== undefined) clearTimeout(timer);
    this.expiryTimers.delete(socket);
  }

  /** Re-checks every socket now; resolves with how many were closed. */
  checkAll(): Promise<number> {
    return this.checkWhere(() => true);
  }

  /** Stops the sweep, the timers and the subscriptions. */
  stop(): void {
    if (this.sweepTimer !== undefined) clearInterval(this.sweepTimer);
    for (const timer of this.expiryTimers.values()) clearTimeout(timer);
    this.expiryTimers.clear();
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.sockets.clear();
  }

  private revoked(event: RevocationEvent): void {
    if (event.kind === 'token') void this.checkWhere((socket) => socket.credential.id === event.id);
    else void this.checkWhere((socket) => socket.user === event.user);
  }

  private async checkWhere(predicate: (socket: WatchedSocket) => boolean): Promise<number> {
    const outcomes = await Promise.all([...this.sockets].filter(predicate).map((socket) => this.check(socket)));
    return outcomes.filter((open) => !open).length;
  }

  /**
   * Re-checks one socket; resolves false when it closed it (or it was gone).
   * When storage cannot answer, the socket is kept and the failure logged:
   * the next check decides.
   */
  private async check(socket: WatchedSocket): Promise<boolean> {
    if (!this.sockets.has(socket)) return false;
    try {
      return await this.checkNow(socket);
    } catch (error) {
      this.options.logger.error('credentials could not be re-checked; the socket stays open until the next check', { user: socket.user, error: errorMessage(error) });
      return true;
    }
  }

  private async checkNow(socket: WatchedSocket): Promise<boolean> {
    const { tokens, users, logger } = this.options;
    const verified = await tokens.recheck(socket.credential, (name) => users.hasUser(name));
    if (!this.sockets.has(socket)) return false;
    if (!verified.ok) {
      const reason = verified.errors[0] ?? 'credentials no longer valid';
      logger.info('credentials lapsed; closing the socket', { user: socket.user, token: socket.credential.id, reason });
      this.remove(socket);
      socket.close(CloseCode.Unauthorized, reason);
      return false;
    }
    const access = await this.options.accessOf(socket);
    if (!this.sockets.has(socket)) return false;
    if (access === 'none') {
      logger.info('access withdrawn; closing the socket', { user: socket.user });
      this.remove(socket);
      socket.close(CloseCode.Forbidden, `user "${socket.user}" may no longer read this room`);
      return false;
    }
    if (access !== socket.access) socket.setAccess(access);
    return true;
  }
}

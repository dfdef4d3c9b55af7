/**
 * A bare y-websocket connection to one room, without a Y.Doc: it learns the
 * server's state vector (the server's sync step 1, sent when the room is
 * ready), asks for the server's state after a state vector (sync step 1 →
 * the server's sync step 2), sends an update, and counts the updates the
 * server relays. The server only ever answers from committed state, so what
 * it answers is stored on the server.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** Top-level type of a sync message in the y-websocket protocol. */
const MESSAGE_SYNC = 0;
/** Sub-types of a sync message (y-protocols/sync). */
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

/** Why a probe could not learn what it asked: no connection, a refusal, a closed socket, no answer in time. */
export class SyncProbeError extends Error {
  override readonly name = 'SyncProbeError';
}

/** The WebSocket constructor a probe uses (the browser's, or a compatible one in tests). */
export type WebSocketConstructor = new (url: string) => WebSocket;

/** Options of `SyncProbe.open`. */
export interface SyncProbeOptions {
  /** How long to wait for the connection and for each answer, in milliseconds. @default 10000 */
  readonly answerTimeoutMs?: number;
  /** @default globalThis.WebSocket */
  readonly WebSocketImpl?: WebSocketConstructor;
}

function syncMessage(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** Close codes the server names (see the server's close codes); others are shown as numbers. */
function closeProblem(code: number, reason: string): string {
  if (code === 4401) return 'the server no longer accepts this sign-in';
  if (code === 4403) return 'the server refuses access to it';
  return `the server closed the connection (${code}${reason === '' ? '' : `: ${reason}`})`;
}

/** One connection to a room, for asking about the server's state. */
export class SyncProbe {
  /** Called after every message and on failure; each checks whether what it waits for has come. */
  private readonly listeners = new Set<() => void>();
  /** The server's sync step 2 messages, in the order they came (the answers to `ask`, in order). */
  private readonly answers: Uint8Array[] = [];
  private asked = 0;
  private stateVector: Uint8Array | null = null;
  private failure: SyncProbeError | null = null;
  private relayed = 0;

  private constructor(
    private readonly socket: WebSocket,
    private readonly answerTimeoutMs: number,
  ) {
    socket.binaryType = 'arraybuffer';
    socket.onmessage = (event: MessageEvent) => this.receive(event.data);
    // A refused upgrade (no sign-in, no access to the room) looks the same as no network to a browser.
    socket.onerror = () => this.fail(new SyncProbeError('the server cannot be reached, or it refused the connection'));
    socket.onclose = (event: CloseEvent) => this.fail(new SyncProbeError(closeProblem(event.code, event.reason)));
  }

  /**
   * Connects to `url` (`<sync URL>/<room>`) and resolves once the server has
   * sent its state vector.
   * @throws SyncProbeError when the connection fails, is refused or the server is silent for `answerTimeoutMs`.
   */
  static async open(url: string, options: SyncProbeOptions = {}): Promise<SyncProbe> {
    const Impl = options.WebSocketImpl ?? globalThis.WebSocket;
    let socket: WebSocket;
    try {
      socket = new Impl(url);
    } catch (error) {
      throw new SyncProbeError(`the server cannot be reached, or it refused the connection (${error instanceof Error ? error.message : String(error)})`);
    }
    const probe = new SyncProbe(socket, options.answerTimeoutMs ?? 10_000);
    try {
      await probe.waitFor(() => probe.stateVector ?? undefined, 'the server did not answer');
    } catch (error) {
      probe.close();
      throw error;
    }
    return probe;
  }

  /** The server's state vector as it sent it when the connection opened. */
  get serverStateVector(): Uint8Array {
    if (this.stateVector === null) throw new RangeError('the probe has not received the server state vector yet');
    return this.stateVector;
  }

  /** How many updates the server has relayed on this connection so far. */
  get relayedUpdates(): number {
    return this.relayed;
  }

  /**
   * Sends sync step 1 with `stateVector` and resolves with the server's
   * answer: the structs after it and the server's whole delete set.
   * @throws SyncProbeError when the connection fails or no answer comes in time.
   */
  ask(stateVector: Uint8Array): Promise<Uint8Array> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const index = this.asked++;
    this.socket.send(syncMessage(SYNC_STEP1, stateVector));
    return this.waitFor(() => this.answers[index], 'no answer from the server');
  }

  /**
   * Sends `update` (a Yjs update, encoding V1) as a sync step 2.
   * @throws SyncProbeError when the connection has failed.
   */
  send(update: Uint8Array): void {
    if (this.failure !== null) throw this.failure;
    this.socket.send(syncMessage(SYNC_STEP2, update));
  }

  /**
   * Resolves once the server has relayed more than `count` updates on this
   * connection (the server relays an update to the other connections once it
   * is stored).
   * @throws SyncProbeError when the connection fails or `timeoutMs` passes first.
   */
  whenRelayedMoreThan(count: number, timeoutMs: number): Promise<void> {
    return this.waitFor(() => (this.relayed > count ? true : undefined), 'the server relayed nothing', timeoutMs).then(() => undefined);
  }

  /** Closes the connection; what is still awaited fails. */
  close(): void {
    this.fail(new SyncProbeError('the connection was closed'));
    if (this.socket.readyState === this.socket.CONNECTING || this.socket.readyState === this.socket.OPEN) this.socket.close();
  }

  private receive(data: unknown): void {
    if (!(data instanceof ArrayBuffer)) return;
    try {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
      const syncType = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (syncType === SYNC_STEP1) this.stateVector ??= payload;
      else if (syncType === SYNC_STEP2) this.answers.push(payload);
      else if (syncType === SYNC_UPDATE) this.relayed++;
    } catch {
      this.fail(new SyncProbeError('the server sent a message that cannot be read'));
      this.socket.close();
      return;
    }
    this.notify();
  }

  private fail(error: SyncProbeError): void {
    if (this.failure !== null) return;
    this.failure = error;
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves with what `check` returns once it returns something; fails with the connection or after `timeoutMs`. */
  private waitFor<T>(check: () => T | undefined, problem: string, timeoutMs = this.answerTimeoutMs): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => finish(() => reject(new SyncProbeError(`${problem} within ${Math.round(timeoutMs / 1000)} s`))), timeoutMs);
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        settle();
      };
      const listener = (): void => {
        const value = check();
        if (value !== undefined) finish(() => resolve(value));
        else if (this.failure !== null) {
          const failure = this.failure;
          finish(() => reject(failure));
        }
      };
      this.listeners.add(listener);
      listener();
    });
  }
}

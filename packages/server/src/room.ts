/**
 * A room in memory: its Y.Doc, its awareness and the peers connected to it.
 * The doc only ever holds committed state: the stored state loaded first,
 * then each update once storage has committed it. Every change of the doc or
 * of the awareness is relayed to the other peers.
 *
 * An update can pass validation (`checkUpdateEncoding`) and still make Yjs throw
 * when it is applied (an item whose origin is a clock of its own client
 * that does not exist yet, for one). Stored, such an update would make the
 * room fail to load ever after. So before an update is committed it is
 * applied to a staging doc, which holds the committed state plus the
 * updates in flight, in the order they will be committed; an update Yjs
 * refuses there is refused, never stored. The room doc then applies the
 * same updates in the same order once they are committed, so it cannot
 * refuse them, and relays them only then: durable before relay.
 *
 * Compaction replaces a room's rows with the doc's own state once they pass
 * a threshold. The doc holds exactly the stored rows whenever no write of
 * the room is in flight, so this costs one encoding of the doc instead of a
 * merge of every row; when another process wrote rows of the room meanwhile
 * (the row count says so), or other server processes share the store, the
 * rows are merged instead.
 *
 * Several processes may serve one room over a shared store. Each reads the
 * rows the others committed after the last row id it has seen
 * (`catchUp`, called when the store tells of another process's commit, or
 * that notifications may have been missed), applies them and relays what
 * was new to its own peers. Rows it already holds (its own, or a compaction
 * snapshot) apply as nothing, so reading a row twice is harmless and
 * nothing is ever skipped: a lost notification only delays a room until
 * the next one.
 */
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type { UpdateLog } from '@glossa/store';
import { visibleAwarenessState, type AwarenessView } from '@glossa/collab';
import { encodeAwarenessEntries } from './awareness-stamp.js';
import { CloseCode } from './close-codes.js';
import { encodeAwareness, encodeUpdate } from './protocol.js';
import { isEmptyUpdate } from './update-guard.js';
import type { GroupCommitter } from './group-commit.js';
import type { ServerHooks } from './hooks.js';
import type { Logger } from './logger.js';
import { errorMessage } from './error-message.js';

/**
 * Most awareness clients one peer may speak for. A stock client has one (its
 * doc's client id); states of further clients a peer announces are dropped,
 * so one socket cannot fill the room's awareness with made-up clients.
 */
export const MAX_AWARENESS_CLIENTS_PER_PEER = 16;

/** The origin of awareness changes that other processes published. */
const REMOTE_AWARENESS = Symbol('remote awareness');

/** Milliseconds after which a room retries reading other processes' rows when the store failed. */
export const CATCH_UP_RETRY_MS = 250;

/** A client of a room as the room sees it. */
export interface RoomPeer {
  /** The authenticated user name. */
  readonly user: string;
  /** What the peer is shown of other users' awareness states (the blind rule); `everyone` when absent. */
  readonly awarenessView?: AwarenessView;
  /** Sends one binary message. */
  send(message: Uint8Array): void;
  /** Closes the peer's socket with a close code. */
  close(code: number, reason: string): void;
}

/** Where a room is in its life. */
export type RoomState = 'loading' | 'ready' | 'failed' | 'unloaded';

/**
 * What became of an update submitted to a room: taken (it will be committed,
 * then applied and relayed), or refused with the code its socket is closed
 * with and the reason.
 */
export type SubmitOutcome = { readonly ok: true } | { readonly ok: false; readonly code: CloseCode; readonly reason: string };

/** What a room needs from the server. @internal */
export interface RoomContext {
  readonly store: UpdateLog;
  readonly committer: GroupCommitter;
  readonly logger: Logger;
  readonly hooks: ServerHooks;
  /** Stored rows after which the room is compacted. */
  readonly compactAfterUpdates: number;
  /** Sends an awareness update of this process's peers to the other processes serving the room. */
  publishAwareness(room: string, update: Uint8Array): void;
  /** Tracks a background task (compaction) so shutdown can wait for it. */
  track(task: Promise<unknown>): void;
  /** Called when the room has no peers and no writes in flight. */
  onIdle(room: Room): void;
  /** Called when a committed update could not be applied, or storage failed, for this peer. */
  onWriteFailed(room: Room, peer: RoomPeer, error: unknown): void;
}

/**
 * A loaded (or loading) room. Created by `RoomManager`; peers join through it.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness: Awareness;
  readonly peers = new Set<RoomPeer>();
  /** Resolves true once the stored state is loaded, false when loading failed. */
  readonly ready: Promise<boolean>;
  /** Pending unload, when the room is idle. @internal */
  unloadTimer: NodeJS.Timeout | undefined;
  private stateValue: RoomState = 'loading';
  private writesInFlight = 0;
  /** Committed state plus the updates in flight; built on the first write. */
  private staging: Y.Doc | null = null;
  /** When the last update was submitted (`performance.now()`), to release an idle staging doc. */
  private lastWriteAt = 0;
  /** Whether `staging` no longer equals the doc plus `inFlight` (a refused or failed update). */
  private stagingStale = false;
  /** Updates submitted and not yet committed, in submission (= commit) order. */
  private readonly inFlight: Uint8Array[] = [];
  private storedRows = 0;
  private compacting = false;
  private readonly awarenessOwners = new Map<number, RoomPeer>();
  /** How many awareness clients each peer owns. */
  private readonly awarenessClaims = new Map<RoomPeer, number>();
  /** Whether every stored row was applied to the doc (false after an update failed to apply). */
  private docHoldsStoredRows = true;
  /** The largest row id read from the store (rows of other processes are read after it). */
  private lastSeenId = 0;
  /** The running catch-up, and whether another was asked for meanwhile. */
  private catchingUp: Promise<void> | null = null;
  private catchUpAgain = false;
  private catchUpRetry: NodeJS.Timeout | undefined;
  private readonly onAwarenessUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (changed.length === 0) return;
    const update = encodeAwarenessUpdate(this.awareness, changed);
    // A change of this process's peers goes to the other processes too; one from them (or a timeout) does not go back.
    if (origin !== REMOTE_AWARENESS && typeof origin === 'object' && origin !== null) this.context.publishAwareness(this.name, update);
    if (this.peers.size === 0) return;
    // Encoded once for every peer that sees everyone, per peer for the others.
    let forEveryone: Uint8Array | null = null;
    for (const peer of this.peers) {
      if (peer === origin) continue;
      if (peer.awarenessView === 'presence') peer.send(this.awarenessMessage(peer, changed));
      else peer.send((forEveryone ??= encodeAwareness(update)));
    }
  };

  constructor(
    /** The room name, e.g. `policy/doc1/layers/alice`. */
    readonly name: string,
    private readonly context: RoomContext,
  ) {
    this.awareness = new Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onAwarenessUpdate);
    this.ready = this.load();
  }

  /** Where the room is in its life. */
  get state(): RoomState {
    return this.stateValue;
  }

  /** Updates submitted and not yet committed and applied. */
  get pendingWrites(): number {
    return this.writesInFlight;
  }

  private async load(): Promise<boolean> {
    try {
      // Read before the rows: a row committed in between is read again by the next catch-up, which applies it as nothing.
      this.lastSeenId = (await this.context.store.roomVersion(this.name)).maxId;
      if (this.stateValue !== 'loading') return false;
      const stored = await this.context.store.load(this.name);
      if (this.stateValue !== 'loading') return false;
      if (stored !== null) Y.applyUpdate(this.doc, stored, this.context.store);
      await this.runLoadHook(stored !== null);
      if (this.stateValue !== 'loading') return false;
      this.storedRows = await this.context.store.updateCount(this.name);
      if (this.stateValue !== 'loading') return false;
      this.stateValue = 'ready';
      this.context.hooks.onRoomLoaded?.({ room: this.name });
      this.maybeCompact();
      return true;
    } catch (error) {
      this.context.logger.error('room load failed', { room: this.name, error: errorMessage(error) });
      this.stateValue = 'failed';
      return false;
    }
  }

  /**
   * Runs the `onLoadDocument` hook over the loaded doc and commits what it
   * changed, so the room never serves a state that is not stored.
   */
  private async runLoadHook(stored: boolean): Promise<void> {
    const hook = this.context.hooks.onLoadDocument;
    if (hook === undefined) return;
    const changes: Uint8Array[] = [];
    const record = (update: Uint8Array): void => void changes.push(update);
    this.doc.on('update', record);
    try {
      await hook({ room: this.name, doc: this.doc, stored });
    } finally {
      this.doc.off('update', record);
    }
    if (changes.length > 0) await this.context.store.append(this.name, Y.mergeUpdates(changes));
  }

  /**
   * Applies an update from `peer` to the staging doc; when Yjs accepts it
   * there and the `onStoreDocument` hook does not refuse it, commits it to
   * storage, then relays it to the other peers and applies it to the doc.
   * A refused update is neither stored nor relayed; the outcome says why
   * and with which code the peer's socket is to be closed. The update must
   * have passed `checkUpdateEncoding`. `onSettled`, when given, is called
   * once the update is committed and applied (no argument) or failed to be
   * (the error).
   */
  submitUpdate(update: Uint8Array, peer: RoomPeer, onSettled?: (error?: unknown) => void): SubmitOutcome {
    if (this.stateValue !== 'ready') throw new RangeError(`room "${this.name}" is ${this.stateValue}; updates need a ready room`);
    if (isEmptyUpdate(update)) return { ok: true };
    this.lastWriteAt = performance.now();
    const staged = this.stage(update);
    if (!staged.ok) return staged;
    const hook = this.context.hooks.onStoreDocument;
    if (hook !== undefined) {
      try {
        hook({ room: this.name, user: peer.user, update });
      } catch (error) {
        // The staging doc holds the refused update: rebuild it before the next write.
        this.stagingStale = true;
        return { ok: false, code: CloseCode.Forbidden, reason: `update refused: ${errorMessage(error)}` };
      }
    }
    this.writesInFlight++;
    this.inFlight.push(update);
    this.context.committer.submit(this.name, update, (error) => {
      this.writesInFlight--;
      const index = this.inFlight.indexOf(update);
      if (index >= 0) this.inFlight.splice(index, 1);
      let failure: unknown;
      if (error !== undefined) {
        // The staging doc holds an update that was not stored: rebuild it before the next write.
        this.stagingStale = true;
        failure = error;
        this.context.onWriteFailed(this, peer, error);
      } else if (this.stateValue === 'ready') {
        this.storedRows++;
        this.relay(update, peer);
        try {
          Y.applyUpdate(this.doc, update, peer);
          this.context.hooks.onChange?.({ room: this.name, user: peer.user, update });
        } catch (applyError) {
          this.docHoldsStoredRows = false;
          failure = applyError;
          this.context.onWriteFailed(this, peer, applyError);
        }
        this.maybeCompact();
      }
      onSettled?.(failure);
      if (this.writesInFlight === 0 && this.peers.size === 0) this.context.onIdle(this);
    });
    return { ok: true };
  }

  /**
   * Reads the rows committed after the last one seen (another process's
   * writes), applies them and relays to every peer what was new. Calls made
   * while one runs are folded into one more run after it; a failed read is
   * retried after `CATCH_UP_RETRY_MS`.
   */
  catchUp(): void {
    if (this.stateValue !== 'ready') return;
    if (this.catchingUp !== null) {
      this.catchUpAgain = true;
      return;
    }
    this.catchingUp = this.readCommitted()
      .catch((error: unknown) => {
        this.context.logger.error('reading the rows of other processes failed; retrying', { room: this.name, error: errorMessage(error) });
        if (this.catchUpRetry === undefined && this.stateValue === 'ready') {
          this.catchUpRetry = setTimeout(() => {
            this.catchUpRetry = undefined;
            this.catchUp();
          }, CATCH_UP_RETRY_MS);
          this.catchUpRetry.unref();
        }
      })
      .finally(() => {
        this.catchingUp = null;
        if (this.catchUpAgain) {
          this.catchUpAgain = false;
          this.catchUp();
        }
      });
    this.context.track(this.catchingUp);
  }

  private async readCommitted(): Promise<void> {
    const rows = await this.context.store.readAfter(this.name, this.lastSeenId);
    if (rows.length === 0 || this.stateValue !== 'ready') return;
    const fresh: Uint8Array[] = [];
    const record = (update: Uint8Array): void => void fresh.push(update);
    this.doc.on('update', record);
    try {
      for (const row of rows) {
        Y.applyUpdate(this.doc, row.update, this.context.store);
        this.lastSeenId = Math.max(this.lastSeenId, row.id);
      }
    } finally {
      this.doc.off('update', record);
    }
    this.storedRows += rows.length;
    if (fresh.length === 0) return;
    // The staging doc lacks what other processes wrote: rebuild it before the next write.
    this.stagingStale = true;
    const message = encodeUpdate(fresh.length === 1 ? (fresh[0] as Uint8Array) : Y.mergeUpdates(fresh));
    for (const peer of this.peers) peer.send(message);
    this.maybeCompact();
  }

  /** Applies an awareness update another process published, relaying it to this process's peers. */
  applyRemoteAwareness(update: Uint8Array): void {
    if (this.stateValue !== 'ready') return;
    try {
      applyAwarenessUpdate(this.awareness, update, REMOTE_AWARENESS);
    } catch (error) {
      this.context.logger.error('awareness update of another process refused', { room: this.name, error: errorMessage(error) });
    }
  }

  /** Sends a committed update to every peer but its author. */
  private relay(update: Uint8Array, author: RoomPeer): void {
    if (this.peers.size < 2 && this.peers.has(author)) return;
    const message = encodeUpdate(update);
    for (const peer of this.peers) if (peer !== author) peer.send(message);
  }

  /** Applies an update to the staging doc, rebuilding it first when it is stale. */
  private stage(update: Uint8Array): SubmitOutcome {
    try {
      if (this.staging === null || this.stagingStale) this.rebuildStaging();
    } catch (error) {
      // The updates in flight no longer apply over the committed state (one before them failed to commit).
      this.context.logger.error('staging doc could not be rebuilt', { room: this.name, error: errorMessage(error) });
      return { ok: false, code: CloseCode.BadMessage, reason: 'the room is recovering from a failed write; reconnect to resend the update' };
    }
    try {
      Y.applyUpdate(this.staging as Y.Doc, update);
      return { ok: true };
    } catch (error) {
      // Yjs may have integrated part of the update before throwing.
      this.stagingStale = true;
      return { ok: false, code: CloseCode.BadMessage, reason: `update refused: Yjs cannot apply it (${errorMessage(error)})` };
    }
  }

  /** Whether the room holds a staging doc (it has had writes and has not been idle since). @internal */
  get hasStaging(): boolean {
    return this.staging !== null;
  }

  /**
   * Frees the staging doc, a second copy of the document, when no update was
   * submitted for `idleMs` (as of `now`, a `performance.now()` time) and
   * none is in flight; the next update rebuilds it. Returns whether it did.
   */
  releaseIdleStaging(now: number, idleMs: number): boolean {
    if (this.staging === null || this.writesInFlight > 0 || now - this.lastWriteAt < idleMs) return false;
    this.staging.destroy();
    this.staging = null;
    return true;
  }

  /** Rebuilds the staging doc as the committed doc plus the updates in flight. */
  private rebuildStaging(): void {
    this.staging?.destroy();
    this.staging = null;
    const staging = new Y.Doc({ gc: this.doc.gc });
    Y.applyUpdate(staging, Y.encodeStateAsUpdate(this.doc));
    for (const update of this.inFlight) Y.applyUpdate(staging, update);
    this.staging = staging;
    this.stagingStale = false;
  }

  /**
   * Records that awareness client `clientId` belongs to `peer`. Returns false
   * when another peer already owns it, or `peer` already owns
   * `MAX_AWARENESS_CLIENTS_PER_PEER` others (the entry must then be dropped).
   */
  claimAwareness(peer: RoomPeer, clientId: number): boolean {
    const owner = this.awarenessOwners.get(clientId);
    if (owner === peer) return true;
    if (owner !== undefined) return false;
    const owned = this.awarenessClaims.get(peer) ?? 0;
    if (owned >= MAX_AWARENESS_CLIENTS_PER_PEER) return false;
    this.awarenessOwners.set(clientId, peer);
    this.awarenessClaims.set(peer, owned + 1);
    return true;
  }

  /**
   * The awareness states of `clients` as a message for `peer`, as its view
   * lets it see them: a peer with the `presence` view gets the hidden state
   * in place of every state another user's peer published (the clocks stay,
   * so the states expire and renew as the originals do).
   */
  awarenessMessage(peer: RoomPeer, clients: readonly number[]): Uint8Array {
    if (peer.awarenessView !== 'presence') return encodeAwareness(encodeAwarenessUpdate(this.awareness, [...clients]));
    const states = this.awareness.getStates();
    const entries = clients.map((clientId) => ({
      clientId,
      clock: this.awareness.meta.get(clientId)?.clock ?? 0,
      state: visibleAwarenessState('presence', states.get(clientId) ?? null, this.awarenessOwners.get(clientId)?.user === peer.user),
    }));
    return encodeAwareness(encodeAwarenessEntries(entries));
  }

  /** Removes a peer and the awareness states it owned (telling the others). */
  removePeer(peer: RoomPeer): void {
    if (!this.peers.delete(peer)) return;
    const owned: number[] = [];
    for (const [clientId, owner] of this.awarenessOwners) if (owner === peer) owned.push(clientId);
    for (const clientId of owned) this.awarenessOwners.delete(clientId);
    this.awarenessClaims.delete(peer);
    if (owned.length > 0 && this.stateValue === 'ready') removeAwarenessStates(this.awareness, owned, peer);
  }

  private maybeCompact(): void {
    if (this.compacting || this.storedRows < this.context.compactAfterUpdates) return;
    this.compacting = true;
    const rowsBefore = this.storedRows;
    const store = this.context.store;
    // With no write in flight the doc holds exactly the rows stored so far, unless other processes write the room too.
    const snapshot = this.writesInFlight === 0 && this.docHoldsStoredRows && !store.sharedByProcesses ? Y.encodeStateAsUpdate(this.doc) : null;
    const replaced = snapshot === null ? Promise.resolve(false) : store.replaceWithSnapshot(this.name, snapshot, rowsBefore);
    const task = replaced
      .then((done) => (done ? undefined : store.compact(this.name)))
      .then(() => {
        this.storedRows = Math.max(1, this.storedRows - rowsBefore + 1);
        this.context.hooks.onCompacted?.({ room: this.name });
      })
      .catch((error: unknown) => {
        this.context.logger.error('compaction failed', { room: this.name, error: errorMessage(error) });
      })
      .finally(() => {
        this.compacting = false;
      });
    this.context.track(task);
  }

  /** Releases the doc, the awareness and their listeners. The room cannot be used afterwards. */
  destroy(): void {
    if (this.stateValue === 'unloaded') return;
    this.stateValue = this.stateValue === 'loading' ? 'failed' : 'unloaded';
    if (this.unloadTimer !== undefined) clearTimeout(this.unloadTimer);
    this.unloadTimer = undefined;
    if (this.catchUpRetry !== undefined) clearTimeout(this.catchUpRetry);
    this.catchUpRetry = undefined;
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.staging?.destroy();
    this.staging = null;
    this.inFlight.length = 0;
    this.doc.destroy();
    this.peers.clear();
    this.awarenessOwners.clear();
    this.awarenessClaims.clear();
    this.stateValue = 'unloaded';
  }
}

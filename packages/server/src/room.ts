/**
 * A room in memory: its Y.Doc, its awareness and the peers connected to it.
 * The doc only ever holds committed state: the stored state loaded first,
 * then each update once storage has committed it. Every change of the doc or
 * of the awareness is relayed to the other peers.
 */
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { encodeAwareness, encodeUpdate } from './protocol.js';
import type { GroupCommitter } from './group-commit.js';
import type { Logger } from './logger.js';
import type { ServerHooks } from './options.js';
import type { UpdateStore } from './storage/index.js';

/** A client of a room as the room sees it. */
export interface RoomPeer {
  /** The authenticated user name. */
  readonly user: string;
  /** Sends one binary message. */
  send(message: Uint8Array): void;
  /** Closes the peer's socket with a close code. */
  close(code: number, reason: string): void;
}

/** Where a room is in its life. */
export type RoomState = 'loading' | 'ready' | 'failed' | 'unloaded';

/** What a room needs from the server. @internal */
export interface RoomContext {
  readonly store: UpdateStore;
  readonly committer: GroupCommitter;
  readonly logger: Logger;
  readonly hooks: ServerHooks;
  /** Stored rows after which the room is compacted. */
  readonly compactAfterUpdates: number;
  /** Tracks a background task (compaction) so shutdown can wait for it. */
  track(task: Promise<unknown>): void;
  /** Called when the room has no peers and no writes in flight. */
  onIdle(room: Room): void;
  /** Called when a committed update could not be applied, or storage failed, for this peer. */
  onWriteFailed(room: Room, peer: RoomPeer, error: unknown): void;
}

function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
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
  private storedRows = 0;
  private compacting = false;
  private readonly awarenessOwners = new Map<number, RoomPeer>();
  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.peers.size === 0 || origin === this.context.store) return;
    const message = encodeUpdate(update);
    for (const peer of this.peers) if (peer !== origin) peer.send(message);
  };
  private readonly onAwarenessUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (changed.length === 0 || this.peers.size === 0) return;
    const message = encodeAwareness(encodeAwarenessUpdate(this.awareness, changed));
    for (const peer of this.peers) if (peer !== origin) peer.send(message);
  };

  constructor(
    /** The room name, e.g. `policy/doc1/layers/alice`. */
    readonly name: string,
    private readonly context: RoomContext,
  ) {
    this.awareness = new Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onDocUpdate);
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
      const stored = await this.context.store.load(this.name);
      if (this.stateValue !== 'loading') return false;
      if (stored !== null) Y.applyUpdate(this.doc, stored, this.context.store);
      this.storedRows = await this.context.store.updateCount(this.name);
      if (this.stateValue !== 'loading') return false;
      this.stateValue = 'ready';
      this.context.hooks.onRoomLoaded?.({ room: this.name });
      this.maybeCompact();
      return true;
    } catch (error) {
      this.context.logger.error('room load failed', { room: this.name, error: error instanceof Error ? error.message : String(error) });
      this.stateValue = 'failed';
      return false;
    }
  }

  /**
   * Commits an update from `peer` to storage, then applies it to the doc,
   * which relays it to the other peers. The update must have been validated.
   */
  submitUpdate(update: Uint8Array, peer: RoomPeer): void {
    if (this.stateValue !== 'ready') throw new RangeError(`room "${this.name}" is ${this.stateValue}; updates need a ready room`);
    if (isEmptyUpdate(update)) return;
    this.writesInFlight++;
    this.context.committer.submit(this.name, update, (error) => {
      this.writesInFlight--;
      if (error !== undefined) {
        this.context.onWriteFailed(this, peer, error);
      } else if (this.stateValue === 'ready') {
        this.storedRows++;
        try {
          Y.applyUpdate(this.doc, update, peer);
          this.context.hooks.onUpdateStored?.({ room: this.name, user: peer.user, bytes: update.length });
        } catch (applyError) {
          this.context.onWriteFailed(this, peer, applyError);
        }
        this.maybeCompact();
      }
      if (this.writesInFlight === 0 && this.peers.size === 0) this.context.onIdle(this);
    });
  }

  /**
   * Records that awareness client `clientId` belongs to `peer`. Returns false
   * when another peer already owns it (the entry must then be dropped).
   */
  claimAwareness(peer: RoomPeer, clientId: number): boolean {
    const owner = this.awarenessOwners.get(clientId);
    if (owner !== undefined && owner !== peer) return false;
    this.awarenessOwners.set(clientId, peer);
    return true;
  }

  /** Removes a peer and the awareness states it owned (telling the others). */
  removePeer(peer: RoomPeer): void {
    if (!this.peers.delete(peer)) return;
    const owned: number[] = [];
    for (const [clientId, owner] of this.awarenessOwners) if (owner === peer) owned.push(clientId);
    for (const clientId of owned) this.awarenessOwners.delete(clientId);
    if (owned.length > 0 && this.stateValue === 'ready') removeAwarenessStates(this.awareness, owned, peer);
  }

  private maybeCompact(): void {
    if (this.compacting || this.storedRows < this.context.compactAfterUpdates) return;
    this.compacting = true;
    const rowsBefore = this.storedRows;
    const task = this.context.store
      .compact(this.name)
      .then(() => {
        this.storedRows = Math.max(1, this.storedRows - rowsBefore + 1);
        this.context.hooks.onCompacted?.({ room: this.name });
      })
      .catch((error: unknown) => {
        this.context.logger.error('compaction failed', { room: this.name, error: error instanceof Error ? error.message : String(error) });
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
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
    this.peers.clear();
    this.awarenessOwners.clear();
    this.stateValue = 'unloaded';
  }
}

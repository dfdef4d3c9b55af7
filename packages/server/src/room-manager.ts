/**
 * Room lifecycle: a room is loaded when its first peer joins, stays while
 * peers are connected, and is unloaded (doc destroyed, listeners removed)
 * once the last peer has left, its writes are committed and the grace period
 * has passed. A room whose load failed is dropped at once, so the next
 * connection tries again; it never becomes an empty room that could
 * overwrite stored data. A room's staging doc (a second copy of the
 * document, kept while it is being written) is freed once the room has had
 * no write for `STAGING_IDLE_MS`.
 */
import type { UpdateLog } from '@glossa/store';
import { Room, type RoomContext, type RoomPeer } from './room.js';
import type { GroupCommitter } from './group-commit.js';
import type { ServerHooks } from './hooks.js';
import type { Logger } from './logger.js';
import { MemoryReturner } from './memory-return.js';

/**
 * Milliseconds without a write after which a room's staging doc is freed: a
 * pause in typing, not the end of a session. The next write rebuilds it (one
 * encoding and one apply of the room's doc), which costs less than keeping a
 * second copy of every document written in the last half minute.
 */
export const STAGING_IDLE_MS = 5_000;

/** What the room manager needs. @internal */
export interface RoomManagerOptions {
  readonly store: UpdateLog;
  readonly committer: GroupCommitter;
  readonly logger: Logger;
  readonly hooks: ServerHooks;
  readonly unloadGraceMs: number;
  readonly compactAfterUpdates: number;
  /** Sends an awareness update of this process's peers to the other processes. */
  readonly publishAwareness: (room: string, update: Uint8Array) => void;
  /** Called when storage failed to commit, or the doc failed to apply, an update of `peer`. */
  readonly onWriteFailed: (room: Room, peer: RoomPeer, error: unknown) => void;
  /** Gives the memory of unloaded rooms back to the system. @default a `MemoryReturner` */
  readonly memory?: MemoryReturner;
}

/** The rooms in memory, by name. */
export class RoomManager {
  private readonly rooms = new Map<string, Room>();
  private readonly tasks = new Set<Promise<unknown>>();
  private readonly context: RoomContext;
  private readonly stagingSweep: NodeJS.Timeout;
  /** Returns the memory of unloaded rooms to the system. */
  readonly memory: MemoryReturner;

  constructor(private readonly options: RoomManagerOptions) {
    this.memory = options.memory ?? new MemoryReturner(() => this.rooms.size === 0);
    this.stagingSweep = setInterval(() => this.releaseIdleStaging(), STAGING_IDLE_MS / 3);
    this.stagingSweep.unref();
    this.context = {
      store: options.store,
      committer: options.committer,
      logger: options.logger,
      hooks: options.hooks,
      compactAfterUpdates: options.compactAfterUpdates,
      publishAwareness: options.publishAwareness,
      track: (task) => {
        this.tasks.add(task);
        void task.finally(() => this.tasks.delete(task));
      },
      onIdle: (room) => this.scheduleUnload(room),
      onWriteFailed: options.onWriteFailed,
    };
  }

  /** Rooms currently in memory (loading or ready). */
  get size(): number {
    return this.rooms.size;
  }

  /** The room in memory with this name, if any. */
  get(name: string): Room | undefined {
    return this.rooms.get(name);
  }

  /** Every room in memory. */
  list(): Room[] {
    return [...this.rooms.values()];
  }

  /**
   * The room `name`, loading it when it is not in memory, and kept from
   * unloading; the caller adds its peer to `room.peers` at once. Await
   * `room.ready` before syncing: false means the load failed.
   */
  join(name: string): Room {
    let room = this.rooms.get(name);
    if (!room) {
      room = new Room(name, this.context);
      this.rooms.set(name, room);
      const loading = room;
      void loading.ready.then((loaded) => {
        if (!loaded && this.rooms.get(name) === loading) {
          this.rooms.delete(name);
          loading.destroy();
        }
      });
    }
    if (room.unloadTimer !== undefined) {
      clearTimeout(room.unloadTimer);
      room.unloadTimer = undefined;
    }
    return room;
  }

  /** Removes `peer` from `room`; an idle room is unloaded after the grace period. */
  leave(room: Room, peer: RoomPeer): void {
    room.removePeer(peer);
    if (room.peers.size === 0 && room.pendingWrites === 0) this.scheduleUnload(room);
  }

  private scheduleUnload(room: Room): void {
    if (this.rooms.get(room.name) !== room || room.unloadTimer !== undefined) return;
    const unload = (): void => {
      room.unloadTimer = undefined;
      if (room.peers.size > 0 || room.pendingWrites > 0 || this.rooms.get(room.name) !== room) return;
      this.rooms.delete(room.name);
      room.destroy();
      this.memory.noteFreed();
      this.options.hooks.onRoomUnloaded?.({ room: room.name });
    };
    if (this.options.unloadGraceMs === 0) {
      unload();
      return;
    }
    room.unloadTimer = setTimeout(unload, this.options.unloadGraceMs);
    room.unloadTimer.unref();
  }

  /** Frees the staging doc of every room without a write for `idleMs` as of `now`; returns how many it freed. */
  releaseIdleStaging(now = performance.now(), idleMs = STAGING_IDLE_MS): number {
    let released = 0;
    for (const room of this.rooms.values()) if (room.releaseIdleStaging(now, idleMs)) released++;
    if (released > 0) this.memory.noteFreed();
    return released;
  }

  /** Waits for background work (compactions), then destroys every room. */
  async destroyAll(): Promise<void> {
    clearInterval(this.stagingSweep);
    this.memory.stop();
    await Promise.allSettled([...this.tasks]);
    for (const room of this.rooms.values()) room.destroy();
    this.rooms.clear();
  }
}

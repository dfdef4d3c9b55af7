/**
 * Writing a recommender's suggestions into a suggestion room as the server:
 * the room is joined like a client's, the change is made on a copy of its
 * committed state with `writeSuggestionsInSlices` of `@glossa/collab`, and
 * each slice's update goes through the room's relay path (staged,
 * committed, then relayed to the readers) before the next slice is made,
 * so writing hundreds of suggestions never holds the event loop for long. Each write is made by a fresh Yjs client, as
 * a client session would be: two writes of one room in flight at once (two
 * recommenders) are then concurrent edits of different keys, which Yjs
 * merges, never two updates claiming the same client clock.
 */
import * as Y from 'yjs';
import { ContentIndex, modelOrigin, writeSuggestionsInSlices, type SuggestionInput } from '@glossa/collab';
import type { RoomPeer } from '../room.js';
import type { RoomManager } from '../room-manager.js';

/** The user name the server's suggestion writes are made as (not a valid user id, so no client can be it). */
export const SUGGESTION_WRITER = '@suggestions';

/** Refused or failed suggestion write. */
export class SuggestionWriteError extends Error {
  override readonly name = 'SuggestionWriteError';
}

/** Writes suggestion rooms through the server's rooms. */
export class SuggestionWriter {
  private readonly peer: RoomPeer = {
    user: SUGGESTION_WRITER,
    send: () => undefined,
    close: () => undefined,
  };

  /**
   * @param sliceSize suggestions written per update: a large write is sent
   * as several updates, each committed before the next is made
   */
  constructor(
    private readonly rooms: RoomManager,
    private readonly sliceSize = 64,
  ) {}

  /** Commits and relays the updates of one slice as one; resolves whether there was any. */
  private async submit(joined: ReturnType<RoomManager['join']>, room: string, updates: Uint8Array[]): Promise<boolean> {
    if (updates.length === 0) return false;
    const update = updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
    // Resolved once committed, applied and relayed, so a write that resolved is in the store.
    await new Promise<void>((resolve, reject) => {
      const outcome = joined.submitUpdate(update, this.peer, (error) =>
        error === undefined ? resolve() : reject(new SuggestionWriteError(`suggestion room "${room}": the write failed: ${error instanceof Error ? error.message : String(error)}`)),
      );
      if (!outcome.ok) reject(new SuggestionWriteError(`suggestion room "${room}": ${outcome.reason}`));
    });
    return true;
  }

  /**
   * Makes the suggestions of `recommender` in room `room` equal to
   * `suggestions`, offsets into the text of `content`. Resolves whether
   * anything changed, once the change is committed; rejects when the room
   * cannot be loaded or the write is refused or fails.
   */
  async write(room: string, content: Y.Doc, recommender: string, suggestions: readonly SuggestionInput[]): Promise<boolean> {
    const joined = this.rooms.join(room);
    joined.peers.add(this.peer);
    try {
      if (!(await joined.ready)) throw new SuggestionWriteError(`suggestion room "${room}" could not be loaded`);
      const copy = new Y.Doc();
      try {
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(joined.doc));
        const updates: Uint8Array[] = [];
        copy.on('update', (update: Uint8Array) => updates.push(update));
        let changed = false;
        // A slice at a time, each committed and relayed before the next is made: the relay's other work runs between slices.
        for (const _written of writeSuggestionsInSlices(copy, new ContentIndex(content), recommender, suggestions, this.sliceSize, modelOrigin(recommender))) {
          changed = (await this.submit(joined, room, updates.splice(0))) || changed;
        }
        changed = (await this.submit(joined, room, updates.splice(0))) || changed;
        return changed;
      } finally {
        copy.destroy();
      }
    } finally {
      this.rooms.leave(joined, this.peer);
    }
  }
}

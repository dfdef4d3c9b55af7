/**
 * Writing a recommender's suggestions into a suggestion room as the server:
 * the room is joined like a client's, the change is made on a copy of its
 * committed state with `writeSuggestionsWith` of `@glossa/collab`, and the
 * resulting update goes through the room's relay path (staged, committed,
 * then relayed to the readers). Each write is made by a fresh Yjs client, as
 * a client session would be: two writes of one room in flight at once (two
 * recommenders) are then concurrent edits of different keys, which Yjs
 * merges, never two updates claiming the same client clock.
 */
import * as Y from 'yjs';
import { ContentIndex, modelOrigin, writeSuggestionsWith, type SuggestionInput } from '@glossa/collab';
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

  constructor(private readonly rooms: RoomManager) {}

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
        writeSuggestionsWith(copy, new ContentIndex(content), recommender, suggestions, modelOrigin(recommender));
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
      } finally {
        copy.destroy();
      }
    } finally {
      this.rooms.leave(joined, this.peer);
    }
  }
}

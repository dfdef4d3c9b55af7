/**
 * Writing a room straight into the store, for tools that run without the
 * server (`glossa suggest`): the room's stored state is loaded, changed on a
 * Y.Doc, and only the change is appended. A server running on the same
 * data at the time does not see it until the room is next loaded.
 */
import * as Y from 'yjs';
import type { DataDir } from '@glossa/store';

/** Applies `change` to the stored state of `room` and appends what it changed; resolves whether anything did. */
export async function changeStoredRoom(data: DataDir, room: string, change: (doc: Y.Doc) => void): Promise<boolean> {
  const doc = new Y.Doc();
  try {
    const state = await data.updates.load(room);
    if (state !== null) Y.applyUpdate(doc, state);
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    change(doc);
    if (updates.length === 0) return false;
    await data.updates.append(room, updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates));
    return true;
  } finally {
    doc.destroy();
  }
}

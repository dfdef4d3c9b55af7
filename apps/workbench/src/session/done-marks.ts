/**
 * "Done" marks: an annotator says they have finished a document. A mark is
 * kept in the layer room the annotator writes (their own layer in an
 * independent project, `shared` or `gold` otherwise), in the map
 * `getMap('done')`: user id → `{ at }`, the time of marking in
 * milliseconds since the epoch (a plain object, not a Y.Map). Removing the
 * key takes the mark back. Each user writes only their own key; other
 * clients ignore the map (packages/collab/README.md documents it with the
 * layout).
 */
import type * as Y from 'yjs';
import { localOrigin } from '@glossa/collab';

/** The layer room's map of done marks. */
export const DONE_MAP = 'done';

/** One user's mark. */
export interface DoneMark {
  readonly user: string;
  /** When it was set, in milliseconds since the epoch. */
  readonly at: number;
}

/** The done marks of a layer, by user id; entries that are not `{ at: number }` are left out. */
export function readDoneMarks(layer: Y.Doc): DoneMark[] {
  const marks: DoneMark[] = [];
  for (const [user, value] of layer.getMap<unknown>(DONE_MAP).entries()) {
    if (value === null || typeof value !== 'object' || !('at' in value)) continue;
    const at: unknown = value.at;
    if (typeof at === 'number' && Number.isFinite(at)) marks.push({ user, at });
  }
  return marks.sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : 0));
}

/** Whether `user` has marked the layer's document done. */
export function isDone(layer: Y.Doc, user: string): boolean {
  return readDoneMarks(layer).some((mark) => mark.user === user);
}

/** Sets (`done`) or removes `user`'s mark, with the user's local origin. */
export function markDone(layer: Y.Doc, user: string, done: boolean, now: number = Date.now()): void {
  const map = layer.getMap<unknown>(DONE_MAP);
  layer.transact(() => {
    if (done) map.set(user, { at: now });
    else map.delete(user);
  }, localOrigin(user));
}

/** Calls `listener` after every change of the layer's done marks; returns the unsubscribe function. */
export function observeDoneMarks(layer: Y.Doc, listener: () => void): () => void {
  const map = layer.getMap<unknown>(DONE_MAP);
  map.observe(listener);
  return () => map.unobserve(listener);
}

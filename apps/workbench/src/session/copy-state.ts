/**
 * What a copy of a room holds (this browser's local copy, or the server's),
 * reduced to what decides whether another copy has all of it: per Yjs client, the clocks of the structs it holds
 * (a state vector) and the ranges of clocks it knows to be deleted (a delete
 * set). A state vector alone is not enough: deleting text or an annotation
 * creates no struct, it only adds to the delete set.
 *
 * `holdsEverything(server, local)` is the rule that lets a local copy of a
 * room be removed: every struct of the local copy is below the server's
 * clock of its client, and every deletion the local copy knows is in the
 * server's delete set.
 */
import * as Y from 'yjs';

/** Clocks `[clock, clock + length)` of one Yjs client. */
export interface ClockRange {
  readonly clock: number;
  readonly length: number;
}

/** What a copy of a room holds, per Yjs client id. */
export interface CopyState {
  /** The clock after the last struct the copy holds, by client (a state vector). */
  readonly clocks: ReadonlyMap<number, number>;
  /** The ranges of clocks the copy knows to be deleted, by client (a delete set). */
  readonly deleted: ReadonlyMap<number, readonly ClockRange[]>;
}

/** The state of a copy that holds nothing. */
export const EMPTY_COPY_STATE: CopyState = { clocks: new Map(), deleted: new Map() };

type DecodedDeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

function deleteSetRanges(ds: DecodedDeleteSet): Map<number, ClockRange[]> {
  const deleted = new Map<number, ClockRange[]>();
  for (const [client, items] of ds.clients) {
    if (items.length > 0) deleted.set(client, items.map((item) => ({ clock: item.clock, length: item.len })));
  }
  return deleted;
}

/**
 * The state of a copy whose whole content is the Yjs update `update`
 * (encoding V1, e.g. the merged updates of a local copy). Every struct
 * counts, also one the copy could not integrate yet; skipped ranges do not.
 */
export function copyStateOfUpdate(update: Uint8Array): CopyState {
  const { structs, ds } = Y.decodeUpdate(update);
  const clocks = new Map<number, number>();
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    const end = struct.id.clock + struct.length;
    if (end > (clocks.get(struct.id.client) ?? 0)) clocks.set(struct.id.client, end);
  }
  return { clocks, deleted: deleteSetRanges(ds) };
}

/**
 * The state of the server as two messages of a sync tell it: its state
 * vector (`stateVector`, its sync step 1) and its answer to a sync step 1
 * (`answer`, a sync step 2: the structs after the clocks that were asked
 * about and the server's whole delete set).
 */
export function serverCopyState(stateVector: Uint8Array, answer: Uint8Array): CopyState {
  const clocks = new Map(Y.decodeStateVector(stateVector));
  const { structs, ds } = Y.decodeUpdate(answer);
  // Only structs that continue a client's clocks without a gap extend them:
  // an answer may carry structs the server holds but could not integrate yet.
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    const reached = clocks.get(struct.id.client) ?? 0;
    const end = struct.id.clock + struct.length;
    if (struct.id.clock <= reached && end > reached) clocks.set(struct.id.client, end);
  }
  return { clocks, deleted: deleteSetRanges(ds) };
}

/** Whether the union of `ranges` covers `[range.clock, range.clock + range.length)`. */
function covers(ranges: readonly ClockRange[], range: ClockRange): boolean {
  const end = range.clock + range.length;
  let reached = range.clock;
  const sorted = [...ranges].sort((a, b) => a.clock - b.clock);
  for (const candidate of sorted) {
    if (reached >= end) break;
    if (candidate.clock > reached) return false;
    reached = Math.max(reached, candidate.clock + candidate.length);
  }
  return reached >= end;
}

/**
 * Whether `holder` holds everything `copy` holds: for every client, at
 * least the same clock, and every deleted range of `copy` covered by
 * deleted ranges of `holder`. The local copy of a room may be removed only
 * when `holdsEverything(server, local)`.
 */
export function holdsEverything(holder: CopyState, copy: CopyState): boolean {
  for (const [client, clock] of copy.clocks) {
    if (clock > (holder.clocks.get(client) ?? 0)) return false;
  }
  for (const [client, ranges] of copy.deleted) {
    const held = holder.deleted.get(client) ?? [];
    for (const range of ranges) {
      if (range.length > 0 && !covers(held, range)) return false;
    }
  }
  return true;
}

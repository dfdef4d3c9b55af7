/**
 * Removing this browser's copies of a user's documents at sign-out, without
 * losing work. For every local copy of the user (one IndexedDB database per
 * room), under the copy's exclusive Web Lock (so no tab has it open): read
 * it, ask the server whether it holds everything in it (handing it what it
 * lacks, see `copy-check.ts`), and remove it only when it does
 * (`copy-removal-plan.ts`). Everything else is kept and reported.
 *
 * Open documents must be closed first (their `DocumentSession`s destroyed):
 * a document still open could write to its copy after it was checked.
 */
import { checkCopyOnServer } from './copy-check.js';
import type { CopyCheckOptions } from './copy-check.js';
import { mayRemoveCopy, planCopyRemoval } from './copy-removal-plan.js';
import type { CopyCheck, KeptCopy } from './copy-removal-plan.js';
import { copyLockName, listLocalCopies, localCopyName, readLocalCopy, removeLocalCopy } from './local-copies.js';
import { holdsEverything, copyStateOfUpdate, EMPTY_COPY_STATE } from './copy-state.js';
import { defaultSyncUrl } from './sync-url.js';

/** Progress of a removal, for a status message. */
export interface CopyRemovalProgress {
  /** Copies checked so far. */
  readonly checked: number;
  /** Copies in all. */
  readonly total: number;
}

/** Options of `removeConfirmedCopies`. */
export interface CopyRemovalOptions extends Partial<CopyCheckOptions> {
  /** The signed-in user, whose copies are checked and removed. */
  readonly user: string;
  /** How long to wait for a copy's lock (another tab using the document), in milliseconds. @default 3000 */
  readonly lockTimeoutMs?: number;
  /** How many copies are checked at the same time. @default 4 */
  readonly concurrency?: number;
  /** Called after each copy is checked. */
  readonly onProgress?: (progress: CopyRemovalProgress) => void;
}

/** What a removal did: the rooms whose copies are gone, and the copies kept with the reason. */
export interface CopyRemovalReport {
  readonly removed: readonly string[];
  readonly kept: readonly KeptCopy[];
}

/** The outcome of one copy. */
type CopyOutcome = { readonly check: CopyCheck } | { readonly kept: KeptCopy };

/** Marks a lock that could not be had in time. */
const LOCK_UNAVAILABLE = Symbol('lock unavailable');

/** Runs `task` under the exclusive Web Lock `name`, or answers `LOCK_UNAVAILABLE` when it is held longer than `timeoutMs`. */
async function withExclusiveLock<T>(name: string, timeoutMs: number, task: () => Promise<T>): Promise<T | typeof LOCK_UNAVAILABLE> {
  if (typeof navigator === 'undefined' || navigator.locks === undefined) return task();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await navigator.locks.request(name, { mode: 'exclusive', signal: controller.signal }, () => {
      clearTimeout(timer);
      return task();
    });
  } catch (error) {
    if (controller.signal.aborted && error instanceof DOMException && error.name === 'AbortError') return LOCK_UNAVAILABLE;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Checks one copy and removes it when the server holds everything in it. */
async function checkAndRemove(user: string, room: string, options: CopyRemovalOptions): Promise<CopyOutcome> {
  const copyName = localCopyName(user, room);
  const outcome = await withExclusiveLock(copyLockName(copyName), options.lockTimeoutMs ?? 3_000, async (): Promise<CopyOutcome> => {
    let localUpdate: Uint8Array;
    try {
      localUpdate = await readLocalCopy(copyName);
    } catch (error) {
      return { kept: { room, reason: 'unchecked', detail: `this browser cannot read its copy (${error instanceof Error ? error.message : String(error)})` } };
    }
    const local = copyStateOfUpdate(localUpdate);
    let check: CopyCheck;
    if (holdsEverything(EMPTY_COPY_STATE, local)) check = { room, local, server: EMPTY_COPY_STATE };
    else if (typeof navigator !== 'undefined' && !navigator.onLine) check = { room, local, server: null, problem: 'the browser is offline' };
    else check = await checkCopyOnServer(room, localUpdate, { ...options, syncUrl: options.syncUrl ?? defaultSyncUrl() });
    if (mayRemoveCopy(check)) {
      try {
        await removeLocalCopy(copyName);
      } catch (error) {
        return { kept: { room, reason: 'unchecked', detail: `this browser did not remove it (${error instanceof Error ? error.message : String(error)})` } };
      }
    }
    return { check };
  });
  if (outcome === LOCK_UNAVAILABLE) return { kept: { room, reason: 'unchecked', detail: 'it is open in another tab or window' } };
  return outcome;
}

/**
 * Checks every local copy of `options.user` with the server and removes
 * those the server holds completely; the rest are kept. Resolves with what
 * was removed and what was kept, in room order.
 * @throws LocalCopyError when the browser cannot list its copies.
 */
export async function removeConfirmedCopies(options: CopyRemovalOptions): Promise<CopyRemovalReport> {
  const rooms = await listLocalCopies(options.user);
  const outcomes: CopyOutcome[] = new Array<CopyOutcome>(rooms.length);
  let next = 0;
  let checked = 0;
  const worker = async (): Promise<void> => {
    while (next < rooms.length) {
      const index = next++;
      outcomes[index] = await checkAndRemove(options.user, rooms[index] as string, options);
      checked++;
      options.onProgress?.({ checked, total: rooms.length });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, rooms.length)) }, worker));
  const checks = outcomes.flatMap((outcome) => ('check' in outcome ? [outcome.check] : []));
  const plan = planCopyRemoval(checks);
  const kept = outcomes.flatMap((outcome) => ('kept' in outcome ? [outcome.kept] : []));
  return { removed: plan.remove, kept: [...plan.keep, ...kept].sort((a, b) => (a.room < b.room ? -1 : a.room > b.room ? 1 : 0)) };
}

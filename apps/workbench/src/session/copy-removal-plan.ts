/**
 * Which local copies of rooms may be removed at sign-out: only those whose
 * whole content the server is known to hold. A copy the server could not be
 * asked about, or whose changes the server lacks, is kept. Pure: the checks
 * come from `copy-removal.ts`.
 */
import { holdsEverything } from './copy-state.js';
import type { CopyState } from './copy-state.js';

/** What was learnt about the local copy of one room. */
export type CopyCheck =
  | {
      /** The room the copy belongs to. */
      readonly room: string;
      /** What the local copy holds. */
      readonly local: CopyState;
      /** What the server holds, as it answered. */
      readonly server: CopyState;
    }
  | {
      readonly room: string;
      readonly local: CopyState;
      /** The server could not be asked. */
      readonly server: null;
      /** Why not, as a phrase (`the server cannot be reached`). */
      readonly problem: string;
    };

/** Why a copy is kept: it holds changes the server lacks, or the server could not be asked. */
export type KeepReason = 'unsent' | 'unchecked';

/** A copy that is kept, and why. */
export interface KeptCopy {
  readonly room: string;
  readonly reason: KeepReason;
  /** A phrase for the user (`changes the server does not have yet`). */
  readonly detail: string;
}

/** The copies to remove and the copies to keep, in the order of the checks. */
export interface CopyRemovalPlan {
  readonly remove: readonly string[];
  readonly keep: readonly KeptCopy[];
}

/** The phrase for a copy whose changes the server lacks. */
export const UNSENT_DETAIL = 'changes the server does not have yet';

/** Whether the checked copy may be removed: the server answered and holds everything in it. */
export function mayRemoveCopy(check: CopyCheck): boolean {
  return check.server !== null && holdsEverything(check.server, check.local);
}

/** Sorts checked copies into those to remove and those to keep. */
export function planCopyRemoval(checks: readonly CopyCheck[]): CopyRemovalPlan {
  const remove: string[] = [];
  const keep: KeptCopy[] = [];
  for (const check of checks) {
    if (check.server === null) keep.push({ room: check.room, reason: 'unchecked', detail: check.problem });
    else if (mayRemoveCopy(check)) remove.push(check.room);
    else keep.push({ room: check.room, reason: 'unsent', detail: UNSENT_DETAIL });
  }
  return { remove, keep };
}

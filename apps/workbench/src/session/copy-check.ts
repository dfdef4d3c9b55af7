/**
 * Asking the server whether it holds everything in the local copy of a room,
 * and handing it what it lacks. One connection asks: the server's state
 * vector and its delete set (its answer to a sync step 1 with that state
 * vector). When the server lacks something, a second connection sends the
 * copy's missing part (as a client's sync step 2 would), and the first waits
 * for the server to relay a stored update before asking again, until the
 * server holds everything or `confirmTimeoutMs` passes.
 */
import * as Y from 'yjs';
import type { CopyCheck } from './copy-removal-plan.js';
import { holdsEverything, copyStateOfUpdate, serverCopyState } from './copy-state.js';
import type { CopyState } from './copy-state.js';
import { SyncProbe, SyncProbeError } from './sync-probe.js';
import type { SyncProbeOptions } from './sync-probe.js';

/** Options of `checkCopyOnServer`. */
export interface CopyCheckOptions extends SyncProbeOptions {
  /** The WebSocket base URL, e.g. `ws://host/sync`; the room's URL is `<syncUrl>/<room>` as y-websocket builds it. */
  readonly syncUrl: string;
  /** How long to wait for the server to store the changes sent to it, in milliseconds. @default 5000 */
  readonly confirmTimeoutMs?: number;
}

function problemOf(error: unknown): string {
  if (error instanceof SyncProbeError) return error.message;
  throw error;
}

/** Asks the server for its state and compares it with `local`. */
async function askState(probe: SyncProbe): Promise<CopyState> {
  const stateVector = probe.serverStateVector;
  return serverCopyState(stateVector, await probe.ask(stateVector));
}

/**
 * Checks the local copy `localUpdate` of `room` against the server: the
 * server's state as it answered, or the problem that kept it from answering.
 * Sends the server what it lacks and waits for it to be stored, so that a
 * copy made offline is confirmed once the network is back.
 */
export async function checkCopyOnServer(room: string, localUpdate: Uint8Array, options: CopyCheckOptions): Promise<CopyCheck> {
  const local = copyStateOfUpdate(localUpdate);
  const url = `${options.syncUrl}/${room}`;
  let probe: SyncProbe;
  try {
    probe = await SyncProbe.open(url, options);
  } catch (error) {
    return { room, local, server: null, problem: problemOf(error) };
  }
  let sender: SyncProbe | undefined;
  try {
    let server = await askState(probe);
    if (holdsEverything(server, local)) return { room, local, server };
    const relayedBefore = probe.relayedUpdates;
    sender = await SyncProbe.open(url, options);
    sender.send(Y.diffUpdate(localUpdate, sender.serverStateVector));
    const deadline = Date.now() + (options.confirmTimeoutMs ?? 5_000);
    let seen = relayedBefore;
    while (!holdsEverything(server, local)) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      try {
        await probe.whenRelayedMoreThan(seen, left);
      } catch (error) {
        problemOf(error);
        break;
      }
      seen = probe.relayedUpdates;
      server = await askState(probe);
    }
    return { room, local, server };
  } catch (error) {
    return { room, local, server: null, problem: problemOf(error) };
  } finally {
    probe.close();
    sender?.close();
  }
}

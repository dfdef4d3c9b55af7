/**
 * The presence contract: awareness updates (cursors, selections, who is
 * here) passed between the server processes that serve one room. Presence
 * never touches the stored tables: it is ephemeral, and a message lost is
 * made good by the client's next awareness heartbeat.
 */

/** Passes awareness updates between the processes of an installation. */
export interface PresenceChannel {
  /** Sends an awareness update of `room` to the other processes (batched per room; never awaited). */
  publish(room: string, update: Uint8Array): void;
  /** Calls `listener` with each awareness update another process published; returns a function that removes it. */
  onMessage(listener: (room: string, update: Uint8Array) => void): () => void;
  /** Sends what is batched and stops. */
  close(): Promise<void>;
}

/** The presence of a store that one process serves (the embedded backend): nobody else to tell. */
export class LocalPresence implements PresenceChannel {
  publish(): void {}

  onMessage(): () => void {
    return () => undefined;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Presence between the processes on one database (channel
 * `glossa_awareness`): the awareness updates of each room are batched for
 * `PRESENCE_BATCH_MS` and sent as few messages as PostgreSQL's payload
 * limit allows, on Redis when the installation has it, else with `NOTIFY`
 * (see `Fanout`). Nothing is written to a table.
 */
import { Listeners } from '../listeners.js';
import type { PresenceChannel } from '../presence.js';
import { CHANNELS } from './connection.js';
import type { Fanout } from './fanout.js';

/** Milliseconds awareness updates are gathered before they are sent. */
export const PRESENCE_BATCH_MS = 30;
/** Most bytes of one notification's payload (PostgreSQL refuses 8,000 and more). */
const MAX_PAYLOAD = 7_000;

interface PresenceMessage {
  readonly room: string;
  readonly update: Uint8Array;
}

/** Awareness between processes, over Redis or `NOTIFY`. */
export class FanoutPresence implements PresenceChannel {
  private readonly pending = new Map<string, string[]>();
  private timer: NodeJS.Timeout | null = null;
  private readonly messages = new Listeners<PresenceMessage>();
  private closed = false;

  constructor(
    private readonly fanout: Fanout,
    private readonly origin: string,
  ) {
    fanout.on(CHANNELS.awareness, (payload) => {
      const message = parse(payload);
      if (message === null || message.o === this.origin) return;
      for (const [room, updates] of Object.entries(message.a)) for (const update of updates) this.messages.emit({ room, update: Buffer.from(update, 'base64') });
    });
  }

  publish(room: string, update: Uint8Array): void {
    if (this.closed) return;
    const list = this.pending.get(room) ?? [];
    list.push(Buffer.from(update).toString('base64'));
    this.pending.set(room, list);
    if (this.timer === null) {
      this.timer = setTimeout(() => void this.flush(), PRESENCE_BATCH_MS);
      this.timer.unref();
    }
  }

  onMessage(listener: (room: string, update: Uint8Array) => void): () => void {
    return this.messages.add(({ room, update }) => listener(room, update));
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  /** Sends every batched update, in payloads under the limit (an update too large alone is dropped: presence is ephemeral). */
  private async flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const payloads: string[] = [];
    let batch: Record<string, string[]> = {};
    let size = 0;
    for (const [room, updates] of this.pending) {
      for (const update of updates) {
        const length = update.length + room.length + 8;
        if (length > MAX_PAYLOAD - 100) continue;
        if (size + length > MAX_PAYLOAD - 100) {
          payloads.push(JSON.stringify({ o: this.origin, a: batch }));
          batch = {};
          size = 0;
        }
        (batch[room] ??= []).push(update);
        size += length;
      }
    }
    if (size > 0) payloads.push(JSON.stringify({ o: this.origin, a: batch }));
    this.pending.clear();
    for (const payload of payloads) await this.fanout.send(CHANNELS.awareness, payload);
  }
}

function parse(payload: string): { o: string; a: Record<string, string[]> } | null {
  try {
    const value = JSON.parse(payload) as { o?: unknown; a?: unknown };
    if (typeof value.o !== 'string' || typeof value.a !== 'object' || value.a === null) return null;
    const rooms = value.a as Record<string, unknown>;
    if (!Object.values(rooms).every((updates) => Array.isArray(updates) && updates.every((u) => typeof u === 'string'))) return null;
    return { o: value.o, a: rooms as Record<string, string[]> };
  } catch {
    return null;
  }
}

/**
 * A simulated network for convergence tests: every client has its own Y.Docs
 * for a set of rooms; an update made on one client is queued for every other
 * client, and delivered later in random order, sometimes twice, and not at
 * all while the receiver is offline. Yjs updates are idempotent and
 * commutative, so once everything is delivered all clients must be equal.
 * The order is not causal: an update can arrive before one it depends on,
 * as it can when two tabs of one browser share updates directly and reach
 * the server over separate sockets.
 */
import * as Y from 'yjs';
import type { ClientIds } from './seeded.js';

/** Where an update made by one client travels. */
interface Message {
  readonly room: string;
  readonly update: Uint8Array;
}

/** The origin used when the network applies an update, so it is not sent on again. */
export const NETWORK_ORIGIN = Symbol('network');

/** One client: its docs by room name, its inbox, and whether it is online. */
export interface SimulatedClient {
  readonly id: number;
  readonly docs: ReadonlyMap<string, Y.Doc>;
  online: boolean;
  /** Updates this client made while offline, sent when it comes back. */
  readonly outbox: Message[];
  /** Updates for this client, not yet delivered (in no particular order). */
  readonly inbox: Message[];
}

/** N clients on the same rooms, connected through per-client queues. */
export class SimulatedNetwork {
  readonly clients: SimulatedClient[] = [];
  private readonly random: () => number;

  /**
   * Creates `count` clients, each with a fresh Y.Doc per room (client ids
   * from `ids`), all starting from `initial` (room → update). `random`
   * makes every choice of delivery.
   */
  constructor(count: number, rooms: readonly string[], random: () => number, ids: ClientIds, initial: ReadonlyMap<string, Uint8Array> = new Map()) {
    this.random = random;
    for (let id = 0; id < count; id++) {
      const docs = new Map<string, Y.Doc>();
      const client: SimulatedClient = { id, docs, online: true, outbox: [], inbox: [] };
      for (const room of rooms) {
        const doc = ids.doc();
        const start = initial.get(room);
        if (start !== undefined) Y.applyUpdate(doc, start, NETWORK_ORIGIN);
        doc.on('update', (update: Uint8Array, origin: unknown) => {
          if (origin === NETWORK_ORIGIN) return;
          const message = { room, update };
          if (client.online) this.broadcast(client, message);
          else client.outbox.push(message);
        });
        docs.set(room, doc);
      }
      this.clients.push(client);
    }
  }

  /** The doc of `room` on client `id`. */
  doc(id: number, room: string): Y.Doc {
    const doc = this.clients[id]?.docs.get(room);
    if (doc === undefined) throw new RangeError(`no client ${id} with room ${room}`);
    return doc;
  }

  /** Takes a client offline or back online (flushing what it made while offline). */
  setOnline(id: number, online: boolean): void {
    const client = this.clients[id] as SimulatedClient;
    client.online = online;
    if (online) for (const message of client.outbox.splice(0)) this.broadcast(client, message);
  }

  /**
   * Delivers one random pending message to a random online client; with
   * probability `duplicate` the message stays queued and will arrive again.
   * Returns false when nothing could be delivered.
   */
  deliverOne(duplicate = 0.1): boolean {
    const ready = this.clients.filter((c) => c.online && c.inbox.length > 0);
    if (ready.length === 0) return false;
    const client = ready[Math.floor(this.random() * ready.length)] as SimulatedClient;
    const at = Math.floor(this.random() * client.inbox.length);
    const message = client.inbox[at] as Message;
    if (this.random() >= duplicate) client.inbox.splice(at, 1);
    Y.applyUpdate(client.docs.get(message.room) as Y.Doc, message.update, NETWORK_ORIGIN);
    return true;
  }

  /** Brings every client online and delivers every message (in random order). */
  settle(): void {
    for (const client of this.clients) this.setOnline(client.id, true);
    while (this.deliverOne(0)) {
      // keep delivering
    }
  }

  /** Messages not yet delivered, over all clients. */
  get pending(): number {
    return this.clients.reduce((sum, c) => sum + c.inbox.length + c.outbox.length, 0);
  }

  private broadcast(from: SimulatedClient, message: Message): void {
    for (const client of this.clients) if (client !== from) client.inbox.push(message);
  }
}

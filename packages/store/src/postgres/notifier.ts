/**
 * `PostgresNotifier`: the one connection of a process that `LISTEN`s to the
 * backend's channels. When the connection is lost (the server restarted, the
 * connection was cut) it reconnects by itself, with growing pauses, and then
 * tells its `onReconnect` listeners, because notifications sent meanwhile
 * are gone: whoever depends on them re-reads what it holds.
 */
import pg from 'pg';
import { Listeners } from '../listeners.js';
import { clientConfig } from './connection.js';

/** The `application_name` of a process's listening connection, `glossa-listen-<pid>` (to find it in `pg_stat_activity`). */
export function listenerApplicationName(pid = process.pid): string {
  return `glossa-listen-${pid}`;
}

const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 2_000;

/** Listens to notification channels over one connection that reconnects by itself. */
export class PostgresNotifier {
  private client: pg.Client | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  private readonly channels = new Map<string, Listeners<string>>();
  private readonly reconnects = new Listeners<void>();
  private readonly errors = new Listeners<Error>();

  private constructor(
    private readonly url: string,
    channels: readonly string[],
  ) {
    for (const channel of channels) this.channels.set(channel, new Listeners<string>());
  }

  /** Connects to `url` and listens to `channels`; rejects when the first connection fails. */
  static async open(url: string, channels: readonly string[]): Promise<PostgresNotifier> {
    const notifier = new PostgresNotifier(url, channels);
    await notifier.connect();
    return notifier;
  }

  /** Calls `listener` with the payload of every notification on `channel`; returns a function that removes it. */
  on(channel: string, listener: (payload: string) => void): () => void {
    const listeners = this.channels.get(channel);
    if (listeners === undefined) throw new RangeError(`not listening to channel ${channel}`);
    return listeners.add(listener);
  }

  /** Calls `listener` after the connection was lost and is back (notifications may have been missed); returns a function that removes it. */
  onReconnect(listener: () => void): () => void {
    return this.reconnects.add(listener);
  }

  /** Calls `listener` when the connection is lost; returns a function that removes it. */
  onError(listener: (error: Error) => void): () => void {
    return this.errors.add(listener);
  }

  /** Whether the listening connection is up. */
  get connected(): boolean {
    return this.client !== null;
  }

  /** Stops listening and closes the connection. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retry !== null) clearTimeout(this.retry);
    this.retry = null;
    const client = this.client;
    this.client = null;
    if (client !== null) await client.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(clientConfig(this.url, listenerApplicationName()));
    client.on('notification', (message) => {
      if (client === this.client) this.channels.get(message.channel)?.emit(message.payload ?? '');
    });
    let lost = false;
    const onLost = (error: Error): void => {
      if (lost) return;
      lost = true;
      if (client === this.client) this.client = null;
      void client.end().catch(() => undefined);
      if (this.closed) return;
      this.errors.emit(error);
      this.reconnect(FIRST_RETRY_MS);
    };
    client.on('error', onLost);
    client.on('end', () => onLost(new Error('the listening connection ended')));
    try {
      await client.connect();
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      lost = true;
      void client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  private reconnect(delay: number): void {
    if (this.closed || this.retry !== null) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect().then(
        () => {
          if (!this.closed) this.reconnects.emit();
        },
        (error: unknown) => {
          if (this.closed) return;
          this.errors.emit(error instanceof Error ? error : new Error(String(error)));
          this.reconnect(Math.min(delay * 2, LAST_RETRY_MS));
        },
      );
    }, delay);
    this.retry.unref();
  }
}

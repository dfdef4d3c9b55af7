/**
 * `RedisBus`: Redis pub/sub for the messages server processes send each
 * other (commits and presence), so PostgreSQL carries only the rows. Two
 * connections: one publishes, one subscribes. Both reconnect by themselves;
 * while the subscribing one is down this process asks its rooms to catch up
 * by id every second (nothing it missed is lost, it arrives late), and once
 * it is back it asks once more. A publish that fails (Redis went away) is
 * the caller's to send another way: `Fanout` sends it with `NOTIFY`.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { Listeners } from '../listeners.js';
import { redactedUrl } from './redacted-url.js';

/** Whether `location` is a `redis://` or `rediss://` URL. */
export function isRedisUrl(location: string): boolean {
  return /^rediss?:\/\/[^/]/i.test(location);
}

/** The Redis server given cannot be reached (or answered with an error) when the store opens. */
export class RedisUnreachableError extends Error {
  override readonly name = 'RedisUnreachableError';
}

/** Milliseconds between catch-up requests while the subscribing connection is down. */
export const REDIS_CATCH_UP_MS = 1_000;
/** Milliseconds the first connection may take. */
const CONNECT_TIMEOUT_MS = 5_000;
const LAST_RETRY_MS = 2_000;

/** Publishes and subscribes over Redis; see the module comment. */
export class RedisBus {
  private readonly channels = new Map<string, Listeners<string>>();
  private readonly catchUps = new Listeners<void>();
  private poll: NodeJS.Timeout | null = null;
  private subscriberDown = false;
  private publisherDown = false;
  private closed = false;

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    /** The URL without its password. */
    readonly location: string,
    channels: readonly string[],
    private readonly onError: (error: Error) => void,
  ) {
    for (const channel of channels) this.channels.set(channel, new Listeners<string>());
  }

  /**
   * Connects to the Redis server at `url` and subscribes to `channels`.
   * Rejects with an error naming the URL when it is no `redis://` URL or the
   * server cannot be reached within five seconds. `onError` is told when a
   * connection is lost later (once per loss, not per retry).
   */
  static async open(url: string, channels: readonly string[], onError: (error: Error) => void): Promise<RedisBus> {
    if (!isRedisUrl(url)) throw new RangeError(`the Redis URL must be redis://HOST[:PORT] or rediss://…, got "${redactedUrl(url)}"`);
    const options: RedisOptions = {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: CONNECT_TIMEOUT_MS,
      retryStrategy: (times) => Math.min(times * 100, LAST_RETRY_MS),
    };
    const publisher = new Redis(url, { ...options, connectionName: `glossa-pub-${process.pid}` });
    const subscriber = new Redis(url, { ...options, connectionName: `glossa-sub-${process.pid}` });
    const location = redactedUrl(url);
    let first: Error | null = null;
    const noteFirst = (error: Error): void => {
      first ??= error;
    };
    publisher.on('error', noteFirst);
    subscriber.on('error', noteFirst);
    try {
      await Promise.all([publisher.connect(), subscriber.connect()]);
      await subscriber.subscribe(...channels);
    } catch (error) {
      publisher.disconnect();
      subscriber.disconnect();
      const cause = first ?? (error instanceof Error ? error : new Error(String(error)));
      throw new RedisUnreachableError(`cannot reach Redis at ${location}: ${cause.message || 'connection failed'}`, { cause });
    }
    publisher.off('error', noteFirst);
    subscriber.off('error', noteFirst);
    const bus = new RedisBus(publisher, subscriber, location, channels, onError);
    bus.watch();
    return bus;
  }

  /** Whether a publish now would be sent (the publishing connection is up). */
  get canPublish(): boolean {
    return !this.closed && this.publisher.status === 'ready';
  }

  /** Whether the subscribing connection is up. */
  get subscribed(): boolean {
    return !this.closed && !this.subscriberDown;
  }

  /** Publishes `payload` on `channel`; rejects when Redis is not reachable. */
  async publish(channel: string, payload: string): Promise<void> {
    if (this.closed) throw new Error('the Redis connection is closed');
    await this.publisher.publish(channel, payload);
  }

  /** Calls `listener` with the payload of every message on `channel` (this process's own included); returns a function that removes it. */
  on(channel: string, listener: (payload: string) => void): () => void {
    const listeners = this.channels.get(channel);
    if (listeners === undefined) throw new RangeError(`not subscribed to channel ${channel}`);
    return listeners.add(listener);
  }

  /** Calls `listener` whenever messages may have been missed (the subscribing connection is down, or just came back); returns a function that removes it. */
  onCatchUp(listener: () => void): () => void {
    return this.catchUps.add(listener);
  }

  /** Closes both connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopPolling();
    await Promise.all([this.publisher.quit().catch(() => undefined), this.subscriber.quit().catch(() => undefined)]);
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  private watch(): void {
    this.subscriber.on('message', (channel: string, payload: string) => {
      if (!this.closed) this.channels.get(channel)?.emit(payload);
    });
    const lost = (which: 'publishing' | 'subscribing', error: Error | null): void => {
      if (this.closed) return;
      if (which === 'subscribing') {
        if (this.subscriberDown) return;
        this.subscriberDown = true;
        this.startPolling();
      } else {
        if (this.publisherDown) return;
        this.publisherDown = true;
      }
      const reason = error?.message ?? 'the connection closed';
      this.onError(new Error(`the ${which} Redis connection to ${this.location} was lost (${reason}); messages go over PostgreSQL NOTIFY until it is back`));
    };
    this.publisher.on('error', (error: Error) => lost('publishing', error));
    this.publisher.on('close', () => lost('publishing', null));
    this.publisher.on('ready', () => {
      this.publisherDown = false;
    });
    this.subscriber.on('error', (error: Error) => lost('subscribing', error));
    this.subscriber.on('close', () => lost('subscribing', null));
    this.subscriber.on('ready', () => {
      if (!this.subscriberDown || this.closed) return;
      this.subscriberDown = false;
      // The channels are subscribed again right after `ready`: ask once now and once when that is surely done.
      this.catchUps.emit();
      const again = setTimeout(() => {
        if (this.subscriberDown || this.closed) return;
        this.stopPolling();
        this.catchUps.emit();
      }, REDIS_CATCH_UP_MS / 2);
      again.unref();
    });
  }

  private startPolling(): void {
    if (this.poll !== null) return;
    this.poll = setInterval(() => {
      if (!this.closed) this.catchUps.emit();
    }, REDIS_CATCH_UP_MS);
    this.poll.unref();
  }

  private stopPolling(): void {
    if (this.poll !== null) clearInterval(this.poll);
    this.poll = null;
  }
}

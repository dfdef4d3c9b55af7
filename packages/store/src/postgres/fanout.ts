/**
 * `Fanout`: how the processes on one database tell each other of commits
 * and presence. Without Redis every message is a PostgreSQL `NOTIFY` (a
 * commit's inside its transaction, so it is delivered only if the commit
 * is). With Redis a commit's message is published after the commit, and
 * any message whose publish fails (Redis went away) is sent with `NOTIFY`
 * instead. Every process listens on both, so a process whose Redis is down
 * still hears the others; and every reader reads committed rows after the
 * last id it has seen, so a message that is lost anyway only delays it.
 */
import type pg from 'pg';
import { notify } from './connection.js';
import type { PostgresNotifier } from './notifier.js';
import type { RedisBus } from './redis-bus.js';

/** Sends and receives the messages of the processes on one database. */
export class Fanout {
  constructor(
    private readonly pool: pg.Pool,
    private readonly notifier: PostgresNotifier,
    /** The Redis connections, when the installation has Redis. */
    readonly redis: RedisBus | null,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Calls `listener` with every message on `channel`, whichever way it came; returns a function that removes it. */
  on(channel: string, listener: (payload: string) => void): () => void {
    const fromPostgres = this.notifier.on(channel, listener);
    const fromRedis = this.redis?.on(channel, listener) ?? (() => undefined);
    return () => {
      fromPostgres();
      fromRedis();
    };
  }

  /** Calls `listener` when messages may have been missed (a listening connection was lost); returns a function that removes it. */
  onCatchUp(listener: () => void): () => void {
    const fromPostgres = this.notifier.onReconnect(listener);
    const fromRedis = this.redis?.onCatchUp(listener) ?? (() => undefined);
    return () => {
      fromPostgres();
      fromRedis();
    };
  }

  /**
   * The messages of a commit about to run: `inTransaction` sends them with
   * `NOTIFY` inside it when Redis is not there to take them, and
   * `afterCommit` publishes them on Redis once it committed otherwise.
   */
  commitMessages(channel: string, payloads: readonly string[]): CommitMessages {
    const viaRedis = this.redis?.canPublish ?? false;
    return {
      inTransaction: async (client) => {
        if (!viaRedis) for (const payload of payloads) await notify(client, channel, payload);
      },
      afterCommit: () => {
        if (viaRedis) for (const payload of payloads) void this.send(channel, payload);
      },
    };
  }

  /** Sends `payload` on `channel` now: on Redis when it is up, else (or when the publish fails) with `NOTIFY`. Failures go to `onError`. */
  async send(channel: string, payload: string): Promise<void> {
    if (this.redis?.canPublish === true) {
      try {
        await this.redis.publish(channel, payload);
        return;
      } catch {
        // Redis went away: the connection's loss is reported by the bus; NOTIFY takes the message.
      }
    }
    try {
      await this.pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
    } catch (error) {
      this.onError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Closes the Redis connections (the data directory closes the notifier and the pool). */
  async close(): Promise<void> {
    await this.redis?.close();
  }
}

/** The messages of one commit; see `Fanout.commitMessages`. */
export interface CommitMessages {
  inTransaction(client: pg.ClientBase): Promise<void>;
  afterCommit(): void;
}

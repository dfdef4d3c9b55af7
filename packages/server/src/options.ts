/**
 * The sync server's configuration: every option has a documented default,
 * and the options given to `GlossaServer` are merged over them. Nothing is
 * read from the environment here; the CLI does that.
 */
import { silentLogger, type Logger } from './logger.js';
import { DEFAULT_LOGIN_BACKOFF, LoginBackoff, type LoginBackoffPolicy } from './login-backoff.js';
import { TokenBucket, type RateLimit } from './rate-limit.js';
import type { DataDir, OpenDataOptions } from '@glossa/store';
import type { ServerHooks } from './hooks.js';
import type { SuggestionEngineOptions } from './suggestions/suggestion-engine.js';

/** Options of `GlossaServer`; only where the data is (`dataDir` or `data`) is required. */
export interface GlossaServerOptions {
  /** The data directory: `glossa.db` and `secret.key` (created on first start), opened on the embedded SQLite backend. */
  readonly dataDir?: string;
  /**
   * An open store (see `openData` of `@glossa/store`), instead of `dataDir`:
   * the server takes it over and closes it on `stop()`. `fsync` then does
   * not apply; the store was opened with its own durability.
   */
  readonly data?: DataDir;
  /** TCP port; 0 picks a free one (see `GlossaServer.start()`'s result). @default 8080 */
  readonly port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** Largest WebSocket message accepted, in bytes; a larger frame closes the socket with 1009. @default 8 MiB */
  readonly maxMessageSize?: number;
  /**
   * Rate of document updates (sync step 2 and update messages) per connection.
   * A connection over the limit is closed with `CloseCode.RateLimited`:
   * dropping updates would leave the client silently diverged.
   * @default { perSecond: 200, burst: 1000 }
   */
  readonly updateRate?: RateLimit;
  /**
   * Rate of awareness messages per connection. Over the limit a message is
   * dropped (stock clients re-broadcast every awareness change they receive,
   * so a busy room makes them chatty); over four times the limit the
   * connection is closed with `CloseCode.RateLimited`.
   * @default { perSecond: 50, burst: 200 }
   */
  readonly awarenessRate?: RateLimit;
  /** Open sockets one user may hold at once, over all rooms. @default 200 */
  readonly maxConnectionsPerUser?: number;
  /**
   * The public origins (`https://annotate.example.org`) browsers reach the
   * server at, besides its own address (`http://<host>:<port>`, and
   * localhost for a loopback host). A request with any other `Origin`
   * header is refused, whatever its `Host` says; requests without one
   * (scripts, the CLI) are judged by their token alone. Behind a proxy or
   * on a public interface, list the address users open.
   * @default []
   */
  readonly allowedOrigins?: readonly string[];
  /** Milliseconds a room stays in memory after its last client left. @default 10_000 */
  readonly unloadGraceMs?: number;
  /** Stored update rows of a room after which it is compacted in the background. @default 500 */
  readonly compactAfterUpdates?: number;
  /** Folder of static files served at `/` (the built workbench); null serves a placeholder page. @default null */
  readonly staticDir?: string | null;
  /**
   * Milliseconds between re-checks of every open socket's credentials and
   * role. Revocations and user changes made through this server, and token
   * expiry, close sockets at once; the sweep catches changes made by another
   * process on the same data directory (the CLI). 0 disables the sweep.
   * @default 15_000
   */
  readonly credentialCheckMs?: number;
  /** Lifetime of a login session in milliseconds. @default 7 days */
  readonly sessionTtlMs?: number;
  /**
   * Per-user backoff of `POST /api/login`: after `freeAttempts` failures for
   * a name, each failure locks it for twice as long (from `baseDelayMs` up
   * to `maxDelayMs`); a locked name gets 429 with `Retry-After`.
   * @default { freeAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 15 min, forgetAfterMs: 1 h }
   */
  readonly loginBackoff?: LoginBackoffPolicy;
  /** Largest request body of `POST /api/projects/:p/import`, in bytes. @default 32 MiB */
  readonly maxImportBytes?: number;
  /** Largest JSON request body of the other routes, in bytes. @default 64 KiB */
  readonly maxJsonBodyBytes?: number;
  /** Bytes queued for a client that does not read before it is closed with `CloseCode.SlowConsumer`. @default 64 MiB */
  readonly maxBufferedBytes?: number;
  /**
   * Whether every group commit is also flushed to the disk (`fsync`) before
   * the updates it holds are relayed. Without it a commit is written to the
   * operating system before it is relayed, so it survives a crash of the
   * server process (SIGKILL) but not a power loss or a kernel crash, which
   * can lose the last commits; with it, commits survive those too, at the
   * cost of one fsync per group commit on the relay path (see the relay
   * latency rows of `bench/README.md`).
   * @default false
   */
  readonly fsync?: boolean;
  /** Most updates one group commit writes. @default 4096 */
  readonly maxCommitBatch?: number;
  /** Where the server logs. @default silentLogger */
  readonly logger?: Logger;
  /** Typed hooks that act on, or are told of, server events (see `ServerHooks`). @default {} */
  readonly hooks?: ServerHooks;
  /**
   * The suggestion engine: runs each project's recommenders (see
   * `glossa recommender`) in worker threads and writes the suggestion rooms;
   * `false` runs none. @default {} (debounce 300 ms, configurations re-read every 5 s)
   */
  readonly suggestions?: SuggestionEngineOptions | false;
}

/** Options with every default filled in; the data is where `dataDir` or `data` says. */
export type ResolvedServerOptions = Required<Omit<GlossaServerOptions, 'dataDir' | 'data'>> & Pick<GlossaServerOptions, 'dataDir' | 'data'>;

/** The documented defaults of every optional option. */
export const DEFAULT_SERVER_OPTIONS: Omit<ResolvedServerOptions, 'dataDir' | 'data'> = {
  port: 8080,
  host: '127.0.0.1',
  maxMessageSize: 8 * 1024 * 1024,
  updateRate: { perSecond: 200, burst: 1000 },
  awarenessRate: { perSecond: 50, burst: 200 },
  maxConnectionsPerUser: 200,
  allowedOrigins: [],
  unloadGraceMs: 10_000,
  compactAfterUpdates: 500,
  staticDir: null,
  credentialCheckMs: 15_000,
  sessionTtlMs: 7 * 24 * 3_600_000,
  loginBackoff: DEFAULT_LOGIN_BACKOFF,
  maxImportBytes: 32 * 1024 * 1024,
  maxJsonBodyBytes: 64 * 1024,
  maxBufferedBytes: 64 * 1024 * 1024,
  fsync: false,
  maxCommitBatch: 4096,
  logger: silentLogger,
  hooks: {},
  suggestions: {},
};

function positive(name: string, value: number, allowZero = false): void {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new RangeError(`GlossaServer option ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${value}`);
  }
}

/** Runs the check of the object an option configures, naming the option in its `RangeError`. */
function checkedBy(name: string, check: () => unknown): void {
  try {
    check();
  } catch (error) {
    if (error instanceof RangeError) throw new RangeError(`GlossaServer option ${name}: ${error.message}`);
    throw error;
  }
}

/** Merges `options` over the defaults and checks them; throws `RangeError` for a bad value. */
export function resolveServerOptions(options: GlossaServerOptions): ResolvedServerOptions {
  if (options.data === undefined && (typeof options.dataDir !== 'string' || options.dataDir === '')) throw new RangeError('GlossaServer option dataDir is required (or data, an open store)');
  if (options.data !== undefined && options.dataDir !== undefined) throw new RangeError('GlossaServer options dataDir and data exclude each other; give one');
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as GlossaServerOptions;
  const resolved: ResolvedServerOptions = { ...DEFAULT_SERVER_OPTIONS, ...defined };
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65535) {
    throw new RangeError(`GlossaServer option port must be an integer 0–65535, got ${resolved.port}`);
  }
  positive('maxMessageSize', resolved.maxMessageSize);
  positive('maxConnectionsPerUser', resolved.maxConnectionsPerUser);
  positive('unloadGraceMs', resolved.unloadGraceMs, true);
  positive('compactAfterUpdates', resolved.compactAfterUpdates);
  positive('sessionTtlMs', resolved.sessionTtlMs);
  positive('credentialCheckMs', resolved.credentialCheckMs, true);
  positive('maxImportBytes', resolved.maxImportBytes);
  positive('maxJsonBodyBytes', resolved.maxJsonBodyBytes);
  positive('maxBufferedBytes', resolved.maxBufferedBytes);
  positive('maxCommitBatch', resolved.maxCommitBatch);
  if (resolved.suggestions !== false) {
    const { debounceMs = 0, batchSize = 1, resyncMs = 0 } = resolved.suggestions;
    positive('suggestions.debounceMs', debounceMs, true);
    positive('suggestions.batchSize', batchSize);
    positive('suggestions.resyncMs', resyncMs, true);
  }
  if (typeof resolved.fsync !== 'boolean') throw new RangeError(`GlossaServer option fsync must be true or false, got ${JSON.stringify(resolved.fsync)}`);
  checkedBy('updateRate', () => new TokenBucket(resolved.updateRate));
  checkedBy('awarenessRate', () => new TokenBucket(resolved.awarenessRate));
  checkedBy('loginBackoff', () => new LoginBackoff(resolved.loginBackoff));
  for (const origin of resolved.allowedOrigins) {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new RangeError(`GlossaServer option allowedOrigins: ${JSON.stringify(origin)} is not a URL origin such as https://example.org`);
    }
    if (parsed.origin !== origin) throw new RangeError(`GlossaServer option allowedOrigins: ${JSON.stringify(origin)} should be written ${parsed.origin}`);
  }
  return resolved;
}

/**
 * How the server opens its data (`dataDir`, or `openData` by whoever hands
 * it an open store): each commit written to the operating system before it
 * is relayed, and flushed to the disk too when `fsync` is set; WAL
 * checkpoints in a worker, whose failures are logged (and retried).
 */
export function serverStorageOptions(options: ResolvedServerOptions): OpenDataOptions {
  return {
    synchronous: options.fsync ? 'FULL' : 'NORMAL',
    backgroundCheckpoints: {
      onError: (error) => options.logger.error('WAL checkpoint failed', { error: error.message }),
    },
    // A networked store's connections that fail while nobody awaits them (and come back by themselves).
    onBackgroundError: (error) => options.logger.error('storage connection', { error: error.message }),
  };
}

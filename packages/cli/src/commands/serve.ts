/**
 * `glossa serve`: runs the sync server, the REST API and the workbench until
 * SIGTERM or SIGINT, then flushes every received update, closes the sockets
 * with `ServerShutdown` and exits within five seconds (a second signal
 * exits at once: the handlers are removed after the first).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GlossaServer, createStreamLogger, resolveServerOptions, serverStorageOptions, type GlossaServerOptions } from '@glossa/server';
import { RedisUnreachableError, isPostgresUrl, isRedisUrl, openData } from '@glossa/store';
import { CliError, UsageError, type CliIO, type Command } from '../command.js';
import { dataLocation, dataOption, parseFlags } from '../args.js';

/** The port `glossa serve` and `glossa start` listen on without `--port`. */
export const DEFAULT_PORT = 8080;

/** How long shutdown may take before the process exits anyway, in milliseconds. */
export const SHUTDOWN_TIMEOUT_MS = 5000;

/** Of `SHUTDOWN_TIMEOUT_MS`, the time left for the process to exit after the server stopped (or gave up). */
const EXIT_MARGIN_MS = 500;

/**
 * Makes sure the process exits with `code` within `ms` even when something
 * still holds the event loop (a stuck socket, a hung storage call). The timer
 * is unref'd: a process that can exit on its own exits earlier.
 */
function exitWithin(ms: number, code: number): void {
  setTimeout(() => process.exit(code), ms).unref();
}

/** The workbench build served at `/` when it exists and no `--static` is given. */
export const WORKBENCH_DIST = fileURLToPath(new URL('../../../../apps/workbench/dist', import.meta.url));

/** The options `glossa serve` and `glossa start` share, as their usage texts list them. */
export const SERVE_OPTIONS_USAGE = `Options:
  --port N             the port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host H             the interface (default 127.0.0.1)
  --allow-origin O     also accept browser requests from origin O (repeatable)
  --static DIR         serve DIR at / (default: the workbench build when present)
  --fsync              flush every commit to the disk before relaying it, so
                       edits survive a power loss, not only a crash of the
                       server (slower: one fsync per group commit)
  --data DIR           the data directory (default ./.glossa)
  --database URL       a PostgreSQL database (postgres://…) instead of --data,
                       which any number of glossa serve processes share;
                       also GLOSSA_DATABASE_URL
  --redis URL          a Redis server (redis://HOST[:PORT]) whose pub/sub
                       carries commits and presence between the processes
                       on --database (else PostgreSQL NOTIFY does, and does
                       while Redis is away); also GLOSSA_REDIS_URL`;

const usage = `Usage: glossa serve [options]

Serves WebSocket sync at ws://HOST:PORT/sync/<room>, the REST API under
/api/ and the workbench at /. Stops cleanly on SIGTERM or SIGINT.

${SERVE_OPTIONS_USAGE}`;

/** The flags `glossa serve` and `glossa start` share. */
export const serveFlags = {
  ...dataOption,
  port: { type: 'string' },
  host: { type: 'string' },
  'allow-origin': { type: 'string', multiple: true },
  static: { type: 'string' },
  fsync: { type: 'boolean' },
  redis: { type: 'string' },
} as const;

/** The environment variable that names a Redis server when `--redis` is not given. */
export const REDIS_URL_ENV = 'GLOSSA_REDIS_URL';

/** What `glossa serve` and `glossa start` run: the server's options, and the Redis server its processes share, if any. */
export type ServeOptions = GlossaServerOptions & { readonly redis?: string };

/**
 * The Redis server of `--redis URL`, else of \`GLOSSA_REDIS_URL\` when the
 * data is a PostgreSQL database (a data directory, which one process
 * serves, ignores the variable but refuses the flag).
 */
export function redisLocation(command: string, io: CliIO, given: string | undefined, dataLocation: string): string | undefined {
  const fromEnv = io.env[REDIS_URL_ENV];
  const [url, source] = given !== undefined ? [given, '--redis'] : fromEnv !== undefined && fromEnv !== '' ? [fromEnv, REDIS_URL_ENV] : [undefined, ''];
  if (url === undefined) return undefined;
  if (!isRedisUrl(url)) throw new UsageError(`glossa ${command}: ${source} must be a redis://HOST[:PORT] URL, got "${url.replace(/:[^:@/]*@/, ':***@')}"`);
  if (!isPostgresUrl(dataLocation)) {
    if (given === undefined) return undefined;
    throw new UsageError(`glossa ${command}: --redis connects the processes of a PostgreSQL database; give --database (or GLOSSA_DATABASE_URL) too`);
  }
  return url;
}

/** Parses `--port`, throwing a `UsageError` naming the command. */
export function parsePort(command: string, value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`glossa ${command}: --port must be an integer 0–65535, got "${value}"`);
  return port;
}

/** The server options the shared flags give. */
export function serverOptionsFrom(
  command: string,
  values: { data?: string; database?: string; port?: string; host?: string; 'allow-origin'?: string[]; static?: string; fsync?: boolean; redis?: string },
  io: CliIO,
): ServeOptions {
  const staticDir = values.static !== undefined ? path.resolve(io.cwd, values.static) : existsSync(WORKBENCH_DIST) ? WORKBENCH_DIST : null;
  const location = dataLocation(command, io, values);
  const redis = redisLocation(command, io, values.redis, location);
  return {
    dataDir: location,
    ...(redis === undefined ? {} : { redis }),
    port: parsePort(command, values.port),
    host: values.host ?? '127.0.0.1',
    allowedOrigins: values['allow-origin'] ?? [],
    staticDir,
    fsync: values.fsync ?? false,
    logger: createStreamLogger(io.stderr),
  };
}

/**
 * Builds a server over the data at `options.dataDir` (opened by `openData`,
 * which picks the storage backend), turning bad options into a `CliError`;
 * nothing is opened or created when an option is bad.
 */
export async function createServer(command: string, serveOptions: ServeOptions): Promise<GlossaServer> {
  const { redis, ...options } = serveOptions;
  let location: string;
  let storage;
  try {
    const resolved = resolveServerOptions(options);
    location = resolved.dataDir as string;
    storage = serverStorageOptions(resolved);
  } catch (error) {
    if (error instanceof RangeError) throw new CliError(`glossa ${command}: ${error.message}`);
    throw error;
  }
  const { dataDir: _location, ...rest } = options;
  let data;
  try {
    data = await openData(location, redis === undefined ? storage : { ...storage, redis });
  } catch (error) {
    if (error instanceof RedisUnreachableError) throw new CliError(`glossa ${command}: ${error.message}`);
    throw error;
  }
  try {
    return new GlossaServer({ ...rest, data });
  } catch (error) {
    await data.close();
    throw error;
  }
}

/** Why the server could not listen, as a `CliError` when the cause is the `--host` or `--port` given. */
function listenError(command: string, server: GlossaServer, error: unknown): unknown {
  const { host, port } = server.options;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new CliError(`glossa ${command}: port ${port} is in use; pick another with --port`);
  if (code === 'EACCES') return new CliError(`glossa ${command}: not allowed to listen on port ${port}; pick another with --port`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EINVAL') {
    return new CliError(`glossa ${command}: cannot listen on ${host} port ${port}: ${(error as Error).message}; give --host an address of this machine, such as 127.0.0.1 or 0.0.0.0`);
  }
  return error;
}

/**
 * Starts `server`, calls `announce` with its URL, and runs until SIGTERM or
 * SIGINT; then stops it (at most `SHUTDOWN_TIMEOUT_MS`). Resolves to the
 * exit code.
 */
export async function serveUntilSignal(command: string, server: GlossaServer, io: CliIO, announce: (url: string) => void): Promise<number> {
  // Listen for the signals before starting, so a signal during startup also stops cleanly.
  let onSignal: (received: NodeJS.Signals) => void = () => undefined;
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = (received) => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve(received);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  try {
    await server.start();
  } catch (error) {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await server.stop();
    throw listenError(command, server, error);
  }
  announce(server.url);
  const signal = await signalled;
  io.stderr.write(`glossa: ${signal} received; storing pending updates and closing connections…\n`);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), SHUTDOWN_TIMEOUT_MS - EXIT_MARGIN_MS);
  });
  const outcome = await Promise.race([server.stop().then(() => 'stopped' as const), timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    io.stderr.write(`glossa: shutdown took longer than ${(SHUTDOWN_TIMEOUT_MS - EXIT_MARGIN_MS) / 1000} s; exiting anyway\n`);
    exitWithin(EXIT_MARGIN_MS / 2, 1);
    return 1;
  }
  io.stderr.write('glossa: stopped\n');
  exitWithin(EXIT_MARGIN_MS, 0);
  return 0;
}

/** The `glossa serve` command. */
export const command: Command = {
  summary: 'Start the sync server and the workbench',
  usage,
  async run(argv: readonly string[], io: CliIO): Promise<number> {
    const { values } = parseFlags('serve', argv, serveFlags);
    const server = await createServer('serve', serverOptionsFrom('serve', values, io));
    return serveUntilSignal('serve', server, io, (url) => {
      io.stdout.write(`Glossa is serving at ${url}/ (sync: ${url.replace(/^http/, 'ws')}/sync/<room>)\n`);
    });
  },
};

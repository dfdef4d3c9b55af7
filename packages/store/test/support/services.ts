/**
 * Test services the project starts for itself: a private PostgreSQL cluster
 * (`initdb` and `pg_ctl` of the installed server, in a temporary folder, on
 * a free port, as an unprivileged user when run as root) and a private
 * `redis-server` on a free port. `GLOSSA_TEST_DATABASE_URL` and
 * `GLOSSA_TEST_REDIS_URL` name running ones instead.
 *
 * Within a test run the services are shared: the first test that asks
 * starts them (a lock folder in the run's state folder, which
 * `services-global.ts` creates and whose teardown stops them), the others
 * wait for the file that says where they listen. Each test then works in a
 * database of its own (`createTestDatabase`). Tests that stop or restart
 * PostgreSQL start a private cluster of their own (`startPostgres`).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, watch } from 'node:fs';
import { chown, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** The environment variable naming the state folder of a test run (set by `services-global.ts`). */
export const SERVICES_DIR_ENV = 'GLOSSA_TEST_SERVICES_DIR';

/** A PostgreSQL server started for tests. */
export interface PostgresService {
  /** `postgres://postgres@127.0.0.1:PORT/postgres`. */
  readonly url: string;
  readonly port: number;
  /** The cluster's folder. */
  readonly dataDir: string;
  /** Stops the server at once (`pg_ctl stop -m immediate`, as a crash would), leaving the cluster. */
  kill(): Promise<void>;
  /** Starts the stopped server again on the same port. */
  start(): Promise<void>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** A Redis server started for tests. */
export interface RedisService {
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** The server's process id. */
  readonly pid: number;
  stop(): Promise<void>;
}

/** The folder of PostgreSQL's server programs: `GLOSSA_PG_BIN`, else the newest `/usr/lib/postgresql/<version>/bin`. */
export function postgresBin(): string {
  const given = process.env.GLOSSA_PG_BIN;
  if (given !== undefined && given !== '') return given;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const bin = path.join(root, version, 'bin');
    if (existsSync(path.join(bin, 'initdb'))) return bin;
  }
  throw new Error('PostgreSQL is not installed: no initdb under /usr/lib/postgresql/<version>/bin (run node scripts/ensure-services.mjs, or set GLOSSA_PG_BIN or GLOSSA_TEST_DATABASE_URL)');
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** The user PostgreSQL runs as: this one, or (as root, which PostgreSQL refuses) `postgres`, created when missing. */
async function postgresUser(): Promise<{ name: string; uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  const name = 'postgres';
  const lookup = async (): Promise<{ name: string; uid: number; gid: number } | null> => {
    try {
      const { stdout } = await run('id', ['-u', name]);
      const { stdout: gid } = await run('id', ['-g', name]);
      return { name, uid: Number(stdout.trim()), gid: Number(gid.trim()) };
    } catch {
      return null;
    }
  };
  const found = await lookup();
  if (found !== null) return found;
  await run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', name]);
  const created = await lookup();
  if (created === null) throw new Error(`could not create the user ${name} to run PostgreSQL as`);
  return created;
}

/** Runs a PostgreSQL program as the cluster's user. */
async function runAs(user: { name: string } | null, program: string, args: readonly string[]): Promise<void> {
  const [command, argv] = user === null ? [program, args] : ['runuser', ['-u', user.name, '--', program, ...args]];
  try {
    await run(command, [...argv], { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const failed = error as Error & { stderr?: string; stdout?: string };
    throw new Error(`${path.basename(program)} failed: ${failed.stderr ?? ''}${failed.stdout ?? ''}${failed.message}`);
  }
}

/**
 * Starts a private PostgreSQL cluster in a new temporary folder on a free
 * port, trusting local connections, with durability settings for tests
 * (`fsync=off`: a crash of the machine is not what the tests are about)
 * unless `durable` is set.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresService> {
  const bin = postgresBin();
  const user = await postgresUser();
  const folder = await mkdtemp(path.join(tmpdir(), 'glossa-pg-'));
  if (user !== null) await chown(folder, user.uid, user.gid);
  const dataDir = path.join(folder, 'data');
  await runAs(user, path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${folder}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=400',
    '-c shared_buffers=32MB',
    ...(options.durable === true ? [] : ['-c fsync=off', '-c full_page_writes=off']),
  ].join(' ');
  const start = (): Promise<void> => runAs(user, path.join(bin, 'pg_ctl'), ['-D', dataDir, '-l', path.join(folder, 'server.log'), '-o', settings, '-w', '-t', '120', 'start']);
  const kill = (): Promise<void> => runAs(user, path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
  await start();
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    kill: async () => {
      await kill();
      running = false;
    },
    start: async () => {
      await start();
      running = true;
    },
    stop: async () => {
      if (running) await kill().catch(() => undefined);
      running = false;
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** Starts a private `redis-server` on a free port (or on `port`, to start one again where a stopped one listened), keeping nothing on disk. */
export async function startRedis(options: { port?: number } = {}): Promise<RedisService> {
  const port = options.port ?? (await freePort());
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/usr/bin` },
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/Ready to accept connections/.test(output)) {
        child.stdout.off('data', onData);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.once('error', (error) => reject(new Error(`redis-server could not start: ${error.message} (run node scripts/ensure-services.mjs, or set GLOSSA_TEST_REDIS_URL)`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it listened:\n${output}`)));
  });
  child.stdout.resume();
  child.stderr.resume();
  child.unref();
  const pid = child.pid as number;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid,
    stop: async () => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/** What the state file of a shared service holds. */
interface SharedRecord {
  readonly url: string;
  /** How the teardown stops it: the cluster folder for PostgreSQL, the process id for Redis. */
  readonly dataDir?: string;
  readonly pid?: number;
}

/** Resolves once `file` exists in its folder (watched, not polled), or `error` does (then rejects). */
async function awaitFile(file: string, error: string): Promise<void> {
  const folder = path.dirname(file);
  await new Promise<void>((resolve, reject) => {
    const check = (): boolean => {
      if (existsSync(file)) {
        resolve();
        return true;
      }
      if (existsSync(error)) {
        void readFile(error, 'utf8').then((message) => reject(new Error(message)), reject);
        return true;
      }
      return false;
    };
    const watcher = watch(folder, () => {
      if (check()) watcher.close();
    });
    if (check()) watcher.close();
  });
}

/**
 * The service named `name` shared by the test run: started by the first
 * caller (which holds the lock folder), awaited by the others.
 */
async function shared(name: string, start: () => Promise<SharedRecord>): Promise<string> {
  const dir = process.env[SERVICES_DIR_ENV];
  if (dir === undefined || dir === '') {
    throw new Error(`no ${name} for this process: ${SERVICES_DIR_ENV} is set by the test run's global setup (services-global.ts); outside a test run, start one with startPostgres or startRedis`);
  }
  const file = path.join(dir, `${name}.json`);
  const error = path.join(dir, `${name}.error`);
  let locked = false;
  try {
    await mkdir(path.join(dir, `${name}.lock`));
    locked = true;
  } catch {
    // Another test file is starting it.
  }
  if (locked) {
    try {
      const record = await start();
      await writeFile(`${file}.tmp`, JSON.stringify(record));
      await rename(`${file}.tmp`, file);
    } catch (failure) {
      await writeFile(error, failure instanceof Error ? failure.message : String(failure));
      throw failure;
    }
  } else {
    await awaitFile(file, error);
  }
  return (JSON.parse(await readFile(file, 'utf8')) as SharedRecord).url;
}

/** The URL of the PostgreSQL server the tests share: `GLOSSA_TEST_DATABASE_URL`, else the run's private cluster. */
export function sharedPostgresUrl(): Promise<string> {
  const given = process.env.GLOSSA_TEST_DATABASE_URL;
  if (given !== undefined && given !== '') return Promise.resolve(given);
  return shared('postgres', async () => {
    const service = await startPostgres();
    return { url: service.url, dataDir: service.dataDir };
  });
}

/** The URL of the Redis server the tests share: `GLOSSA_TEST_REDIS_URL`, else the run's private `redis-server`. */
export function sharedRedisUrl(): Promise<string> {
  const given = process.env.GLOSSA_TEST_REDIS_URL;
  if (given !== undefined && given !== '') return Promise.resolve(given);
  return shared('redis', async () => {
    const service = await startRedis();
    return { url: service.url, pid: service.pid };
  });
}

/** Stops the services a test run started (its teardown). */
export async function stopSharedServices(dir: string): Promise<void> {
  const read = async (name: string): Promise<SharedRecord | undefined> => {
    try {
      return JSON.parse(await readFile(path.join(dir, `${name}.json`), 'utf8')) as SharedRecord;
    } catch {
      return undefined;
    }
  };
  const postgres = await read('postgres');
  if (postgres?.dataDir !== undefined) {
    const user = await postgresUser();
    await runAs(user, path.join(postgresBin(), 'pg_ctl'), ['-D', postgres.dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    await rm(path.dirname(postgres.dataDir), { recursive: true, force: true });
  }
  const redis = await read('redis');
  if (redis?.pid !== undefined) {
    try {
      process.kill(redis.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await rm(dir, { recursive: true, force: true });
}

/** A database of one test on the shared server, dropped by `drop`. */
export interface TestDatabase {
  /** The database's URL. */
  readonly url: string;
  /** Drops the database (closing any connection left to it). */
  drop(): Promise<void>;
}

let databases = 0;

/** Creates an empty database on the shared PostgreSQL server (or `serverUrl`'s) for one test. */
export async function createTestDatabase(serverUrl?: string): Promise<TestDatabase> {
  const base = serverUrl ?? (await sharedPostgresUrl());
  const name = `glossa_test_${process.pid}_${++databases}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Ends every connection to the server at `url` whose `application_name` is `applicationName`; resolves how many. */
export async function terminateConnections(url: string, applicationName: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
    return rowCount ?? 0;
  } finally {
    await client.end();
  }
}

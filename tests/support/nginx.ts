/**
 * Test support for the deployment: real nginx (`/usr/sbin/nginx`, or
 * `GLOSSA_NGINX`) on a free loopback port, with a private prefix, main
 * configuration, logs, pid file and temporary folders in a temp dir, running
 * in the foreground as this test's child. As root its workers run as
 * `nobody` (the `user` directive), so the temp dir is opened up to them.
 * `deploy/nginx/glossa.conf.template` is rendered as `envsubst` would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../packages/store/test/support/services.js';

/** The deployment example's template. */
export const NGINX_TEMPLATE = fileURLToPath(new URL('../../deploy/nginx/glossa.conf.template', import.meta.url));

/** A running nginx. */
export interface NginxService {
  readonly port: number;
  /** `http://127.0.0.1:PORT`. */
  readonly baseUrl: string;
  /** `ws://127.0.0.1:PORT/sync`. */
  readonly syncUrl: string;
  /** What nginx wrote to its error log so far. */
  errorLog(): Promise<string>;
  stop(): Promise<void>;
}

/** `template` with each `${NAME}` of `values` replaced, and nothing else (as `envsubst '$NAME…'` does). */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Longest wait for nginx to listen. */
const START_TIMEOUT_MS = 60_000;

/** Resolves once something accepts connections on `port` (nginx has no readiness signal in the foreground); rejects when nginx exits first or does not listen in time. */
async function accepting(port: number, child: ChildProcess, log: () => Promise<string>): Promise<void> {
  const until = performance.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}) before it listened:\n${await log()}`);
    if (performance.now() > until) throw new Error(`nginx did not listen on port ${port} within ${START_TIMEOUT_MS / 1000} s:\n${await log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts nginx with the deployment template over `upstreams` (ports of `glossa serve` processes on 127.0.0.1). */
export async function startNginx(upstreams: readonly number[]): Promise<NginxService> {
  const prefix = await mkdtemp(path.join(tmpdir(), 'glossa-nginx-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await chmod(prefix, 0o755);
  const port = await freePort();
  const site = renderTemplate(await readFile(NGINX_TEMPLATE, 'utf8'), {
    GLOSSA_LISTEN: `127.0.0.1:${port}`,
    GLOSSA_SERVER_NAME: 'localhost',
    GLOSSA_UPSTREAMS: upstreams.map((p) => `server 127.0.0.1:${p};`).join(' '),
  });
  await writeFile(path.join(prefix, 'glossa.conf'), site);
  const errorLog = path.join(prefix, 'error.log');
  const main = [
    'daemon off;',
    'worker_processes 1;',
    ...(asRoot ? ['user nobody nogroup;'] : []),
    `pid ${path.join(prefix, 'nginx.pid')};`,
    `error_log ${errorLog} notice;`,
    'events { worker_connections 1024; }',
    'http {',
    `  access_log off;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${path.join(prefix, `${kind}_temp`)};`),
    `  include ${path.join(prefix, 'glossa.conf')};`,
    '}',
    '',
  ].join('\n');
  const conf = path.join(prefix, 'nginx.conf');
  await writeFile(conf, main);
  const binary = process.env.GLOSSA_NGINX ?? '/usr/sbin/nginx';
  const child = spawn(binary, ['-p', prefix, '-e', errorLog, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const log = async (): Promise<string> => stderr + (await readFile(errorLog, 'utf8').catch(() => ''));
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => reject(new Error(`nginx could not start (${binary}): ${error.message} (run node scripts/ensure-services.mjs, or set GLOSSA_NGINX)`)));
  });
  try {
    await accepting(port, child, log);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(prefix, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    errorLog: log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(prefix, { recursive: true, force: true });
    },
  };
}

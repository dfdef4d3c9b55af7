/**
 * Acceptance: an update is durable before it is relayed. A client writes N
 * annotations, a second client sees all N, the server process is killed with
 * SIGKILL, and after a restart all N are there. Also: SIGTERM stops the
 * server cleanly with the named shutdown close code. On every storage
 * backend.
 */
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode, GlossaServer } from '@glossa/server';
import { openData } from '@glossa/store';
import { BACKENDS, type Backend, type BackendLocation } from '../packages/store/test/support/backends.js';
import { connectClient, seedCast, until, type TestClient } from '../packages/server/test/support/server-harness.js';
import { spawnServe } from '../packages/cli/test/support/spawn-glossa.js';

const children: ChildProcess[] = [];
const clients: TestClient[] = [];
const locations: BackendLocation[] = [];

/** Prepares a new location of `backend` with the test cast and returns it (as `dir`) with the tokens. */
async function prepareDataDir(backend: Backend): Promise<{ dir: string; tokens: Map<string, string> }> {
  const at = await backend.create();
  locations.push(at);
  const server = new GlossaServer({ data: await openData(at.location), port: 0 });
  const tokens = await seedCast(server);
  await server.stop();
  return { dir: at.location, tokens };
}

/** Spawns `glossa serve --port 0` and resolves with the child and its sync URL. */
async function spawnServer(dir: string): Promise<{ child: ChildProcess; syncUrl: string }> {
  const serve = spawnServe(dir);
  children.push(serve.child);
  return { child: serve.child, syncUrl: await serve.listening };
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
  }
  for (const at of locations.splice(0)) await at.cleanup();
});

describe.each(BACKENDS.map((backend) => [backend.name, backend] as const))('durability on %s', (_name, backend) => {
  it('keeps every relayed update across a SIGKILL of the server process', async () => {
    const N = 200;
    const { dir, tokens } = await prepareDataDir(backend);
    const first = await spawnServer(dir);
    const writer = connectClient(first.syncUrl, 'team/d1/layers/shared', tokens.get('alice') as string);
    const reader = connectClient(first.syncUrl, 'team/d1/layers/shared', tokens.get('bob') as string);
    clients.push(writer, reader);
    await Promise.all([writer.synced, reader.synced]);
    for (let i = 0; i < N; i++) writer.doc.getMap('annotations').set(`ann-${i}`, { label: 'militarization', start: i, end: i + 1 });
    await until(reader.doc, () => reader.doc.getMap('annotations').size === N, `the reader to see all ${N} annotations`);

    first.child.kill('SIGKILL');
    expect((await exited(first.child)).signal).toBe('SIGKILL');
    writer.provider.disconnect();
    reader.provider.disconnect();

    const second = await spawnServer(dir);
    const after = connectClient(second.syncUrl, 'team/d1/layers/shared', tokens.get('vera') as string);
    clients.push(after);
    await after.synced;
    const annotations = after.doc.getMap('annotations');
    expect(annotations.size).toBe(N);
    for (let i = 0; i < N; i++) expect(annotations.get(`ann-${i}`)).toEqual({ label: 'militarization', start: i, end: i + 1 });
  });

  it('stops on SIGTERM, closing sockets with ServerShutdown and exiting 0', async () => {
    const { dir, tokens } = await prepareDataDir(backend);
    const { child, syncUrl } = await spawnServer(dir);
    const client = connectClient(syncUrl, 'team/d2/layers/shared', tokens.get('alice') as string);
    clients.push(client);
    await client.synced;
    const closed = new Promise<number>((resolve) => client.provider.once('connection-close', (event) => resolve(event?.code ?? -1)));
    child.kill('SIGTERM');
    expect(await closed).toBe(CloseCode.ServerShutdown);
    expect(await exited(child)).toEqual({ code: 0, signal: null });
  });
});

/**
 * The deployment example (`deploy/nginx/`): two `glossa serve --database
 * --redis` processes behind real nginx, rendered from the documented
 * template, on loopback. Stock clients connect through nginx only, land on
 * both processes and converge; sign-in and a session work through it on
 * either process; when a process dies its clients reconnect through nginx
 * to the other and nothing is lost.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, type TestClient } from '../packages/server/test/support/server-harness.js';
import { createTestDatabase, sharedRedisUrl, type TestDatabase } from '../packages/store/test/support/services.js';
import { converged, killProcess, seedDatabase, spawnProcess, type ClusterProcess } from './support/cluster.js';
import { burst, expectIdentical, storedState } from './support/cluster-edits.js';
import { startNginx, type NginxService } from './support/nginx.js';
import { seedFromEnvironment, seededRandom } from './support/seeded.js';

const ROOM = 'team/d1/layers/shared';
const WRITERS = ['alice', 'bob', 'ada', 'root'];
const seed = seedFromEnvironment() ?? 29;

const processes: ClusterProcess[] = [];
const clients: TestClient[] = [];
const databases: TestDatabase[] = [];
const proxies: NginxService[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const proxy of proxies.splice(0)) await proxy.stop();
  await Promise.all(processes.splice(0).map((p) => killProcess(p.child)));
  for (const database of databases.splice(0)) await database.drop();
});

/** Resolves with the close code the first time `client`'s socket closes. */
function nextClose(client: TestClient): Promise<number> {
  return new Promise((resolve) => client.provider.once('connection-close', (event: { code: number } | null) => resolve(event?.code ?? 0)));
}

describe(`two glossa serve processes behind nginx (seed ${seed}; GLOSSA_SEED replays)`, { timeout: 600_000 }, () => {
  it('spreads stock clients over both processes, converges them, signs in through it, and survives a process that dies', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const tokens = await seedDatabase(database.url);
    const redis = await sharedRedisUrl();
    const procs = await Promise.all([0, 1].map(() => spawnProcess(database.url, redis)));
    processes.push(...procs);
    const nginx = await startNginx(procs.map((p) => p.port));
    proxies.push(nginx);

    // Sign in through nginx; the session works on every process (it lives in the database).
    const login = await fetch(`${nginx.baseUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'alice', password: 'alice-pw' }) });
    expect(login.status).toBe(200);
    const cookie = /glossa_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
    expect(cookie).toBeDefined();
    for (let i = 0; i < 6; i++) {
      const me = await fetch(`${nginx.baseUrl}/api/me`, { headers: { cookie: cookie! } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ user: 'alice' });
    }
    const wrong = await fetch(`${nginx.baseUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'alice', password: 'nope' }) });
    expect(wrong.status).toBe(401);

    // Eight clients through nginx only.
    const team = Array.from({ length: 8 }, (_, i) => {
      const client = connectClient(nginx.syncUrl, ROOM, tokens.get(WRITERS[i % WRITERS.length]!)!);
      clients.push(client);
      return client;
    });
    await Promise.all(team.map((c) => c.synced));
    const docs = team.map((c) => c.doc);
    const random = seededRandom(seed);
    await burst(docs, 1_000, random);
    await converged(docs, 300_000);
    expectIdentical(docs, await storedState(database.url, ROOM));

    // One process dies: exactly its clients lose their socket (so both processes had some), and reconnect through nginx to the other.
    const closed = team.map(() => false);
    team.forEach((c, i) => void nextClose(c).then(() => (closed[i] = true)));
    await killProcess(procs[0]!.child);
    await burst(docs, 500, random);
    await converged(docs, 300_000);
    expectIdentical(docs, await storedState(database.url, ROOM));
    const moved = closed.filter(Boolean).length;
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(team.length);
    const after = await fetch(`${nginx.baseUrl}/api/me`, { headers: { cookie: cookie! } });
    expect(after.status).toBe(200);
  });
});

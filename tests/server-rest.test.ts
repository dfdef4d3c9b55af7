/**
 * Acceptance: the REST API. Every route × role with the expected status
 * (table-driven), security headers on every response, login sessions as
 * cookies, bad input answered with a message naming the field, and exports
 * limited to the layers a role may read. On every storage backend.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SECURITY_HEADERS } from '@glossa/server/internal';
import { connectClient, openRawSocket, startTestServer, until, type TestServer } from '../packages/server/test/support/server-harness.js';
import { BACKENDS } from '../packages/store/test/support/backends.js';

let ts: TestServer;
/** Per-role fixtures for routes that change state, so each row is independent. */
const victims = new Map<string, string>();
const aliceTokens = new Map<string, string>();

const ROLES = ['anonymous', 'root', 'ada', 'cora', 'alice', 'vera', 'nobody'] as const;
type Who = (typeof ROLES)[number];

/** The status of `POST /api/login` with `body`, sent from the loopback address `localAddress`. */
function loginStatusFrom(localAddress: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${ts.baseUrl}/api/login`, { method: 'POST', localAddress, agent: false, headers: { 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe.each(BACKENDS.map((backend) => [backend.name, backend] as const))('the REST API on %s', (_backend, backend) => {
  beforeAll(async () => {
    ts = await startTestServer({}, undefined, backend);
    for (const who of ROLES) {
      await ts.server.users.addUser(`victim-${who}`, 'scrypt$1$1$1$AA$AA');
      victims.set(who, `victim-${who}`);
      aliceTokens.set(who, (await ts.server.tokens.issue('alice', 'api', null)).id);
    }
    // Annotations in two layers of the independent project, for export checks.
    for (const user of ['sam', 'sue']) {
      const c = connectClient(ts.syncUrl, `solo/d1/layers/${user}`, ts.token(user));
      await c.synced;
      c.doc.getMap('annotations').set(`${user}-1`, new Y.Map());
      await until(c.doc, () => true, 'nothing');
      c.destroy();
    }
  });

  afterAll(async () => {
    await ts.close();
  });

  interface RouteCase {
    readonly name: string;
    readonly method: string;
    readonly path: (who: Who) => string;
    readonly body?: (who: Who) => string;
    readonly contentType?: string;
    /** Expected status per caller. */
    readonly expected: Readonly<Record<Who, number>>;
  }

  const signedIn = (ok: number, anonymous = 401): Record<Who, number> => ({ anonymous, root: ok, ada: ok, cora: ok, alice: ok, vera: ok, nobody: ok });
  const projectRole = (ok: number): Record<Who, number> => ({ ...signedIn(ok), nobody: 403 });
  const serverAdmin = (ok: number): Record<Who, number> => ({ anonymous: 401, root: ok, ada: 403, cora: 403, alice: 403, vera: 403, nobody: 403 });

  const ROUTES: readonly RouteCase[] = [
    { name: 'health', method: 'GET', path: () => '/api/health', expected: signedIn(200, 200) },
    { name: 'me', method: 'GET', path: () => '/api/me', expected: signedIn(200) },
    { name: 'list projects', method: 'GET', path: () => '/api/projects', expected: signedIn(200) },
    { name: 'get project', method: 'GET', path: () => '/api/projects/team', expected: projectRole(200) },
    { name: 'unknown project', method: 'GET', path: () => '/api/projects/nope', expected: signedIn(404) },
    { name: 'list documents', method: 'GET', path: () => '/api/projects/team/documents', expected: projectRole(200) },
    { name: 'export', method: 'GET', path: () => '/api/projects/team/export?format=jsonl', expected: projectRole(200) },
    { name: 'export as a folder format', method: 'GET', path: () => '/api/projects/team/export?format=brat', expected: projectRole(200) },
    {
      name: 'agreement',
      method: 'GET',
      path: () => '/api/projects/solo/agreement',
      expected: { anonymous: 401, root: 200, ada: 403, cora: 403, alice: 403, vera: 403, nobody: 403 },
    },
    {
      name: 'import',
      method: 'POST',
      path: (who) => `/api/projects/team/import?format=txt&name=upload-${who}.txt`,
      body: (who) => `Uploaded by ${who}.`,
      contentType: 'text/plain',
      expected: { anonymous: 401, root: 201, ada: 201, cora: 201, alice: 403, vera: 403, nobody: 403 },
    },
    { name: 'get guidelines', method: 'GET', path: () => '/api/projects/team/guidelines', expected: projectRole(200) },
    {
      name: 'put guidelines',
      method: 'PUT',
      path: () => '/api/projects/team/guidelines',
      body: (who) => JSON.stringify({ markdown: `# Written by ${who}` }),
      expected: { anonymous: 401, root: 200, ada: 200, cora: 200, alice: 403, vera: 403, nobody: 403 },
    },
    {
      name: 'create project',
      method: 'POST',
      path: () => '/api/projects',
      body: (who) => JSON.stringify({ id: `made-by-${who}`, mode: 'shared', schema: { version: 1, name: 'tiny', labels: [{ id: 'thing', name: 'Thing', description: 'A thing.', color: '#ffcc00' }] } }),
      expected: serverAdmin(201),
    },
    { name: 'reset a password', method: 'POST', path: (who) => `/api/users/${victims.get(who) ?? ''}/password`, body: () => '{}', expected: serverAdmin(200) },
    { name: 'list users', method: 'GET', path: () => '/api/users', expected: serverAdmin(200) },
    {
      name: 'add user',
      method: 'POST',
      path: () => '/api/users',
      body: (who) => JSON.stringify({ name: `made-by-${who}`, role: 'viewer', project: 'team' }),
      expected: serverAdmin(201),
    },
    { name: 'remove user', method: 'DELETE', path: (who) => `/api/users/${victims.get(who) ?? ''}`, expected: serverAdmin(200) },
    { name: 'list tokens', method: 'GET', path: () => '/api/tokens', expected: signedIn(200) },
    { name: 'create own token', method: 'POST', path: () => '/api/tokens', body: () => JSON.stringify({ expires: '1d' }), expected: signedIn(201) },
    {
      name: 'create a token for alice',
      method: 'POST',
      path: () => '/api/tokens',
      body: () => JSON.stringify({ user: 'alice' }),
      expected: { anonymous: 401, root: 201, ada: 403, cora: 403, alice: 201, vera: 403, nobody: 403 },
    },
    {
      name: 'revoke a token of alice',
      method: 'DELETE',
      path: (who) => `/api/tokens/${aliceTokens.get(who) ?? ''}`,
      expected: { anonymous: 401, root: 200, ada: 404, cora: 404, alice: 200, vera: 404, nobody: 404 },
    },
    { name: 'logout', method: 'POST', path: () => '/api/logout', expected: signedIn(200) },
    { name: 'unknown route', method: 'GET', path: () => '/api/nothing', expected: signedIn(404, 404) },
    { name: 'wrong method', method: 'DELETE', path: () => '/api/projects', expected: signedIn(405, 405) },
  ];

  async function call(who: Who, route: RouteCase): Promise<Response> {
    const headers: Record<string, string> = {};
    if (who !== 'anonymous') headers.Authorization = `Bearer ${ts.token(who)}`;
    const body = route.body?.(who);
    if (body !== undefined) headers['Content-Type'] = route.contentType ?? 'application/json';
    return fetch(`${ts.baseUrl}${route.path(who)}`, { method: route.method, headers, ...(body === undefined ? {} : { body }) });
  }

  describe('every route × role', () => {
    const rows = ROUTES.flatMap((route) => ROLES.map((who) => [route.name, who, route.expected[who], route] as const));
    it.each(rows)('%s as %s → %i', async (_name, who, status, route) => {
      const res = await call(who, route);
      expect(res.status).toBe(status);
      for (const [header, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(header)).toBe(value);
      if (status >= 400) {
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(typeof body.error.code).toBe('string');
        expect(body.error.message.length).toBeGreaterThan(0);
      } else {
        await res.arrayBuffer();
      }
    });
  });

  describe('sessions', () => {
    it('signs in with a password, uses the cookie for the API and the socket, and signs out', async () => {
      const login = await fetch(`${ts.baseUrl}/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'alice', password: 'alice-pw' }) });
      expect(login.status).toBe(200);
      const setCookie = login.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^glossa_session=glossa_[^;]+; HttpOnly; SameSite=Strict; Path=\//);
      const cookie = setCookie.split(';')[0] as string;
      const me = await fetch(`${ts.baseUrl}/api/me`, { headers: { Cookie: cookie } });
      expect(await me.json()).toMatchObject({ user: 'alice', roles: { team: 'annotator' }, token: { kind: 'session' } });
      const socket = await openRawSocket(ts.syncUrl, 'team/d1/layers/alice', { headers: { Cookie: cookie } });
      expect(socket.status).toBe(101);
      socket.socket.close();
      const logout = await fetch(`${ts.baseUrl}/api/logout`, { method: 'POST', headers: { Cookie: cookie } });
      expect(logout.status).toBe(200);
      expect((await fetch(`${ts.baseUrl}/api/me`, { headers: { Cookie: cookie } })).status).toBe(401);
      expect((await openRawSocket(ts.syncUrl, 'team/d1/layers/alice', { headers: { Cookie: cookie } })).status).toBe(401);
    });

    it.each([
      ['over plain HTTP', {}, false],
      ['behind a TLS proxy (X-Forwarded-Proto: https)', { 'X-Forwarded-Proto': 'https' }, true],
    ])('marks the session cookie Secure only for HTTPS: %s', async (_what, headers, secure) => {
      const login = await fetch(`${ts.baseUrl}/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ name: 'vera', password: 'vera-pw' }) });
      expect(login.status).toBe(200);
      const setCookie = login.headers.get('set-cookie') ?? '';
      expect(setCookie.split('; ').includes('Secure')).toBe(secure);
      const logout = await fetch(`${ts.baseUrl}/api/logout`, { method: 'POST', headers: { Cookie: setCookie.split(';')[0] as string, ...headers } });
      expect(logout.status).toBe(200);
      expect((logout.headers.get('set-cookie') ?? '').split('; ').includes('Secure')).toBe(secure);
    });

    it.each([
      ['a wrong password', 'application/json', JSON.stringify({ name: 'alice', password: 'nope' }), 401, /wrong password/],
      ['an unknown user', 'application/json', JSON.stringify({ name: 'ghost', password: 'x' }), 401, /unknown user/],
      ['a missing password', 'application/json', JSON.stringify({ name: 'alice' }), 400, /field "password"/],
      ['a name that is not a string', 'application/json', JSON.stringify({ name: 5, password: 'x' }), 400, /field "name"/],
      ['malformed JSON', 'application/json', '{"name":', 400, /not valid JSON/],
      ['a JSON array', 'application/json', '[]', 400, /JSON object/],
      ['the wrong content type', 'text/plain', 'name=alice', 415, /application\/json/],
    ])('refuses a login with %s', async (_what, type, body, status, message) => {
      const res = await fetch(`${ts.baseUrl}/api/login`, { method: 'POST', headers: { 'Content-Type': type }, body });
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    });
  });

  describe('bad input', () => {
    const admin = (): Record<string, string> => ({ Authorization: `Bearer ${ts.token('root')}` });

    it.each([
      ['a JSONL line that is not JSON', 'import?format=jsonl&name=bad.jsonl', '{"id": "x", "text": "a"}\n{oops\n', 422, /bad\.jsonl:2/],
      ['a txt import without a name', 'import?format=txt', 'text', 400, /"name"/],
      ['an unknown format', 'import?format=csv&name=a.csv', 'a,b', 400, /format/],
      ['bytes that are not UTF-8', 'import?format=txt&name=latin.txt', Buffer.from([0x61, 0xff, 0x62]), 400, /UTF-8/],
      ['an existing document id', 'import?format=txt&name=d1.txt', 'again', 422, /already exists/],
    ])('refuses an import with %s', async (_what, route, body, status, message) => {
      const res = await fetch(`${ts.baseUrl}/api/projects/team/${route}`, { method: 'POST', headers: { ...admin(), 'Content-Type': 'text/plain' }, body });
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    });

    it('refuses an import body over the size limit with 413', async () => {
      const small = await startTestServer({ maxImportBytes: 1024 }, undefined, backend);
      try {
        const res = await fetch(`${small.baseUrl}/api/projects/team/import?format=txt&name=big.txt`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${small.token('root')}`, 'Content-Type': 'text/plain' },
          body: 'x'.repeat(4096),
        });
        expect(res.status).toBe(413);
      } finally {
        await small.close();
      }
    });

    it.each([
      ['a bad user name', { name: 'gold', role: 'viewer', project: 'team' }, /field "name"/],
      ['an unknown role', { name: 'zed', role: 'boss', project: 'team' }, /field "role"/],
      ['an unknown project', { name: 'zed', role: 'viewer', project: 'nope' }, /field "project"/],
      ['a short password', { name: 'zed', role: 'viewer', project: 'team', password: 'short' }, /field "password": expected at least 8 characters/],
      ['a short new password for an existing user', { name: 'alice', role: 'annotator', project: 'team', password: 'x' }, /field "password": expected at least 8 characters/],
    ])('refuses a new user with %s', async (_what, body, message) => {
      const res = await fetch(`${ts.baseUrl}/api/users`, { method: 'POST', headers: { ...admin(), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    });

    it.each([
      ['an unknown mode', { id: 'p1', mode: 'solo', schema: {} }, 400, /field "mode": expected "shared" or "independent", got "solo"/],
      ['a schema without labels', { id: 'p2', mode: 'shared', schema: { version: 1, name: 'x' } }, 400, /field "schema": labels/],
      ['a bad id', { id: 'a/b', mode: 'shared', schema: { version: 1, name: 'x', labels: [{ id: 'a', name: 'A', description: 'A.', color: '#ffcc00' }] } }, 400, /field "id"/],
      ['the id of an existing project', { id: 'team', mode: 'shared', schema: { version: 1, name: 'x', labels: [{ id: 'a', name: 'A', description: 'A.', color: '#ffcc00' }] } }, 409, /already exists/],
    ])('refuses a new project with %s', async (_what, body, status, message) => {
      const res = await fetch(`${ts.baseUrl}/api/projects`, { method: 'POST', headers: { ...admin(), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    });

    it('gives a user a new password that signs them in', async () => {
      const res = await fetch(`${ts.baseUrl}/api/users/bob/password`, { method: 'POST', headers: { ...admin(), 'Content-Type': 'application/json' }, body: '{}' });
      const { password } = (await res.json()) as { password: string };
      expect(password.length).toBeGreaterThanOrEqual(8);
      // From an address of its own: the login tests above used up this address's burst of logins.
      expect(await loginStatusFrom('127.0.0.3', JSON.stringify({ name: 'bob', password }))).toBe(200);
      expect((await fetch(`${ts.baseUrl}/api/users/nobody-here/password`, { method: 'POST', headers: { ...admin(), 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(404);
    });

    it('refuses a token with a bad expiry', async () => {
      const res = await fetch(`${ts.baseUrl}/api/tokens`, { method: 'POST', headers: { ...admin(), 'Content-Type': 'application/json' }, body: JSON.stringify({ expires: 'soon' }) });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/field "expires"/);
    });
  });

  describe('what each role sees', () => {
    async function exportStatus(user: string, query: string): Promise<number> {
      const res = await fetch(`${ts.baseUrl}/api/projects/solo/export?format=jsonl${query}`, { headers: { Authorization: `Bearer ${ts.token(user)}` } });
      await res.arrayBuffer();
      return res.status;
    }

    it('limits an annotator of an independent project to their own layer', async () => {
      const docs = await fetch(`${ts.baseUrl}/api/projects/solo/documents`, { headers: { Authorization: `Bearer ${ts.token('sam')}` } });
      const body = (await docs.json()) as { documents: { id: string; layers: { layer: string }[] }[] };
      const d1 = body.documents.find((d) => d.id === 'd1');
      expect(d1?.layers.map((l) => l.layer)).toEqual(['sam']);
      const asCurator = (await (await fetch(`${ts.baseUrl}/api/projects/solo/documents`, { headers: { Authorization: `Bearer ${ts.token('cleo')}` } })).json()) as typeof body;
      expect(asCurator.documents.find((d) => d.id === 'd1')?.layers.map((l) => l.layer)).toEqual(['sam', 'sue']);
      expect(await exportStatus('sam', '&layer=sue')).toBe(403);
      expect(await exportStatus('sam', '&layer=sam')).toBe(200);
      expect(await exportStatus('cleo', '&layer=sue')).toBe(200);
    });

    it('lists only the projects a user has a role in, with the role', async () => {
      const res = await fetch(`${ts.baseUrl}/api/projects`, { headers: { Authorization: `Bearer ${ts.token('alice')}` } });
      const body = (await res.json()) as { projects: { id: string; role: string }[] };
      expect(body.projects.map((p) => [p.id, p.role])).toEqual([['team', 'annotator']]);
    });
  });
});

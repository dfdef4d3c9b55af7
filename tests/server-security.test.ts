/**
 * Acceptance: enforcement at the socket. Credentials and the room's access
 * are checked at the HTTP upgrade (no byte of a room without them); read-only
 * connections get the document but their updates are refused and never
 * applied, stored or relayed; awareness carries the authenticated identity;
 * foreign origins are refused. On every storage backend.
 */
import { once } from 'node:events';
import { request } from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PostgresDataDir, TokenIssuer, loadOrCreateSecretKey } from '@glossa/store';
import { SESSION_COOKIE } from '@glossa/server/internal';
import { openRawSocket, serverPerTest, until, type TestServer } from '../packages/server/test/support/server-harness.js';
import { BACKENDS } from '../packages/store/test/support/backends.js';

/** The key the server signs tokens with: the data directory's key file, or the database's setting. */
async function signingKey(ts: TestServer): Promise<Uint8Array> {
  const data = ts.server.data;
  if (!(data instanceof PostgresDataDir)) return loadOrCreateSecretKey(ts.dir);
  const { rows } = await data.pool.query<{ value: string }>("SELECT value FROM settings WHERE key = 'secret_key'");
  return Buffer.from(rows[0]?.value ?? '', 'hex');
}

describe.each(BACKENDS.map((backend) => [backend.name, backend] as const))('enforcement at the socket on %s', (_backend, backend) => {
  const { start, client, events } = serverPerTest(backend);
  let ts: TestServer;

  beforeEach(async () => {
    ts = await start({ allowedOrigins: ['https://annotate.example.org'] });
  });

  async function storedState(room: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    const state = await ts.server.data.updates.load(room);
    if (state !== null) Y.applyUpdate(doc, state);
    return doc;
  }

  describe('credentials at the upgrade', () => {
    it('answers 401 without a token and sends no byte of the room', async () => {
      const writer = client('team/d1/layers/shared', 'alice');
      await writer.synced;
      writer.doc.getMap('annotations').set('secret', 'text');
      await once(events, 'stored');
      const result = await openRawSocket(ts.syncUrl, 'team/d1/layers/shared');
      expect(result.status).toBe(401);
      expect('body' in result ? result.body : '').not.toContain('secret');
    });

    it.each([
      ['expired', async () => (await new TokenIssuer(ts.server.data.tokens.records, await signingKey(ts), () => Date.now() - 86_400_000).issue('alice', 'api', 60_000)).token, /expired/],
      [
        'revoked',
        async () => {
          const issued = await ts.server.tokens.issue('alice', 'api', null);
          await ts.server.tokens.revoke(issued.id);
          return issued.token;
        },
        /revoked/,
      ],
      [
        'forged (payload changed to another user)',
        async () => {
          const [body, signature] = ts.token('alice').slice('glossa_'.length).split('.') as [string, string];
          const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
          const forged = Buffer.from(JSON.stringify({ ...payload, sub: 'root' })).toString('base64url');
          return `glossa_${forged}.${signature}`;
        },
        /bad signature/,
      ],
      ['signed with another secret', async () => (await new TokenIssuer(ts.server.data.tokens.records, Buffer.alloc(32, 7)).issue('root', 'api', null)).token, /bad signature/],
      ['not a token', async () => 'hello', /expected a Glossa token/],
      ['of a removed user', async () => {
        const token = ts.token('bob');
        await ts.server.users.removeUser('bob');
        return token;
      }, /no longer exists/],
    ])('refuses a token that is %s with 401', async (_what, makeToken, reason) => {
      const result = await openRawSocket(ts.syncUrl, 'team/d1/layers/shared', { token: await makeToken() });
      expect(result.status).toBe(401);
      expect('body' in result ? result.body : '').toMatch(reason);
    });

    it.each([
      ['an annotator, another annotator’s layer in an independent project', 'sam', 'solo/d1/layers/sue', 403],
      ['an annotator, the gold layer of an independent project', 'sam', 'solo/d1/layers/gold', 403],
      ['an annotator, the shared layer of an independent project', 'sam', 'solo/d1/layers/shared', 403],
      ['a user without a role in the project', 'nobody', 'team/d1', 403],
      ['an unknown document', 'root', 'team/nope', 404],
      ['a malformed room name', 'root', 'team/d1/extra', 400],
    ])('refuses %s', async (_what, user, room, status) => {
      const result = await openRawSocket(ts.syncUrl, room, { token: ts.token(user) });
      expect(result.status).toBe(status);
    });

    it.each([
      ['the annotator’s own layer in an independent project', 'sam', 'solo/d1/layers/sam'],
      ['the content of an independent project', 'sam', 'solo/d1'],
      ['another annotator’s layer as curator', 'cleo', 'solo/d1/layers/sue'],
      ['any layer as a server admin', 'root', 'solo/d2/layers/sue'],
    ])('accepts %s', async (_what, user, room) => {
      const result = await openRawSocket(ts.syncUrl, room, { token: ts.token(user) });
      expect(result.status).toBe(101);
      result.socket.close();
    });

    it('refuses a foreign Origin and accepts its own and allowed ones', async () => {
      const token = ts.token('alice');
      const host = new URL(ts.baseUrl).host;
      const foreign = await openRawSocket(ts.syncUrl, 'team/d1', { token, headers: { Origin: 'https://evil.example' } });
      expect(foreign.status).toBe(403);
      const own = await openRawSocket(ts.syncUrl, 'team/d1', { token, headers: { Origin: `http://${host}` } });
      expect(own.status).toBe(101);
      own.socket.close();
      const allowed = await openRawSocket(ts.syncUrl, 'team/d1', { token, headers: { Origin: 'https://annotate.example.org' } });
      expect(allowed.status).toBe(101);
      allowed.socket.close();
      const api = await fetch(`${ts.baseUrl}/api/me`, { headers: { Authorization: `Bearer ${token}`, Origin: 'https://evil.example' } });
      expect(api.status).toBe(403);
    });

    it('refuses a foreign Origin whose Host header names the same site (DNS rebinding), over HTTP and WebSocket', async () => {
      const token = ts.token('alice');
      const rebound = await openRawSocket(ts.syncUrl, 'team/d1', { token, headers: { Origin: 'http://evil.example', Host: 'evil.example' } });
      expect(rebound.status).toBe(403);
      const port = new URL(ts.baseUrl).port;
      const status = await new Promise<number>((resolve, reject) => {
        // fetch sets Host itself; a raw request sends the rebound name.
        const req = request(`${ts.baseUrl}/api/me`, { headers: { Host: `evil.example:${port}`, Origin: `http://evil.example:${port}`, Cookie: `${SESSION_COOKIE}=${token}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(403);
      const localhost = await openRawSocket(ts.syncUrl, 'team/d1', { token, headers: { Origin: `http://localhost:${port}` } });
      expect(localhost.status).toBe(101);
      localhost.socket.close();
    });
  });

  describe('read-only connections', () => {
    it.each([
      ['a viewer', 'vera', 'team/d1/layers/shared'],
      ['an annotator on the gold layer', 'alice', 'team/d1/layers/gold'],
      ['an annotator on the content', 'alice', 'team/d1'],
      ['an annotator on another annotator’s layer', 'alice', 'team/d1/layers/bob'],
      ['a curator on an annotator’s layer', 'cora', 'team/d1/layers/alice'],
    ])('gives %s the document but refuses its updates', async (_what, user, room) => {
      const writer = client(room, 'ada');
      await writer.synced;
      writer.doc.getMap('annotations').set('existing', 1);
      await once(events, 'stored');

      const readOnly = client(room, user);
      await readOnly.synced;
      expect(readOnly.doc.getMap('annotations').get('existing')).toBe(1);
      const refused = once(events, 'refused');
      readOnly.doc.getMap('annotations').set('forbidden', 'edit');
      const [event] = (await refused) as [{ room: string; user: string }];
      expect(event).toMatchObject({ room, user });

      // A later legitimate edit is relayed; the refused one never is.
      writer.doc.getMap('annotations').set('after', 2);
      const watcher = client(room, 'root');
      await until(watcher.doc, () => watcher.doc.getMap('annotations').has('after'), 'the later edit');
      expect(watcher.doc.getMap('annotations').has('forbidden')).toBe(false);
      expect(writer.doc.getMap('annotations').has('forbidden')).toBe(false);
      expect((await storedState(room)).getMap('annotations').has('forbidden')).toBe(false);
      expect(ts.server.rooms.get(room)?.doc.getMap('annotations').has('forbidden')).toBe(false);
    });
  });

  describe('awareness', () => {
    it('replaces a forged identity with the authenticated user', async () => {
      const observer = client('team/d1/layers/shared', 'bob');
      await observer.synced;
      const forger = client('team/d1/layers/shared', 'alice');
      await forger.synced;
      const seen = new Promise<Record<string, unknown>>((resolve) => {
        observer.provider.awareness.on('change', () => {
          const state = observer.provider.awareness.getStates().get(forger.doc.clientID);
          if (state !== undefined) resolve(state);
        });
      });
      forger.provider.awareness.setLocalState({ user: { id: 'root', name: 'Root', color: '#ff0000' }, layer: 'shared' });
      const state = await seen;
      expect(state).toEqual({ user: { id: 'alice', name: 'alice', color: '#ff0000' }, layer: 'shared' });
    });
  });
});

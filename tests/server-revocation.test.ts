/**
 * Acceptance: an open socket loses its room as soon as its credentials do.
 * Revoking its token or removing its user (through the REST API or the
 * server's stores) closes it with `CloseCode.Unauthorized`; so does the
 * token's expiry, and a revocation made by another process on the same data
 * directory is caught by the periodic sweep. A role change applies to the
 * open socket: losing the role closes it with `CloseCode.Forbidden`, and a
 * viewer made annotator may write without reconnecting.
 */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '@glossa/server';
import { encodeUpdate } from '@glossa/server/internal';
import { openDataDir } from '@glossa/store';
import { rewriteTokenExpiry } from '@glossa/store/testing';
import { closeCodeOf, connectClient, openRawSocket, serverPerTest, until, type TestServer } from '../packages/server/test/support/server-harness.js';

const ROOM = 'team/d1/layers/shared';
const { start, events } = serverPerTest();

/** Opens a raw socket with `token` and resolves it with a promise of its close code. */
async function openWith(server: TestServer, token: string, room = ROOM): Promise<{ closed: Promise<number>; isOpen(): boolean }> {
  const opened = await openRawSocket(server.syncUrl, room, { token });
  expect(opened.status).toBe(101);
  return { closed: closeCodeOf(opened.socket), isOpen: () => opened.socket.readyState === opened.socket.OPEN };
}

function rest(server: TestServer, method: string, route: string, as: string): Promise<Response> {
  return fetch(`${server.baseUrl}${route}`, { method, headers: { Authorization: `Bearer ${server.token(as)}` } });
}

describe('credentials that lapse close open sockets', () => {
  it('closes the sockets of a token revoked through the REST API, and only those', async () => {
    const server = await start();
    const issued = await server.server.tokens.issue('alice', 'api', null);
    const revokedSocket = await openWith(server, issued.token);
    const otherSocket = await openWith(server, server.token('alice'));
    const res = await rest(server, 'DELETE', `/api/tokens/${issued.id}`, 'alice');
    expect(res.status).toBe(200);
    expect(await revokedSocket.closed).toBe(CloseCode.Unauthorized);
    // The same user's socket opened with another token stays open; a later client's full sync shows the server went on.
    const witness = connectClient(server.syncUrl, ROOM, server.token('bob'));
    await witness.synced;
    witness.destroy();
    expect(otherSocket.isOpen()).toBe(true);
  });

  it('closes every socket of a user removed through the REST API', async () => {
    const server = await start();
    const sockets = await Promise.all([openWith(server, server.token('bob')), openWith(server, (await server.server.tokens.issue('bob', 'api', null)).token, 'team/d2')]);
    const res = await rest(server, 'DELETE', '/api/users/bob', 'root');
    expect(res.status).toBe(200);
    expect(await Promise.all(sockets.map((s) => s.closed))).toEqual([CloseCode.Unauthorized, CloseCode.Unauthorized]);
  });

  it('closes the sockets of a user removed through the user store', async () => {
    const server = await start();
    const socket = await openWith(server, server.token('vera'));
    await server.server.users.removeUser('vera');
    expect(await socket.closed).toBe(CloseCode.Unauthorized);
  });

  it('closes a socket when its token expires', async () => {
    const server = await start();
    const issued = await server.server.tokens.issue('alice', 'api', 2500);
    const socket = await openWith(server, issued.token);
    expect(await socket.closed).toBe(CloseCode.Unauthorized);
    expect(Date.now()).toBeGreaterThanOrEqual(issued.expires as number);
  });

  it('catches a revocation made by another process with the periodic sweep', async () => {
    const server = await start({ credentialCheckMs: 50 });
    const issued = await server.server.tokens.issue('alice', 'api', null);
    const socket = await openWith(server, issued.token);
    // A second issuer on the same database, as `glossa token revoke` would open it: the server is not told.
    const elsewhere = openDataDir(server.dir, { create: false });
    try {
      expect(await elsewhere.tokens.revoke(issued.id)).toBe(true);
    } finally {
      await elsewhere.close();
    }
    expect(await socket.closed).toBe(CloseCode.Unauthorized);
  });

  it('re-checks on demand with checkCredentials()', async () => {
    const server = await start({ credentialCheckMs: 0 });
    const issued = await server.server.tokens.issue('alice', 'api', null);
    const socket = await openWith(server, issued.token);
    rewriteTokenExpiry(server.server.data, issued.id, Date.now() - 1);
    expect(await server.server.checkCredentials()).toBe(1);
    expect(await socket.closed).toBe(CloseCode.Unauthorized);
  });
});

describe('role changes apply to open sockets', () => {
  it('closes a socket with Forbidden when its user loses every role in the project', async () => {
    const server = await start();
    const socket = await openWith(server, server.token('alice'));
    expect(await server.server.users.removeRole('alice', 'team')).toBe(true);
    expect(await socket.closed).toBe(CloseCode.Forbidden);
  });

  it('lets a viewer made annotator write without reconnecting', async () => {
    const server = await start();
    const viewer = connectClient(server.syncUrl, ROOM, server.token('vera'));
    await viewer.synced;
    await server.server.users.setRole('vera', 'team', 'annotator');
    const stored = once(events, 'stored');
    viewer.doc.getMap('annotations').set('after', 2);
    expect(await stored).toMatchObject([{ user: 'vera', room: ROOM }]);
    const watcher = connectClient(server.syncUrl, ROOM, server.token('root'));
    await until(watcher.doc, () => watcher.doc.getMap('annotations').has('after'), 'the write after the role change');
    viewer.destroy();
    watcher.destroy();
  });

  it('refuses the writes of an annotator made viewer without reconnecting', async () => {
    const server = await start();
    const annotator = connectClient(server.syncUrl, ROOM, server.token('alice'));
    await annotator.synced;
    await server.server.users.setRole('alice', 'team', 'viewer');
    const refused = once(events, 'refused');
    annotator.doc.getMap('annotations').set('after', 2);
    expect(await refused).toMatchObject([{ user: 'alice', room: ROOM }]);
    expect(server.server.rooms.get(ROOM)?.doc.getMap('annotations').has('after')).toBe(false);
    annotator.destroy();
  });
});

describe('a session ended by logout', () => {
  it('closes the sockets opened with its cookie', async () => {
    const server = await start();
    const login = await fetch(`${server.baseUrl}/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'alice', password: 'alice-pw' }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const opened = await openRawSocket(server.syncUrl, ROOM, { headers: { Cookie: cookie } });
    expect(opened.status).toBe(101);
    const closed = closeCodeOf(opened.socket);
    await fetch(`${server.baseUrl}/api/logout`, { method: 'POST', headers: { Cookie: cookie } });
    expect(await closed).toBe(CloseCode.Unauthorized);
  });
});

describe('the stored doc is untouched by a closed socket', () => {
  it('stores nothing a revoked socket sends after its revocation', async () => {
    const server = await start();
    const issued = await server.server.tokens.issue('alice', 'api', null);
    const socket = await openRawSocket(server.syncUrl, ROOM, { token: issued.token });
    if (socket.status !== 101) throw new Error(`upgrade refused: ${socket.status}`);
    const closed = closeCodeOf(socket.socket);
    await server.server.tokens.revoke(issued.id);
    const doc = new Y.Doc();
    doc.getMap('annotations').set('late', true);
    socket.socket.send(encodeUpdate(Y.encodeStateAsUpdate(doc)));
    expect(await closed).toBe(CloseCode.Unauthorized);
    const stored = new Y.Doc();
    const state = await server.server.data.updates.load(ROOM);
    if (state !== null) Y.applyUpdate(stored, state);
    expect(stored.getMap('annotations').has('late')).toBe(false);
  });
});

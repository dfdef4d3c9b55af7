/**
 * Typed hooks that act: `onAuthenticate` refuses a connection or makes it
 * read-only, `onLoadDocument` supplies a document (stored before any client
 * sees it) or refuses the load, `onStoreDocument` refuses an update before
 * it is stored, and `onChange` is told of each change once it is stored.
 */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { layerRoom } from '@glossa/collab';
import { CloseCode } from '../src/close-codes.js';
import type { AuthenticateEvent, ChangeEvent, ServerHooks } from '../src/hooks.js';
import { encodeUpdate } from '../src/protocol.js';
import { closeCodeOf, emittingHooks, openRawSocket, serverPerTest, until } from './support/server-harness.js';

const { start, client, events } = serverPerTest();

/** The shared layer of `team/d1`, which no import wrote: a room never stored. */
const FRESH = layerRoom('team', 'd1', 'shared');

/** An update setting `key` in the annotations map of an empty doc. */
function annotationUpdate(key: string, value: unknown): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('annotations').set(key, value);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** The annotations of a room as stored. */
async function storedAnnotations(ts: { server: { data: { updates: { load(room: string): Promise<Uint8Array | null> } } } }, room: string): Promise<Record<string, unknown>> {
  const state = await ts.server.data.updates.load(room);
  const doc = new Y.Doc();
  if (state !== null) Y.applyUpdate(doc, state);
  const annotations = doc.getMap('annotations').toJSON();
  doc.destroy();
  return annotations;
}

/** The hooks of the test harness, with `extra` added. */
function withHooks(extra: ServerHooks): ServerHooks {
  return { ...emittingHooks(events), ...extra };
}

describe('onAuthenticate', () => {
  it('refuses a connection with 403 and its message, sending nothing of the room; others connect', async () => {
    const seen: Omit<AuthenticateEvent, 'request'>[] = [];
    const ts = await start({
      hooks: withHooks({
        onAuthenticate: async ({ request, ...event }) => {
          seen.push(event);
          expect(request.url).toContain(event.room);
          if (event.user === 'bob') throw new Error('bob is on leave this week');
        },
      }),
    });
    const writer = client(FRESH, 'alice');
    await writer.synced;
    writer.doc.getMap('annotations').set('secret', 'kept from bob');
    await once(events, 'stored');
    const refused = await openRawSocket(ts.syncUrl, FRESH, { token: ts.token('bob') });
    expect(refused.status).toBe(403);
    expect('body' in refused ? refused.body : '').toBe('bob is on leave this week\n');
    expect(seen.map(({ room, user, access, credential }) => ({ room, user, access, kind: credential.kind }))).toEqual([
      { room: FRESH, user: 'alice', access: 'write', kind: 'api' },
      { room: FRESH, user: 'bob', access: 'write', kind: 'api' },
    ]);
  });

  it('makes a writer read-only, and a later role change does not make it a writer again', async () => {
    const ts = await start({ hooks: withHooks({ onAuthenticate: ({ user }) => (user === 'alice' ? { access: 'read' } : undefined) }) });
    const watcher = client(FRESH, 'bob');
    await watcher.synced;
    const raw = await openRawSocket(ts.syncUrl, FRESH, { token: ts.token('alice') });
    if (raw.status !== 101) throw new Error(`upgrade refused: ${raw.status}`);
    const refused = once(events, 'refused');
    raw.socket.send(encodeUpdate(annotationUpdate('from-alice', 1)));
    expect(await refused).toEqual([{ room: FRESH, user: 'alice', reason: 'read-only connection' }]);

    await ts.server.users.setRole('alice', 'team', 'admin');
    await ts.server.checkCredentials();
    const refusedAgain = once(events, 'refused');
    raw.socket.send(encodeUpdate(annotationUpdate('from-alice-again', 2)));
    await refusedAgain;

    // Bob's write goes through and is relayed; Alice's never was.
    watcher.doc.getMap('annotations').set('from-bob', 3);
    await once(events, 'stored');
    expect(await storedAnnotations(ts, FRESH)).toEqual({ 'from-bob': 3 });
    raw.socket.close();
  });
});

describe('onLoadDocument', () => {
  it('supplies the document of a room never stored, and stores it before any client sees it', async () => {
    const loads: { room: string; stored: boolean }[] = [];
    const ts = await start({
      hooks: withHooks({
        onLoadDocument: async ({ room, doc, stored }) => {
          loads.push({ room, stored });
          if (!stored) doc.getMap('annotations').set('template', 'from the hook');
        },
      }),
    });
    const reader = client(FRESH, 'vera');
    await reader.synced;
    expect(reader.doc.getMap('annotations').get('template')).toBe('from the hook');
    expect(await storedAnnotations(ts, FRESH)).toEqual({ template: 'from the hook' });
    const unloaded = once(events, 'unloaded');
    reader.destroy();
    await unloaded;

    // Loaded again, the room has a stored state: the hook is told so and supplies nothing more.
    const again = client(FRESH, 'vera');
    await again.synced;
    expect(again.doc.getMap('annotations').toJSON()).toEqual({ template: 'from the hook' });
    expect(loads).toEqual([
      { room: FRESH, stored: false },
      { room: FRESH, stored: true },
    ]);
  });

  it('refuses a load: the room is not served, and its stored state is never replaced', async () => {
    let refuse = false;
    const ts = await start({
      hooks: withHooks({
        onLoadDocument: () => {
          if (refuse) throw new Error('the room is being restored');
        },
      }),
    });
    const writer = client(FRESH, 'alice');
    await writer.synced;
    writer.doc.getMap('annotations').set('kept', true);
    await once(events, 'stored');
    const unloaded = once(events, 'unloaded');
    writer.destroy();
    await unloaded;

    refuse = true;
    const raw = await openRawSocket(ts.syncUrl, FRESH, { token: ts.token('alice') });
    expect(raw.status).toBe(101);
    const received: Buffer[] = [];
    raw.socket.on('message', (data: Buffer) => received.push(data));
    expect(await closeCodeOf(raw.socket)).toBe(CloseCode.RoomLoadFailed);
    expect(received).toEqual([]);
    expect(await storedAnnotations(ts, FRESH)).toEqual({ kept: true });
  });
});

describe('onStoreDocument and onChange', () => {
  it('refuses an update before it is stored, closing its socket with Forbidden, and tells of every stored change', async () => {
    const changes: ChangeEvent[] = [];
    // What storage held at the moment each change was told (the read starts inside the hook).
    const storedWhenTold: Promise<Record<string, unknown>>[] = [];
    const running: { server?: Awaited<ReturnType<typeof start>> } = {};
    const ts = await start({
      hooks: withHooks({
        onStoreDocument: ({ update }) => {
          const doc = new Y.Doc();
          Y.applyUpdate(doc, update);
          const forbidden = doc.getMap('annotations').has('forbidden');
          doc.destroy();
          if (forbidden) throw new Error('annotations named "forbidden" are not taken');
        },
        onChange: (event) => {
          changes.push(event);
          if (running.server !== undefined) storedWhenTold.push(storedAnnotations(running.server, event.room));
        },
      }),
    });
    running.server = ts;
    const watcher = client(FRESH, 'bob');
    await watcher.synced;

    const raw = await openRawSocket(ts.syncUrl, FRESH, { token: ts.token('alice') });
    if (raw.status !== 101) throw new Error(`upgrade refused: ${raw.status}`);
    const closed = closeCodeOf(raw.socket);
    raw.socket.send(encodeUpdate(annotationUpdate('forbidden', 1)));
    expect(await closed).toBe(CloseCode.Forbidden);

    const writer = client(FRESH, 'alice');
    await writer.synced;
    writer.doc.getMap('annotations').set('fine', 2);
    await until(watcher.doc, () => watcher.doc.getMap('annotations').has('fine'), 'the allowed change to be relayed');
    expect(watcher.doc.getMap('annotations').has('forbidden')).toBe(false);
    expect(await storedAnnotations(ts, FRESH)).toEqual({ fine: 2 });

    expect(changes.map((c) => ({ room: c.room, user: c.user }))).toEqual([{ room: FRESH, user: 'alice' }]);
    const applied = new Y.Doc();
    Y.applyUpdate(applied, changes[0]?.update as Uint8Array);
    expect(applied.getMap('annotations').toJSON()).toEqual({ fine: 2 });
    expect(await Promise.all(storedWhenTold)).toEqual([{ fine: 2 }]);
  });
});

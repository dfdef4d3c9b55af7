/**
 * Acceptance: hostile or broken input closes only the offending socket. A
 * 64 MiB frame, a truncated message, random bytes, a Yjs update claiming
 * 2^40 structs and an awareness flood each close their own socket with a
 * named code; /api/health still answers and the other clients of the room
 * keep syncing. A failed storage load never yields an empty room, and the
 * stored state never shrinks.
 */
import { once } from 'node:events';
import type WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '@glossa/server';
import { checkUpdateEncoding, encodeAwareness, encodeUpdate } from '@glossa/server/internal';
import { breakChecksum, roomRows } from '@glossa/store/testing';
import { closeCodeOf, openRawSocket, serverPerTest, until, type TestClient, type TestServer } from '../packages/server/test/support/server-harness.js';

const ROOM = 'team/d1/layers/shared';
const { start, client, events, destroyClients } = serverPerTest();
let ts: TestServer;

/** Deterministic pseudo-random bytes (mulberry32). */
function seededBytes(seed: number, length: number): Uint8Array {
  let a = seed >>> 0;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    bytes[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return bytes;
}

/** A Yjs update (V1) whose first client claims 2^40 structs in a few bytes. */
function updateClaimingHugeStructCount(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1); // one client
  encoding.writeVarUint(encoder, 2 ** 40); // structs
  encoding.writeVarUint(encoder, 12345); // client id
  encoding.writeVarUint(encoder, 0); // clock
  encoding.writeUint8(encoder, 4); // a string item…
  return encoding.toUint8Array(encoder);
}

/**
 * An update that passes `checkUpdateEncoding` but that Yjs throws on when applying:
 * one string item whose origin is a clock of its own client that does not
 * exist.
 */
function updateYjsCannotApply(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1); // one client
  encoding.writeVarUint(encoder, 1); // one struct
  encoding.writeVarUint(encoder, 4242); // client id
  encoding.writeVarUint(encoder, 0); // clock
  encoding.writeUint8(encoder, 4 | 0x80); // a string item with an origin…
  encoding.writeVarUint(encoder, 4242); // …of its own client
  encoding.writeVarUint(encoder, 5); // …at a clock it never had
  encoding.writeVarString(encoder, 'poison');
  encoding.writeVarUint(encoder, 0); // empty delete set
  return encoding.toUint8Array(encoder);
}

function awarenessMessage(clientId: number, clock: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarString(encoder, JSON.stringify({ cursor: clock }));
  return encodeAwareness(encoding.toUint8Array(encoder));
}

beforeEach(async () => {
  ts = await start({ compactAfterUpdates: 40 });
});

/** Two stock clients still exchange an edit, and the health check answers. */
async function roomStillWorks(a: TestClient, b: TestClient, key: string): Promise<void> {
  a.doc.getMap('annotations').set(key, true);
  await until(b.doc, () => b.doc.getMap('annotations').has(key), `the edit ${key} to reach the other client`);
  const health = await fetch(`${ts.baseUrl}/api/health`);
  expect(health.status).toBe(200);
}

describe('bad messages close only their socket', () => {
  const cases: [string, (socket: WebSocket) => void, number][] = [
    ['a 64 MiB frame', (s) => s.send(new Uint8Array(64 * 1024 * 1024)), CloseCode.MessageTooBig],
    ['a truncated update message', (s) => s.send(encodeUpdate(Y.encodeStateAsUpdate(docWithText('hello'))).subarray(0, 7)), CloseCode.BadMessage],
    ['random bytes', (s) => s.send(seededBytes(42, 1000)), CloseCode.BadMessage],
    ['an unknown message type', (s) => s.send(new Uint8Array([9, 0])), CloseCode.BadMessage],
    ['a text frame', (s) => s.send('hello'), CloseCode.BadMessage],
    ['an update claiming 2^40 structs', (s) => s.send(encodeUpdate(updateClaimingHugeStructCount())), CloseCode.BadMessage],
    ['an undecodable awareness update', (s) => s.send(encodeAwareness(new Uint8Array([1, 5, 1, 3, 0x7b]))), CloseCode.BadMessage],
    [
      '1,000 awareness updates at once',
      (s) => {
        for (let i = 1; i <= 1000; i++) s.send(awarenessMessage(777, i));
      },
      CloseCode.RateLimited,
    ],
  ];

  it.each(cases)('%s', async (_what, misbehave, expectedCode) => {
    const a = client(ROOM, 'alice');
    const b = client(ROOM, 'bob');
    await Promise.all([a.synced, b.synced]);
    const raw = await openRawSocket(ts.syncUrl, ROOM, { token: ts.token('alice') });
    expect(raw.status).toBe(101);
    const serverSide = new Promise<{ code: number; user: string }>((resolve) => {
      const listener = (e: { code: number; user: string; room: string }): void => {
        if (e.user === 'alice' && e.room === ROOM) {
          events.off('disconnect', listener);
          resolve(e);
        }
      };
      events.on('disconnect', listener);
    });
    const clientSide = closeCodeOf(raw.socket);
    misbehave(raw.socket);
    expect((await serverSide).code).toBe(expectedCode);
    if (expectedCode !== CloseCode.MessageTooBig) expect(await clientSide).toBe(expectedCode);
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
    await roomStillWorks(a, b, `after-${expectedCode}`);
  });

  it('relays nothing of a refused update', async () => {
    const observer = client(ROOM, 'bob');
    await observer.synced;
    const raw = await openRawSocket(ts.syncUrl, ROOM, { token: ts.token('alice') });
    const closed = closeCodeOf(raw.socket);
    raw.socket.send(encodeUpdate(updateClaimingHugeStructCount()));
    expect(await closed).toBe(CloseCode.BadMessage);
    const writer = client(ROOM, 'alice');
    await writer.synced;
    await roomStillWorks(writer, observer, 'later');
    expect([...observer.doc.getMap('annotations').keys()]).toEqual(['later']);
  });
});

describe('an update that validates but that Yjs cannot apply', () => {
  it('is refused before it is stored, so the room keeps loading', async () => {
    const poison = updateYjsCannotApply();
    expect(checkUpdateEncoding(poison).ok).toBe(true);
    expect(() => Y.applyUpdate(new Y.Doc(), poison)).toThrow();

    const writer = client(ROOM, 'alice');
    const observer = client(ROOM, 'bob');
    await Promise.all([writer.synced, observer.synced]);
    await roomStillWorks(writer, observer, 'before');
    const rowsBefore = await ts.server.data.updates.updateCount(ROOM);

    const raw = await openRawSocket(ts.syncUrl, ROOM, { token: ts.token('alice') });
    expect(raw.status).toBe(101);
    const closed = closeCodeOf(raw.socket);
    raw.socket.send(encodeUpdate(poison));
    expect(await closed).toBe(CloseCode.BadMessage);
    expect(await ts.server.data.updates.updateCount(ROOM)).toBe(rowsBefore);

    // Later updates are stored and relayed as usual, and nothing of the refused one reached anyone.
    await roomStillWorks(writer, observer, 'after');
    expect(observer.doc.store.clients.has(4242)).toBe(false);

    // The stored state still loads: a fresh room after unloading has every edit.
    const unloaded = once(events, 'unloaded');
    destroyClients();
    await unloaded;
    const stored = await ts.server.data.updates.load(ROOM);
    const reloaded = new Y.Doc();
    expect(() => Y.applyUpdate(reloaded, stored ?? new Uint8Array([0, 0]))).not.toThrow();
    const late = client(ROOM, 'bob');
    await late.synced;
    expect([...late.doc.getMap('annotations').keys()].sort()).toEqual(['after', 'before']);
  });
});

function docWithText(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return doc;
}

describe('storage failures', () => {
  it('refuses the connection with RoomLoadFailed when the stored state is corrupt, and never overwrites it', async () => {
    const writer = client(ROOM, 'alice');
    const watcher = client(ROOM, 'bob');
    await Promise.all([writer.synced, watcher.synced]);
    for (let i = 0; i < 5; i++) writer.doc.getMap('annotations').set(`k${i}`, i);
    await until(watcher.doc, () => watcher.doc.getMap('annotations').size === 5, 'all five annotations to be stored and relayed');
    const unloaded = once(events, 'unloaded');
    destroyClients();
    await unloaded;

    const rows = (): unknown[] => roomRows(ts.server.data, ROOM);
    const before = roomRows(ts.server.data, ROOM);
    expect(before.length).toBeGreaterThan(0);
    breakChecksum(ts.server.data, before[0]?.id ?? -1);
    const corrupted = rows();

    const raw = await openRawSocket(ts.syncUrl, ROOM, { token: ts.token('alice') });
    expect(raw.status).toBe(101);
    const received: Buffer[] = [];
    raw.socket.on('message', (data: Buffer) => received.push(data));
    raw.socket.send(encodeUpdate(Y.encodeStateAsUpdate(docWithText('would overwrite'))));
    expect(await closeCodeOf(raw.socket)).toBe(CloseCode.RoomLoadFailed);
    expect(received).toEqual([]);
    expect(ts.server.rooms.get(ROOM)).toBeUndefined();
    expect(rows()).toEqual(corrupted);
  });

  it('never shrinks the stored state across edits, reconnects and compactions', async () => {
    const seen = new Set<string>();
    for (let round = 0; round < 4; round++) {
      const writer = client(ROOM, 'alice');
      await writer.synced;
      const map = writer.doc.getMap<number>('annotations');
      for (let i = 0; i < 30; i++) map.set(`r${round}-${i}`, i);
      map.delete(`r${round}-0`);
      const watcher = client(ROOM, 'bob');
      await until(watcher.doc, () => watcher.doc.getMap('annotations').size === map.size, `round ${round} to be relayed`);
      const state = await ts.server.data.updates.load(ROOM);
      const doc = new Y.Doc();
      if (state !== null) Y.applyUpdate(doc, state);
      const keys = new Set(doc.getMap('annotations').keys());
      for (const key of seen) expect(keys.has(key)).toBe(true);
      for (const key of map.keys()) seen.add(key);
      for (const key of seen) expect(keys.has(key)).toBe(true);
      const unloaded = once(events, 'unloaded');
      destroyClients();
      await unloaded;
    }
    expect(seen.size).toBe(4 * 29);
    expect(await ts.server.data.updates.updateCount(ROOM)).toBeLessThan(4 * 31);
  });
});

import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDataDir } from '@glossa/store';
import { STAGING_IDLE_MS } from '../src/room-manager.js';
import { connectClient, serverPerTest, until, type TestServer } from './support/server-harness.js';

const ROOM = 'team/d1/layers/shared';
const { start, events } = serverPerTest();
let ts: TestServer;

describe('room lifecycle', () => {
  it('loads a room on first connection and unloads it after the last client leaves', async () => {
    ts = await start({ unloadGraceMs: 0 });
    const loaded = once(events, 'loaded');
    const a = connectClient(ts.syncUrl, ROOM, ts.token('alice'));
    expect(await loaded).toEqual([ROOM]);
    await a.synced;
    const room = ts.server.rooms.get(ROOM);
    expect(room?.state).toBe('ready');
    const unloaded = once(events, 'unloaded');
    a.destroy();
    expect(await unloaded).toEqual([ROOM]);
    expect(ts.server.rooms.get(ROOM)).toBeUndefined();
    expect(room?.state).toBe('unloaded');
    expect(room?.doc.isDestroyed).toBe(true);
  });

  it('keeps a room through the grace period when a client comes back', async () => {
    ts = await start({ unloadGraceMs: 60_000 });
    const a = connectClient(ts.syncUrl, ROOM, ts.token('alice'));
    await a.synced;
    a.doc.getMap('annotations').set('x', 1);
    const room = ts.server.rooms.get(ROOM);
    const b = connectClient(ts.syncUrl, ROOM, ts.token('bob'));
    await until(b.doc, () => b.doc.getMap('annotations').has('x'), 'b to see x');
    a.destroy();
    b.destroy();
    const c = connectClient(ts.syncUrl, ROOM, ts.token('vera'));
    await c.synced;
    expect(c.doc.getMap('annotations').get('x')).toBe(1);
    expect(ts.server.rooms.get(ROOM)).toBe(room);
    c.destroy();
  });

  it('compacts a room in the background once its update rows pass the threshold, losing nothing', async () => {
    ts = await start({ compactAfterUpdates: 20 });
    const a = connectClient(ts.syncUrl, ROOM, ts.token('alice'));
    await a.synced;
    const compacted = once(events, 'compacted');
    for (let i = 0; i < 25; i++) a.doc.getMap('annotations').set(`k${i}`, i);
    expect(await compacted).toEqual([ROOM]);
    const b = connectClient(ts.syncUrl, ROOM, ts.token('bob'));
    await until(b.doc, () => b.doc.getMap('annotations').size === 25, 'all 25 annotations');
    expect(await ts.server.data.updates.updateCount(ROOM)).toBeLessThan(20);
    a.destroy();
    b.destroy();
  });

  it('keeps the rows another process wrote to a loaded room when it compacts', async () => {
    ts = await start({ compactAfterUpdates: 20 });
    const a = connectClient(ts.syncUrl, ROOM, ts.token('alice'));
    await a.synced;
    // Another process (the CLI, say) appends to the room the server has loaded.
    const other = new Y.Doc();
    other.getMap('annotations').set('from-elsewhere', 'kept');
    const second = openDataDir(ts.server.data.location, { create: false });
    await second.updates.append(ROOM, Y.encodeStateAsUpdate(other));
    await second.close();
    const compacted = once(events, 'compacted');
    for (let i = 0; i < 25; i++) a.doc.getMap('annotations').set(`k${i}`, i);
    await compacted;
    // A second client seeing every update means every one was committed.
    const b = connectClient(ts.syncUrl, ROOM, ts.token('bob'));
    await until(b.doc, () => b.doc.getMap('annotations').size === 25, 'all 25 annotations');
    a.destroy();
    b.destroy();
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await ts.server.data.updates.load(ROOM)) as Uint8Array);
    const annotations = stored.getMap('annotations');
    expect(annotations.get('from-elsewhere')).toBe('kept');
    expect(Array.from({ length: 25 }, (_, i) => annotations.get(`k${i}`))).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('compacts to the state every client sees, also after deletions', async () => {
    ts = await start({ compactAfterUpdates: 30 });
    const a = connectClient(ts.syncUrl, ROOM, ts.token('alice'));
    await a.synced;
    const compacted = once(events, 'compacted');
    const text = a.doc.getText('content');
    for (let i = 0; i < 40; i++) {
      if (i % 3 === 2) text.delete(0, 1);
      else text.insert(text.length, String.fromCharCode(97 + (i % 26)));
    }
    await compacted;
    const b = connectClient(ts.syncUrl, ROOM, ts.token('bob'));
    await until(b.doc, () => b.doc.getText('content').toString() === text.toString(), 'b to match a');
    a.destroy();
    b.destroy();
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await ts.server.data.updates.load(ROOM)) as Uint8Array);
    expect(stored.getText('content').toString()).toBe(text.toString());
    expect(await ts.server.data.updates.updateCount(ROOM)).toBeLessThan(30);
  });

  it('frees the staging copy of a room idle for writes, and rebuilds it on the next write', async () => {
    ts = await start({});
    const a = connectClient(ts.syncUrl, ROOM, ts.token('alice'));
    const b = connectClient(ts.syncUrl, ROOM, ts.token('bob'));
    await Promise.all([a.synced, b.synced]);
    const room = ts.server.rooms.get(ROOM);
    a.doc.getMap('annotations').set('first', 1);
    await until(b.doc, () => b.doc.getMap('annotations').has('first'), 'b to see first');
    expect(room?.hasStaging).toBe(true);
    // Not idle long enough yet.
    expect(ts.server.rooms.releaseIdleStaging(performance.now(), STAGING_IDLE_MS)).toBe(0);
    expect(room?.hasStaging).toBe(true);
    expect(ts.server.rooms.releaseIdleStaging(performance.now() + STAGING_IDLE_MS, STAGING_IDLE_MS)).toBe(1);
    expect(room?.hasStaging).toBe(false);
    a.doc.getMap('annotations').set('second', 2);
    await until(b.doc, () => b.doc.getMap('annotations').has('second'), 'b to see second');
    expect(room?.hasStaging).toBe(true);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await ts.server.data.updates.load(ROOM)) as Uint8Array);
    expect(stored.getMap('annotations').toJSON()).toEqual({ first: 1, second: 2 });
    a.destroy();
    b.destroy();
  });
});

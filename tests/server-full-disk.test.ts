/**
 * Acceptance: a full disk is survived. On a small real volume filled to the
 * last byte, an update that cannot be stored is neither applied nor
 * relayed, its writer is told (`StorageFailed`, and resends after
 * reconnecting), and `/api/health` says the store cannot commit; once space
 * is freed the server recovers by itself: the resent update is stored and
 * health is 200 again. Needs root to mount the volume; skipped otherwise.
 */
import { EventEmitter, once } from 'node:events';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '@glossa/server';
import { canMountSmallVolume, mountSmallVolume } from '../packages/store/test/support/small-volume.js';
import { connectClient, emittingHooks, startTestServer, until, type TestClient } from '../packages/server/test/support/server-harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const ROOM = 'team/d1/layers/shared';

describe.skipIf(!canMountSmallVolume)('a full disk', () => {
  it('refuses what it cannot store, says so on /api/health, and recovers by itself once space is back', async () => {
    const volume = mountSmallVolume(8);
    if (volume === undefined) throw new Error('the small volume could not be mounted');
    cleanups.push(() => volume.remove());
    const events = new EventEmitter();
    const ts = await startTestServer({ hooks: emittingHooks(events) }, path.join(volume.dir, 'data'));
    cleanups.push(() => ts.close());
    const health = async (): Promise<{ status: number; body: string }> => {
      const response = await fetch(`${ts.baseUrl}/api/health`);
      return { status: response.status, body: await response.text() };
    };
    const writer: TestClient = connectClient(ts.syncUrl, ROOM, ts.token('alice'));
    const reader: TestClient = connectClient(ts.syncUrl, ROOM, ts.token('bob'));
    cleanups.push(() => (writer.destroy(), reader.destroy()));
    await Promise.all([writer.synced, reader.synced]);
    expect((await health()).status).toBe(200);

    volume.fill();
    const closed = new Promise<number>((resolve) => {
      writer.provider.on('connection-close', (event: CloseEvent | null) => {
        if (event !== null) resolve(event.code);
      });
    });
    // Larger than the log file, which is reused from its start: it needs new space.
    writer.doc.getMap('annotations').set('big', 'x'.repeat(1024 * 1024));
    expect(await closed).toBe(CloseCode.StorageFailed);
    const failing = await health();
    expect(failing.status).toBe(503);
    expect(JSON.parse(failing.body)).toMatchObject({ error: { code: 'unavailable', message: expect.stringMatching(/^storage cannot commit: .*(full|disk)/i) as unknown } });
    expect(reader.doc.getMap('annotations').has('big')).toBe(false);
    expect(ts.server.rooms.get(ROOM)?.doc.getMap('annotations').has('big') ?? false).toBe(false);

    volume.free();
    // The writer reconnects on its own and resends what the server does not have.
    const stored = once(events, 'stored');
    await stored;
    await until(reader.doc, () => reader.doc.getMap('annotations').get('big') === 'x'.repeat(1024 * 1024), 'the resent update at the reader');
    expect((await health()).status).toBe(200);
    const state = await ts.server.data.updates.load(ROOM);
    expect(state).not.toBeNull();
  });
});

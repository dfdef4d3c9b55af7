/**
 * Acceptance: stock y-websocket clients converge through the server on a
 * content room and a layer room; a late joiner gets everything; a client
 * that edited offline merges on reconnect. On every storage backend.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { serverPerTest, until } from '../packages/server/test/support/server-harness.js';
import { BACKENDS } from '../packages/store/test/support/backends.js';

describe.each(BACKENDS.map((backend) => [backend.name, backend] as const))('sync through the server on %s', (_name, backend) => {
  const { start, client } = serverPerTest(backend);

  beforeEach(async () => {
    await start();
  });

  it('converges two clients on a content room and a third that joins later gets everything', async () => {
    const a = client('team/d1', 'cora');
    const b = client('team/d1', 'ada');
    await Promise.all([a.synced, b.synced]);
    a.doc.getText('t').insert(0, 'hello ');
    b.doc.getText('t').insert(0, 'world');
    await until(a.doc, () => a.doc.getText('t').length === 11, 'a to see both edits');
    await until(b.doc, () => b.doc.getText('t').length === 11, 'b to see both edits');
    expect(a.doc.getText('t').toString()).toBe(b.doc.getText('t').toString());

    const c = client('team/d1', 'vera');
    await c.synced;
    expect(c.doc.getText('t').toString()).toBe(a.doc.getText('t').toString());
  });

  it('converges two annotators on the shared layer of a shared project', async () => {
    const a = client('team/d1/layers/shared', 'alice');
    const b = client('team/d1/layers/shared', 'bob');
    await Promise.all([a.synced, b.synced]);
    for (let i = 0; i < 20; i++) {
      a.doc.getMap('annotations').set(`a${i}`, { label: 'militarization', i });
      b.doc.getMap('annotations').set(`b${i}`, { label: 'prevention', i });
    }
    await until(a.doc, () => a.doc.getMap('annotations').size === 40, 'a to see 40 annotations');
    await until(b.doc, () => b.doc.getMap('annotations').size === 40, 'b to see 40 annotations');
    expect(a.doc.getMap('annotations').toJSON()).toEqual(b.doc.getMap('annotations').toJSON());
    const late = client('team/d1/layers/shared', 'vera');
    await late.synced;
    expect(late.doc.getMap('annotations').toJSON()).toEqual(a.doc.getMap('annotations').toJSON());
  });

  it('merges the edits of a client that reconnects after working offline', async () => {
    const a = client('team/d2/layers/shared', 'alice');
    const b = client('team/d2/layers/shared', 'bob');
    await Promise.all([a.synced, b.synced]);
    a.provider.disconnect();
    a.doc.getMap('annotations').set('offline-1', 'x');
    a.doc.getMap('annotations').set('offline-2', 'y');
    b.doc.getMap('annotations').set('online', 'z');
    await until(b.doc, () => b.doc.getMap('annotations').size === 1, 'b to apply its own edit');
    a.provider.connect();
    await until(b.doc, () => b.doc.getMap('annotations').size === 3, 'b to receive the offline edits');
    await until(a.doc, () => a.doc.getMap('annotations').size === 3, 'a to receive the online edit');
    expect(a.doc.getMap('annotations').toJSON()).toEqual(b.doc.getMap('annotations').toJSON());
  });

  it('keeps rooms apart', async () => {
    const a = client('team/d1/layers/shared', 'alice');
    const b = client('team/d2/layers/shared', 'bob');
    const watcher = client('team/d1/layers/shared', 'vera');
    await Promise.all([a.synced, b.synced, watcher.synced]);
    b.doc.getMap('annotations').set('elsewhere', 1);
    a.doc.getMap('annotations').set('here', 1);
    await until(watcher.doc, () => watcher.doc.getMap('annotations').has('here'), 'the watcher to see the edit of its room');
    expect(watcher.doc.getMap('annotations').has('elsewhere')).toBe(false);
  });
});

/**
 * Two stores (as two server processes) compact the same room of one
 * PostgreSQL database, 100 times each, while a third appends: every
 * compaction holds the room's advisory lock and replaces only the rows it
 * merged, so the decoded document equals the reference that saw every
 * update, and a reader that follows by id misses nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BACKENDS, type BackendLocation } from './support/backends.js';

const postgres = BACKENDS.find((backend) => backend.name === 'postgres');

describe.runIf(postgres !== undefined)('compaction by several processes on PostgreSQL', () => {
  let at: BackendLocation | undefined;
  afterEach(async () => {
    await at?.cleanup();
  });

  it('keeps every update while two stores compact the same room 100 times each during writes', { timeout: 300_000 }, async () => {
    at = await postgres!.create();
    const [writer, first, second, reader] = [await at.open(), await at.open(), await at.open(), await at.open()];
    const room = 'p/d';
    const reference = new Y.Doc();
    const updates: Uint8Array[] = [];
    reference.on('update', (update: Uint8Array) => updates.push(update));
    const writes = (async () => {
      for (let i = 0; i < 200; i++) {
        if (i % 3 === 0) reference.getText('t').insert(reference.getText('t').length, `w${i} `);
        else reference.getMap('m').set(`k${i % 50}`, i);
        await writer.updates.append(room, updates[updates.length - 1]!);
      }
    })();
    const follower = new Y.Doc();
    let lastSeen = 0;
    const follow = async (): Promise<void> => {
      for (const row of await reader.updates.readAfter(room, lastSeen)) {
        Y.applyUpdate(follower, row.update);
        lastSeen = row.id;
      }
    };
    const compactions = async (store: typeof first): Promise<void> => {
      for (let i = 0; i < 100; i++) {
        await store.updates.compact(room);
        if (i % 10 === 0) await follow();
      }
    };
    await Promise.all([writes, compactions(first), compactions(second)]);
    await follow();
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await reader.updates.load(room))!);
    const content = (doc: Y.Doc): unknown => ({ t: doc.getText('t').toString(), m: doc.getMap('m').toJSON() });
    expect(content(stored)).toEqual(content(reference));
    expect(content(follower)).toEqual(content(reference));
    expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(reference));
  });
});

/**
 * `GET /api/projects/:p/documents` keeps the figures of unchanged rooms
 * (`DocumentSummaryCache`), so a polled listing loads only the rooms whose
 * rows changed.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contentRoom } from '@glossa/collab';
import { corruptInPlace } from '@glossa/store/testing';
import type { LogContext, Logger } from '../src/logger.js';
import { startTestServer } from './support/server-harness.js';

/** A valid Yjs update that touches nothing the listing reads: one more row for a room. */
function unrelatedUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('m').set('k', 1);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

describe('GET /api/projects/:p/documents', () => {
  it('answers unchanged rooms from the cache and loads a room again once it changes', async () => {
    const errors: LogContext[] = [];
    const logger: Logger = { info: () => undefined, warn: () => undefined, error: (_message, context) => void errors.push(context ?? {}) };
    const ts = await startTestServer({ logger });
    try {
      const get = (): Promise<Response> => fetch(`${ts.baseUrl}/api/projects/team/documents`, { headers: { Authorization: `Bearer ${ts.token('ada')}` } });
      const first = await get();
      expect(first.status).toBe(200);
      const body = (await first.json()) as unknown;

      // The stored bytes go bad without a new row: the listing still answers from the cache.
      const room = contentRoom('team', 'd1');
      corruptInPlace(ts.server.data, room);
      const cached = await get();
      expect(cached.status).toBe(200);
      expect(await cached.json()).toEqual(body);

      await ts.server.data.updates.append(room, unrelatedUpdate());
      const reloaded = await get();
      expect(reloaded.status).toBe(500);
      expect(errors.map((e) => e['error'])).toContainEqual(expect.stringMatching(/cannot load room "team\/d1": row \d+: checksum mismatch/));
    } finally {
      await ts.close();
    }
  });
});

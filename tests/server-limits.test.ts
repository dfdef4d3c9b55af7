/**
 * Acceptance: what one socket or one user can make the server hold stays
 * bounded. A socket cannot fill the room's awareness with states of made-up
 * clients, and an upgrade the WebSocket layer refuses does not count as one
 * of the user's open connections.
 */
import { request } from 'node:http';
import type WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { MAX_AWARENESS_CLIENTS_PER_PEER, MessageType, decodeAwarenessUpdate, encodeAwareness, encodeAwarenessEntries } from '@glossa/server/internal';
import { openRawSocket, serverPerTest } from '../packages/server/test/support/server-harness.js';
import { BACKENDS } from '../packages/store/test/support/backends.js';

const ROOM = 'team/d1/layers/shared';

/** Resolves with the entries of the next awareness message the socket receives. */
function nextAwarenessEntries(socket: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: Buffer): void => {
      if (data[0] !== MessageType.Awareness) return;
      socket.off('message', onMessage);
      // The payload is a length-prefixed awareness update; its length takes at most 4 bytes here.
      let at = 1;
      while ((data[at] as number) >= 0x80) at++;
      const decoded = decodeAwarenessUpdate(data.subarray(at + 1));
      if (decoded.ok) resolve(decoded.value.length);
      else reject(new Error(decoded.errors.join('; ')));
    };
    socket.on('message', onMessage);
  });
}

/** Sends an HTTP upgrade with a malformed `Sec-WebSocket-Key` and resolves with the status of the refusal. */
function malformedUpgrade(baseUrl: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/sync/${ROOM}?token=${encodeURIComponent(token)}`, {
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'not a key' },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('upgrade', () => reject(new Error('the malformed upgrade was accepted')));
    req.on('error', reject);
    req.end();
  });
}

describe.each(BACKENDS.map((backend) => [backend.name, backend] as const))('on %s', (_backend, backend) => {
  const { start } = serverPerTest(backend);

  describe('bounded state per socket and per user', () => {
    it(`keeps at most ${MAX_AWARENESS_CLIENTS_PER_PEER} awareness states of one socket`, async () => {
      const ts = await start();
      const raw = await openRawSocket(ts.syncUrl, ROOM, { token: ts.token('alice') });
      expect(raw.status).toBe(101);
      const answer = nextAwarenessEntries(raw.socket);
      const entries = Array.from({ length: 500 }, (_, i) => ({ clientId: 1000 + i, clock: 1, state: { cursor: i } }));
      raw.socket.send(encodeAwareness(encodeAwarenessEntries(entries)));
      raw.socket.send(new Uint8Array([MessageType.QueryAwareness]));
      expect(await answer).toBe(MAX_AWARENESS_CLIENTS_PER_PEER);
      raw.socket.close();
    });

    it('does not count upgrades the WebSocket layer refuses against the connection limit', async () => {
      const ts = await start({ maxConnectionsPerUser: 2 });
      for (let i = 0; i < 3; i++) expect(await malformedUpgrade(ts.baseUrl, ts.token('alice'))).toBe(400);
      const opened = await openRawSocket(ts.syncUrl, ROOM, { token: ts.token('alice') });
      expect(opened.status).toBe(101);
      opened.socket.close();
    });
  });
});

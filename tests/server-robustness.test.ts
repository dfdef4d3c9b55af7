/**
 * Acceptance: hostile or broken input closes only the offending socket. A
 * 64 MiB frame, a truncated message, random bytes, a Yjs update claiming
 * 2^40 structs and an awareness flood each close their own socket with a
 * named code; /api/health still answers and the other clients of the room
 * keep syncing. A failed storage load never yields an empty room, and the
 * stored state never shrinks.
 */
import { EventEmitter, once } from 'node:events';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, encodeAwareness, encodeSyncStep1, encodeUpdate, seededRandomBytes } from './server-robustness-support.js';
import { closeCodeOf, connectClient, openRawSocket, startTestServer, until, type TestClient, type TestServer } from '../packages/server/test/support/server-harness.js';

let ts: TestServer;
const clients: TestClient[] = [];
const events = new EventEmitter();

beforeEach(async () => {
  ts = await startTestServer({
    awarenessRate: { perSecond: 50, burst: 200 },
    hooks: { onDisconnect: (e) => events.emit('disconnect', e) },
  });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  events.removeAllListeners();
  await ts.close();
});

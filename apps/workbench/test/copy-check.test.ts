/**
 * Checking a local copy against a real sync server (a `GlossaServer` on
 * port 0 over a temporary data directory, real WebSockets from `ws`):
 * a copy the server holds, a copy holding offline changes that are handed
 * to the server and confirmed, a copy of a viewer whose changes the server
 * refuses, and a server that cannot be reached or refuses the room.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { GlossaServer } from '@glossa/server';
import { hashPasswordSync } from '@glossa/store';
import { importDocuments } from '@glossa/store';
import type { LabelSchema } from '@glossa/core';
import { checkCopyOnServer } from '../src/session/copy-check.js';
import { mayRemoveCopy, planCopyRemoval } from '../src/session/copy-removal-plan.js';
import { SyncProbe } from '../src/session/sync-probe.js';
import type { WebSocketConstructor } from '../src/session/sync-probe.js';

const SCHEMA: LabelSchema = {
  version: 1,
  name: 'Test schema',
  textColor: '#000000',
  groups: [],
  labels: [{ id: 'prevention', name: 'Prevention', description: 'Preventing crime at its roots.', color: '#81b29a' }],
  documentLabels: [],
};

let server: GlossaServer;
let dataDir: string;
let syncUrl: string;
const tokens = new Map<string, string>();
/** The shared layer room of the test document, which annotators write (they may not change the text). */
const LAYER = 'team/d1/layers/shared';

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'glossa-copy-check-'));
  server = new GlossaServer({ port: 0, unloadGraceMs: 0, dataDir });
  for (const project of ['team', 'other']) {
    const imported = await importDocuments(server.data, [{ name: 'd1.txt', format: 'txt', content: `The ${project} document.` }], { project, mode: 'shared', schema: SCHEMA });
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
  }
  const hash = hashPasswordSync('unused-password');
  for (const [user, project, role] of [['alice', 'team', 'annotator'], ['vera', 'team', 'viewer'], ['olly', 'other', 'annotator']] as const) {
    server.users.addUser(user, hash);
    server.users.setRole(user, project, role);
    tokens.set(user, server.tokens.issue(user, 'api', null).token);
  }
  syncUrl = `ws://127.0.0.1:${await server.start()}/sync`;
});

afterAll(async () => {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** `ws` sending `user`'s API token, in the shape of the browser's WebSocket. */
function socketOf(user: string): WebSocketConstructor {
  const token = tokens.get(user);
  if (token === undefined) throw new RangeError(`no test user "${user}"`);
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { headers: { Authorization: `Bearer ${token}` } });
    }
  } as unknown as WebSocketConstructor;
}

/** A new doc holding what the server holds of `room` now. */
async function serverCopy(room: string, user = 'alice'): Promise<Y.Doc> {
  const probe = await SyncProbe.open(`${syncUrl}/${room}`, { WebSocketImpl: socketOf(user) });
  try {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await probe.ask(Y.encodeStateVector(doc)));
    return doc;
  } finally {
    probe.close();
  }
}

describe('checking a local copy against the server', () => {
  it('finds a copy that holds only what the server holds removable', async () => {
    const local = await serverCopy(LAYER);
    const check = await checkCopyOnServer(LAYER, Y.encodeStateAsUpdate(local), { syncUrl, WebSocketImpl: socketOf('alice') });
    expect(check.server).not.toBeNull();
    expect(mayRemoveCopy(check)).toBe(true);
  });

  it('hands the server the changes it lacks and finds the copy removable once they are stored', async () => {
    const local = await serverCopy(LAYER);
    local.getMap('notes').set('offline', 'written without a network');
    local.getMap('notes').set('dropped', 'written, then deleted');
    const check = await checkCopyOnServer(LAYER, Y.encodeStateAsUpdate(local), { syncUrl, WebSocketImpl: socketOf('alice') });
    expect(mayRemoveCopy(check)).toBe(true);
    expect((await serverCopy(LAYER)).getMap('notes').toJSON()).toEqual({ offline: 'written without a network', dropped: 'written, then deleted' });

    // Then a change that is only a deletion: the state vectors are equal, the delete sets are not.
    local.getMap('notes').delete('dropped');
    const deletion = await checkCopyOnServer(LAYER, Y.encodeStateAsUpdate(local), { syncUrl, WebSocketImpl: socketOf('alice') });
    expect(mayRemoveCopy(deletion)).toBe(true);
    expect((await serverCopy(LAYER)).getMap('notes').toJSON()).toEqual({ offline: 'written without a network' });
  });

  it("keeps a viewer's copy whose change the server refuses", async () => {
    const local = await serverCopy(LAYER, 'vera');
    local.getMap('notes').set('viewer', 'not allowed');
    const check = await checkCopyOnServer(LAYER, Y.encodeStateAsUpdate(local), { syncUrl, WebSocketImpl: socketOf('vera'), confirmTimeoutMs: 500 });
    expect(check.server).not.toBeNull();
    expect(planCopyRemoval([check]).keep).toEqual([{ room: LAYER, reason: 'unsent', detail: 'changes the server does not have yet' }]);
    expect((await serverCopy(LAYER)).getMap('notes').get('viewer')).toBeUndefined();
  });

  it.each([
    { name: 'a server that cannot be reached', url: () => 'ws://127.0.0.1:1/sync', user: 'alice', problem: /cannot be reached/ },
    { name: 'a room the user may not read', url: () => syncUrl, user: 'olly', problem: /cannot be reached, or it refused/ },
  ])('keeps the copy on $name and says why', async ({ url, user, problem }) => {
    const local = new Y.Doc();
    local.getMap('notes').set('kept', 'yes');
    const check = await checkCopyOnServer(LAYER, Y.encodeStateAsUpdate(local), { syncUrl: url(), WebSocketImpl: socketOf(user), answerTimeoutMs: 5_000 });
    expect(check.server).toBeNull();
    expect(mayRemoveCopy(check)).toBe(false);
    const kept = planCopyRemoval([check]).keep[0];
    expect(kept?.reason).toBe('unchecked');
    expect(kept?.detail).toMatch(problem);
  });
});

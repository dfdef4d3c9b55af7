/**
 * The blind rule at the socket: in an independent project an annotator is
 * told that others have the document open and nothing more (no name, caret,
 * selection or layer), however the others publish; a curator sees everyone;
 * the annotator's own tabs see each other; in a shared project annotators
 * see each other. Real server, real WebSockets, stock y-websocket clients.
 */
import { describe, expect, it } from 'vitest';
import type { Awareness } from 'y-protocols/awareness';
import { HIDDEN_AWARENESS_STATE } from '@glossa/collab';
import { serverPerTest, type TestClient } from '../packages/server/test/support/server-harness.js';
import { BACKENDS } from '../packages/store/test/support/backends.js';


/** Resolves once `predicate` holds, checking after every awareness change; rejects with `what` after `timeoutMs` (a failure bound). */
function awarenessUntil(awareness: Awareness, predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (predicate()) return resolve();
    const check = (): void => {
      if (!predicate()) return;
      clearTimeout(timer);
      awareness.off('change', check);
      resolve();
    };
    const timer = setTimeout(() => {
      awareness.off('change', check);
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    awareness.on('change', check);
  });
}

/** The state `observer` holds of `other`'s client. */
function stateOf(observer: TestClient, other: TestClient): unknown {
  return observer.provider.awareness.getStates().get(other.doc.clientID);
}

/** Every state `observer` is given of clients other than its own, as they arrive. */
function recordStates(observer: TestClient): unknown[] {
  const seen: unknown[] = [];
  const awareness = observer.provider.awareness;
  awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }) => {
    for (const id of [...added, ...updated]) if (id !== awareness.clientID) seen.push(awareness.getStates().get(id));
  });
  return seen;
}

/** A full state as the workbench publishes it: who, where the caret is, and the layer. */
function publish(c: TestClient, user: string, layer: string): void {
  const at = { type: null, tname: 'content', item: null, assoc: 0 };
  c.provider.awareness.setLocalState({ user: { id: user, name: user, color: '#3366cc' }, cursor: { anchor: at, head: at }, layer });
}

describe.each(BACKENDS.map((backend) => [backend.name, backend] as const))('on %s', (_backend, backend) => {
  const { start, client } = serverPerTest(backend);

  describe('awareness in an independent project', () => {
    it('gives an annotator only hidden states of the others, while a curator sees who and where', async () => {
      await start();
      const sam = client('solo/d1', 'sam');
      const sue = client('solo/d1', 'sue');
      const cleo = client('solo/d1', 'cleo');
      await Promise.all([sam.synced, sue.synced, cleo.synced]);
      const samSaw = recordStates(sam);

      publish(sue, 'sue', 'sue');
      publish(cleo, 'cleo', 'gold');
      // The curator sees the annotator as published (stamped with the authenticated identity).
      await awarenessUntil(cleo.provider.awareness, () => stateOf(cleo, sue) !== undefined, 'the curator to see sue');
      expect(stateOf(cleo, sue)).toMatchObject({ user: { id: 'sue', name: 'sue' }, layer: 'sue', cursor: { head: { tname: 'content' } } });
      // The annotator learns only that the others are here.
      await awarenessUntil(sam.provider.awareness, () => stateOf(sam, sue) !== undefined && stateOf(sam, cleo) !== undefined, 'sam to see that others are here');
      expect(stateOf(sam, sue)).toEqual(HIDDEN_AWARENESS_STATE);
      expect(stateOf(sam, cleo)).toEqual(HIDDEN_AWARENESS_STATE);

      // A later move of the caret reaches the curator, and still nothing but presence reaches the annotator.
      const moved = { type: null, tname: 'content', item: { client: 1, clock: 4 }, assoc: 0 };
      sue.provider.awareness.setLocalStateField('cursor', { anchor: moved, head: moved });
      await awarenessUntil(cleo.provider.awareness, () => JSON.stringify(stateOf(cleo, sue)).includes('"clock":4'), 'the curator to see the moved caret');
      // Sam joins a second tab: it gets the others' states at once, hidden too, and sees sam's first tab in full.
      publish(sam, 'sam', 'sam');
      const samTab = client('solo/d1', 'sam');
      await samTab.synced;
      await awarenessUntil(samTab.provider.awareness, () => stateOf(samTab, sam) !== undefined && stateOf(samTab, sue) !== undefined, 'the second tab to see sam and sue');
      expect(stateOf(samTab, sam)).toMatchObject({ user: { id: 'sam' }, layer: 'sam' });
      expect(stateOf(samTab, sue)).toEqual(HIDDEN_AWARENESS_STATE);
      expect(samSaw.length).toBeGreaterThan(0);
      expect(samSaw.filter((state) => JSON.stringify(state) !== JSON.stringify(HIDDEN_AWARENESS_STATE))).toEqual([]);

      // When sue leaves, sam is told that she is gone.
      sue.destroy();
      await awarenessUntil(sam.provider.awareness, () => stateOf(sam, sue) === undefined, 'sue’s hidden state to be removed');
    });

    it('shows annotators of a shared project to each other in full', async () => {
      await start();
      const alice = client('team/d1', 'alice');
      const bob = client('team/d1', 'bob');
      await Promise.all([alice.synced, bob.synced]);
      publish(bob, 'bob', 'shared');
      await awarenessUntil(alice.provider.awareness, () => stateOf(alice, bob) !== undefined, 'alice to see bob');
      expect(stateOf(alice, bob)).toMatchObject({ user: { id: 'bob' }, layer: 'shared', cursor: { head: { tname: 'content' } } });
    });

    it('follows a role change of an open socket: a promoted annotator sees the others from their next state on', async () => {
      const ts = await start();
      const sam = client('solo/d1', 'sam');
      const sue = client('solo/d1', 'sue');
      await Promise.all([sam.synced, sue.synced]);
      publish(sue, 'sue', 'sue');
      await awarenessUntil(sam.provider.awareness, () => stateOf(sam, sue) !== undefined, 'sam to see that sue is here');
      expect(stateOf(sam, sue)).toEqual(HIDDEN_AWARENESS_STATE);

      await ts.server.users.setRole('sam', 'solo', 'curator');
      await ts.server.checkCredentials();
      publish(sue, 'sue', 'sue');
      await awarenessUntil(sam.provider.awareness, () => JSON.stringify(stateOf(sam, sue)).includes('"layer":"sue"'), 'sam, now a curator, to see sue');
    });
  });
});

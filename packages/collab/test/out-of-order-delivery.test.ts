/**
 * Rooms converge whatever order their updates arrive in. Updates can arrive
 * before ones they depend on (two tabs of one browser share updates directly
 * and reach the server over separate sockets; the server relays in the order
 * it commits). Yjs holds such an update as pending and retries it when the
 * state of a client it waits for grows. Yjs 13.6.33 could record a wait for
 * a clock that only the pending update itself held, and then never retried:
 * the doc stayed behind its peers until a full resync. The patch in
 * `patches/yjs@13.6.33.patch` fixes that; this test pins it, and the
 * randomized convergence test in `tests/` (which found it) covers the rooms
 * at large.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

/** The update a change on `doc` makes. */
function updateOf(doc: Y.Doc, change: () => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  change();
  return Y.encodeStateAsUpdate(doc, before);
}

/** Whether `doc` holds structs or deletions it could not integrate. */
function holdsPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

describe('updates delivered out of causal order', () => {
  /**
   * A writes a1; B answers after a1 (b1); A answers after b1 (a2) and goes
   * on (a3); D writes d1, d2 elsewhere. The receiver gets a3, b1, d2, d1, a1,
   * a2. When d1 lets Yjs retry the pending a3 + b1, b1 (if B's id is the
   * higher, it is tried first) needs A's state to reach a1's end, and Yjs
   * used to record that as a wait for a2, the clock before a3. a1 then
   * arrived without retrying, and a2, which needs b1, could not apply either.
   */
  it.each([
    ['B has the higher client id', 1, 2],
    ['A has the higher client id', 2, 1],
  ])('integrates everything once every update has arrived (%s)', (_what, idA, idB) => {
    const docOf = (clientID: number): Y.Doc => Object.assign(new Y.Doc(), { clientID });
    const [a, b, d] = [docOf(idA), docOf(idB), docOf(50)] as [Y.Doc, Y.Doc, Y.Doc];
    const a1 = updateOf(a, () => a.getText('t').insert(0, 'aaaaa'));
    Y.applyUpdate(b, a1);
    const b1 = updateOf(b, () => b.getText('t').insert(5, 'b'));
    Y.applyUpdate(a, b1);
    const a2 = updateOf(a, () => a.getText('t').insert(6, 'c'));
    const a3 = updateOf(a, () => a.getText('t').insert(7, 'dd'));
    const d1 = updateOf(d, () => d.getMap('m').set('x', 1));
    const d2 = updateOf(d, () => d.getMap('m').set('y', 2));

    const receiver = docOf(99);
    for (const update of [a3, b1, d2, d1, a1, a2]) Y.applyUpdate(receiver, update);

    expect(receiver.getText('t').toString()).toBe('aaaaabcdd');
    expect(receiver.getMap('m').toJSON()).toEqual({ x: 1, y: 2 });
    expect(holdsPending(receiver)).toBe(false);
  });
});

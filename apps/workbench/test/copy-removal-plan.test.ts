import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mayRemoveCopy, planCopyRemoval, UNSENT_DETAIL } from '../src/session/copy-removal-plan.js';
import type { CopyCheck } from '../src/session/copy-removal-plan.js';
import { holdsEverything, copyStateOfUpdate, serverCopyState } from '../src/session/copy-state.js';
import type { ClockRange, CopyState } from '../src/session/copy-state.js';

/** Client ids and clocks kept small so that generated copies overlap often. */
const clientId = fc.integer({ min: 1, max: 4 });
const range = fc.record({ clock: fc.integer({ min: 0, max: 20 }), length: fc.integer({ min: 1, max: 6 }) });

const copyState: fc.Arbitrary<CopyState> = fc
  .record({
    clocks: fc.array(fc.tuple(clientId, fc.integer({ min: 0, max: 30 })), { maxLength: 4 }),
    deleted: fc.array(fc.tuple(clientId, fc.array(range, { maxLength: 4 })), { maxLength: 4 }),
  })
  .map(({ clocks, deleted }) => ({ clocks: new Map(clocks), deleted: new Map<number, readonly ClockRange[]>(deleted) }));

/** Every deleted clock of a copy, as `client:clock` (the ranges spelled out one clock at a time). */
function deletedClocks(state: CopyState): Set<string> {
  const clocks = new Set<string>();
  for (const [client, ranges] of state.deleted) for (const { clock, length } of ranges) for (let c = clock; c < clock + length; c++) clocks.add(`${client}:${c}`);
  return clocks;
}

/** Whether `server` holds everything in `local`, decided clock by clock. */
function holdsByEnumeration(server: CopyState, local: CopyState): boolean {
  for (const [client, clock] of local.clocks) if (clock > (server.clocks.get(client) ?? 0)) return false;
  const held = deletedClocks(server);
  for (const key of deletedClocks(local)) if (!held.has(key)) return false;
  return true;
}

describe('the rule for removing a local copy', () => {
  it('never selects a copy the server does not hold completely, and selects every copy it does (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ local: copyState, server: copyState }), { minLength: 1, maxLength: 5 }), (pairs) => {
        const checks: CopyCheck[] = pairs.map(({ local, server }, i) => ({ room: `p/d${i}`, local, server }));
        const plan = planCopyRemoval(checks);
        pairs.forEach(({ local, server }, i) => {
          const room = `p/d${i}`;
          const onServer = holdsByEnumeration(server, local);
          expect(plan.remove.includes(room)).toBe(onServer);
          expect(plan.keep.some((kept) => kept.room === room)).toBe(!onServer);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('never selects a copy the server was not asked about (property)', () => {
    fc.assert(
      fc.property(copyState, (local) => {
        const plan = planCopyRemoval([{ room: 'p/d', local, server: null, problem: 'the browser is offline' }]);
        expect(plan.remove).toEqual([]);
        expect(plan.keep).toEqual([{ room: 'p/d', reason: 'unchecked', detail: 'the browser is offline' }]);
      }),
    );
  });

  const state = (clocks: [number, number][], deleted: [number, ClockRange[]][] = []): CopyState => ({ clocks: new Map(clocks), deleted: new Map(deleted) });
  it.each([
    { name: 'a copy with a struct the server lacks', local: state([[1, 5]]), server: state([[1, 4]]), removable: false },
    { name: 'a copy of a client the server never saw', local: state([[2, 1]]), server: state([[1, 9]]), removable: false },
    { name: 'a copy with only a deletion the server lacks', local: state([[1, 5]], [[1, [{ clock: 2, length: 1 }]]]), server: state([[1, 5]]), removable: false },
    { name: 'a deletion half covered by the server', local: state([], [[1, [{ clock: 2, length: 4 }]]]), server: state([[1, 9]], [[1, [{ clock: 2, length: 2 }]]]), removable: false },
    { name: 'a deletion covered by two adjacent server ranges', local: state([], [[1, [{ clock: 2, length: 4 }]]]), server: state([], [[1, [{ clock: 4, length: 2 }, { clock: 1, length: 3 }]]]), removable: true },
    { name: 'a copy behind the server', local: state([[1, 3]], [[1, [{ clock: 0, length: 1 }]]]), server: state([[1, 9], [2, 4]], [[1, [{ clock: 0, length: 3 }]]]), removable: true },
    { name: 'an empty copy', local: state([]), server: state([]), removable: true },
  ])('$name: removable $removable', ({ local, server, removable }) => {
    expect(mayRemoveCopy({ room: 'p/d', local, server })).toBe(removable);
    const plan = planCopyRemoval([{ room: 'p/d', local, server }]);
    expect(plan.remove).toEqual(removable ? ['p/d'] : []);
    expect(plan.keep).toEqual(removable ? [] : [{ room: 'p/d', reason: 'unsent', detail: UNSENT_DETAIL }]);
  });
});

/** One change a client makes to a room. */
type Edit = { readonly kind: 'insert'; readonly at: number; readonly text: string } | { readonly kind: 'delete'; readonly at: number; readonly length: number } | { readonly kind: 'set'; readonly key: string; readonly value: number } | { readonly kind: 'remove'; readonly key: string };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(40), text: fc.string({ minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(40), length: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom('a', 'b', 'c'), value: fc.integer() }),
  fc.record({ kind: fc.constant('remove' as const), key: fc.constantFrom('a', 'b', 'c') }),
);

function apply(doc: Y.Doc, change: Edit): void {
  const text = doc.getText('t');
  const map = doc.getMap('m');
  if (change.kind === 'insert') text.insert(Math.min(change.at, text.length), change.text);
  else if (change.kind === 'delete') {
    const at = Math.min(change.at, text.length);
    text.delete(at, Math.min(change.length, text.length - at));
  } else if (change.kind === 'set') map.set(change.key, change.value);
  else map.delete(change.key);
}

/** What the server answers a probe: its state vector, and its answer to a sync step 1 with it. */
function serverAnswer(server: Y.Doc): CopyState {
  const stateVector = Y.encodeStateVector(server);
  return serverCopyState(stateVector, Y.encodeStateAsUpdate(server, stateVector));
}

/** Whether applying `update` to a copy of `server` would change the server's state: the oracle, from Yjs snapshots. */
function wouldChangeServer(server: Y.Doc, update: Uint8Array): boolean {
  const merged = new Y.Doc();
  Y.applyUpdate(merged, Y.encodeStateAsUpdate(server));
  const before = Y.snapshot(merged);
  Y.applyUpdate(merged, update);
  return !Y.equalSnapshots(before, Y.snapshot(merged));
}

describe('the rule over real Yjs copies', () => {
  it('removes a local copy exactly when the server would gain nothing from it (property)', () => {
    fc.assert(
      fc.property(
        fc.array(edit, { maxLength: 12 }),
        fc.array(fc.tuple(fc.boolean(), edit), { maxLength: 12 }),
        fc.array(edit, { maxLength: 6 }),
        (shared, offline, others) => {
          const server = new Y.Doc();
          const local = new Y.Doc();
          const other = new Y.Doc();
          for (const change of shared) apply(local, change);
          Y.applyUpdate(server, Y.encodeStateAsUpdate(local));
          Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
          // Some of the local changes reach the server, the others stay local.
          for (const [reaches, change] of offline) {
            const before = Y.encodeStateVector(local);
            apply(local, change);
            if (reaches) Y.applyUpdate(server, Y.encodeStateAsUpdate(local, before));
          }
          // Someone else's changes reach the server meanwhile.
          for (const change of others) apply(other, change);
          Y.applyUpdate(server, Y.encodeStateAsUpdate(other));
          const copy = Y.encodeStateAsUpdate(local);
          const removable = holdsEverything(serverAnswer(server), copyStateOfUpdate(copy));
          expect(removable).toBe(!wouldChangeServer(server, copy));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a copy whose only unsent change is a deletion, though its state vector equals the server', () => {
    const local = new Y.Doc();
    local.getText('t').insert(0, 'hello world');
    const server = new Y.Doc();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(local));
    local.getText('t').delete(0, 6);
    expect(Y.encodeStateVector(local)).toEqual(Y.encodeStateVector(server));
    expect(holdsEverything(serverAnswer(server), copyStateOfUpdate(Y.encodeStateAsUpdate(local)))).toBe(false);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(local));
    expect(holdsEverything(serverAnswer(server), copyStateOfUpdate(Y.encodeStateAsUpdate(local)))).toBe(true);
  });

  it('reads the local copy from stored updates merged, as y-indexeddb keeps them', () => {
    const local = new Y.Doc();
    const stored: Uint8Array[] = [];
    local.on('update', (update: Uint8Array) => stored.push(update));
    local.getText('t').insert(0, 'abc');
    local.getMap('m').set('a', 1);
    local.getText('t').delete(1, 1);
    const server = new Y.Doc();
    Y.applyUpdate(server, stored[0] as Uint8Array);
    const copy = copyStateOfUpdate(Y.mergeUpdates(stored));
    expect(holdsEverything(serverAnswer(server), copy)).toBe(false);
    for (const update of stored) Y.applyUpdate(server, update);
    expect(holdsEverything(serverAnswer(server), copy)).toBe(true);
  });

  it('does not count structs the server holds past a gap (it cannot integrate them yet)', () => {
    const writer = new Y.Doc();
    const updates: Uint8Array[] = [];
    writer.on('update', (update: Uint8Array) => updates.push(update));
    writer.getText('t').insert(0, 'a');
    writer.getText('t').insert(1, 'b');
    writer.getText('t').insert(2, 'c');
    const server = new Y.Doc();
    Y.applyUpdate(server, updates[0] as Uint8Array);
    Y.applyUpdate(server, updates[2] as Uint8Array); // pending: needs the second update
    const state = serverAnswer(server);
    expect(state.clocks.get(writer.clientID)).toBe(1);
    expect(holdsEverything(state, copyStateOfUpdate(Y.mergeUpdates(updates.slice(0, 2))))).toBe(false);
  });
});

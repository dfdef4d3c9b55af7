import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createContentDoc } from '@glossa/collab';
import { ClientIds, SEED_VARIABLE, SeedFailure, replayable, seedFromEnvironment, seedsToRun } from './support/seeded.js';

const saved = process.env[SEED_VARIABLE];
afterEach(() => {
  if (saved === undefined) delete process.env[SEED_VARIABLE];
  else process.env[SEED_VARIABLE] = saved;
});

describe('seeds of randomized tests', () => {
  it('runs fixed seeds, or only the one GLOSSA_SEED names', () => {
    delete process.env[SEED_VARIABLE];
    expect(seedsToRun(3)).toEqual([1, 2, 3]);
    expect(seedsToRun(2, 101)).toEqual([101, 102]);
    process.env[SEED_VARIABLE] = '-42';
    expect(seedsToRun(3)).toEqual([-42]);
    expect(seedFromEnvironment()).toBe(-42);
  });

  it.each(['abc', '1.5', '1e30'])('refuses GLOSSA_SEED=%s with a message naming it', (value) => {
    process.env[SEED_VARIABLE] = value;
    expect(() => seedFromEnvironment()).toThrow(`GLOSSA_SEED="${value}": expected an integer seed`);
  });

  it('names the seed and how to replay it when a run fails, keeping the failure as the cause', () => {
    const failure = new Error('diverged');
    expect(replayable(7, () => 'fine')).toBe('fine');
    let thrown: unknown;
    try {
      replayable(7, () => {
        throw failure;
      }, () => 'step 3');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SeedFailure);
    expect((thrown as SeedFailure).message).toBe('failed with seed 7 (replay with GLOSSA_SEED=7) after step 3: diverged');
    expect((thrown as SeedFailure).cause).toBe(failure);
  });
});

describe('ClientIds', () => {
  it('draws distinct ids, the same for the same seed, other ones for another seed', () => {
    const draw = (seed: number): number[] => {
      const ids = new ClientIds(seed);
      return Array.from({ length: 50 }, () => ids.next());
    };
    expect(draw(3)).toEqual(draw(3));
    expect(new Set(draw(3)).size).toBe(50);
    expect(draw(4)).not.toEqual(draw(3));
    for (const id of draw(3)) expect(Number.isInteger(id) && id >= 0 && id < 2 ** 32).toBe(true);
  });

  it('gives its ids to the docs it makes and to the docs library code makes during `during`, in order', () => {
    const expected = new ClientIds(9);
    const ids = new ClientIds(9);
    expect(ids.doc().clientID).toBe(expected.next());
    const content = ids.during(() => createContentDoc('The National Guard'));
    expect(content.clientID).toBe(expected.next());
    // The content's items carry that id, so the whole doc is the same in every run.
    expect([...Y.decodeStateVector(Y.encodeStateVector(content)).keys()]).toEqual([content.clientID]);
    expect(ids.doc({ gc: false }).clientID).toBe(expected.next());
  });

  it('leaves Y.Doc as it was after `during`, also when the callback throws, and refuses to nest', () => {
    const ids = new ClientIds(1);
    expect(() =>
      ids.during(() => {
        expect(() => ids.during(() => new Y.Doc())).toThrow(/cannot be nested/);
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expect(Object.getOwnPropertyDescriptor(Y.Doc.prototype, 'clientID')).toBeUndefined();
    const doc = new Y.Doc();
    expect(Object.getOwnPropertyDescriptor(doc, 'clientID')?.writable).toBe(true);
    expect(typeof doc.clientID).toBe('number');
  });
});

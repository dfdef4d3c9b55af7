/**
 * Seeds for randomized tests, in one place. A randomized test takes every
 * random choice from a seed, names the seed when it fails, and replays it
 * when `GLOSSA_SEED=<seed>` is set: alone or among all the others, the run
 * fails the same way.
 *
 * - A loop of seeded runs takes its seeds from `seedsToRun` and wraps each
 *   run in `replayable`, which names the seed in the failure.
 * - Y.Docs get client ids drawn from the seed (`ClientIds`), never Yjs's
 *   random ones: Yjs orders concurrent insertions and integrates the clients
 *   of an update by client id, so with random ids a seed's outcome changes
 *   from one run to the next.
 * - fast-check properties take `GLOSSA_SEED` as their seed (the unit
 *   project's setup file installs `propertyDefaults` for every test file),
 *   and a failed property says how to replay it. A property whose run
 *   creates Y.Docs draws their ids from a `clientIdSeed` argument.
 *
 * Packages' tests import this file by a relative path, as they do the
 * benchmark harness.
 */
import fc from 'fast-check';
import * as Y from 'yjs';
import { seededRandom } from '../../bench/harness.js';

/** The workloads' deterministic generator (mulberry32), shared with the benchmarks. */
export { seededRandom };

/** The environment variable that fixes the seed of every randomized test in a run. */
export const SEED_VARIABLE = 'GLOSSA_SEED';

/**
 * The seed given in `GLOSSA_SEED`, or undefined when it is not set.
 *
 * @throws RangeError when it is set to something other than a safe integer.
 */
export function seedFromEnvironment(): number | undefined {
  const raw = process.env[SEED_VARIABLE];
  if (raw === undefined || raw.trim() === '') return undefined;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`${SEED_VARIABLE}="${raw}": expected an integer seed`);
  return seed;
}

/**
 * The seeds a loop of seeded runs goes through: the one in `GLOSSA_SEED`
 * when it is set, otherwise `count` fixed seeds from `first` on.
 *
 * @example
 * for (const seed of seedsToRun(200)) replayable(seed, () => runSeed(seed));
 */
export function seedsToRun(count: number, first = 1): number[] {
  const given = seedFromEnvironment();
  if (given !== undefined) return [given];
  return Array.from({ length: count }, (_, i) => first + i);
}

/** A run that failed with a seed; the message says how to replay it, the cause is the failure. */
export class SeedFailure extends Error {
  constructor(
    readonly seed: number,
    cause: unknown,
    context = '',
  ) {
    const message = cause instanceof Error ? cause.message : String(cause);
    super(`failed with seed ${seed} (replay with ${SEED_VARIABLE}=${seed})${context === '' ? '' : ` after ${context}`}: ${message}`, { cause });
    this.name = 'SeedFailure';
  }
}

/**
 * Runs `run` and returns what it returns; when it throws, throws a
 * `SeedFailure` naming `seed`, with `context()` (e.g. the last operations)
 * in the message.
 */
export function replayable<T>(seed: number, run: () => T, context?: () => string): T {
  try {
    return run();
  } catch (error) {
    throw new SeedFailure(seed, error, context?.() ?? '');
  }
}

/**
 * Y.Doc client ids drawn from a seed: distinct, and the same for the same
 * seed in every run. The ids come from their own stream, so creating one
 * more doc does not shift the random choices of the workload.
 */
export class ClientIds {
  private readonly random: () => number;
  private readonly used = new Set<number>();

  constructor(seed: number) {
    this.random = seededRandom(Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1));
  }

  /** The next client id (an unsigned 32-bit integer, as Yjs draws them). */
  next(): number {
    for (;;) {
      const id = Math.floor(this.random() * 2 ** 32);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }

  /** A new Y.Doc with the next client id. */
  doc(options?: ConstructorParameters<typeof Y.Doc>[0]): Y.Doc {
    const doc = new Y.Doc(options);
    doc.clientID = this.next();
    return doc;
  }

  /**
   * Runs `make` with every Y.Doc constructed during it taking the next
   * client id, for docs that library code creates (e.g. `createContentDoc`).
   * Yjs assigns `clientID` in the Doc constructor; while `make` runs, an
   * accessor on `Y.Doc.prototype` catches that assignment and stores the
   * next id on the new doc instead. The accessor is removed afterwards.
   *
   * @throws Error when called inside another `during`.
   */
  during<T>(make: () => T): T {
    const prototype: object = Y.Doc.prototype;
    if (Object.getOwnPropertyDescriptor(prototype, 'clientID') !== undefined) throw new Error('ClientIds.during cannot be nested');
    const next = (): number => this.next();
    Object.defineProperty(prototype, 'clientID', {
      configurable: true,
      get: () => undefined,
      set(this: Y.Doc) {
        Object.defineProperty(this, 'clientID', { value: next(), writable: true, enumerable: true, configurable: true });
      },
    });
    try {
      return make();
    } finally {
      Reflect.deleteProperty(prototype, 'clientID');
    }
  }
}

/**
 * The seed of the client ids of one property run, as a property argument:
 * `fc.property(ops, clientIdSeed, (ops, idSeed) => { const ids = new ClientIds(idSeed); … })`.
 * It does not shrink (a smaller seed is not a simpler case).
 */
export const clientIdSeed: fc.Arbitrary<number> = fc.noShrink(fc.integer());

/** The text a failed property adds to fast-check's report: how to replay the run. */
export function replayHint(seed: number): string {
  return `Replay with ${SEED_VARIABLE}=${seed} (it fixes the seed of every property and seeded loop in the run; narrow the run with -t).`;
}

/**
 * fast-check's global parameters for a test run: the seed from
 * `GLOSSA_SEED` when it is set (otherwise fast-check draws one and prints
 * it), and a reporter that throws fast-check's report with the replay hint
 * added and the property's error as the cause.
 */
export function propertyDefaults(): fc.GlobalParameters {
  const seed = seedFromEnvironment();
  return {
    ...(seed === undefined ? {} : { seed }),
    reporter: (details) => {
      if (!details.failed) return;
      throw new Error(`${fc.defaultReportMessage(details)}\n\n${replayHint(details.seed)}`, { cause: details.errorInstance });
    },
  };
}

import { describe, expect, it } from 'vitest';
import { bothLoaded } from '../src/views/use-load.js';
import type { Loaded } from '../src/views/use-load.js';

const loading: Loaded<never> = { kind: 'loading' };
const failed = (message: string): Loaded<never> => ({ kind: 'failed', message });
const loaded = <T>(value: T): Loaded<T> => ({ kind: 'loaded', value });

describe('bothLoaded', () => {
  it('is loaded with both values, in order, once both loads are done', () => {
    expect(bothLoaded(loaded('project'), loaded([1, 2]))).toEqual({ kind: 'loaded', value: ['project', [1, 2]] });
  });

  it.each([
    ['the first is loading', loading, loaded(2)],
    ['the second is loading', loaded(1), loading],
    ['both are loading', loading, loading],
  ])('is loading while %s', (_, first, second) => {
    expect(bothLoaded(first, second)).toEqual({ kind: 'loading' });
  });

  it.each([
    ['the first failed, the second is loading', failed('no project'), loading, 'no project'],
    ['the first failed, the second is loaded', failed('no project'), loaded(2), 'no project'],
    ['the second failed, the first is loading', loading, failed('no documents'), 'no documents'],
    ['the second failed, the first is loaded', loaded(1), failed('no documents'), 'no documents'],
    ['both failed (the first message wins)', failed('no project'), failed('no documents'), 'no project'],
  ])('fails with the message of the failed load when %s', (_, first, second, message) => {
    expect(bothLoaded(first, second)).toEqual({ kind: 'failed', message });
  });
});

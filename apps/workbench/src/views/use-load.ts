/**
 * A hook that loads something once per change of its dependencies and
 * reports loading, the value or the failure's message.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Result } from '@glossa/core';
import type { ApiProblem } from '../api.js';

/** The state of a load. */
export type Loaded<T> = { readonly kind: 'loading' } | { readonly kind: 'loaded'; readonly value: T } | { readonly kind: 'failed'; readonly message: string };

/** Runs `load` when `deps` change (and when `reload` is called) and returns its state. */
export function useLoad<T>(load: () => Promise<Result<T, ApiProblem>>, deps: readonly unknown[], reloadKey = 0): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' });
  useEffect(() => {
    let cancelled = false;
    void load().then((result) => {
      if (cancelled) return;
      setState(result.ok ? { kind: 'loaded', value: result.value } : { kind: 'failed', message: result.errors.map((e) => e.message).join('\n') });
    });
    return () => {
      cancelled = true;
    };
  }, [...deps, reloadKey]);
  return state;
}

/**
 * Two loads seen as one: failed with the first failure's message if either
 * failed, loading while either is still loading, and both values once both
 * are loaded.
 */
export function bothLoaded<A, B>(first: Loaded<A>, second: Loaded<B>): Loaded<readonly [A, B]> {
  if (first.kind === 'failed') return first;
  if (second.kind === 'failed') return second;
  if (first.kind === 'loading' || second.kind === 'loading') return { kind: 'loading' };
  return { kind: 'loaded', value: [first.value, second.value] };
}

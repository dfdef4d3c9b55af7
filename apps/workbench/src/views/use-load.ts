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

/**
 * A value that follows another one once it has stopped changing: for views
 * too costly to redraw on every keystroke (the annotation list of a large
 * document), which then catch up when typing pauses.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Returns `value` as it was when it last stayed unchanged for `quietMs`
 * milliseconds, or at the latest `maxWaitMs` after it first changed, so a
 * view still catches up during a long burst of changes. The first value is
 * returned at once.
 * @throws RangeError when a delay is negative or `maxWaitMs < quietMs`.
 */
export function useSettledValue<T>(value: T, quietMs: number, maxWaitMs: number): T {
  if (!(quietMs >= 0) || !(maxWaitMs >= quietMs)) throw new RangeError(`useSettledValue: expected 0 <= quietMs <= maxWaitMs, got ${quietMs} and ${maxWaitMs}`);
  const [settled, setSettled] = useState(value);
  const latest = useRef(value);
  latest.current = value;
  // When the value first differed from the settled one, in `performance.now()` milliseconds.
  const pendingSince = useRef<number | null>(null);
  useEffect(() => {
    if (Object.is(value, settled)) {
      pendingSince.current = null;
      return undefined;
    }
    const now = performance.now();
    pendingSince.current ??= now;
    const wait = Math.max(0, Math.min(quietMs, pendingSince.current + maxWaitMs - now));
    const timer = setTimeout(() => {
      pendingSince.current = null;
      setSettled(() => latest.current);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, settled]);
  return settled;
}

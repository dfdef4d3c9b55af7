/**
 * A set of listeners told of an event, each removable by the function its
 * registration returns. Backends use it for the notifications of the store
 * contracts (`onCommit`, `onUserChanged`, `onRevoked`).
 */

/** Listeners of events of type `E`. */
export class Listeners<E> {
  private readonly listeners = new Set<(event: E) => void>();

  /** Whether any listener is registered (so an event need not be built). */
  get any(): boolean {
    return this.listeners.size > 0;
  }

  /** Registers `listener`; returns a function that removes it. */
  add(listener: (event: E) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Calls every listener with `event`. */
  emit(event: E): void {
    for (const listener of this.listeners) listener(event);
  }
}

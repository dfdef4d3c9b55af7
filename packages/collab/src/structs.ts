/**
 * Low-level Yjs reads: decoding a stored anchor, the struct holding a given
 * id, and the structs of a range of clocks, without splitting any item.
 *
 * @internal
 */
import * as Y from 'yjs';

/** The relative position encoded in `bytes`, or null when they do not decode (written by a faulty client). */
export function decodeAnchor(bytes: Uint8Array): Y.RelativePosition | null {
  try {
    return Y.decodeRelativePosition(bytes);
  } catch {
    return null;
  }
}

/** The struct (item or garbage-collected range) holding `clock` of `client`, or undefined when the doc has not seen it. */
export function structAt(store: Y.Doc['store'], client: number, clock: number): Y.Item | Y.GC | undefined {
  if (Y.getState(store, client) <= clock) return undefined;
  const structs = store.clients.get(client);
  if (structs === undefined) return undefined;
  return structs[Y.findIndexSS(structs, clock)];
}

/** Calls `visit` with every struct of `client` that holds a clock in `[from, to)`, in clock order. */
export function forEachStructIn(store: Y.Doc['store'], client: number, from: number, to: number, visit: (struct: Y.Item | Y.GC) => void): void {
  const structs = store.clients.get(client);
  if (structs === undefined || from >= to || from >= Y.getState(store, client)) return;
  for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
    const struct = structs[i] as Y.Item | Y.GC;
    if (struct.id.clock >= to) return;
    visit(struct);
  }
}

/**
 * Calls `visit` with every struct a transaction created or deleted: the
 * clocks between its before and after state vectors, and its delete set.
 * Costs O(structs touched · log structs).
 */
export function forEachChangedStruct(transaction: Y.Transaction, visit: (struct: Y.Item | Y.GC) => void): void {
  const store = transaction.doc.store;
  for (const [client, after] of transaction.afterState) {
    forEachStructIn(store, client, transaction.beforeState.get(client) ?? 0, after, visit);
  }
  for (const [client, ranges] of transaction.deleteSet.clients) {
    for (const range of ranges) forEachStructIn(store, client, range.clock, range.clock + range.len, visit);
  }
}

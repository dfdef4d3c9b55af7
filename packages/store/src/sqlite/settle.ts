/**
 * The SQLite backend answers the asynchronous store contracts from
 * synchronous calls (better-sqlite3): the work is done, and a write
 * committed, before the method returns its settled promise.
 */

/** Runs a synchronous store operation and returns its outcome as a promise (a throw becomes a rejection). */
export function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

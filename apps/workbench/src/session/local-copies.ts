/**
 * The local copies of rooms in this browser: one IndexedDB database per user
 * and room, named `glossa/<user>/<room>`, written by y-indexeddb (each Yjs
 * update a value of its `updates` store). Listing them, reading one whole,
 * removing one, and the Web Lock that an open copy holds so that another
 * tab does not remove it while it is in use.
 */
import * as Y from 'yjs';

/** The prefix of the names of a user's local copies. */
export function localCopyPrefix(user: string): string {
  return `glossa/${user}/`;
}

/** The IndexedDB database name of a user's local copy of a room. */
export function localCopyName(user: string, room: string): string {
  return localCopyPrefix(user) + room;
}

/** The name of the Web Lock an open copy holds in shared mode, and its removal in exclusive mode. */
export function copyLockName(copyName: string): string {
  return `glossa-copy:${copyName}`;
}

/** The y-indexeddb object store holding the updates. */
const UPDATES_STORE = 'updates';

/** Why local copies cannot be listed or read: IndexedDB refused or is missing. */
export class LocalCopyError extends Error {
  override readonly name = 'LocalCopyError';
}

/**
 * The rooms of which this browser keeps a copy for `user`, sorted, from
 * `indexedDB.databases()`.
 * @throws LocalCopyError when the browser cannot list its databases.
 */
export async function listLocalCopies(user: string): Promise<string[]> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') {
    throw new LocalCopyError('this browser cannot list its IndexedDB databases');
  }
  const prefix = localCopyPrefix(user);
  const databases = await indexedDB.databases();
  return databases
    .flatMap((database) => (database.name?.startsWith(prefix) === true ? [database.name.slice(prefix.length)] : []))
    .sort();
}

function requestResult<T>(request: IDBRequest<T>, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new LocalCopyError(`${what}: ${request.error?.message ?? 'IndexedDB failed'}`));
  });
}

/**
 * The whole content of a local copy as one Yjs update (its stored updates
 * merged); the empty update when it holds none.
 * @throws LocalCopyError when the database cannot be read.
 */
export async function readLocalCopy(copyName: string): Promise<Uint8Array> {
  const openRequest = indexedDB.open(copyName);
  const db = await requestResult(openRequest, `opening ${copyName}`);
  try {
    if (!db.objectStoreNames.contains(UPDATES_STORE)) return Y.mergeUpdates([]);
    const values = await requestResult(db.transaction(UPDATES_STORE, 'readonly').objectStore(UPDATES_STORE).getAll(), `reading ${copyName}`);
    return Y.mergeUpdates(values.filter((value): value is Uint8Array => value instanceof Uint8Array));
  } finally {
    db.close();
  }
}

/**
 * Removes a local copy. Resolves once the database is gone; while a
 * connection to it is still open (a document closing) the removal waits for
 * it to close.
 * @throws LocalCopyError when IndexedDB refuses.
 */
export async function removeLocalCopy(copyName: string): Promise<void> {
  await requestResult(indexedDB.deleteDatabase(copyName), `removing ${copyName}`);
}

/**
 * Holds the shared Web Lock of an open copy until the returned function is
 * called. Does nothing where the browser has no Web Locks.
 */
export function holdCopyLock(copyName: string): () => void {
  if (typeof navigator === 'undefined' || navigator.locks === undefined) return () => undefined;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  void navigator.locks.request(copyLockName(copyName), { mode: 'shared' }, () => held).catch(() => undefined);
  return release;
}

/**
 * Transaction origins. Every mutation of a content or layer room is made in
 * `doc.transact(fn, origin)` with one of these values, so observers and undo
 * managers can tell who or what made it.
 */

/** A change made by a user in this client. */
export interface LocalOrigin {
  readonly kind: 'local';
  /** The id of the user who made the change. */
  readonly userId: string;
}

/** A change received from another client (applied by a provider or the server). */
export interface RemoteOrigin {
  readonly kind: 'remote';
}

/** A change made by importing a file or a dataset. */
export interface ImportOrigin {
  readonly kind: 'import';
}

/** A change proposed by a model (pre-annotation). */
export interface ModelOrigin {
  readonly kind: 'model';
  /** The model's name, e.g. `spacy/en_core_web_sm`. */
  readonly name: string;
}

/**
 * A change made by the library to keep annotations anchored when text they
 * cover is moved (a paragraph split or join). Undo managers never track it.
 */
export interface ReanchorOrigin {
  readonly kind: 'reanchor';
}

/** The origin of a transaction on a Glossa room. */
export type Origin = LocalOrigin | RemoteOrigin | ImportOrigin | ModelOrigin | ReanchorOrigin;

const localOrigins = new Map<string, LocalOrigin>();

/**
 * The origin of a change by user `userId` in this client. The same object is
 * returned for the same user, so it can also serve as a Yjs tracked origin.
 * @throws RangeError when `userId` is empty.
 */
export function localOrigin(userId: string): LocalOrigin {
  if (typeof userId !== 'string' || userId === '') throw new RangeError('a local origin needs a non-empty user id');
  let origin = localOrigins.get(userId);
  if (origin === undefined) {
    origin = Object.freeze({ kind: 'local', userId });
    localOrigins.set(userId, origin);
  }
  return origin;
}

/** The origin of changes received from other clients. */
export const REMOTE_ORIGIN: RemoteOrigin = Object.freeze({ kind: 'remote' });

/** The origin of changes made by an import. */
export const IMPORT_ORIGIN: ImportOrigin = Object.freeze({ kind: 'import' });

/** The origin of anchor repairs made by `keepAnchors`. */
export const REANCHOR_ORIGIN: ReanchorOrigin = Object.freeze({ kind: 'reanchor' });

/** The origin of a change proposed by the model `name`. */
export function modelOrigin(name: string): ModelOrigin {
  return Object.freeze({ kind: 'model', name });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Whether `value` is a local origin (a user's change in this client). */
export function isLocalOrigin(value: unknown): value is LocalOrigin {
  return isRecord(value) && value.kind === 'local' && typeof value.userId === 'string';
}

/** Whether `value` is the origin of a change received from another client. */
export function isRemoteOrigin(value: unknown): value is RemoteOrigin {
  return isRecord(value) && value.kind === 'remote';
}

/** Whether `value` is the origin of an import. */
export function isImportOrigin(value: unknown): value is ImportOrigin {
  return isRecord(value) && value.kind === 'import';
}

/** Whether `value` is the origin of a model's proposal. */
export function isModelOrigin(value: unknown): value is ModelOrigin {
  return isRecord(value) && value.kind === 'model' && typeof value.name === 'string';
}

/** Whether `value` is the origin of an anchor repair. */
export function isReanchorOrigin(value: unknown): value is ReanchorOrigin {
  return isRecord(value) && value.kind === 'reanchor';
}

/** Whether `value` is any Glossa origin. */
export function isOrigin(value: unknown): value is Origin {
  return isLocalOrigin(value) || isRemoteOrigin(value) || isImportOrigin(value) || isModelOrigin(value) || isReanchorOrigin(value);
}

/** Whether two origins are the same origin (same kind, same user or model). */
export function sameOrigin(a: Origin, b: Origin): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'local') return a.userId === (b as LocalOrigin).userId;
  if (a.kind === 'model') return a.name === (b as ModelOrigin).name;
  return true;
}

/**
 * Typed hooks: how code that embeds the server acts on what happens in it,
 * as Hocuspocus's extensions do. Three hooks can act:
 *
 * - `onAuthenticate` runs at the HTTP upgrade, after the server verified
 *   the credentials and the role's access to the room: it may refuse the
 *   connection (throw: 403, nothing of the room is sent) or narrow a write
 *   access to read;
 * - `onLoadDocument` runs when a room is loaded, after its stored state was
 *   applied: it may supply or transform the document (what it changes is
 *   committed before any client sees the room), or refuse the load (throw:
 *   the room is not served, `RoomLoadFailed`, and never replaced by an empty
 *   one);
 * - `onStoreDocument` runs for every update about to be stored, once Yjs
 *   has accepted it: it may refuse it (throw: nothing is stored or relayed,
 *   and the socket is closed with `Forbidden`, so the client does not go on
 *   with a change the room never got).
 *
 * The others are told: `onConnect`, `onChange` (an update was committed,
 * applied and relayed), `onDisconnect`, `onRoomLoaded`, `onRoomUnloaded`,
 * `onUpdateRefused`, `onCompacted`; they must not throw.
 */
import type { IncomingMessage } from 'node:http';
import type * as Y from 'yjs';
import type { RoomAccess } from '@glossa/collab';
import type { TokenClaims } from '@glossa/store';

/** What `onAuthenticate` is told: who asks for which room, and the access the server gives them. */
export interface AuthenticateEvent {
  readonly room: string;
  readonly user: string;
  /** The verified credential. */
  readonly credential: TokenClaims;
  /** The access the user's role gives to the room. */
  readonly access: Exclude<RoomAccess, 'none'>;
  /** The upgrade request (headers, address). */
  readonly request: IncomingMessage;
}

/** What `onAuthenticate` may answer: a narrower access (a writer connected read-only). */
export interface AuthenticateOutcome {
  readonly access?: 'read';
}

/** What `onLoadDocument` is given: the room's doc holding its stored state. */
export interface LoadDocumentEvent {
  readonly room: string;
  /** The room's doc, with the stored state applied; changes made to it are committed before the room is served. */
  readonly doc: Y.Doc;
  /** Whether the room had a stored state (false: a room never written, the doc is empty). */
  readonly stored: boolean;
}

/** What `onStoreDocument` is given: an update Yjs accepts, about to be committed. */
export interface StoreDocumentEvent {
  readonly room: string;
  readonly user: string;
  /** The Yjs update (V1). */
  readonly update: Uint8Array;
}

/** What `onChange` is told: an update that was committed, applied to the room and relayed. */
export interface ChangeEvent {
  readonly room: string;
  readonly user: string;
  readonly update: Uint8Array;
}

/** The server's hooks; every one is optional. See the module comment for what each may do. */
export interface ServerHooks {
  /** At the upgrade: throw to refuse the connection (403 with the error's message), answer `{ access: 'read' }` to make it read-only. */
  onAuthenticate?(event: AuthenticateEvent): void | AuthenticateOutcome | Promise<void | AuthenticateOutcome>;
  /** When a room is loaded: change `event.doc` to supply or transform the document; throw to refuse the load. */
  onLoadDocument?(event: LoadDocumentEvent): void | Promise<void>;
  /** Before an update is stored (synchronous: it runs on the relay path): throw to refuse it. */
  onStoreDocument?(event: StoreDocumentEvent): void;
  /** A socket joined a room (after authentication and the access check). */
  onConnect?(event: { readonly room: string; readonly user: string; readonly access: Exclude<RoomAccess, 'none'> }): void;
  /** An update was committed to storage, applied to the room and relayed. */
  onChange?(event: ChangeEvent): void;
  /** A socket left a room, with the code the server closed it with (or else the client's code). */
  onDisconnect?(event: { readonly room: string; readonly user: string; readonly code: number }): void;
  /** A room's stored state was loaded into memory (after `onLoadDocument`). */
  onRoomLoaded?(event: { readonly room: string }): void;
  /** A room was unloaded after its last client left and the grace period passed. */
  onRoomUnloaded?(event: { readonly room: string }): void;
  /** An update was refused (read-only connection) and neither applied, stored nor relayed. */
  onUpdateRefused?(event: { readonly room: string; readonly user: string; readonly reason: string }): void;
  /** A room's updates were compacted into one snapshot. */
  onCompacted?(event: { readonly room: string }): void;
}

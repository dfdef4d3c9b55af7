/**
 * One open document: the content room and the layer rooms the user may
 * read, each a Y.Doc kept in IndexedDB (y-indexeddb) and synced with the
 * server over WebSocket (y-websocket). Changes made without a network stay
 * in IndexedDB, survive a reload and are merged when the connection is back.
 * While a room is open its copy holds a shared Web Lock, so that removing
 * copies at sign-out (`copy-removal.ts`) leaves it alone in other tabs.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { ySyncPluginKey } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import { CONTENT_FRAGMENT, contentRoom, layerRoom } from '@glossa/collab';
import type { LayerChoice } from '../access.js';
import { UserUndo } from './user-undo.js';
import { watchLostChanges } from './lost-changes.js';
import type { LostChange } from './lost-changes.js';
import { holdCopyLock, localCopyName } from './local-copies.js';
import { defaultSyncUrl } from './sync-url.js';

/** The state of the connection to the server, as the indicator shows it. */
export type ConnectionStatus = 'connecting' | 'connected' | 'offline';

/** One open layer room. */
export interface OpenLayer {
  readonly id: string;
  readonly doc: Y.Doc;
  readonly writable: boolean;
}

/** Options of `DocumentSession`. */
export interface DocumentSessionOptions {
  readonly project: string;
  readonly doc: string;
  /** The signed-in user's id. */
  readonly user: string;
  /** The layers to open. */
  readonly layers: readonly LayerChoice[];
  /** Whether this user may change the text; their text edits then get a history of their own (`textUndo`). @default false */
  readonly canEditText?: boolean;
  /** The WebSocket base URL, e.g. `ws://host/sync`. @default derived from `location` */
  readonly syncUrl?: string;
}

export { defaultSyncUrl } from './sync-url.js';
export { localCopyName } from './local-copies.js';

/** The local copy of a room, open: the doc, kept in IndexedDB and synced by the provider. */
interface OpenCopy {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly persistence: IndexeddbPersistence;
  /** Releases the copy's shared Web Lock. */
  readonly releaseLock: () => void;
}

/** An open document: docs, providers, local persistence, presence and undo. */
export class DocumentSession {
  /** The content room's doc (`getXmlFragment('content')` holds the text). */
  readonly content: Y.Doc;
  /** The open layers, in the order they were asked for (layers added later last). */
  get layers(): readonly OpenLayer[] {
    return this.openLayers;
  }
  /** Undo and redo of this user's own annotation changes. */
  readonly undo: UserUndo;
  /** Undo and redo of the text this user typed here, apart from the annotations; `null` for users who may not change the text. */
  readonly textUndo: UserUndo | null;
  private readonly contentCopy: OpenCopy;
  private readonly layerCopies: OpenCopy[];
  private readonly openLayers: OpenLayer[];
  private readonly syncUrl: string;
  private readonly syncListeners = new Set<() => void>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private readonly lostChangeListeners = new Set<(change: LostChange) => void>();
  private readonly cleanups: (() => void)[] = [];
  private currentStatus: ConnectionStatus = 'connecting';
  private destroyed = false;

  constructor(readonly options: DocumentSessionOptions) {
    this.syncUrl = options.syncUrl ?? defaultSyncUrl();
    this.contentCopy = this.openCopy(contentRoom(options.project, options.doc));
    this.content = this.contentCopy.doc;
    this.layerCopies = options.layers.map((layer) => this.openCopy(layerRoom(options.project, options.doc, layer.id)));
    this.openLayers = options.layers.map((layer, i) => ({ id: layer.id, doc: (this.layerCopies[i] as OpenCopy).doc, writable: layer.access === 'write' }));
    this.openLayers.forEach((layer, i) => {
      if (layer.writable) this.watchLostChanges(layer, this.layerCopies[i] as OpenCopy);
    });
    this.undo = new UserUndo(
      this.openLayers.filter((layer) => layer.writable),
      options.user,
    );
    this.textUndo = options.canEditText === true ? new UserUndo([], options.user, { fragment: this.fragment, origin: ySyncPluginKey }) : null;
    // A browser that says it is offline gets no reconnect attempts; they resume when it is back.
    const goOffline = (): void => {
      for (const copy of this.copies()) copy.provider.disconnect();
      this.updateStatus();
    };
    const goOnline = (): void => {
      for (const copy of this.copies()) copy.provider.connect();
      this.updateStatus();
    };
    window.addEventListener('offline', goOffline);
    window.addEventListener('online', goOnline);
    this.cleanups.push(() => {
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
    });
    this.updateStatus();
  }

  /** The awareness of the content room: who is here and where their cursor is. */
  get awareness(): Awareness {
    return this.contentCopy.provider.awareness;
  }

  /** The content fragment bound to the editor. */
  get fragment(): Y.XmlFragment {
    return this.content.getXmlFragment(CONTENT_FRAGMENT);
  }

  /** The connection status now. */
  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  /** Calls `listener` whenever the connection status changes; returns the unsubscribe function. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /**
   * Resolves once the document's text is known: from IndexedDB when it was
   * opened here before, otherwise from the server's first sync. Binding the
   * editor earlier would show an empty document.
   */
  whenContentReady(): Promise<void> {
    const copy = this.contentCopy;
    return new Promise((resolve) => {
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        copy.provider.off('sync', onSync);
        resolve();
      };
      const onSync = (synced: boolean): void => {
        if (synced) finish();
      };
      copy.provider.on('sync', onSync);
      if (copy.provider.synced) finish();
      void copy.persistence.whenSynced.then(() => {
        if (this.fragment.length > 0) finish();
      });
    });
  }

  /** Whether every room has completed its first sync with the server. */
  get synced(): boolean {
    return this.copies().every((copy) => copy.provider.synced);
  }

  /** Calls `listener` each time a room (also one added later) completes a sync with the server; returns the unsubscribe function. */
  onSynced(listener: () => void): () => void {
    this.syncListeners.add(listener);
    return () => this.syncListeners.delete(listener);
  }

  /**
   * Opens one more layer room of the document (a layer created after the
   * session started, e.g. a new annotator's): kept in IndexedDB and synced
   * like the others, and part of the undo history when writable.
   * @throws RangeError when the layer is already open or the session is destroyed.
   */
  addLayer(choice: LayerChoice): OpenLayer {
    if (this.destroyed) throw new RangeError(`the session of ${this.options.doc} is closed; layer "${choice.id}" cannot be opened`);
    if (this.layer(choice.id) !== undefined) throw new RangeError(`layer "${choice.id}" is already open in ${this.options.doc}`);
    const copy = this.openCopy(layerRoom(this.options.project, this.options.doc, choice.id));
    this.layerCopies.push(copy);
    const open: OpenLayer = { id: choice.id, doc: copy.doc, writable: choice.access === 'write' };
    this.openLayers.push(open);
    if (open.writable) {
      this.undo.addLayer(open);
      this.watchLostChanges(open, copy);
    }
    this.updateStatus();
    return open;
  }

  /**
   * Calls `listener` for each change of this user's to an annotation that
   * could not apply: made while a writable layer was out of step with the
   * server, to an annotation someone else deleted meanwhile (see
   * `lost-changes.ts`). Returns the unsubscribe function.
   */
  onLostChange(listener: (change: LostChange) => void): () => void {
    this.lostChangeListeners.add(listener);
    return () => this.lostChangeListeners.delete(listener);
  }

  /** Resolves once every room's stored local state has been loaded from IndexedDB. */
  async whenStoredLocally(): Promise<void> {
    await Promise.all(this.copies().map((copy) => copy.persistence.whenSynced));
  }

  /** The open layer with this id, if any. */
  layer(id: string): OpenLayer | undefined {
    return this.layers.find((layer) => layer.id === id);
  }

  /** Closes every connection; the docs stay in IndexedDB. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const cleanup of this.cleanups) cleanup();
    this.undo.destroy();
    this.textUndo?.destroy();
    for (const copy of this.copies()) {
      copy.provider.destroy();
      void copy.persistence.destroy().finally(copy.releaseLock);
      copy.doc.destroy();
    }
  }

  /** Opens the local copy of a room: its doc, IndexedDB persistence, provider and lock, with the session's listeners. */
  private openCopy(room: string): OpenCopy {
    const doc = new Y.Doc();
    const copyName = localCopyName(this.options.user, room);
    const releaseLock = holdCopyLock(copyName);
    const persistence = new IndexeddbPersistence(copyName, doc);
    const provider = new WebsocketProvider(this.syncUrl, room, doc, { connect: navigator.onLine, maxBackoffTime: 2_500 });
    const onStatus = (): void => this.updateStatus();
    const onSync = (synced: boolean): void => {
      if (!synced) return;
      for (const listener of this.syncListeners) listener();
    };
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    this.cleanups.push(() => {
      provider.off('status', onStatus);
      provider.off('sync', onSync);
    });
    return { doc, provider, persistence, releaseLock };
  }

  /** Watches a writable layer for changes of this user's that a deletion elsewhere undid. */
  private watchLostChanges(layer: OpenLayer, copy: OpenCopy): void {
    const watch = watchLostChanges({
      layer: layer.id,
      doc: layer.doc,
      inSync: () => copy.provider.wsconnected && copy.provider.synced,
      onLost: (change) => {
        for (const listener of this.lostChangeListeners) listener(change);
      },
    });
    const onSync = (synced: boolean): void => {
      if (synced) watch.synced();
    };
    copy.provider.on('sync', onSync);
    this.cleanups.push(() => {
      copy.provider.off('sync', onSync);
      watch.destroy();
    });
  }

  private copies(): OpenCopy[] {
    return [this.contentCopy, ...this.layerCopies];
  }

  private updateStatus(): void {
    const statuses = this.copies().map((copy) => (copy.provider.wsconnected ? 'connected' : copy.provider.shouldConnect ? 'connecting' : 'offline'));
    const next: ConnectionStatus = !navigator.onLine || statuses.includes('offline')
      ? 'offline'
      : statuses.every((status) => status === 'connected')
        ? 'connected'
        : 'connecting';
    if (next === this.currentStatus) return;
    this.currentStatus = next;
    for (const listener of this.statusListeners) listener(next);
  }
}

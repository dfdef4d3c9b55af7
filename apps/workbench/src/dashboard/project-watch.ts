/**
 * Every annotator layer of a project's documents, kept live: one
 * `DocumentSession` per document (content room and annotator layer rooms,
 * read only), and a debounced notification whenever any of them changes, so
 * that the dashboard recomputes agreement without asking the server. Layers
 * and documents that appear later are added with `update`.
 */
import type * as Y from 'yjs';
import { readContentText, resolveLayer } from '@glossa/collab';
import { DocumentSession } from '../session/document-session.js';
import type { AgreementRelation, AgreementSpan } from '@glossa/core';
import type { LoadedDocument } from './agreement-figures.js';

/** A document of the project and the annotator layers it has. */
export interface WatchedDocumentSpec {
  readonly id: string;
  readonly layers: readonly string[];
}

/** Options of `ProjectWatch`. */
export interface ProjectWatchOptions {
  readonly project: string;
  /** The signed-in user (names the IndexedDB stores). */
  readonly user: string;
  readonly documents: readonly WatchedDocumentSpec[];
  /** How long changes are gathered before listeners hear of them, in milliseconds. @default 250 */
  readonly debounceMs?: number;
}

/** Awareness changes as y-protocols reports them. */
interface AwarenessChange {
  readonly added: readonly number[];
}

/** The live annotator layers of a project's documents. */
export class ProjectWatch {
  private readonly sessions: { readonly id: string; readonly session: DocumentSession }[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly joinListeners = new Set<() => void>();
  private readonly cleanups: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly debounceMs: number;

  constructor(private readonly options: ProjectWatchOptions) {
    this.debounceMs = options.debounceMs ?? 250;
    for (const doc of options.documents) this.openDocument(doc);
  }

  /** Whether every room of every document has completed its first sync with the server. */
  get synced(): boolean {
    return this.sessions.every(({ session }) => session.synced);
  }

  /**
   * Opens the layers and documents of `documents` not open yet (a new
   * annotator's layer, a document imported meanwhile); listeners hear of
   * them once they have synced. Nothing is closed.
   */
  update(documents: readonly WatchedDocumentSpec[]): void {
    for (const spec of documents) {
      const open = this.sessions.find((s) => s.id === spec.id);
      if (open === undefined) {
        this.openDocument(spec);
        continue;
      }
      for (const layer of spec.layers) {
        if (open.session.layer(layer) !== undefined) continue;
        this.watchDoc(open.session.addLayer({ id: layer, access: 'read' }).doc);
      }
    }
    this.schedule();
  }

  /** The documents with their text and each annotator layer's spans (UTF-16, with their pieces) and relations (dangling ones too), now. */
  documents(): LoadedDocument[] {
    return this.sessions.map(({ id, session }) => {
      const layers: Record<string, AgreementSpan[]> = {};
      const relations: Record<string, AgreementRelation[]> = {};
      for (const layer of session.layers) {
        const resolved = resolveLayer(layer.doc, session.content);
        layers[layer.id] = resolved.spans.map(({ id: spanId, start, end, label, fragments }) => ({ id: spanId, start, end, label, ...(fragments === undefined ? {} : { fragments }) }));
        relations[layer.id] = [...resolved.relations.live, ...resolved.relations.dangling.map((d) => d.relation)].map(({ from, to, label, directed }) => ({ from, to, label, directed }));
      }
      return { id, text: readContentText(session.content), layers, relations };
    });
  }

  /** Calls `listener` (debounced) after changes to any room; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Calls `listener` when someone joins a document's room (a client appears
   * in its awareness): a hint that a new layer may follow. Returns the
   * unsubscribe function.
   */
  onJoin(listener: () => void): () => void {
    this.joinListeners.add(listener);
    return () => this.joinListeners.delete(listener);
  }

  /** Closes every connection. */
  destroy(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const cleanup of this.cleanups) cleanup();
    for (const { session } of this.sessions) session.destroy();
    this.listeners.clear();
    this.joinListeners.clear();
  }

  private openDocument(spec: WatchedDocumentSpec): void {
    const session = new DocumentSession({ project: this.options.project, doc: spec.id, user: this.options.user, layers: spec.layers.map((id) => ({ id, access: 'read' as const })) });
    this.sessions.push({ id: spec.id, session });
    for (const doc of [session.content, ...session.layers.map((layer) => layer.doc)]) this.watchDoc(doc);
    this.cleanups.push(session.onSynced(() => this.schedule()));
    const onAwareness = (change: AwarenessChange): void => {
      if (change.added.length === 0) return;
      for (const listener of this.joinListeners) listener();
    };
    session.awareness.on('change', onAwareness);
    this.cleanups.push(() => session.awareness.off('change', onAwareness));
  }

  private watchDoc(doc: Y.Doc): void {
    const changed = (): void => this.schedule();
    doc.on('update', changed);
    this.cleanups.push(() => doc.off('update', changed));
  }

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      for (const listener of this.listeners) listener();
    }, this.debounceMs);
  }
}

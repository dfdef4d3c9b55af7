/**
 * Every annotator layer of a project's documents, kept live: one
 * `DocumentSession` per document (content room and annotator layer rooms,
 * read only), and a debounced notification whenever any of them changes, so
 * that the dashboard recomputes agreement without asking the server.
 */
import { readContentText, resolveLayer } from '@glossa/collab';
import { DocumentSession } from '../session/document-session.js';
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

/** The live annotator layers of a project's documents. */
export class ProjectWatch {
  private readonly sessions: { readonly id: string; readonly session: DocumentSession }[];
  private readonly listeners = new Set<() => void>();
  private readonly cleanups: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly debounceMs: number;

  constructor(options: ProjectWatchOptions) {
    this.debounceMs = options.debounceMs ?? 250;
    this.sessions = options.documents.map((doc) => ({
      id: doc.id,
      session: new DocumentSession({ project: options.project, doc: doc.id, user: options.user, layers: doc.layers.map((id) => ({ id, access: 'read' as const })) }),
    }));
    const changed = (): void => this.schedule();
    for (const { session } of this.sessions) {
      for (const doc of [session.content, ...session.layers.map((layer) => layer.doc)]) {
        doc.on('update', changed);
        this.cleanups.push(() => doc.off('update', changed));
      }
      this.cleanups.push(session.onSynced(changed));
    }
  }

  /** Whether every room of every document has completed its first sync with the server. */
  get synced(): boolean {
    return this.sessions.every(({ session }) => session.synced);
  }

  /** The documents with their text and each annotator layer's spans (UTF-16), now. */
  documents(): LoadedDocument[] {
    return this.sessions.map(({ id, session }) => {
      const layers: Record<string, { start: number; end: number; label: string }[]> = {};
      for (const layer of session.layers) layers[layer.id] = resolveLayer(layer.doc, session.content).spans.map(({ start, end, label }) => ({ start, end, label }));
      return { id, text: readContentText(session.content), layers };
    });
  }

  /** Calls `listener` (debounced) after changes to any room; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes every connection. */
  destroy(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const cleanup of this.cleanups) cleanup();
    for (const { session } of this.sessions) session.destroy();
    this.listeners.clear();
  }

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      for (const listener of this.listeners) listener();
    }, this.debounceMs);
  }
}

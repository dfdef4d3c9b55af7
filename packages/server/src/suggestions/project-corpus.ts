/**
 * `ProjectCorpus`: what the engine reads of a project, from the committed
 * state of its rooms (the store holds every update a client saw relayed):
 * each document's text and content doc (to anchor suggestions), and each
 * layer's spans and rejections. Rooms are decoded once and kept until a
 * commit touches them (`invalidate`).
 */
import * as Y from 'yjs';
import { quoteKey, type LabeledSpan } from '@glossa/core';
import { contentRoom, layerRoom, readContentText, readFeedback, resolveLayer } from '@glossa/collab';
import { documentLayers, type DataDir } from '@glossa/store';

/** A document's content as last committed. */
export interface CorpusContent {
  readonly doc: Y.Doc;
  readonly text: string;
}

/** What a layer of a document says to the engine. */
export interface CorpusLayer {
  /** Its annotations that are not rejected: what recommenders learn from, and what suggestions need not repeat. */
  readonly spans: readonly LabeledSpan[];
  /** Rejection keys (`quoteKey` of the label and quote) of every rejection recorded in the layer, by any user. */
  readonly rejected: ReadonlySet<string>;
}

const EMPTY_LAYER: CorpusLayer = { spans: [], rejected: new Set() };

/** A project's rooms as the engine reads them, decoded on demand and cached until invalidated. */
export class ProjectCorpus {
  private readonly contents = new Map<string, Promise<CorpusContent | null>>();
  private readonly layers = new Map<string, Promise<CorpusLayer>>();
  private readonly layerLists = new Map<string, Promise<string[]>>();

  constructor(
    private readonly data: DataDir,
    readonly project: string,
  ) {}

  /** Forgets what was read of `room` (a content or layer room of this project) after a commit. */
  invalidate(room: string, kind: 'content' | 'layer', doc: string): void {
    if (kind === 'content') {
      this.contents.delete(room);
      // The layers' spans are offsets into the text.
      for (const key of [...this.layers.keys()]) if (key.startsWith(`${room}/layers/`)) this.layers.delete(key);
    } else {
      this.layers.delete(room);
      this.layerLists.delete(doc);
    }
  }

  /** The ids of the project's documents. */
  async documents(): Promise<string[]> {
    return (await this.data.catalog.listDocuments(this.project)).map((d) => d.id);
  }

  /** The layers stored for a document. */
  documentLayers(doc: string): Promise<string[]> {
    let listed = this.layerLists.get(doc);
    if (listed === undefined) {
      listed = documentLayers(this.data, this.project, doc);
      this.layerLists.set(doc, listed);
      listed.catch(() => this.layerLists.delete(doc));
    }
    return listed;
  }

  /** A document's content, or null when it has none stored. */
  content(doc: string): Promise<CorpusContent | null> {
    const room = contentRoom(this.project, doc);
    let read = this.contents.get(room);
    if (read === undefined) {
      read = this.data.updates.load(room).then((state) => {
        if (state === null) return null;
        const content = new Y.Doc();
        Y.applyUpdate(content, state);
        return { doc: content, text: readContentText(content) };
      });
      this.contents.set(room, read);
      read.catch(() => this.contents.delete(room));
    }
    return read;
  }

  /** A layer of a document (empty when it was never written). */
  layer(doc: string, layer: string): Promise<CorpusLayer> {
    const room = layerRoom(this.project, doc, layer);
    let read = this.layers.get(room);
    if (read === undefined) {
      read = Promise.all([this.content(doc), this.data.updates.load(room)]).then(([content, state]) => {
        if (content === null || state === null) return EMPTY_LAYER;
        const layerDoc = new Y.Doc();
        try {
          Y.applyUpdate(layerDoc, state);
          const spans = resolveLayer(layerDoc, content.doc)
            .spans.filter((span) => span.status !== 'rejected')
            .map(({ start, end, label }) => ({ start, end, label }));
          const rejected = new Set(readFeedback(layerDoc).entries.filter((f) => f.action === 'rejected').map((f) => quoteKey(f.label, f.quote)));
          return { spans, rejected };
        } finally {
          layerDoc.destroy();
        }
      });
      this.layers.set(room, read);
      read.catch(() => this.layers.delete(room));
    }
    return read;
  }

  /** Forgets everything read (a run still holding a content doc keeps it). */
  clear(): void {
    this.contents.clear();
    this.layers.clear();
    this.layerLists.clear();
  }
}

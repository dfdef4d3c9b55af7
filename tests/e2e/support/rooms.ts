/**
 * Stock clients of the server's rooms for browser tests: a y-websocket
 * provider in Node (no BroadcastChannel, so only the server relays), and
 * native JSONL documents for setting up annotators' layers through the
 * server's import.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import WebSocket from 'ws';
import { importDocuments } from '@glossa/store';
import { seedSchema, type TestServer } from './server.js';

/** A stock y-websocket client of one room, synced with the server. */
export interface RoomClient {
  readonly doc: Y.Doc;
  /** The client's awareness, relayed to the room's other clients. */
  readonly awareness: Awareness;
  destroy(): void;
}

/** Connects a stock `WebsocketProvider` to `room` with `token` and resolves once it has the server's state. */
export async function openRoom(server: TestServer, room: string, token: string): Promise<RoomClient> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${server.url.replace(/^http/, 'ws')}/sync`, room, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  await new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', (synced: boolean) => (synced ? resolve() : undefined));
  });
  return {
    doc,
    awareness: provider.awareness,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** A span of one annotator's layer, by the text it covers (the `occurrence`-th match of `quote`). */
export interface QuotedSpan {
  readonly annotator: string;
  readonly quote: string;
  readonly label: string;
  readonly occurrence?: number;
}

/** A span in the native JSONL format: code-point offsets. */
export interface JsonlSpan {
  readonly start: number;
  readonly end: number;
  readonly label: string;
  readonly annotator: string;
  /** Who made the span, when not the annotator (the import takes the layer's name when it is missing). */
  readonly author?: string;
}

/** The code-point range of the `occurrence`-th `quote` in `text`. */
export function codePointRange(text: string, quote: string, occurrence = 0): { start: number; end: number } {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(quote, index + 1);
    if (index < 0) throw new Error(`the text has no occurrence ${occurrence} of ${JSON.stringify(quote)}`);
  }
  const start = [...text.slice(0, index)].length;
  return { start, end: start + [...quote].length };
}

/** Native JSONL spans of quoted spans. */
export function jsonlSpans(text: string, spans: readonly QuotedSpan[]): JsonlSpan[] {
  return spans.map((span) => ({ ...codePointRange(text, span.quote, span.occurrence), label: span.label, annotator: span.annotator }));
}

/**
 * A text of paragraphs joined by `\n`, and a span on `phrase(i)` in each
 * paragraph `i` (its first occurrence there) with the label and layer
 * `span(i)` gives. For ASCII paragraphs: code points are UTF-16 offsets.
 */
export function spanPerParagraph(paragraphs: readonly string[], phrase: (i: number) => string, span: (i: number) => Omit<JsonlSpan, 'start' | 'end'>): { text: string; spans: JsonlSpan[] } {
  const spans: JsonlSpan[] = [];
  let offset = 0;
  paragraphs.forEach((paragraph, i) => {
    const start = offset + paragraph.indexOf(phrase(i));
    spans.push({ ...span(i), start, end: start + phrase(i).length });
    offset += paragraph.length + 1;
  });
  return { text: paragraphs.join('\n'), spans };
}

/** Creates a project from native JSONL documents (text and annotator spans) with the server's import. */
export async function createAnnotatedProject(
  server: TestServer,
  project: string,
  mode: 'shared' | 'independent',
  documents: readonly { readonly id: string; readonly text: string; readonly spans: readonly JsonlSpan[] }[],
): Promise<void> {
  const content = documents.map((doc) => JSON.stringify({ id: doc.id, text: doc.text, spans: doc.spans })).join('\n') + '\n';
  const result = await importDocuments(server.server.data, [{ name: `${project}.jsonl`, format: 'jsonl', content }], { project, mode, defaultSchema: seedSchema() });
  if (!result.ok) throw new Error(`import into ${project}: ${JSON.stringify(result.errors)}`);
}

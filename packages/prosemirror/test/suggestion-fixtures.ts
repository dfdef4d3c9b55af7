/**
 * Editors with suggestions over real Y.Docs: a "server" holding the content,
 * layer and suggestion rooms, and clients whose docs are kept in step with
 * it by applying updates (at once, or queued and delivered in any order by
 * the randomized test).
 */
import * as Y from 'yjs';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { ySyncPlugin } from 'y-prosemirror';
import { CONTENT_FRAGMENT, REMOTE_ORIGIN, createContentDoc, createUserUndoManager, layerUndoScope, localOrigin, writeSuggestions } from '@glossa/collab';
import type { SuggestionInput } from '@glossa/collab';
import { annotationPlugin, documentSchema, shownSuggestions, yjsAnnotationBinding, yjsSuggestionBinding } from '../src/index.js';
import type { SuggestionOptions } from '../src/index.js';
import { testSchema } from './fixtures.js';

/** The rooms of one document, as a server or a client holds them. */
export interface Rooms {
  readonly content: Y.Doc;
  readonly layer: Y.Doc;
  readonly suggestions: Y.Doc;
}

/** A client: its replicas of the rooms, an editor with suggestions over them, and the user's undo. */
export interface Client extends Rooms {
  readonly user: string;
  readonly view: EditorView;
  readonly undo: Y.UndoManager;
}

/** The rooms of a new document with `text`, on the server. */
export function serverRooms(text: string): Rooms {
  return { content: createContentDoc(text), layer: new Y.Doc(), suggestions: new Y.Doc() };
}

/** The server writes one recommender's suggestions (text offsets into its content). */
export function suggest(server: Rooms, recommender: string, suggestions: readonly Omit<SuggestionInput, 'recommender'>[]): void {
  writeSuggestions(
    server.suggestions,
    server.content,
    recommender,
    suggestions.map((s) => ({ ...s, recommender })),
  );
}

/** Applies to `to` what `from` has and `to` lacks, as received from the other side. */
export function catchUp(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), REMOTE_ORIGIN);
}

/**
 * Keeps two docs in step from now on, as a provider would; returns the
 * function that stops it. Each direction applies updates with an origin of
 * its own, so a doc in the middle (the server) passes on to its other
 * links what it receives from one.
 */
export function relay(a: Y.Doc, b: Y.Doc): () => void {
  catchUp(a, b);
  catchUp(b, a);
  const fromA = { kind: 'remote' } as const;
  const fromB = { kind: 'remote' } as const;
  const forward = (to: Y.Doc, mark: object, echo: object) => (update: Uint8Array, origin: unknown) => {
    if (origin !== echo) Y.applyUpdate(to, update, mark);
  };
  const toB = forward(b, fromA, fromB);
  const toA = forward(a, fromB, fromA);
  a.on('update', toB);
  b.on('update', toA);
  return () => {
    a.off('update', toB);
    b.off('update', toA);
  };
}

/**
 * A client of `user` over fresh replicas of the server's rooms (caught up
 * now), with an editor showing the layer and the suggestions.
 */
export function openClient(server: Rooms, user: string, suggestionOptions: Omit<SuggestionOptions, 'binding'> | null = {}): Client {
  const rooms: Rooms = { content: new Y.Doc(), layer: new Y.Doc(), suggestions: new Y.Doc() };
  catchUp(server.content, rooms.content);
  catchUp(server.layer, rooms.layer);
  catchUp(server.suggestions, rooms.suggestions);
  let counter = 0;
  const state = EditorState.create({
    schema: documentSchema,
    plugins: [
      ySyncPlugin(rooms.content.getXmlFragment(CONTENT_FRAGMENT)),
      annotationPlugin({
        schema: testSchema,
        userId: user,
        binding: yjsAnnotationBinding({ layerDoc: rooms.layer, contentDoc: rooms.content, userId: user }),
        ...(suggestionOptions === null
          ? {}
          : { suggestions: { ...suggestionOptions, binding: yjsSuggestionBinding({ suggestionDoc: rooms.suggestions, contentDoc: rooms.content }) } }),
        viewportMargin: null,
        createId: () => `${user}-${++counter}`,
      }),
    ],
  });
  const view = new EditorView(document.createElement('div'), { state });
  const undo = createUserUndoManager(layerUndoScope(rooms.layer), localOrigin(user));
  return { ...rooms, user, view, undo };
}

/** Keeps a client's rooms in step with the server's; returns the function that stops it. */
export function connect(client: Rooms, server: Rooms): () => void {
  const stops = [relay(server.content, client.content), relay(server.layer, client.layer), relay(server.suggestions, client.suggestions)];
  return () => {
    for (const stop of stops) stop();
  };
}

/** The suggestions an editor shows, as `label:"text"@score`, in document order. */
export function printShown(view: EditorView): string[] {
  return shownSuggestions(view.state).map((s) => `${s.label}:${JSON.stringify(view.state.doc.textBetween(s.start, s.end, '\n'))}@${s.score}`);
}

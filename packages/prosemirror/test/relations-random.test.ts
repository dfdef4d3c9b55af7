// @vitest-environment happy-dom
/**
 * Randomized: three editors on synced Yjs docs, whose updates are delivered
 * late and in batches, make, relabel, reverse and delete relations, delete
 * and add annotations, add pieces and undo. After every step each editor's
 * relations are those its own layer doc resolves to (live, both ends
 * annotations), and once everything is delivered all three hold the same.
 */
import { describe, it, expect, afterEach } from 'vitest';
import type * as Y from 'yjs';
import { applyUpdate, encodeStateAsUpdate as encode } from 'yjs';
import { EditorState, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { ySyncPlugin } from 'y-prosemirror';
import { CONTENT_FRAGMENT, createContentDoc, createUserUndoManager, layerUndoScope, localOrigin, resolveRelations, writeAnnotations } from '@glossa/collab';
import type { LabelSchema, RelationAnnotation } from '@glossa/core';
import { ClientIds, SeedFailure, seededRandom, seedsToRun } from '../../../tests/support/seeded.js';
import {
  addFragment,
  annotateSelection,
  annotationPlugin,
  annotationPluginKey,
  completeRelation,
  deleteAnnotation,
  deleteRelation,
  documentSchema,
  relabelRelation,
  relationPlugin,
  relationPluginKey,
  reverseRelation,
  selectAnnotation,
  startRelation,
  yjsAnnotationBinding,
  yjsRelationBinding,
} from '../src/index.js';
import { span, testSchema } from './fixtures.js';

const schema: LabelSchema = {
  ...testSchema,
  relationLabels: [
    { id: 'funds', name: 'Funds', description: 'Pays for.', directed: true, color: '#66bb66' },
    { id: 'same', name: 'Same as', description: 'The same.', directed: false, color: '#bb66bb' },
  ],
};
const TEXT = 'the National Guard of Paris and the Guard of Lyon met the mayor of Lyon and the police of Paris';

const views: EditorView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
});

/** A client: its docs, its editor, its undo manager and the updates waiting for it. */
interface Client {
  readonly user: string;
  readonly content: Y.Doc;
  readonly layer: Y.Doc;
  readonly view: EditorView;
  readonly undo: Y.UndoManager;
  readonly inbox: { doc: 'content' | 'layer'; update: Uint8Array }[];
}

const DELIVERED = Symbol('delivered');

function session(seed: number, steps: number): void {
  const random = seededRandom(seed);
  const ids = new ClientIds(seed);
  const pick = (n: number): number => Math.floor(random() * n);
  const base = ids.during(() => createContentDoc(TEXT));
  const baseLayer = ids.doc();
  writeAnnotations(baseLayer, base, [span('a', 4, 18, 'org'), span('b', 22, 27, 'place'), span('c', 36, 41, 'org'), span('d', 45, 49, 'place'), span('e', 58, 63, 'org')]);
  const clients: Client[] = [];
  for (const user of ['ann', 'bob', 'cy']) {
    const content = ids.doc();
    const layer = ids.doc();
    applyUpdate(content, encode(base));
    applyUpdate(layer, encode(baseLayer));
    let counter = 0;
    const state = EditorState.create({
      schema: documentSchema,
      plugins: [
        ySyncPlugin(content.getXmlFragment(CONTENT_FRAGMENT)),
        annotationPlugin({ schema, userId: user, binding: yjsAnnotationBinding({ layerDoc: layer, contentDoc: content, userId: user }), viewportMargin: null, createId: () => `${user}-${++counter}` }),
        relationPlugin({ schema, userId: user, binding: yjsRelationBinding({ layerDoc: layer, userId: user }), draw: false }),
      ],
    });
    const view = new EditorView(document.createElement('div'), { state });
    views.push(view);
    clients.push({ user, content, layer, view, undo: createUserUndoManager(layerUndoScope(layer), localOrigin(user)), inbox: [] });
  }
  // Each update is queued for the other clients, delivered when they flush.
  for (const client of clients) {
    for (const kind of ['content', 'layer'] as const) {
      client[kind].on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === DELIVERED) return;
        for (const other of clients) if (other !== client) other.inbox.push({ doc: kind, update });
      });
    }
  }
  const flush = (client: Client): void => {
    for (const { doc, update } of client.inbox.splice(0)) applyUpdate(client[doc], update, DELIVERED);
  };
  const relationsOf = (client: Client): string[] =>
    [...(relationPluginKey.getState(client.view.state)?.relations.values() ?? [])].map(print).sort();
  const truthOf = (client: Client): string[] => resolveRelations(client.layer, client.layer.getMap('annotations')).live.map(print).sort();
  const run = (client: Client, ...commands: ((state: EditorState, dispatch?: EditorView['dispatch']) => boolean)[]): boolean => {
    for (const command of commands) if (!command(client.view.state, client.view.dispatch)) return false;
    return true;
  };
  const log: string[] = [];
  try {
    for (let step = 0; step < steps; step++) {
      const client = clients[pick(clients.length)] as Client;
      const spans = annotationPluginKey.getState(client.view.state)?.spans.toArray() ?? [];
      const relations = [...(relationPluginKey.getState(client.view.state)?.relations.values() ?? [])];
      const someSpan = (): string | undefined => spans[pick(spans.length)]?.id;
      const someRelation = (): RelationAnnotation | undefined => relations[pick(relations.length)];
      const choice = pick(10);
      if (choice <= 2) {
        const [from, to, label] = [someSpan(), someSpan(), pick(2) === 0 ? 'funds' : 'same'];
        if (from !== undefined && to !== undefined && from !== to) {
          log.push(`${client.user} relate ${from} ${to} ${label}`);
          run(client, selectAnnotation(from), startRelation(), selectAnnotation(to), completeRelation(label));
        }
      } else if (choice === 3) {
        const relation = someRelation();
        if (relation !== undefined) {
          log.push(`${client.user} relabel ${relation.id}`);
          run(client, relabelRelation(relation.id, relation.label === 'funds' ? 'same' : 'funds'));
        }
      } else if (choice === 4) {
        const relation = someRelation();
        if (relation !== undefined) {
          log.push(`${client.user} reverse ${relation.id}`);
          run(client, reverseRelation(relation.id));
        }
      } else if (choice === 5) {
        const relation = someRelation();
        if (relation !== undefined) {
          log.push(`${client.user} delete relation ${relation.id}`);
          run(client, deleteRelation(relation.id));
        }
      } else if (choice === 6) {
        const id = someSpan();
        if (id !== undefined && spans.length > 3) {
          log.push(`${client.user} delete span ${id}`);
          run(client, deleteAnnotation(id));
        }
      } else if (choice === 7) {
        const size = client.view.state.doc.content.size;
        const from = 1 + pick(size - 4);
        const to = Math.min(size - 1, from + 1 + pick(8));
        log.push(`${client.user} annotate ${from}-${to}`);
        client.view.dispatch(client.view.state.tr.setSelection(TextSelection.create(client.view.state.doc, from, to)));
        run(client, annotateSelection(pick(2) === 0 ? 'org' : 'place'));
        const id = someSpan();
        if (id !== undefined && pick(2) === 0) {
          log.push(`${client.user} piece of ${id}`);
          run(client, selectAnnotation(id), addFragment({ from, to }));
        }
      } else if (choice === 8) {
        log.push(`${client.user} undo`);
        client.undo.undo();
      } else {
        log.push(`${client.user} flush`);
        flush(client);
      }
      for (const each of clients) expect(relationsOf(each), `${each.user} after step ${step}`).toEqual(truthOf(each));
    }
    for (const client of clients) flush(client);
    for (const client of clients) flush(client);
    const first = relationsOf(clients[0] as Client);
    for (const client of clients) {
      expect(relationsOf(client)).toEqual(first);
      expect(truthOf(client)).toEqual(first);
    }
  } catch (error) {
    throw new SeedFailure(seed, error, log.slice(-8).join('; '));
  }
}

function print(relation: RelationAnnotation): string {
  return `${relation.id}:${relation.from}${relation.directed ? '->' : '--'}${relation.to}:${relation.label}`;
}

describe('relations, randomized', () => {
  it('each editor holds what its layer resolves to, and all converge once delivered', () => {
    for (const seed of seedsToRun(5)) session(seed, 120);
  });
});

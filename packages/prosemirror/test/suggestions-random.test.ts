// @vitest-environment happy-dom
/**
 * Two users accept, reject and undo suggestions at the same time in a
 * shared layer, while the server retrains and someone edits the text; their
 * updates travel late, out of order and twice. Once everything has
 * arrived, every replica holds the same layer and the same feedback, each
 * editor shows what a fresh editor over the same docs shows, and no
 * decision is lost. A failure names its seed (`GLOSSA_SEED` replays it).
 */
import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import type { EditorView } from 'prosemirror-view';
import {
  ANNOTATIONS_MAP,
  editContentText,
  readAnnotationEntry,
  readContentText,
  readFeedback,
  resolveLayer,
  resolveSuggestions,
} from '@glossa/collab';
import type { FeedbackAction } from '@glossa/collab';
import { seededRandom } from '../../../bench/harness.js';
import { acceptSuggestion, acceptSuggestionsInRange, rejectSuggestion, shownSuggestions, spansToPositions } from '../src/index.js';
import { pluginState } from './fixtures.js';
import { openClient, printShown, serverRooms, suggest } from './suggestion-fixtures.js';
import type { Client, Rooms } from './suggestion-fixtures.js';

const TEXT = [
  'The National Guard patrols Michoacán and Guerrero.',
  'Later the national guard left Michoacán; the army stayed in Guerrero.',
  'The mayor asked the National Guard and the army for more patrols.',
].join('\n');

const ROOMS = ['content', 'layer', 'suggestions'] as const;
type RoomName = (typeof ROOMS)[number];

/** An update on its way from one replica to another. */
interface Message {
  readonly to: Y.Doc;
  readonly update: Uint8Array;
  readonly origin: object;
}

/**
 * A network between the server and the clients that holds every update
 * until `deliver` is called, then delivers a random one (sometimes twice).
 * The server passes on to the other clients what it receives.
 */
class Network {
  readonly queue: Message[] = [];

  constructor(
    private readonly random: () => number,
    server: Rooms,
    clients: readonly Client[],
  ) {
    for (const room of ROOMS) {
      for (const client of clients) {
        const up = { kind: 'remote' } as const;
        const down = { kind: 'remote' } as const;
        client[room].on('update', (update: Uint8Array, origin: unknown) => {
          if (origin !== down) this.queue.push({ to: server[room], update, origin: up });
        });
        server[room].on('update', (update: Uint8Array, origin: unknown) => {
          if (origin !== up) this.queue.push({ to: client[room], update, origin: down });
        });
      }
    }
  }

  /** Delivers up to `count` messages, picked at random; one in five stays queued to arrive again. */
  deliver(count: number): void {
    for (let i = 0; i < count && this.queue.length > 0; i++) {
      const index = Math.floor(this.random() * this.queue.length);
      const message = this.queue[index] as Message;
      if (this.random() >= 0.2) this.queue.splice(index, 1);
      Y.applyUpdate(message.to, message.update, message.origin);
    }
  }

  /** Delivers everything, in random order. */
  flush(): void {
    while (this.queue.length > 0) this.deliver(this.queue.length);
  }
}

/** One action of a user (one undo step), to check that none of it is lost. */
interface Step {
  readonly user: string;
  /** Suggestion key → the decision written. */
  readonly feedback: ReadonlyMap<string, FeedbackAction>;
  /** The annotations written, each with the score it must carry (`null`: none, for another label). */
  readonly annotations: readonly { readonly id: string; readonly score: number | null }[];
  undone: boolean;
}

/** What a user's action wrote to their replica of the layer: the feedback and annotations that changed. */
function written(client: Client, act: () => void): { feedback: Map<string, FeedbackAction>; annotations: { id: string; score: number | null }[] } {
  const feedbackBefore = new Map(readFeedback(client.layer, client.user).entries.map((f) => [f.suggestion, f.at]));
  const annotationsBefore = new Set(client.layer.getMap(ANNOTATIONS_MAP).keys());
  act();
  const feedback = new Map<string, FeedbackAction>();
  for (const f of readFeedback(client.layer, client.user).entries) if (feedbackBefore.get(f.suggestion) !== f.at) feedback.set(f.suggestion, f.action);
  const annotations: { id: string; score: number | null }[] = [];
  for (const id of client.layer.getMap(ANNOTATIONS_MAP).keys()) {
    if (annotationsBefore.has(id)) continue;
    const read = readAnnotationEntry(id, client.layer.getMap(ANNOTATIONS_MAP).get(id));
    annotations.push({ id, score: 'entry' in read ? (read.entry.model?.score ?? null) : null });
  }
  return { feedback, annotations };
}

/** The server's candidates: every occurrence of these words, with a label. */
const CANDIDATES: readonly { readonly quote: string; readonly label: string }[] = [
  { quote: 'National Guard', label: 'org' },
  { quote: 'national guard', label: 'org' },
  { quote: 'Michoacán', label: 'place' },
  { quote: 'Guerrero', label: 'place' },
  { quote: 'army', label: 'org' },
  { quote: 'Guard', label: 'place' },
];

/** The server retrains `recommender`: a random subset of the candidates in its current text, with new scores. */
function retrain(server: Rooms, recommender: string, version: number, random: () => number): void {
  const text = readContentText(server.content);
  const suggestions: { start: number; end: number; label: string; score: number; modelVersion: string }[] = [];
  for (const { quote, label } of CANDIDATES) {
    for (let at = text.indexOf(quote); at >= 0; at = text.indexOf(quote, at + 1)) {
      if (random() < 0.7) suggestions.push({ start: at, end: at + quote.length, label, score: Math.round(random() * 100) / 100, modelVersion: `${recommender}-${version}` });
    }
  }
  suggest(server, recommender, suggestions);
}

function pluginSpans(view: EditorView): string[] {
  return pluginState(view.state)
    .spans.toArray()
    .map((s) => `${s.id}@${s.start}-${s.end}:${s.label}:${s.source}`)
    .sort();
}

function yjsSpans(view: EditorView, rooms: Rooms): string[] {
  return spansToPositions(view.state.doc, resolveLayer(rooms.layer, rooms.content).spans)
    .map((s) => `${s.id}@${s.start}-${s.end}:${s.label}:${s.source}`)
    .sort();
}

function session(seed: number, steps: number): void {
  const random = seededRandom(seed);
  const pick = (n: number): number => Math.floor(random() * n);
  const server = serverRooms(TEXT);
  retrain(server, 'string-match', 0, random);
  retrain(server, 'tagger', 0, random);
  const clients = [openClient(server, 'ana'), openClient(server, 'bob')];
  const network = new Network(random, server, clients);
  const actions: Step[] = [];
  const log: string[] = [];
  let version = 1;
  const record = (client: Client, act: () => boolean): boolean => {
    let applied = false;
    const change = written(client, () => {
      applied = act();
    });
    if (applied) actions.push({ user: client.user, ...change, undone: false });
    return applied;
  };
  try {
    for (let step = 0; step < steps; step++) {
      const client = clients[pick(clients.length)] as Client;
      const { view, user } = client;
      const shown = shownSuggestions(view.state);
      const suggestion = shown[pick(shown.length)];
      const choice = pick(10);
      if (choice <= 1 && suggestion !== undefined) {
        const label = random() < 0.25 ? (suggestion.label === 'org' ? 'place' : 'org') : undefined;
        log.push(`${user} accepts ${suggestion.key}${label === undefined ? '' : ` as ${label}`}`);
        expect(record(client, () => acceptSuggestion({ id: suggestion.id, ...(label === undefined ? {} : { label }) })(view.state, view.dispatch, view))).toBe(true);
        const last = actions[actions.length - 1] as Step;
        expect([...last.feedback]).toEqual([[suggestion.key, label === undefined ? 'accepted' : 'corrected']]);
        expect(last.annotations.map((a) => a.score)).toEqual([label === undefined ? suggestion.score : null]);
      } else if (choice === 2 && suggestion !== undefined) {
        log.push(`${user} rejects ${suggestion.key}`);
        expect(record(client, () => rejectSuggestion(suggestion.id)(view.state, view.dispatch, view))).toBe(true);
        expect([...(actions[actions.length - 1] as Step).feedback]).toEqual([[suggestion.key, 'rejected']]);
      } else if (choice === 3 && shown.length > 0) {
        const size = view.state.doc.content.size;
        const from = pick(size);
        const to = from + pick(size - from + 1);
        const minScore = Math.round(random() * 100) / 100;
        log.push(`${user} accepts in ${from}-${to} at ${minScore}`);
        record(client, () => acceptSuggestionsInRange(from, to, minScore)(view.state, view.dispatch, view));
      } else if (choice === 4) {
        const mine = actions.filter((s) => s.user === user && !s.undone);
        const last = mine[mine.length - 1];
        if (last !== undefined) {
          log.push(`${user} undoes`);
          expect(client.undo.undoStack.length).toBe(mine.length);
          client.undo.undo();
          last.undone = true;
        }
      } else if (choice === 5) {
        log.push(`server retrains (${version})`);
        retrain(server, random() < 0.5 ? 'string-match' : 'tagger', version++, random);
      } else if (choice === 6) {
        const text = readContentText(server.content);
        const at = pick(text.length);
        const remove = random() < 0.5 ? Math.min(1 + pick(3), text.length - at) : 0;
        log.push(`text edit at ${at} -${remove}`);
        editContentText(server.content, at, remove, remove > 0 ? '' : 'x');
      } else {
        network.deliver(1 + pick(6));
      }
    }
    network.flush();

    // Every replica holds the same rooms.
    for (const room of ROOMS) {
      const vector = Y.encodeStateVector(server[room]);
      for (const client of clients) expect(Y.encodeStateVector(client[room as RoomName]), `${room} of ${client.user}`).toEqual(vector);
    }
    const text = readContentText(server.content);
    const layer = resolveLayer(server.layer, server.content);
    const feedback = readFeedback(server.layer).entries;
    for (const client of clients) {
      expect(readContentText(client.content)).toBe(text);
      expect(resolveLayer(client.layer, client.content)).toEqual(layer);
      expect(readFeedback(client.layer).entries).toEqual(feedback);
      expect(resolveSuggestions(client.suggestions, client.content).suggestions).toEqual(resolveSuggestions(server.suggestions, server.content).suggestions);
    }

    // No decision lost: each one not undone is stored as made, each undone one is gone.
    const annotations = server.layer.getMap(ANNOTATIONS_MAP);
    const expected = new Map<string, FeedbackAction>();
    for (const s of actions) {
      for (const a of s.annotations) {
        const read = readAnnotationEntry(a.id, annotations.get(a.id));
        if (s.undone) expect(annotations.has(a.id), `undone ${a.id}`).toBe(false);
        else expect('entry' in read && (read.entry.model?.score ?? null), `annotation ${a.id} of ${s.user}`).toBe(a.score);
      }
      if (!s.undone) for (const [key, action] of s.feedback) expected.set(`${s.user}/${key}`, action);
    }
    expect(feedback.map((f) => `${f.by}/${f.suggestion}:${f.action}`).sort()).toEqual([...expected].map(([key, action]) => `${key}:${action}`).sort());

    // Each editor shows the layer as Yjs resolves it, and the suggestions a fresh editor shows.
    for (const client of clients) {
      expect(pluginSpans(client.view)).toEqual(yjsSpans(client.view, client));
      const fresh = openClient(server, client.user);
      expect(printShown(client.view)).toEqual(printShown(fresh.view));
      const mine = new Set(feedback.filter((f) => f.by === client.user).map((f) => f.suggestion));
      expect(shownSuggestions(client.view.state).filter((s) => mine.has(s.key))).toEqual([]);
      fresh.view.destroy();
    }
  } catch (error) {
    throw new Error(`suggestion decisions diverged with seed ${seed} (rerun with GLOSSA_SEED=${seed}) after: ${log.slice(-8).join('; ')}: ${String(error)}`);
  } finally {
    for (const client of clients) client.view.destroy();
  }
}

describe('accepting and rejecting suggestions on two replicas at once', () => {
  it('converges, loses no decision, and each editor shows what a fresh one shows', () => {
    const seed = Number(process.env['GLOSSA_SEED'] ?? Date.now() % 1_000_000);
    for (let run = 0; run < 8; run++) session(seed + run, 80);
  });
});

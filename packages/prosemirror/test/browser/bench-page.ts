/// <reference lib="dom" />
/**
 * The browser benchmark page, bundled by bench/browser/run.ts (it lives in
 * this package so that it resolves ProseMirror and y-prosemirror as the
 * package does) and driven through
 * `window.glossaBench`. It opens one of four editors on the same 1 MB text:
 *
 * - `bare`: a bare ProseMirror view;
 * - `bare-decorated`: a bare view with the 10,000 annotations as plain inline decorations;
 * - `empty`: the collaborative stack (y-prosemirror + the annotation plugin
 *   on a Yjs layer) with no annotations;
 * - `annotated`: the same stack with the 10,000 annotations;
 * - `related`: `annotated` with 1,000 relations between them, drawn by the
 *   relation plugin.
 *
 * "Paint" is the first frame after the last DOM change: a
 * `requestAnimationFrame` callback, then a message posted from it, which
 * runs once that frame is produced.
 */
import * as Y from 'yjs';
import { EditorState, TextSelection } from 'prosemirror-state';
import type { Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, EditorView } from 'prosemirror-view';
import { keymap } from 'prosemirror-keymap';
import { baseKeymap } from 'prosemirror-commands';
import { ySyncPlugin } from 'y-prosemirror';
import type { LabelSchema, SpanAnnotation } from '@glossa/core';
import {
  annotateSelection,
  annotationPlugin,
  annotationPluginKey,
  annotationStyles,
  documentSchema,
  isYjsChange,
  relationPlugin,
  relationStyles,
  textToDoc,
  textOffsetToPos,
  yjsAnnotationBinding,
  yjsRelationBinding,
} from '../../src/index.js';
import type { BenchFixture, EditorKind, PageApi, ScrollResult } from '../../../../bench/browser/protocol.js';
import { RELAY_CONTENT, RELAY_LAYER } from '../../../../bench/browser/protocol.js';

/** The label schema of the benchmark annotations. */
const schema: LabelSchema = {
  version: 1,
  name: 'bench',
  textColor: '#111111',
  groups: [],
  documentLabels: [],
  labels: [
    { id: 'org', name: 'Organization', description: 'An organization.', color: '#ffcc00' },
    { id: 'place', name: 'Place', description: 'A place.', color: '#00aaff' },
    { id: 'policy', name: 'Policy', description: 'A policy.', color: '#2ca02c' },
  ],
  relationLabels: [{ id: 'funds', name: 'Funds', description: 'Pays for.', directed: true, color: '#b39ddb' }],
};

/** The origin of updates received from the relay. */
const RELAY_ORIGIN = { kind: 'remote' } as const;

/** Resolves with `performance.now()` once the next frame has been produced. */
function nextPaint(): Promise<number> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    });
  });
}

async function fetchBytes(path: string): Promise<Uint8Array> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

let view: EditorView | null = null;
let fixture: BenchFixture | null = null;
let contentDoc: Y.Doc | null = null;
let layerDoc: Y.Doc | null = null;
/** Time of the keydown being measured, or null. */
let keyDownAt: number | null = null;
const keyLatencies: number[] = [];
/** How many transactions of each kind the editor applied (see `transactionKind`). */
const transactionCounts = new Map<string, number>();

/** A transaction's kind for `transactionCounts`: its annotation action, a Yjs change, an edit, a selection or other meta. */
function transactionKind(tr: Transaction): string {
  const action = tr.getMeta(annotationPluginKey) as { type?: string } | undefined;
  if (action?.type !== undefined) return `annotation:${action.type}`;
  if (isYjsChange(tr)) return 'yjs';
  if (tr.docChanged) return 'edit';
  if (tr.selectionSet) return 'selection';
  return 'other';
}
/** Called after each dispatched transaction (remote measurements hook in here). */
let afterDispatch: ((tr: Transaction) => void) | null = null;

function requireView(): EditorView {
  if (view === null) throw new Error('glossaBench: open() an editor first');
  return view;
}

function requireFixture(): BenchFixture {
  if (fixture === null) throw new Error('glossaBench: open() an editor first');
  return fixture;
}

/** Sends local updates of `doc` to the relay and applies the relay's updates. */
function connectRelay(socket: WebSocket, doc: Y.Doc, tag: number): void {
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === RELAY_ORIGIN) return;
    const message = new Uint8Array(update.length + 1);
    message[0] = tag;
    message.set(update, 1);
    socket.send(message);
  });
  socket.addEventListener('message', (event: MessageEvent<ArrayBuffer>) => {
    const data = new Uint8Array(event.data);
    if (data[0] === tag) Y.applyUpdate(doc, data.subarray(1), RELAY_ORIGIN);
  });
}

async function openRelay(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`cannot reach the relay at ${url}`)), { once: true });
  });
  return socket;
}

function dispatchTransaction(this: EditorView, tr: Transaction): void {
  // `this` is the view, also while y-prosemirror dispatches from inside its constructor.
  this.updateState(this.state.apply(tr));
  const kind = transactionKind(tr);
  transactionCounts.set(kind, (transactionCounts.get(kind) ?? 0) + 1);
  if (tr.docChanged && keyDownAt !== null && !isYjsChange(tr)) {
    const start = keyDownAt;
    keyDownAt = null;
    void nextPaint().then((painted) => keyLatencies.push(painted - start));
  }
  afterDispatch?.(tr);
}

/** The plain inline decorations of the annotations, for the `bare-decorated` editor. */
function plainDecorations(doc: EditorState['doc'], spans: readonly SpanAnnotation[]): DecorationSet {
  const decorations = spans.map((span) =>
    Decoration.inline(textOffsetToPos(doc, span.start), textOffsetToPos(doc, span.end), {
      class: 'glossa-annotation glossa-depth-1',
      style: '--glossa-c0: #ffcc00',
      'data-annotation-ids': span.id,
    }),
  );
  return DecorationSet.create(doc, decorations);
}

const api: PageApi = {
  async open(kind: EditorKind, relayUrl?: string): Promise<number> {
    const loaded = (await (await fetch('/fixture.json')).json()) as BenchFixture;
    fixture = loaded;
    const style = document.createElement('style');
    style.textContent = annotationStyles(schema) + (kind === 'related' ? relationStyles(schema) : '');
    document.head.append(style);
    const mount = document.querySelector('#editor');
    if (mount === null) throw new Error('the page has no #editor');
    let create: () => EditorView;
    if (kind === 'bare' || kind === 'bare-decorated') {
      const doc = textToDoc(loaded.text);
      create = () => {
        const decorations = kind === 'bare-decorated' ? plainDecorations(doc, loaded.spans) : DecorationSet.empty;
        return new EditorView(mount, {
          state: EditorState.create({ doc, plugins: [keymap(baseKeymap)] }),
          decorations: () => decorations,
          dispatchTransaction,
        });
      };
    } else {
      const content = new Y.Doc();
      const layer = new Y.Doc();
      Y.applyUpdate(content, await fetchBytes('/content.bin'));
      Y.applyUpdate(layer, await fetchBytes(kind === 'annotated' ? '/layer.bin' : kind === 'related' ? '/layer-related.bin' : '/layer-empty.bin'));
      if (relayUrl !== undefined) {
        const socket = await openRelay(relayUrl);
        connectRelay(socket, content, RELAY_CONTENT);
        connectRelay(socket, layer, RELAY_LAYER);
      }
      contentDoc = content;
      layerDoc = layer;
      const userId = `bench-${Math.random().toString(36).slice(2)}`;
      create = () =>
        new EditorView(mount, {
          state: EditorState.create({
            schema: documentSchema,
            plugins: [
              ySyncPlugin(content.getXmlFragment('content')),
              annotationPlugin({ schema, userId, binding: yjsAnnotationBinding({ layerDoc: layer, contentDoc: content, userId }) }),
              ...(kind === 'related' ? [relationPlugin({ schema, userId, binding: yjsRelationBinding({ layerDoc: layer, userId }) })] : []),
              keymap(baseKeymap),
            ],
          }),
          dispatchTransaction,
        });
    }
    await nextPaint();
    const started = performance.now();
    view = create();
    const painted = await nextPaint();
    if (view.state.doc.textContent.length === 0) throw new Error(`${kind}: the editor shows no text`);
    return painted - started;
  },

  placeCaret(textOffset: number): void {
    const editor = requireView();
    const pos = textOffsetToPos(editor.state.doc, textOffset);
    editor.focus();
    editor.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, pos)).scrollIntoView());
  },

  armKeystroke(): void {
    keyDownAt = null;
    window.addEventListener(
      'keydown',
      (event) => {
        keyDownAt = event.timeStamp;
      },
      { capture: true, once: true },
    );
  },

  async keystrokeLatency(index: number): Promise<number> {
    while (keyLatencies.length <= index) await nextPaint();
    return keyLatencies[index] as number;
  },

  async annotate(textFrom: number, textTo: number, label: string): Promise<number> {
    const editor = requireView();
    const doc = editor.state.doc;
    editor.dispatch(editor.state.tr.setSelection(TextSelection.create(doc, textOffsetToPos(doc, textFrom), textOffsetToPos(doc, textTo))));
    await nextPaint();
    const started = performance.now();
    if (!annotateSelection(label)(editor.state, editor.dispatch)) throw new Error(`annotating [${textFrom}, ${textTo}) did not apply`);
    const painted = await nextPaint();
    return painted - started;
  },

  async annotateAt(textFrom: number, textTo: number, label: string): Promise<number> {
    const editor = requireView();
    const doc = editor.state.doc;
    editor.dispatch(editor.state.tr.setSelection(TextSelection.create(doc, textOffsetToPos(doc, textFrom), textOffsetToPos(doc, textTo))));
    const sent = performance.timeOrigin + performance.now();
    if (!annotateSelection(label)(editor.state, editor.dispatch)) throw new Error(`annotating [${textFrom}, ${textTo}) did not apply`);
    return sent;
  },

  typeAt(textOffset: number, text: string): number {
    const editor = requireView();
    const pos = textOffsetToPos(editor.state.doc, textOffset);
    const sent = performance.timeOrigin + performance.now();
    editor.dispatch(editor.state.tr.insertText(text, pos));
    return sent;
  },

  awaitRemote(kind: 'annotation' | 'text'): Promise<number> {
    const editor = requireView();
    const before = annotationPluginKey.getState(editor.state)?.spans.size ?? 0;
    return new Promise((resolve) => {
      afterDispatch = (tr) => {
        const arrived =
          kind === 'text' ? tr.docChanged && isYjsChange(tr) : (annotationPluginKey.getState(editor.state)?.spans.size ?? 0) > before;
        if (!arrived) return;
        afterDispatch = null;
        void nextPaint().then((painted) => resolve(performance.timeOrigin + painted));
      };
    });
  },

  async scrollTo(fraction: number): Promise<ScrollResult> {
    const editor = requireView();
    const scroller = document.scrollingElement ?? document.documentElement;
    await nextPaint();
    const started = performance.now();
    scroller.scrollTop = fraction * (scroller.scrollHeight - window.innerHeight);
    // Wait, frame by frame, until annotations are drawn in the visible area.
    for (let frame = 0; frame < 120; frame++) {
      const painted = await nextPaint();
      const visible = Array.from(editor.dom.querySelectorAll('.glossa-annotation')).some((element) => {
        const rect = element.getBoundingClientRect();
        return rect.bottom > 0 && rect.top < window.innerHeight;
      });
      // With relations, until their arcs are drawn in view too.
      const arcs = Array.from(document.querySelectorAll('.glossa-relation')).filter((element) => {
        const rect = element.getBoundingClientRect();
        return rect.bottom > 0 && rect.top < window.innerHeight;
      }).length;
      if (visible && (arcs > 0 || document.querySelector('.glossa-relations') === null)) {
        const top = editor.posAtCoords({ left: editor.dom.getBoundingClientRect().left + 1, top: 1 })?.pos ?? -1;
        const window_ = annotationPluginKey.getState(editor.state)?.window ?? null;
        return { ms: painted - started, frames: frame + 1, visiblePos: top, window: window_, arcs };
      }
    }
    throw new Error(`no annotation drawn in view 120 frames after scrolling to ${fraction}`);
  },

  expectedSpansNear(textOffset: number, length: number): number {
    const data = requireFixture();
    return data.spans.filter((span) => span.start < textOffset + length && span.end > textOffset).length;
  },

  transactionCounts(): Record<string, number> {
    return Object.fromEntries(transactionCounts);
  },

  layerSize(): number {
    if (layerDoc === null || contentDoc === null) return 0;
    return layerDoc.getMap('annotations').size;
  },
};

(window as unknown as { glossaBench: PageApi }).glossaBench = api;

/**
 * The edits and checks the multi-process tests share: seeded mixed edits of
 * text and annotations, bursts of them over many clients, and the check that
 * every client holds exactly the stored state.
 */
import { expect } from 'vitest';
import * as Y from 'yjs';
import { openData } from '@glossa/store';
import { storedHoldsAll } from './cluster.js';

/** One edit of `doc`: text into `notes` or an annotation into `annotations`, drawn from `random`. */
export function edit(doc: Y.Doc, random: () => number, n: number): void {
  if (random() < 0.5) {
    const notes = doc.getText('notes');
    notes.insert(Math.floor(random() * (notes.length + 1)), String.fromCharCode(97 + (n % 26)));
  } else {
    const start = Math.floor(random() * 1000);
    doc.getMap('annotations').set(`${doc.clientID}-${n}`, { label: random() < 0.5 ? 'militarization' : 'prevention', start, end: start + 1 + Math.floor(random() * 20) });
  }
}

/** Makes `count` edits round robin over `docs`, yielding to the event loop every 100 so the sockets flow. */
export async function burst(docs: readonly Y.Doc[], count: number, random: () => number, onEdit?: (n: number) => Promise<void> | void): Promise<void> {
  for (let n = 0; n < count; n++) {
    edit(docs[n % docs.length] as Y.Doc, random, n);
    if (n % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    await onEdit?.(n);
  }
}

/** The room's stored state, read through a store of its own. */
export async function storedState(url: string, room: string): Promise<Uint8Array> {
  const data = await openData(url);
  try {
    return (await data.updates.load(room)) ?? new Uint8Array([0, 0]);
  } finally {
    await data.close();
  }
}

export function expectIdentical(docs: readonly Y.Doc[], stored: Uint8Array): void {
  const reference = new Y.Doc();
  Y.applyUpdate(reference, stored);
  const content = (doc: Y.Doc): unknown => ({ notes: doc.getText('notes').toString(), annotations: doc.getMap('annotations').toJSON() });
  for (const doc of docs) {
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(reference));
    expect(content(doc)).toEqual(content(reference));
    expect(storedHoldsAll(doc, stored)).toBe(true);
  }
}

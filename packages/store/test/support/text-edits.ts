/**
 * Small Yjs fixtures of the storage tests: a text that grows by one word
 * per update, and the text a stored state holds.
 */
import * as Y from 'yjs';

/** A doc whose text `t` grows by one word per update, and the updates it emitted. */
export function textEdits(words: readonly string[]): { updates: Uint8Array[]; text: string } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (const word of words) doc.getText('t').insert(doc.getText('t').length, word);
  return { updates, text: doc.getText('t').toString() };
}

/** The text `t` of a stored state ('' for none). */
export function textOf(state: Uint8Array | null): string {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return doc.getText('t').toString();
}

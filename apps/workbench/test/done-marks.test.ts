import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isLocalOrigin } from '@glossa/collab';
import { DONE_MAP, isDone, markDone, observeDoneMarks, readDoneMarks } from '../src/session/done-marks.js';

describe('done marks', () => {
  it('keeps one mark per user in the layer room, set and taken back with the user’s origin', () => {
    const layer = new Y.Doc();
    const origins: unknown[] = [];
    layer.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    let changes = 0;
    const stop = observeDoneMarks(layer, () => changes++);
    markDone(layer, 'ana', true, 1_000);
    markDone(layer, 'ben', true, 2_000);
    expect(readDoneMarks(layer)).toEqual([
      { user: 'ana', at: 1_000 },
      { user: 'ben', at: 2_000 },
    ]);
    expect(layer.getMap(DONE_MAP).toJSON()).toEqual({ ana: { at: 1_000 }, ben: { at: 2_000 } });
    markDone(layer, 'ana', false);
    expect([isDone(layer, 'ana'), isDone(layer, 'ben')]).toEqual([false, true]);
    expect(changes).toBe(3);
    expect(origins.every((origin) => isLocalOrigin(origin))).toBe(true);
    stop();
  });

  it('leaves out entries that are not { at: number }', () => {
    const layer = new Y.Doc();
    const map = layer.getMap<unknown>(DONE_MAP);
    map.set('ana', { at: 5 });
    map.set('bad', 'yes');
    map.set('worse', { at: 'now' });
    map.set('nan', { at: Number.NaN });
    expect(readDoneMarks(layer)).toEqual([{ user: 'ana', at: 5 }]);
  });
});

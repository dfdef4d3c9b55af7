import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { decodeClientMessage, encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from '../src/protocol.js';
import { decodeAwarenessUpdate, encodeAwarenessEntries, stampAwarenessState } from '../src/awareness-stamp.js';

describe('decodeClientMessage', () => {
  it('decodes what the encoders write', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'abc');
    const sv = Y.encodeStateVector(doc);
    const update = Y.encodeStateAsUpdate(doc);
    expect(decodeClientMessage(encodeSyncStep1(sv))).toEqual({ ok: true, value: { kind: 'sync-step1', stateVector: sv } });
    expect(decodeClientMessage(encodeSyncStep2(update))).toEqual({ ok: true, value: { kind: 'sync-step2', update } });
    expect(decodeClientMessage(encodeUpdate(update))).toEqual({ ok: true, value: { kind: 'update', update } });
    expect(decodeClientMessage(encodeAwareness(new Uint8Array([0])))).toEqual({ ok: true, value: { kind: 'awareness', update: new Uint8Array([0]) } });
    expect(decodeClientMessage(new Uint8Array([3]))).toEqual({ ok: true, value: { kind: 'query-awareness' } });
  });

  it.each([
    ['an empty message', [], /undecodable/],
    ['an unknown message type', [7], /unknown message type 7/],
    ['an unknown sync type', [0, 5, 0], /unknown sync type 5/],
    ['a payload longer than the message', [0, 2, 100, 1, 2], /undecodable/],
    ['trailing bytes', [3, 0], /unexpected bytes/],
    ['a bad state vector', [0, 0, 2, 5, 0x80], /undecodable/],
  ])('refuses %s', (_what, bytes, reason) => {
    const result = decodeClientMessage(new Uint8Array(bytes));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(reason);
  });

  it('never throws on arbitrary bytes (property)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => void decodeClientMessage(bytes)), { numRuns: 2000 });
  });
});

describe('awareness stamping', () => {
  it('round-trips the y-protocols encoding', () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState({ user: { id: 'x', name: 'X', color: '#123456' }, cursor: 3 });
    const encoded = encodeAwarenessUpdate(awareness, [doc.clientID]);
    const decoded = decodeAwarenessUpdate(encoded);
    expect(decoded.ok).toBe(true);
    if (decoded.ok) expect(encodeAwarenessEntries(decoded.value)).toEqual(encoded);
    awareness.destroy();
  });

  it.each([
    [{ user: { id: 'root', name: 'Root', color: '#f00' }, layer: 'gold' }, { user: { id: 'alice', name: 'Alice', color: '#f00' }, layer: 'gold' }],
    [{ cursor: 1 }, { cursor: 1, user: { id: 'alice', name: 'Alice' } }],
    [{ user: 'root' }, { user: { id: 'alice', name: 'Alice' } }],
    ['a string', { user: { id: 'alice', name: 'Alice' } }],
    [null, null],
  ])('stamps %j as %j', (state, expected) => {
    expect(stampAwarenessState(state, { id: 'alice', name: 'Alice' })).toEqual(expected);
  });

  it.each([
    ['a count larger than the message', [200, 1]],
    ['a state that is not JSON', [1, 1, 1, 3, 0x7b, 0x7b, 0x7b]],
    ['trailing bytes', [0, 1]],
  ])('refuses an awareness update with %s', (_what, bytes) => {
    expect(decodeAwarenessUpdate(new Uint8Array(bytes)).ok).toBe(false);
  });
});

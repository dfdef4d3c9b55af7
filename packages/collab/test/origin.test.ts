import { describe, it, expect } from 'vitest';
import {
  IMPORT_ORIGIN,
  REANCHOR_ORIGIN,
  REMOTE_ORIGIN,
  isImportOrigin,
  isLocalOrigin,
  isModelOrigin,
  isOrigin,
  isReanchorOrigin,
  isRemoteOrigin,
  localOrigin,
  modelOrigin,
  sameOrigin,
} from '../src/index.js';

describe('origins', () => {
  it('tells each kind apart', () => {
    const all = [localOrigin('ana'), REMOTE_ORIGIN, IMPORT_ORIGIN, modelOrigin('spacy'), REANCHOR_ORIGIN];
    const guards = [isLocalOrigin, isRemoteOrigin, isImportOrigin, isModelOrigin, isReanchorOrigin];
    for (const [i, origin] of all.entries()) {
      expect(guards.map((g) => g(origin))).toEqual(guards.map((_, j) => i === j));
      expect(isOrigin(origin)).toBe(true);
    }
  });

  it.each([null, undefined, 'local', { kind: 'local' }, { kind: 'model' }, { kind: 'other' }, 5])('rejects %j', (value) => {
    expect(isOrigin(value)).toBe(false);
  });

  it('returns one object per user and compares by value', () => {
    expect(localOrigin('ana')).toBe(localOrigin('ana'));
    expect(sameOrigin(localOrigin('ana'), { kind: 'local', userId: 'ana' })).toBe(true);
    expect(sameOrigin(localOrigin('ana'), localOrigin('ben'))).toBe(false);
    expect(sameOrigin(modelOrigin('a'), modelOrigin('b'))).toBe(false);
    expect(() => localOrigin('')).toThrow(RangeError);
  });
});

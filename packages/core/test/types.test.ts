import { describe, expect, it } from 'vitest';
import { fail, isAnnotationSource, isModelSource, modelSource, ok, recommenderOf } from '@glossa/core';

describe('Result helpers', () => {
  it('tags values and errors', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect(fail(['x'])).toEqual({ ok: false, errors: ['x'] });
  });
});

describe('annotation sources', () => {
  it('accepts the fixed words and a named recommender, nothing else', () => {
    for (const source of ['human', 'import', 'model', 'model:tagger', 'model:string match']) expect(isAnnotationSource(source)).toBe(true);
    for (const value of ['', 'model:', 'Human', 'model:a\nb', 'robot', 3, null, undefined]) expect(isAnnotationSource(value)).toBe(false);
  });

  it('names the recommender of a model source and tells model sources apart', () => {
    expect(modelSource('tagger')).toBe('model:tagger');
    expect(recommenderOf('model:tagger')).toBe('tagger');
    expect(recommenderOf('model')).toBeUndefined();
    expect(recommenderOf('human')).toBeUndefined();
    expect([isModelSource('model'), isModelSource('model:tagger'), isModelSource('human'), isModelSource('import')]).toEqual([true, true, false, false]);
    expect(() => modelSource('')).toThrow(RangeError);
  });
});

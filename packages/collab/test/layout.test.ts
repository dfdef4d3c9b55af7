import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { GOLD_LAYER, SHARED_LAYER, isReservedLayer, isRoomId, layerKind } from '../src/index.js';

describe('layerKind', () => {
  it.each([
    [SHARED_LAYER, 'shared'],
    [GOLD_LAYER, 'gold'],
    ['ana', 'annotator'],
    ['Gold', 'annotator'],
  ])('names %j a %s layer', (layer, kind) => {
    expect(layerKind(layer)).toBe(kind);
  });

  it('calls exactly the layers that are not reserved annotator layers', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(SHARED_LAYER, GOLD_LAYER), fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,20}$/)), (layer) => {
        expect(isRoomId(layer)).toBe(true);
        expect(layerKind(layer) === 'annotator').toBe(!isReservedLayer(layer));
      }),
    );
  });
});

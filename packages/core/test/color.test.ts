import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  contrastRatio,
  formatContrastRatio,
  formatHexColor,
  isLongHexColor,
  isReadable,
  nearestReadableColor,
  parseHexColor,
  readableTextColor,
  relativeLuminance,
  toRgb,
} from '@glossa/core';

const channel = fc.integer({ min: 0, max: 255 });
const rgb = fc.record({ r: channel, g: channel, b: channel });

describe('parseHexColor', () => {
  it.each([
    ['#000000', { r: 0, g: 0, b: 0 }],
    ['#ffffff', { r: 255, g: 255, b: 255 }],
    ['#1a2B3c', { r: 0x1a, g: 0x2b, b: 0x3c }],
    ['#f80', { r: 0xff, g: 0x88, b: 0x00 }],
    ['#ABC', { r: 0xaa, g: 0xbb, b: 0xcc }],
  ])('reads %s', (input, expected) => {
    expect(parseHexColor(input)).toEqual(expected);
  });

  it.each(['', 'fff', 'ffffff', '#ff', '#ffff', '#fffff', '#fffffff', '#gggggg', 'red', ' #ffffff', '#ffffff ', 'rgb(0,0,0)'])(
    'rejects %j',
    (input) => {
      expect(parseHexColor(input)).toBeUndefined();
    },
  );

  it('tells the long form apart from the short one', () => {
    expect(isLongHexColor('#aabbcc')).toBe(true);
    expect(isLongHexColor('#abc')).toBe(false);
    expect(isLongHexColor('aabbcc')).toBe(false);
  });

  it('round-trips every color through formatHexColor', () => {
    fc.assert(
      fc.property(rgb, (color) => {
        const text = formatHexColor(color);
        expect(text).toMatch(/^#[0-9a-f]{6}$/);
        expect(parseHexColor(text)).toEqual(color);
      }),
    );
  });

  it.each([
    [{ r: 256, g: 0, b: 0 }, /channel r/],
    [{ r: 0, g: -1, b: 0 }, /channel g/],
    [{ r: 0, g: 0, b: 1.5 }, /channel b/],
  ])('formatHexColor throws a RangeError for %j', (color, message) => {
    expect(() => formatHexColor(color)).toThrow(RangeError);
    expect(() => formatHexColor(color)).toThrow(message);
  });
});

describe('relativeLuminance and contrastRatio', () => {
  it('gives the WCAG end points', () => {
    expect(relativeLuminance('#000000')).toBe(0);
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 10);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 10);
    expect(contrastRatio('#123456', '#123456')).toBe(1);
  });

  it('matches published reference values', () => {
    // WCAG 2 sRGB luminance of mid grey, and the grey pair often quoted around the AA limit.
    expect(relativeLuminance('#808080')).toBeCloseTo(0.21586, 4);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(relativeLuminance('#ff0000')).toBeCloseTo(0.2126, 4);
    expect(relativeLuminance('#00ff00')).toBeCloseTo(0.7152, 4);
    expect(relativeLuminance('#0000ff')).toBeCloseTo(0.0722, 4);
  });

  it('accepts the short form and parsed channels alike', () => {
    expect(contrastRatio('#fff', { r: 0, g: 0, b: 0 })).toBeCloseTo(21, 10);
  });

  it('is symmetric and stays within 1 and 21', () => {
    fc.assert(
      fc.property(rgb, rgb, (a, b) => {
        const ratio = contrastRatio(a, b);
        expect(ratio).toBe(contrastRatio(b, a));
        expect(ratio).toBeGreaterThanOrEqual(1);
        expect(ratio).toBeLessThanOrEqual(21 + 1e-9);
      }),
    );
  });

  it('grows as a color gets lighter against black', () => {
    fc.assert(
      fc.property(channel, channel, (x, y) => {
        const [low, high] = x <= y ? [x, y] : [y, x];
        const grey = (v: number): { r: number; g: number; b: number } => ({ r: v, g: v, b: v });
        expect(contrastRatio(grey(low), '#000000')).toBeLessThanOrEqual(contrastRatio(grey(high), '#000000'));
      }),
    );
  });

  it.each(['red', '#12', ''])('throws a RangeError for the non-color %j', (input) => {
    expect(() => relativeLuminance(input)).toThrow(RangeError);
    expect(() => contrastRatio(input, '#000000')).toThrow(/Expected a color like "#1a2b3c"/);
    expect(() => toRgb(input)).toThrow(RangeError);
  });
});

describe('formatContrastRatio', () => {
  it.each([
    [21, '21.00:1'],
    [4.5, '4.50:1'],
    [4.4999, '4.49:1'],
    [1, '1.00:1'],
  ])('formats %d as %s, never rounding up', (ratio, text) => {
    expect(formatContrastRatio(ratio)).toBe(text);
  });
});

describe('readable text', () => {
  it.each([
    ['#ffffff', '#000000'],
    ['#ffd166', '#000000'],
    ['#000000', '#ffffff'],
    ['#1f3a93', '#ffffff'],
  ])('on %s picks %s', (background, text) => {
    expect(readableTextColor(background)).toBe(text);
  });

  it('picks among the given candidates, the first one on a tie', () => {
    expect(readableTextColor('#ffffff', ['#777777', '#333333'])).toBe('#333333');
    expect(readableTextColor('#808080', ['#123456', '#123456'])).toBe('#123456');
  });

  it('throws a RangeError without candidates', () => {
    expect(() => readableTextColor('#ffffff', [])).toThrow(RangeError);
  });

  it('isReadable applies the 4.5:1 threshold by default', () => {
    expect(isReadable('#000000', '#767676')).toBe(true);
    expect(isReadable('#ffffff', '#777777')).toBe(false);
    expect(isReadable('#ffffff', '#777777', 4)).toBe(true);
  });
});

describe('nearestReadableColor', () => {
  it('keeps a color that is already readable', () => {
    expect(nearestReadableColor('#FFD166', '#000000')).toBe('#ffd166');
  });

  it('lightens a dark color under black text, and only as far as needed', () => {
    const fixed = nearestReadableColor('#c03030', '#000000');
    expect(fixed).toBeDefined();
    const color = fixed ?? '';
    expect(contrastRatio(color, '#000000')).toBeGreaterThanOrEqual(4.5);
    expect(relativeLuminance(color)).toBeGreaterThan(relativeLuminance('#c03030'));
    // Far from white: the smallest change, not the extreme.
    expect(contrastRatio(color, '#000000')).toBeLessThan(5);
  });

  it('darkens a light color under white text', () => {
    const fixed = nearestReadableColor('#ffd166', '#ffffff') ?? '';
    expect(contrastRatio(fixed, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(relativeLuminance(fixed)).toBeLessThan(relativeLuminance('#ffd166'));
  });

  it('returns undefined when no shade reaches the ratio', () => {
    // Grey #777777 text reaches at most about 4.7:1, against black.
    expect(nearestReadableColor('#808080', '#777777', 7)).toBeUndefined();
  });

  it('always returns a readable color when one exists', () => {
    fc.assert(
      fc.property(rgb, fc.constantFrom('#000000', '#ffffff', '#1a1a1a', '#f0f0f0'), (background, text) => {
        const fixed = nearestReadableColor(background, text);
        expect(fixed).toBeDefined();
        expect(contrastRatio(fixed ?? '', text)).toBeGreaterThanOrEqual(4.5);
      }),
    );
  });
});

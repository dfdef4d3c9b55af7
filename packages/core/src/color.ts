/**
 * Colors of labels: parsing `#rrggbb` / `#rgb`, WCAG 2 relative luminance and
 * contrast ratio, and helpers that keep label text readable.
 *
 * Functions that take a color accept either a parsed {@link RgbColor} or a
 * hex string; a string that is not a hex color is a caller error and throws a
 * `RangeError` (validate user input with {@link parseHexColor} first).
 */

/** A color in the sRGB space, each channel an integer from 0 to 255. */
export interface RgbColor {
  /** Red channel, 0–255. */
  readonly r: number;
  /** Green channel, 0–255. */
  readonly g: number;
  /** Blue channel, 0–255. */
  readonly b: number;
}

/** A color given either as a hex string (`#rrggbb` or `#rgb`) or as parsed channels. */
export type ColorInput = string | RgbColor;

/**
 * The minimum contrast ratio between a label color and the text drawn on it:
 * WCAG 2 level AA for normal text.
 */
export const MIN_TEXT_CONTRAST = 4.5;

/** Black, the default text color drawn over label colors. */
export const BLACK = '#000000';

/** White, the other text color {@link readableTextColor} considers by default. */
export const WHITE = '#ffffff';

const LONG_HEX = /^#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})$/;
const SHORT_HEX = /^#([0-9a-fA-F])([0-9a-fA-F])([0-9a-fA-F])$/;

/**
 * Parses a hex color, `#rrggbb` or the short form `#rgb` (each digit doubled),
 * in either letter case.
 *
 * @returns the channels, or `undefined` when `input` is not such a color.
 * @example parseHexColor('#f80') // { r: 255, g: 136, b: 0 }
 */
export function parseHexColor(input: string): RgbColor | undefined {
  const long = LONG_HEX.exec(input);
  if (long) {
    return { r: parseInt(long[1] ?? '', 16), g: parseInt(long[2] ?? '', 16), b: parseInt(long[3] ?? '', 16) };
  }
  const short = SHORT_HEX.exec(input);
  if (short) {
    const channel = (digit: string | undefined): number => parseInt(`${digit ?? ''}${digit ?? ''}`, 16);
    return { r: channel(short[1]), g: channel(short[2]), b: channel(short[3]) };
  }
  return undefined;
}

/** Whether `input` is a color in the long form `#rrggbb`, the form label schemas store. */
export function isLongHexColor(input: string): boolean {
  return LONG_HEX.test(input);
}

/**
 * Formats channels as a lowercase `#rrggbb` string.
 *
 * @throws RangeError when a channel is not an integer from 0 to 255.
 */
export function formatHexColor(color: RgbColor): string {
  const hex = (value: number, name: string): string => {
    if (!Number.isInteger(value) || value < 0 || value > 255) {
      throw new RangeError(`Color channel ${name} must be an integer from 0 to 255, got ${String(value)}`);
    }
    return value.toString(16).padStart(2, '0');
  };
  return `#${hex(color.r, 'r')}${hex(color.g, 'g')}${hex(color.b, 'b')}`;
}

/**
 * Returns the channels of a color given as a string or as channels.
 *
 * @throws RangeError when a string is not a `#rrggbb` or `#rgb` color.
 */
export function toRgb(color: ColorInput): RgbColor {
  if (typeof color !== 'string') return color;
  const parsed = parseHexColor(color);
  if (!parsed) throw new RangeError(`Expected a color like "#1a2b3c" or "#abc", got ${JSON.stringify(color)}`);
  return parsed;
}

function linearChannel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/**
 * The WCAG 2 relative luminance of a color: 0 for black, 1 for white.
 *
 * @throws RangeError when `color` is a string that is not a hex color.
 */
export function relativeLuminance(color: ColorInput): number {
  const { r, g, b } = toRgb(color);
  return 0.2126 * linearChannel(r) + 0.7152 * linearChannel(g) + 0.0722 * linearChannel(b);
}

/**
 * The WCAG 2 contrast ratio between two colors, from 1 (same luminance) to 21
 * (black on white). The order of the arguments does not matter.
 *
 * @throws RangeError when a color is a string that is not a hex color.
 * @example contrastRatio('#000000', '#ffffff') // 21
 */
export function contrastRatio(a: ColorInput, b: ColorInput): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  const lighter = Math.max(la, lb);
  const darker = Math.min(la, lb);
  return (lighter + 0.05) / (darker + 0.05);
}

/**
 * Formats a contrast ratio for messages, rounded down to two decimals so that
 * a ratio just under a threshold never prints as the threshold itself.
 *
 * @example formatContrastRatio(4.4999) // '4.49:1'
 */
export function formatContrastRatio(ratio: number): string {
  return `${(Math.floor(ratio * 100) / 100).toFixed(2)}:1`;
}

/**
 * Whether text of color `text` is readable on `background`: their contrast
 * ratio is at least `minRatio`.
 *
 * @param minRatio the required ratio. @default {@link MIN_TEXT_CONTRAST} (4.5)
 */
export function isReadable(text: ColorInput, background: ColorInput, minRatio: number = MIN_TEXT_CONTRAST): boolean {
  return contrastRatio(text, background) >= minRatio;
}

/**
 * Picks the text color with the highest contrast on `background` among
 * `candidates`; the first one wins a tie. Use it to draw a label's name on its
 * own color.
 *
 * @param candidates the text colors to choose from. @default ['#000000', '#ffffff']
 * @throws RangeError when `candidates` is empty or a color is not a hex color.
 * @example readableTextColor('#1f3a93') // '#ffffff'
 */
export function readableTextColor(background: ColorInput, candidates: readonly string[] = [BLACK, WHITE]): string {
  let best: string | undefined;
  let bestRatio = -1;
  for (const candidate of candidates) {
    const ratio = contrastRatio(candidate, background);
    if (ratio > bestRatio) {
      best = candidate;
      bestRatio = ratio;
    }
  }
  if (best === undefined) throw new RangeError('readableTextColor needs at least one candidate text color');
  return best;
}

function mix(from: RgbColor, to: RgbColor, amount: number): RgbColor {
  const channel = (a: number, b: number): number => Math.round(a + (b - a) * amount);
  return { r: channel(from.r, to.r), g: channel(from.g, to.g), b: channel(from.b, to.b) };
}

/**
 * The color closest to `background` on which `text` is readable: the smallest
 * change that fixes a label color failing the contrast check. It moves the
 * color away from the text color first (lighter for dark text, darker for
 * light text) and, only when that cannot reach the ratio, the other way.
 * Returns `background` itself, as `#rrggbb`, when it is already readable, and
 * `undefined` when no shade of it is.
 *
 * @param minRatio the required ratio. @default {@link MIN_TEXT_CONTRAST} (4.5)
 * @throws RangeError when a color is a string that is not a hex color.
 * @example nearestReadableColor('#c03030', '#000000') // a lighter red
 */
export function nearestReadableColor(
  background: ColorInput,
  text: ColorInput,
  minRatio: number = MIN_TEXT_CONTRAST,
): string | undefined {
  const from = toRgb(background);
  const textRgb = toRgb(text);
  const white: RgbColor = { r: 255, g: 255, b: 255 };
  const black: RgbColor = { r: 0, g: 0, b: 0 };
  const textIsDarker = relativeLuminance(textRgb) <= relativeLuminance(from);
  for (const target of textIsDarker ? [white, black] : [black, white]) {
    // 256 steps reach every whole-channel shade on the way to the target.
    for (let step = 0; step <= 255; step++) {
      const candidate = mix(from, target, step / 255);
      if (contrastRatio(candidate, textRgb) >= minRatio) return formatHexColor(candidate);
    }
  }
  return undefined;
}

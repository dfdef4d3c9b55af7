/**
 * The diverging color scale of agreement charts: −1 red, 0 white, 1 blue,
 * and the text color that stays readable on each.
 */

/** A color channel blend of `from` and `to` at `t` in [0, 1], as two hex digits. */
function blend(from: number, to: number, t: number): string {
  return Math.round(from + (to - from) * t)
    .toString(16)
    .padStart(2, '0');
}

const WHITE: readonly [number, number, number] = [255, 255, 255];
const BLUE: readonly [number, number, number] = [31, 78, 121];
const RED: readonly [number, number, number] = [164, 22, 26];
const NONE = '#e9ecef';

/**
 * The fill of a value in [−1, 1] (clamped): white at 0, blue towards 1, red
 * towards −1; a light grey for `null` (undefined).
 */
export function agreementFill(value: number | null): string {
  if (value === null || Number.isNaN(value)) return NONE;
  const t = Math.min(1, Math.abs(value));
  const target = value >= 0 ? BLUE : RED;
  return `#${blend(WHITE[0], target[0], t)}${blend(WHITE[1], target[1], t)}${blend(WHITE[2], target[2], t)}`;
}

/** Dark text on light fills, white text on dark ones (from |value| ≥ 0.5 the fill is dark). */
export function agreementInk(value: number | null): string {
  return value !== null && Math.abs(value) >= 0.5 ? '#ffffff' : '#1b1f24';
}

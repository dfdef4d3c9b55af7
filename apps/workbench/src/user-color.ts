/**
 * A stable color per user for avatars, cursors and selections, chosen from a
 * palette on which white text has a contrast of at least 4.5:1.
 */

/** The palette: dark enough for white names on top. */
export const USER_COLORS: readonly string[] = ['#1f4e79', '#8b1e3f', '#2d6a4f', '#6a3d9a', '#9c4a00', '#005f73', '#7b2cbf', '#5c4033'];

/** The color of user `id`: a hash of the id picks a palette entry. */
export function userColor(id: string): string {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return USER_COLORS[(hash >>> 0) % USER_COLORS.length] as string;
}

/** Up to two initials of a user name, for an avatar. */
export function initials(name: string): string {
  const words = name.split(/[\s._-]+/).filter((word) => word !== '');
  const letters = words.length > 1 ? [words[0], words[1]] : [name.slice(0, 2)];
  return letters.map((word) => [...(word ?? '')][0] ?? '').join('').toUpperCase();
}

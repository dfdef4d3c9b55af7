/**
 * Model versions and feature hashing: small, fast, deterministic string
 * hashes (FNV-1a and a MurmurHash3 finalizer), the same on every engine.
 *
 * @internal
 */

/** FNV-1a over the UTF-16 code units of a string, as an unsigned 32-bit integer. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix(h);
}

/** MurmurHash3's 32-bit finalizer: spreads the bits of `h`. */
export function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines two hashes into one (order matters). */
export function combineHashes(a: number, b: number): number {
  return mix((Math.imul(a, 0x9e3779b1) ^ b) >>> 0);
}

/**
 * Accumulates strings into a 64-bit digest (two independent 32-bit lanes),
 * written as 16 hex digits. Each piece is length-prefixed, so `["ab", "c"]`
 * and `["a", "bc"]` differ.
 */
export class Digest {
  private a = 0x811c9dc5;
  private b = 0x01234567;

  /** Adds a piece of text. */
  add(text: string): this {
    this.feed(text.length);
    for (let i = 0; i < text.length; i++) this.feed(text.charCodeAt(i));
    return this;
  }

  /** Adds a number (its shortest round-trip decimal form). */
  addNumber(value: number): this {
    return this.add(String(value));
  }

  private feed(unit: number): void {
    this.a = Math.imul(this.a ^ unit, 0x01000193);
    this.b = Math.imul(this.b ^ unit, 0x5bd1e995) ^ (this.b >>> 15);
  }

  /** The digest as 16 lowercase hex digits. */
  hex(): string {
    return mix(this.a).toString(16).padStart(8, '0') + mix(this.b ^ this.a).toString(16).padStart(8, '0');
  }
}

/**
 * A model version: `<kind>-<16 hex digits>` from a canonical JSON of the
 * options and the digest of the training data.
 */
export function modelVersion(kind: string, options: unknown, data: Digest): string {
  return `${kind}-${new Digest().add(kind).add(canonicalJson(options)).add(data.hex()).hex()}`;
}

/** JSON with object keys sorted, so equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

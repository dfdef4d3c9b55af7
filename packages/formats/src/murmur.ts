/**
 * MurmurHash64A, the hash spaCy's StringStore uses for strings outside its
 * symbol table (`hash_utf8`: MurmurHash64A over the UTF-8 bytes, seed 1).
 */

const MASK = (1n << 64n) - 1n;
const M = 0xc6a4a7935bd1e995n;
const R = 47n;
const encoder = new TextEncoder();

/**
 * MurmurHash64A of some bytes, as an unsigned 64-bit BigInt.
 *
 * @example
 * murmurHash64A(new TextEncoder().encode('HATE'), 1n); // 15800549884730978768n
 */
export function murmurHash64A(bytes: Uint8Array, seed: bigint): bigint {
  const len = bytes.length;
  let h = (seed ^ (BigInt(len) * M)) & MASK;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const blocks = len - (len % 8);
  for (let i = 0; i < blocks; i += 8) {
    let k = view.getBigUint64(i, true);
    k = (k * M) & MASK;
    k ^= k >> R;
    k = (k * M) & MASK;
    h ^= k;
    h = (h * M) & MASK;
  }
  const rest = len & 7;
  if (rest > 0) {
    for (let j = rest - 1; j >= 0; j--) h ^= BigInt(bytes[blocks + j] as number) << BigInt(8 * j);
    h = (h * M) & MASK;
  }
  h ^= h >> R;
  h = (h * M) & MASK;
  h ^= h >> R;
  return h;
}

/** MurmurHash64A of a string's UTF-8 bytes with seed 1: spaCy's hash of a string. */
export function spacyStringHash(value: string): bigint {
  return murmurHash64A(encoder.encode(value), 1n);
}

/**
 * A minimal POSIX tar (ustar) writer, for downloading exports of folder
 * formats as one file without a compression library. Each entry is a
 * 512-byte header, the content, and zero padding to a multiple of 512; the
 * archive ends with two zero blocks. Paths up to 100 bytes go in the name
 * field, longer ones are split into prefix and name at a `/`, and paths that
 * cannot be split get a PAX extended header (`path=`), which every modern
 * tar reads.
 */

const BLOCK = 512;
const encoder = new TextEncoder();

/** The two zero blocks that end an archive. */
export const TAR_END: Uint8Array = new Uint8Array(2 * BLOCK);

function writeString(header: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = encoder.encode(value);
  if (bytes.length > length) throw new RangeError(`tar header field at ${offset} holds ${length} bytes, got ${bytes.length}`);
  header.set(bytes, offset);
}

function writeOctal(header: Uint8Array, offset: number, length: number, value: number): void {
  writeString(header, offset, length, value.toString(8).padStart(length - 1, '0') + '\0');
}

/** Splits a path into ustar prefix (≤ 155 bytes) and name (≤ 100 bytes), or undefined when it cannot be. */
function splitPath(path: string): { prefix: string; name: string } | undefined {
  if (encoder.encode(path).length <= 100) return { prefix: '', name: path };
  for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
    const prefix = path.slice(0, slash);
    const name = path.slice(slash + 1);
    if (encoder.encode(prefix).length <= 155 && encoder.encode(name).length <= 100 && name !== '') return { prefix, name };
  }
  return undefined;
}

function header(name: string, prefix: string, size: number, mtimeSeconds: number, type: '0' | 'x'): Uint8Array {
  const block = new Uint8Array(BLOCK);
  writeString(block, 0, 100, name);
  writeOctal(block, 100, 8, 0o644);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, size);
  writeOctal(block, 136, 12, mtimeSeconds);
  block.fill(0x20, 148, 156); // the checksum counts its own field as spaces
  writeString(block, 156, 1, type);
  writeString(block, 257, 6, 'ustar\0');
  writeString(block, 263, 2, '00');
  writeString(block, 345, 155, prefix);
  let checksum = 0;
  for (const byte of block) checksum += byte;
  writeString(block, 148, 8, checksum.toString(8).padStart(6, '0') + '\0 ');
  return block;
}

function padding(size: number): Uint8Array {
  return new Uint8Array((BLOCK - (size % BLOCK)) % BLOCK);
}

/** A PAX record `<length> path=<value>\n`, whose length counts itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = encoder.encode(body).length + 1;
  while (String(length).length + encoder.encode(body).length !== length) length++;
  return `${length}${body}`;
}

/**
 * The bytes of one archive entry: its header(s), `content` and padding.
 * `path` is `/`-separated and relative; throws `RangeError` for an absolute
 * path or one with `..`, or content of 8 GiB or more.
 */
export function tarEntry(path: string, content: Uint8Array, mtimeMs = Date.now()): Uint8Array[] {
  if (path === '' || path.startsWith('/') || path.split('/').includes('..')) throw new RangeError(`tar entry path must be relative without "..", got ${JSON.stringify(path)}`);
  if (content.length >= 8 ** 11) throw new RangeError(`tar entry ${path} is too large for ustar (${content.length} bytes)`);
  const mtime = Math.floor(mtimeMs / 1000);
  const parts: Uint8Array[] = [];
  let split = splitPath(path);
  if (split === undefined) {
    const pax = encoder.encode(paxRecord('path', path));
    parts.push(header('PaxHeader', '', pax.length, mtime, 'x'), pax, padding(pax.length));
    split = { prefix: '', name: path.slice(-100).replace(/^[\s\S]*?\//, '') || 'entry' };
    while (encoder.encode(split.name).length > 100) split.name = split.name.slice(1);
  }
  parts.push(header(split.name, split.prefix, content.length, mtime, '0'), content, padding(content.length));
  return parts;
}

/**
 * Reading the POSIX tar archives the server's export answers with (folder
 * formats, or a file format with sidecars): file names and contents.
 */

/** One file of an archive. */
export interface TarFile {
  readonly name: string;
  readonly content: Uint8Array;
}

function field(bytes: Uint8Array, from: number, length: number): string {
  const raw = bytes.subarray(from, from + length);
  const end = raw.indexOf(0);
  return new TextDecoder().decode(end < 0 ? raw : raw.subarray(0, end));
}

/**
 * The regular files of a tar archive, in order.
 * @throws RangeError when a header's size is not octal or an entry runs past the end.
 */
export function readTar(bytes: Uint8Array): TarFile[] {
  const files: TarFile[] = [];
  let offset = 0;
  while (offset + 512 <= bytes.length) {
    const name = field(bytes, offset, 100);
    if (name === '') break;
    const prefix = field(bytes, offset + 345, 155);
    const sizeText = field(bytes, offset + 124, 12).trim();
    if (!/^[0-7]+$/.test(sizeText)) throw new RangeError(`tar entry ${JSON.stringify(name)}: size ${JSON.stringify(sizeText)} is not octal`);
    const size = parseInt(sizeText, 8);
    const type = String.fromCharCode(bytes[offset + 156] ?? 0);
    const start = offset + 512;
    if (start + size > bytes.length) throw new RangeError(`tar entry ${JSON.stringify(name)} runs past the end of the archive`);
    if (type === '0' || type === '\0') files.push({ name: prefix === '' ? name : `${prefix}/${name}`, content: bytes.subarray(start, start + size) });
    offset = start + Math.ceil(size / 512) * 512;
  }
  return files;
}

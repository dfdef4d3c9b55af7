/**
 * Reading the POSIX tar archives the server's export route answers with:
 * every regular file by path, long paths through PAX `path` records.
 */

/** Reads a ustar archive into path → bytes. */
export function readTarFiles(bytes: Uint8Array): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const decoder = new TextDecoder();
  const field = (block: Uint8Array, offset: number, length: number): string => decoder.decode(block.subarray(offset, offset + length)).replace(/\0.*$/s, '');
  let at = 0;
  let paxPath: string | undefined;
  while (at + 512 <= bytes.length) {
    const header = bytes.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(field(header, 124, 12), 8);
    const type = field(header, 156, 1);
    const prefix = field(header, 345, 155);
    const name = (prefix === '' ? '' : `${prefix}/`) + field(header, 0, 100);
    const content = bytes.subarray(at + 512, at + 512 + size);
    if (type === 'x') paxPath = /\d+ path=(.*)\n/.exec(decoder.decode(content))?.[1];
    else {
      files.set(paxPath ?? name, content);
      paxPath = undefined;
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Reads a ustar archive into path → UTF-8 text. */
export function readTar(bytes: Uint8Array): Map<string, string> {
  const decoder = new TextDecoder();
  return new Map([...readTarFiles(bytes)].map(([name, content]) => [name, decoder.decode(content)]));
}

/**
 * Reading an uploaded file as the CLI's import reads one: strict UTF-8, a
 * leading byte-order mark kept in the text (so the request body holds the
 * file's bytes exactly and the server's import decides about it, as for a
 * file given to `glossa import`), and invalid UTF-8 refused with the byte
 * offset of the first bad sequence, in the CLI's words.
 */

/** A file's text, or why it is not UTF-8. */
export type Utf8FileText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

/** The three bytes of U+FFFD in UTF-8. */
const REPLACEMENT_BYTES = [0xef, 0xbf, 0xbd] as const;

/**
 * The byte offset of the first sequence of `bytes` that is not valid UTF-8,
 * or -1. The lenient decoder replaces each such sequence by U+FFFD where it
 * starts, and everything before it is valid, so re-encoding the text before
 * the replacement gives its byte offset; a U+FFFD the file itself holds
 * (its three bytes are there) is passed over.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  const text = lenient.decode(bytes);
  for (let index = text.indexOf('\uFFFD'); index >= 0; index = text.indexOf('\uFFFD', index + 1)) {
    const offset = encoder.encode(text.slice(0, index)).length;
    if (!REPLACEMENT_BYTES.every((byte, k) => bytes[offset + k] === byte)) return offset;
  }
  return -1;
}

/** Decodes a file's bytes as strict UTF-8 (see the module comment); `name` is the file's name for the message. */
export function decodeUtf8File(name: string, bytes: Uint8Array): Utf8FileText {
  try {
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    return { ok: false, message: `${name}: invalid UTF-8 at byte offset ${firstInvalidUtf8Offset(bytes)}: expected a UTF-8 text file` };
  }
}

/**
 * Validation of a Yjs update (encoding V1) received from a client, before it
 * is stored or applied. A hostile update can claim 2^40 structs in a few
 * bytes; Yjs would try to allocate for them. This scanner walks the update's
 * structure without building anything and checks every count against the
 * bytes left (each counted element takes at least one byte), every content
 * and type reference against the known ones, every JSON payload, and that the
 * update ends exactly where its structure says. Only then is the update
 * decoded by Yjs itself, inside a guard.
 */
import * as Y from 'yjs';
import { fail, ok, type Result } from '@glossa/core';
import { MAX_VALUE_DEPTH } from '@glossa/collab';
import { errorMessage } from './error-message.js';

const BIT6 = 0x20;
const BIT7 = 0x40;
const BIT8 = 0x80;
const BITS5 = 0x1f;
/**
 * The clock no struct of an update may reach: 2^32 insertions or deletions
 * of one client. Counts cannot claim more bytes than the update has, but a
 * Skip or GC struct states its length as a number: a Skip of 2^40 in a few
 * bytes would be stored and leave a gap no update ever fills.
 */
export const MAX_STRUCT_CLOCK = 2 ** 32;

/** Thrown inside the scanner; turned into a failed result at the boundary. @internal */
class MalformedUpdate extends Error {}

class BoundedReader {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  remaining(): number {
    return this.bytes.length - this.pos;
  }

  uint8(): number {
    if (this.pos >= this.bytes.length) throw new MalformedUpdate(`unexpected end at byte ${this.pos}`);
    return this.bytes[this.pos++] as number;
  }

  varUint(): number {
    let num = 0;
    let mult = 1;
    for (let i = 0; i < 8; i++) {
      const r = this.uint8();
      num += (r & 0x7f) * mult;
      if (r < 0x80) {
        if (num > Number.MAX_SAFE_INTEGER) break;
        return num;
      }
      mult *= 128;
    }
    throw new MalformedUpdate(`integer out of range at byte ${this.pos}`);
  }

  varInt(): void {
    let r = this.uint8();
    for (let i = 0; i < 8 && r >= 0x80; i++) r = this.uint8();
    if (r >= 0x80) throw new MalformedUpdate(`integer out of range at byte ${this.pos}`);
  }

  /** Skips an ID (client and clock). */
  skipId(): void {
    this.varUint();
    this.varUint();
  }

  /** A count of elements that each take at least `minBytes` bytes. */
  count(what: string, minBytes = 1): number {
    const at = this.pos;
    const n = this.varUint();
    if (n * minBytes > this.remaining()) {
      throw new MalformedUpdate(`${what} count ${n} at byte ${at} exceeds the ${this.remaining()} bytes left`);
    }
    return n;
  }

  skip(n: number, what: string): void {
    if (n > this.remaining()) throw new MalformedUpdate(`${what} of ${n} bytes at byte ${this.pos} exceeds the ${this.remaining()} bytes left`);
    this.pos += n;
  }

  bytesOf(n: number, what: string): Uint8Array {
    const start = this.pos;
    this.skip(n, what);
    return this.bytes.subarray(start, start + n);
  }

  varString(what: string): string {
    const n = this.varUint();
    return new TextDecoder().decode(this.bytesOf(n, what));
  }

  skipVarString(what: string): void {
    this.skip(this.varUint(), what);
  }

  json(what: string): void {
    const text = this.varString(what);
    if (text === 'undefined') return;
    try {
      JSON.parse(text);
    } catch {
      throw new MalformedUpdate(`${what} at byte ${this.pos} is not valid JSON`);
    }
  }

  any(depth = 0): void {
    if (depth > MAX_VALUE_DEPTH) throw new MalformedUpdate(`value nested deeper than ${MAX_VALUE_DEPTH} at byte ${this.pos}`);
    const type = this.uint8();
    switch (type) {
      case 127: // undefined
      case 126: // null
      case 121: // false
      case 120: // true
        return;
      case 125:
        return this.varInt();
      case 124:
        return this.skip(4, 'float32');
      case 123:
        return this.skip(8, 'float64');
      case 122:
        return this.skip(8, 'bigint64');
      case 119:
        return this.skipVarString('string value');
      case 118: {
        const n = this.count('object entry', 2);
        for (let i = 0; i < n; i++) {
          this.skipVarString('object key');
          this.any(depth + 1);
        }
        return;
      }
      case 117: {
        const n = this.count('array element');
        for (let i = 0; i < n; i++) this.any(depth + 1);
        return;
      }
      case 116:
        return this.skip(this.varUint(), 'binary value');
      default:
        throw new MalformedUpdate(`unknown value type ${type} at byte ${this.pos - 1}`);
    }
  }
}

/** Reads one item's content; returns the item's length in clock units. */
function scanContent(reader: BoundedReader, ref: number): number {
  switch (ref) {
    case 1: // deleted
      return reader.varUint();
    case 2: {
      // JSON
      const n = reader.count('JSON content');
      for (let i = 0; i < n; i++) reader.json('JSON content');
      return n;
    }
    case 3: // binary
      reader.skip(reader.varUint(), 'binary content');
      return 1;
    case 4: {
      // string: its length counts UTF-16 code units
      return reader.varString('string content').length;
    }
    case 5: // embed
      reader.json('embed content');
      return 1;
    case 6: // format
      reader.skipVarString('format key');
      reader.json('format value');
      return 1;
    case 7: {
      // type
      const typeRef = reader.varUint();
      if (typeRef > 6) throw new MalformedUpdate(`unknown type reference ${typeRef} at byte ${reader.pos}`);
      if (typeRef === 3 || typeRef === 5) reader.skipVarString('type name');
      return 1;
    }
    case 8: {
      // any
      const n = reader.count('any content');
      for (let i = 0; i < n; i++) reader.any();
      return n;
    }
    case 9: // subdocument
      reader.skipVarString('subdocument guid');
      reader.any();
      return 1;
    default:
      throw new MalformedUpdate(`unknown content reference ${ref} at byte ${reader.pos - 1}`);
  }
}

function scanStructs(reader: BoundedReader): void {
  const clients = reader.count('client', 3);
  for (let c = 0; c < clients; c++) {
    const structs = reader.count('struct', 2);
    reader.varUint(); // client id
    let clock = reader.varUint();
    if (clock > MAX_STRUCT_CLOCK) throw new MalformedUpdate(`structs start at clock ${clock} (byte ${reader.pos}); expected at most 2^32`);
    for (let s = 0; s < structs; s++) {
      const at = reader.pos;
      const info = reader.uint8();
      const ref = info & BITS5;
      let length: number;
      if (ref === 0 || ref === 10) {
        length = reader.varUint(); // GC or skip
      } else {
        if (info & BIT8) reader.skipId(); // origin
        if (info & BIT7) reader.skipId(); // right origin
        if ((info & (BIT7 | BIT8)) === 0) {
          const parentIsRoot = reader.varUint() === 1;
          if (parentIsRoot) reader.skipVarString('root type name');
          else reader.skipId();
          if (info & BIT6) reader.skipVarString('parent key');
        }
        length = scanContent(reader, ref);
      }
      clock += length;
      if (clock > MAX_STRUCT_CLOCK) {
        const kind = ref === 10 ? 'skip' : ref === 0 ? 'GC' : 'item';
        throw new MalformedUpdate(`${kind} struct at byte ${at} of length ${length} ends at clock ${clock}; expected at most 2^32`);
      }
    }
  }
}

function scanDeleteSet(reader: BoundedReader): void {
  const clients = reader.count('delete-set client', 2);
  for (let c = 0; c < clients; c++) {
    reader.varUint(); // client id
    const ranges = reader.count('deleted range', 2);
    for (let r = 0; r < ranges; r++) {
      reader.varUint(); // clock
      reader.varUint(); // length
    }
  }
}

/** Whether `update` is the empty update (no structs, no deletions) that clients send after a sync. */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

/**
 * Checks that `update` is a well-formed Yjs update (encoding V1) that can be
 * decoded without unbounded allocation. Returns the reason when it is not.
 *
 * @example
 * const checked = checkUpdateEncoding(bytes);
 * if (!checked.ok) socket.close(CloseCode.BadMessage, checked.errors[0]);
 */
export function checkUpdateEncoding(update: Uint8Array): Result<Uint8Array, string> {
  const reader = new BoundedReader(update);
  try {
    scanStructs(reader);
    scanDeleteSet(reader);
    if (reader.remaining() !== 0) throw new MalformedUpdate(`${reader.remaining()} unexpected bytes after the delete set`);
  } catch (error) {
    if (error instanceof MalformedUpdate) return fail([`malformed update: ${error.message}`]);
    throw error;
  }
  try {
    Y.decodeUpdate(update);
  } catch (error) {
    return fail([`malformed update: ${errorMessage(error)}`]);
  }
  return ok(update);
}

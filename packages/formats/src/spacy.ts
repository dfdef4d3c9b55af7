/**
 * spaCy `.spacy` files: `DocBin.to_bytes()`, a zlib-compressed msgpack map
 * (FORMATS.md §1a). The container is built whole in memory (spaCy reads it
 * whole too). Relations go in each doc's `user_data` under
 * `SPACY_RELATIONS_KEY`, which `DocBin(store_user_data=True)` reads back;
 * a file without relations has no `user_data`, as spaCy writes it without
 * `store_user_data`.
 */
import { deflateSync } from 'node:zlib';
import { Packr } from 'msgpackr';
import type { ExportContext, ExportSink, FormatAdapter } from './adapter.js';
import { mainFileName, runExport } from './exporter.js';
import type { CorpusDocument } from './model.js';
import type { SpacyDoc, SpacySpan, SpacyStringId } from './spacydoc.js';
import { compareCodePoints, rememberedStringId, SPACY_RELATIONS_KEY, spacyDoc } from './spacydoc.js';

/** spaCy attribute ids used in `.spacy` files. */
export const SPACY_ATTRS = { ORTH: 65, ENT_IOB: 77, ENT_TYPE: 78, SPACY: 81 } as const;

/** ENT_IOB values: 0 missing, 1 inside, 2 outside, 3 begin. */
const IOB = { I: 1n, O: 2n, B: 3n } as const;

const packr = new Packr({ useRecords: false });

/** msgpack bytes of a map from strings to float64 values (msgpackr would write 1.0 as an integer). */
export function packFloatMap(map: ReadonlyMap<string, number>): Buffer {
  const parts: Buffer[] = [];
  const n = map.size;
  parts.push(n < 16 ? Buffer.from([0x80 | n]) : n < 0x10000 ? Buffer.from([0xde, n >> 8, n & 0xff]) : Buffer.concat([Buffer.from([0xdf]), u32(n)]));
  for (const [key, value] of map) {
    parts.push(packr.pack(key));
    const f = Buffer.alloc(9);
    f[0] = 0xcb;
    f.writeDoubleBE(value, 1);
    parts.push(f);
  }
  return Buffer.concat(parts);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function arrayHeader(n: number): Buffer {
  return n < 16 ? Buffer.from([0x90 | n]) : n < 0x10000 ? Buffer.from([0xdc, n >> 8, n & 0xff]) : Buffer.concat([Buffer.from([0xdd]), u32(n)]);
}

/** The msgpack header of a `bin` of `n` bytes (the bytes follow it). */
function binHeader(n: number): Buffer {
  return n < 0x100 ? Buffer.from([0xc4, n]) : n < 0x10000 ? Buffer.from([0xc5, n >> 8, n & 0xff]) : Buffer.concat([Buffer.from([0xc6]), u32(n)]);
}

/** The 40 bytes of one span: `struct ">QQQllll"` (id, kb_id, label, start, end, start_char, end_char). */
export function spanBytes(span: SpacySpan): Buffer {
  const b = Buffer.alloc(40); // id and kb_id stay 0
  const label = rememberedStringId(span.label);
  b.writeUInt32BE(label.high, 16);
  b.writeUInt32BE(label.low, 20);
  b.writeInt32BE(span.start, 24);
  b.writeInt32BE(span.end, 28);
  b.writeInt32BE(span.startChar, 32);
  b.writeInt32BE(span.endChar, 36);
  return b;
}

/** The `span_groups` entry of one doc: msgpack of `{SpanGroup bytes: [key]}`, or `msgpack([])` without groups. */
export function spanGroupsBytes(doc: SpacyDoc): Buffer {
  if (doc.spanGroups.length === 0) return packr.pack([]);
  const map = new Map<Buffer, string[]>();
  for (const g of doc.spanGroups) {
    const group = packr.pack(new Map<string, unknown>([
      ['name', g.key],
      ['attrs', new Map()],
      ['spans', g.spans.map(spanBytes)],
    ]));
    map.set(group, [g.key]);
  }
  return packr.pack(map);
}

/**
 * The `user_data` entry of one doc: msgpack of `{SPACY_RELATIONS_KEY: [{key,
 * from, to, label, directed}]}`, or of an empty map when it has no relation.
 */
export function userDataBytes(doc: SpacyDoc): Buffer {
  if (doc.relations.length === 0) return packr.pack(new Map());
  const relations = doc.relations.map((r) => new Map<string, unknown>([['key', r.key], ['from', r.from], ['to', r.to], ['label', r.label], ['directed', r.directed]]));
  return packr.pack(new Map([[SPACY_RELATIONS_KEY, relations]]));
}

/** A byte buffer that grows by doubling, so many small writes make no small allocations. */
class GrowingBytes {
  #bytes = new Uint8Array(1 << 16);
  #view = new DataView(this.#bytes.buffer);
  length = 0;

  /** Makes room for `n` more bytes and returns the view and the offset to write them at. */
  reserve(n: number): { view: DataView; at: number } {
    const at = this.length;
    if (at + n > this.#bytes.length) {
      let size = this.#bytes.length * 2;
      while (size < at + n) size *= 2;
      const bigger = new Uint8Array(size);
      bigger.set(this.#bytes.subarray(0, at));
      this.#bytes = bigger;
      this.#view = new DataView(bigger.buffer);
    }
    this.length = at + n;
    return { view: this.#view, at };
  }

  /** The bytes written, as a Buffer over the same memory. */
  toBuffer(): Buffer {
    return Buffer.from(this.#bytes.buffer, 0, this.length);
  }
}

/** Accumulates docs into a DocBin. */
export class DocBinWriter {
  readonly attrs: readonly number[];
  readonly #tokens = new GrowingBytes();
  readonly #spaces = new GrowingBytes();
  readonly #lengths: number[] = [];
  /** Every string used (the `strings` list) with its id; token texts repeat, so each is looked up once per writer. */
  readonly #ids = new Map<string, SpacyStringId>([['', rememberedStringId('')]]);
  readonly #cats: Buffer[] = [];
  readonly #groups: Buffer[] = [];
  /** Per doc, `user_data` as msgpack: its relations, or an empty map. */
  readonly #userData: Buffer[] = [];
  #hasUserData = false;

  constructor(readonly withEnts: boolean) {
    this.attrs = withEnts ? [SPACY_ATTRS.ORTH, SPACY_ATTRS.ENT_IOB, SPACY_ATTRS.ENT_TYPE] : [SPACY_ATTRS.ORTH];
  }

  #id(value: string): SpacyStringId {
    let id = this.#ids.get(value);
    if (id === undefined) {
      id = rememberedStringId(value);
      this.#ids.set(value, id);
    }
    return id;
  }

  /** Adds one doc. */
  add(doc: SpacyDoc): void {
    const width = this.attrs.length;
    const count = doc.tokens.length;
    const { view, at } = this.#tokens.reserve(count * width * 8);
    const spaces = this.#spaces.reserve(count);
    for (let i = 0; i < count; i++) {
      const t = doc.tokens[i] as SpacyDoc['tokens'][number];
      const orth = this.#id(t.text);
      const row = at + i * width * 8;
      view.setUint32(row, orth.low, true);
      view.setUint32(row + 4, orth.high, true);
      spaces.view.setUint8(spaces.at + i, t.space ? 1 : 0);
    }
    if (this.withEnts) {
      for (let i = 0; i < count; i++) {
        view.setBigUint64(at + (i * width + 1) * 8, IOB.O, true);
        view.setBigUint64(at + (i * width + 2) * 8, 0n, true);
      }
      for (const e of doc.ents ?? []) {
        const type = this.#id(e.label).id;
        for (let i = e.start; i < e.end; i++) {
          view.setBigUint64(at + (i * width + 1) * 8, i === e.start ? IOB.B : IOB.I, true);
          view.setBigUint64(at + (i * width + 2) * 8, type, true);
        }
      }
    }
    for (const g of doc.spanGroups) for (const s of g.spans) this.#id(s.label);
    this.#lengths.push(count);
    this.#cats.push(packFloatMap(doc.cats));
    this.#groups.push(spanGroupsBytes(doc));
    this.#userData.push(userDataBytes(doc));
    if (doc.relations.length > 0) this.#hasUserData = true;
  }

  /** The file's bytes: zlib(msgpack(map)). */
  toBytes(): Buffer {
    const lengths = Buffer.alloc(this.#lengths.length * 4);
    this.#lengths.forEach((n, i) => lengths.writeInt32LE(n, i * 4));
    const n = this.#lengths.length;
    const parts: Buffer[] = [
      Buffer.from([this.#hasUserData ? 0x8a : 0x89]),
      packr.pack('version'),
      packr.pack('0.1'),
      packr.pack('attrs'),
      packr.pack([...this.attrs]),
      packr.pack('tokens'),
      // The two large binaries go in as they are, after their headers, instead of being copied by the packer.
      binHeader(this.#tokens.length),
      this.#tokens.toBuffer(),
      packr.pack('spaces'),
      binHeader(this.#spaces.length),
      this.#spaces.toBuffer(),
      packr.pack('lengths'),
      packr.pack(lengths),
      packr.pack('strings'),
      packr.pack([...this.#ids.keys()].sort(compareCodePoints)),
      packr.pack('cats'),
      arrayHeader(n),
      ...this.#cats,
      packr.pack('flags'),
      packr.pack(this.#lengths.map(() => new Map([['has_unknown_spaces', false]]))),
      packr.pack('span_groups'),
      arrayHeader(n),
      ...this.#groups.map((g) => packr.pack(g)),
    ];
    if (this.#hasUserData) parts.push(packr.pack('user_data'), arrayHeader(n), ...this.#userData.map((u) => packr.pack(u)));
    return deflateSync(Buffer.concat(parts));
  }
}

async function exportSpacy(docs: AsyncIterable<CorpusDocument>, ctx: ExportContext, sink: ExportSink) {
  return runExport('spacy', docs, ctx, sink, async (documents, run) => {
    const writer = new DocBinWriter(ctx.ents === true);
    for await (const doc of documents) writer.add(spacyDoc(doc, run.consolidated, ctx.schema, ctx.ents === true, run.losses, true));
    await run.sink.writeFile(mainFileName(ctx, '.spacy'), writer.toBytes());
  });
}

/** spaCy v3 binary training data (`DocBin`). */
export const spacyFormat: FormatAdapter = {
  name: 'spacy',
  description: 'spaCy v3 DocBin (.spacy): spans in doc.spans["sc"] (or sc_<annotator>), optional doc.ents, document labels as cats, relations in doc.user_data',
  consumers: '`spacy train` (spancat / ner / textcat), `DocBin().from_disk(path)`',
  kind: 'file',
  extension: '.spacy',
  singleFile: (ctx) => mainFileName(ctx, '.spacy'),
  export: exportSpacy,
};

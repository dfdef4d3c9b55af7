import { inflateSync } from 'node:zlib';
import { Unpackr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { spacyFormat, spacyJsonFormat } from '../src/index.js';
import { packFloatMap } from '../src/spacy.js';
import { spacyStringHash } from '../src/murmur.js';
import { spacyStringId } from '../src/spacydoc.js';
import { corpus } from './corpus.js';
import { exportTo } from './helpers.js';

const unpackr = new Unpackr({ mapsAsObjects: false });

describe('spaCy string ids', () => {
  it.each([
    ['HATE', 15800549884730978768n],
    ['SPAM', 510090384898022115n],
  ])('MurmurHash64A(%s, seed 1) matches the FORMATS.md vector', (label, expected) => {
    expect(spacyStringHash(label)).toBe(expected);
  });
  it('uses the symbol table for symbols and 0 for the empty string', () => {
    expect(spacyStringId('ORG')).toBe(383n);
    expect(spacyStringId('PERSON')).toBe(380n);
    expect(spacyStringId('')).toBe(0n);
    expect(spacyStringId('HATE')).toBe(15800549884730978768n);
  });
  it('writes cats as msgpack float64 even for whole numbers', () => {
    const bytes = packFloatMap(new Map([['TOXIC', 1]]));
    expect(bytes[0]).toBe(0x81);
    expect(bytes[bytes.length - 9]).toBe(0xcb);
    expect(bytes.readDoubleBE(bytes.length - 8)).toBe(1);
  });
});

interface DecodedSpan {
  label: bigint;
  start: number;
  end: number;
  startChar: number;
  endChar: number;
}

function decodeSpans(groupBytes: Uint8Array): Map<string, DecodedSpan[]> {
  const out = new Map<string, DecodedSpan[]>();
  const groups = unpackr.unpack(groupBytes) as Map<Uint8Array, string[]> | unknown[];
  if (Array.isArray(groups)) return out;
  for (const [bytes, keys] of groups) {
    const group = unpackr.unpack(bytes) as Map<string, unknown>;
    expect([...group.keys()]).toEqual(['name', 'attrs', 'spans']);
    const spans = (group.get('spans') as Uint8Array[]).map((b) => {
      expect(b.length).toBe(40);
      const v = new DataView(b.buffer, b.byteOffset, 40);
      expect(v.getBigUint64(0)).toBe(0n);
      expect(v.getBigUint64(8)).toBe(0n);
      return { label: v.getBigUint64(16), start: v.getInt32(24), end: v.getInt32(28), startChar: v.getInt32(32), endChar: v.getInt32(36) };
    });
    expect(keys).toEqual([group.get('name')]);
    out.set(keys[0] as string, spans);
  }
  return out;
}

describe('.spacy (DocBin)', () => {
  it('decodes with msgpackr + zlib into the layout of FORMATS.md §1a', async () => {
    const docs = corpus();
    const { sink, report } = await exportTo(spacyFormat, docs, { ents: true });
    const bytes = sink.bytes('corpus.spacy');
    expect([bytes[0], bytes[1]]).toEqual([0x78, 0x9c]);
    const msg = unpackr.unpack(inflateSync(bytes)) as Map<string, unknown>;
    expect([...msg.keys()]).toEqual(['version', 'attrs', 'tokens', 'spaces', 'lengths', 'strings', 'cats', 'flags', 'span_groups']);
    expect(msg.get('version')).toBe('0.1');
    const attrs = msg.get('attrs') as number[];
    expect(attrs).toEqual([65, 77, 78]);
    const lengthsBytes = msg.get('lengths') as Uint8Array;
    const lengths = Array.from({ length: docs.length }, (_, i) => new DataView(lengthsBytes.buffer, lengthsBytes.byteOffset).getInt32(i * 4, true));
    const total = lengths.reduce((a, b) => a + b, 0);
    const tokens = msg.get('tokens') as Uint8Array;
    expect(tokens.length).toBe(total * attrs.length * 8);
    const spaces = msg.get('spaces') as Uint8Array;
    expect(spaces.length).toBe(total);
    const strings = msg.get('strings') as string[];
    expect(strings).toContain('');
    expect(strings).toEqual([...strings].sort((a, b) => (Array.from(a).map((c) => c.codePointAt(0) as number).join() === Array.from(b).map((c) => c.codePointAt(0) as number).join() ? 0 : cpLess(a, b) ? -1 : 1)));
    const byId = new Map(strings.map((s) => [spacyStringId(s), s]));
    const tv = new DataView(tokens.buffer, tokens.byteOffset, tokens.length);
    const cats = msg.get('cats') as Map<string, number>[];
    const groups = msg.get('span_groups') as Uint8Array[];
    expect((msg.get('flags') as Map<string, boolean>[]).map((f) => f.get('has_unknown_spaces'))).toEqual(docs.map(() => false));
    let row = 0;
    docs.forEach((doc, d) => {
      // ORTH + SPACY rebuild the text exactly.
      let text = '';
      for (let i = 0; i < (lengths[d] as number); i++) {
        text += byId.get(tv.getBigUint64((row + i) * attrs.length * 8, true)) as string;
        if (spaces[row + i] === 1) text += ' ';
      }
      expect(text).toBe(doc.text);
      // Every span's char offsets are code points slicing to the covered tokens.
      const cps = Array.from(doc.text);
      const spans = decodeSpans(groups[d] as Uint8Array);
      for (const [key, list] of spans) {
        expect(key).toMatch(/^sc(_\w+)?$/);
        for (const s of list) {
          expect(byId.has(s.label)).toBe(true);
          const quote = cps.slice(s.startChar, s.endChar).join('');
          expect(quote.trim()).toBe(quote);
          expect(quote.length).toBeGreaterThan(0);
        }
      }
      row += lengths[d] as number;
      expect(cats[d]).toBeInstanceOf(Map);
    });
    // d1 is not consolidated: one key per annotator, HATE hashed, d2 has gold as "sc" with ORG as the symbol 383.
    const d1 = decodeSpans(groups[0] as Uint8Array);
    expect([...d1.keys()].sort()).toEqual(['sc_alice', 'sc_bob', 'sc_carol']);
    const alice = d1.get('sc_alice') as DecodedSpan[];
    expect(alice.map((s) => [s.label, s.startChar, s.endChar, s.start, s.end])).toEqual([
      [15800549884730978768n, 0, 9, 0, 3],
      [510090384898022115n, 6, 14, 2, 4],
    ]);
    const d2 = decodeSpans(groups[1] as Uint8Array);
    expect([...d2.keys()].sort()).toEqual(['sc', 'sc_gold']);
    expect((d2.get('sc') as DecodedSpan[]).some((s) => s.label === 383n)).toBe(true);
    expect([...(cats[1] as Map<string, number>).entries()].sort()).toEqual([
      ['CLEAN', 1],
      ['TOXIC', 0],
    ]);
    expect(report.losses.find((l) => l.kind === 'note')?.count).toBe(1);
  });

  it('writes a large corpus whole: every token row, space and entity column past the first 64 KiB', async () => {
    const words = ['police', 'said', 'Lima', 'café', '😀', 'reform'];
    // 3000 documents of 12 words separated by single spaces: the tokens are the words, 36k tokens × 3 columns × 8 bytes.
    const docs = Array.from({ length: 3000 }, (_, d) => {
      const list = Array.from({ length: 12 }, (_, i) => words[(d + i * 5) % words.length] as string);
      const text = list.join(' ');
      const start = text.indexOf(' ') + 1;
      const end = start + (list[1] as string).length;
      return { id: `d${d}`, text, spans: [{ id: 's', start, end, label: 'ORG', layer: 'gold', author: 'g', status: 'proposed' as const, note: '', created: 0, source: 'human' as const }], labels: {}, meta: {}, list };
    });
    const { sink } = await exportTo(spacyFormat, docs, { ents: true, consolidation: 'gold' });
    const msg = unpackr.unpack(inflateSync(sink.bytes('corpus.spacy'))) as Map<string, unknown>;
    const tokens = msg.get('tokens') as Uint8Array;
    const spaces = msg.get('spaces') as Uint8Array;
    expect(tokens.length).toBe(3000 * 12 * 3 * 8);
    expect(spaces.length).toBe(3000 * 12);
    const tv = new DataView(tokens.buffer, tokens.byteOffset, tokens.length);
    docs.forEach((doc, d) => {
      doc.list.forEach((word, i) => {
        const row = (d * 12 + i) * 3 * 8;
        expect(tv.getBigUint64(row, true)).toBe(spacyStringId(word));
        expect(tv.getBigUint64(row + 8, true)).toBe(i === 1 ? 3n : 2n);
        expect(tv.getBigUint64(row + 16, true)).toBe(i === 1 ? 383n : 0n);
        expect(spaces[d * 12 + i]).toBe(i < 11 ? 1 : 0);
      });
    });
    expect(msg.get('strings')).toEqual(['', 'Lima', 'ORG', 'café', 'police', 'reform', 'said', '😀']);
  });

  it('writes an empty doc list as a valid file', async () => {
    const { sink } = await exportTo(spacyFormat, []);
    const msg = unpackr.unpack(inflateSync(sink.bytes('corpus.spacy'))) as Map<string, unknown>;
    expect(msg.get('span_groups')).toEqual([]);
    expect(msg.get('strings')).toEqual(['']);
  });
});

function cpLess(a: string, b: string): boolean {
  const x = Array.from(a).map((c) => c.codePointAt(0) as number);
  const y = Array.from(b).map((c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) < (y[i] as number);
  return x.length < y.length;
}

describe('spaCy Doc.to_json', () => {
  it('writes kb_id on every span, float cats, and code point token offsets', async () => {
    const { sink } = await exportTo(spacyJsonFormat, corpus(), { consolidation: 'union' });
    const raw = sink.text('corpus.json');
    // union: TOXIC has two votes against one for CLEAN in the single-choice group; both topics are kept.
    expect(raw).toContain('"cats":{"TOXIC":1.0,"CLEAN":0.0,"POLICY":1.0,"CRIME":1.0}');
    const docs = JSON.parse(raw) as { text: string; tokens: { start: number; end: number }[]; spans: Record<string, { start: number; end: number; kb_id: string }[]> }[];
    for (const d of docs) {
      const cps = Array.from(d.text);
      // Tokens cover the text in order; only single spaces lie between them (other whitespace is a token).
      d.tokens.forEach((t, i) => {
        const gap = cps.slice(d.tokens[i - 1]?.end ?? 0, t.start).join('');
        expect(['', ' ']).toContain(gap);
        expect(t.end).toBeGreaterThan(t.start);
      });
      for (const s of d.spans['sc'] ?? []) {
        expect(s.kb_id).toBe('');
        expect(d.tokens.some((t) => t.start === s.start)).toBe(true);
        expect(d.tokens.some((t) => t.end === s.end)).toBe(true);
      }
    }
    expect(Object.keys(docs[0]?.spans ?? {})).toEqual(['sc']);
  });
});

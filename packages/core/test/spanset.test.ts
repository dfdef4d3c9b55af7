import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SpanSet, printSpans, spanFromRanges, type SpanAnnotation, type TextChange } from '@glossa/core';
import { treeInsert, treeInvariantViolation, treeRemove, treeSize, type SpanTree } from '../src/span-tree.js';

/**
 * Parses a position-tagged string: `the <a>National Guard<b> was` gives the
 * text `the National Guard was` and the positions `{ a: 4, b: 18 }`.
 */
function tagged(source: string): { text: string; pos: Record<string, number> } {
  const pos: Record<string, number> = {};
  let text = '';
  let last = 0;
  for (const match of source.matchAll(/<(\w+)>/g)) {
    text += source.slice(last, match.index);
    const name = match[1] as string;
    if (name in pos) throw new Error(`tag <${name}> appears twice in ${source}`);
    pos[name] = text.length;
    last = match.index + match[0].length;
  }
  return { text: text + source.slice(last), pos };
}

function span(id: string, start: number, end: number, label = id): SpanAnnotation {
  return { id, start, end, label, author: 'ana', status: 'proposed', note: '', created: 0, source: 'human' };
}

/** Applies text changes to a string, inserting `+` characters. */
function applyChanges(text: string, changes: readonly TextChange[]): string {
  let out = text;
  for (const { from, to, insert } of changes) out = out.slice(0, from) + '+'.repeat(insert) + out.slice(to);
  return out;
}

const ids = (spans: readonly SpanAnnotation[]): string[] => spans.map((s) => s.id);

describe('tagged strings', () => {
  it('strips tags and records their positions', () => {
    expect(tagged('the <a>National Guard<b> was')).toEqual({ text: 'the National Guard was', pos: { a: 4, b: 18 } });
    expect(tagged('<a><b>x')).toEqual({ text: 'x', pos: { a: 0, b: 0 } });
  });
});

describe('SpanSet: building and querying', () => {
  const { text, pos } = tagged('<a>the <b>National <c>Guard<d> and the <e>militia<f> marched<g>');
  const spans = [
    span('org', pos.b!, pos.d!, 'militarization'),
    span('guard', pos.c!, pos.d!, 'place'),
    span('whole', pos.a!, pos.g!, 'sentence'),
    span('militia', pos.e!, pos.f!, 'militarization'),
    span('cross', pos.c!, pos.f!, 'cross'),
  ];
  const set = SpanSet.create(spans);

  it('renders nested and crossing spans', () => {
    expect(printSpans(text, set)).toBe(
      '[sentence:the [militarization:National [cross:[place:Guard]/militarization] and the [militarization:militia]] marched]',
    );
  });

  it('lists spans by (start, end, id)', () => {
    expect(set.size).toBe(5);
    expect(ids(set.toArray())).toEqual(['whole', 'org', 'guard', 'cross', 'militia']);
    expect(ids([...set])).toEqual(['whole', 'org', 'guard', 'cross', 'militia']);
  });

  it('orders equal spans by id', () => {
    const twins = SpanSet.create([span('b', 1, 3), span('a', 1, 3), span('c', 1, 2)]);
    expect(ids(twins.toArray())).toEqual(['c', 'a', 'b']);
  });

  it('finds spans overlapping a range, excluding spans that only touch it', () => {
    expect(ids(set.find(pos.d!, pos.e!))).toEqual(['whole', 'cross']);
    expect(ids(set.find(pos.b!, pos.c!))).toEqual(['whole', 'org']);
    expect(ids(set.find(pos.c! - 1, pos.c!))).toEqual(['whole', 'org']);
    expect(ids(set.find(pos.f!, pos.g!))).toEqual(['whole']);
    expect(ids(set.find(pos.g!, pos.g! + 10))).toEqual([]);
    expect(ids(set.find())).toEqual(ids(set.toArray()));
  });

  it('treats a zero-width query as the spans covering that position', () => {
    expect(ids(set.find(pos.c!, pos.c!))).toEqual(['whole', 'org', 'guard', 'cross']);
    expect(ids(set.at(pos.c!))).toEqual(['whole', 'org', 'guard', 'cross']);
    expect(ids(set.at(pos.d!))).toEqual(['whole', 'cross']);
    expect(ids(set.at(pos.g!))).toEqual([]);
    expect(ids(set.at(-1))).toEqual([]);
  });

  it('filters with a predicate', () => {
    expect(ids(set.find(0, text.length, (s) => s.label === 'militarization'))).toEqual(['org', 'militia']);
  });

  it('gets spans by id', () => {
    expect(set.get('guard')).toBe(spans[1]);
    expect(set.has('militia')).toBe(true);
    expect(set.get('nope')).toBeUndefined();
    expect(set.has('nope')).toBe(false);
  });

  it('is empty at first', () => {
    expect(SpanSet.empty.size).toBe(0);
    expect(SpanSet.empty.find()).toEqual([]);
    expect(SpanSet.create([])).toBe(SpanSet.empty);
  });
});

describe('SpanSet: misuse', () => {
  const bad: [string, () => unknown, string][] = [
    ['a duplicate id in create', () => SpanSet.create([span('x', 0, 1), span('y', 2, 3), span('x', 4, 5)]), 'Duplicate span id x'],
    ['a negative start', () => SpanSet.create([span('x', -1, 2)]), 'Span x: start must be a non-negative integer, got -1'],
    ['a fractional start', () => SpanSet.empty.add([span('x', 0.5, 2)]), 'Span x: start must be a non-negative integer, got 0.5'],
    ['an empty span', () => SpanSet.create([span('x', 3, 3)]), 'Span x: end must be an integer greater than start (3), got 3'],
    ['an inverted span', () => SpanSet.empty.add([span('x', 3, 1)]), 'Span x: end must be an integer greater than start (3), got 1'],
    ['a NaN end', () => SpanSet.create([span('x', 0, Number.NaN)]), 'Span x: end must be an integer greater than start (0), got NaN'],
    ['an update of an unknown id', () => SpanSet.create([span('x', 0, 1)]).update('y', { label: 'z' }), 'No span with id y to update'],
    ['an update to an empty span', () => SpanSet.create([span('x', 0, 4)]).update('x', { end: 0 }), 'Span x: end must be an integer greater than start (0), got 0'],
    ['an inverted query', () => SpanSet.empty.find(5, 2), 'Query range [5, 2) is not a range'],
    ['a NaN query', () => SpanSet.empty.find(Number.NaN, 2), 'Query range [NaN, 2) is not a range'],
    ['a change with a negative from', () => SpanSet.empty.map([{ from: -1, to: 0, insert: 0 }]), 'Text change 0: from must be a non-negative integer, got -1'],
    ['a change with to before from', () => SpanSet.empty.map([{ from: 0, to: 0, insert: 1 }, { from: 4, to: 2, insert: 0 }]), 'Text change 1: to must be an integer >= from (4), got 2'],
    ['a change with a negative insert', () => SpanSet.empty.map([{ from: 0, to: 0, insert: -2 }]), 'Text change 0: insert must be a non-negative integer, got -2'],
    ['a change with a fractional insert', () => SpanSet.empty.map([{ from: 0, to: 0, insert: 1.5 }]), 'Text change 0: insert must be a non-negative integer, got 1.5'],
    ['fragments that are not the covering span', () => SpanSet.create([{ ...span('x', 0, 9), fragments: [[0, 2], [4, 8]] }]), 'Span x: fragments cover [0, 8) but the span is [0, 9); expected start and end to be the first fragment\'s start and the last fragment\'s end'],
    ['a single fragment', () => SpanSet.empty.add([{ ...span('x', 0, 9), fragments: [[0, 9]] }]), 'Span x: fragments must hold at least two [start, end] pairs, got 1; leave fragments out for a contiguous span'],
  ];
  for (const [what, run, message] of bad) {
    it(`throws a RangeError for ${what}`, () => {
      expect(run).toThrow(new RangeError(message));
    });
  }
});

describe('SpanSet: add, remove, update', () => {
  const base = SpanSet.create([span('a', 0, 4), span('b', 2, 6), span('c', 8, 9)]);

  it('adds spans and replaces a span with the same id', () => {
    const next = base.add([span('d', 1, 2), span('a', 5, 7, 'moved')]);
    expect(next.toArray().map((s) => [s.id, s.start, s.end, s.label])).toEqual([
      ['d', 1, 2, 'd'],
      ['b', 2, 6, 'b'],
      ['a', 5, 7, 'moved'],
      ['c', 8, 9, 'c'],
    ]);
    expect(next.size).toBe(4);
    expect(ids(next.at(0))).toEqual([]);
  });

  it('keeps the last of two spans with the same id in one add', () => {
    const next = base.add([span('z', 0, 1), span('z', 3, 5)]);
    expect(next.get('z')?.start).toBe(3);
    expect(ids(next.at(0))).toEqual(['a']);
    expect(next.size).toBe(4);
  });

  it('removes spans by id and ignores unknown ids', () => {
    const next = base.remove(['b', 'nope']);
    expect(ids(next.toArray())).toEqual(['a', 'c']);
    expect(next.has('b')).toBe(false);
    expect(base.remove(['nope'])).toBe(base);
    expect(base.remove(['a', 'b', 'c'])).toBe(SpanSet.empty);
  });

  it('updates fields and offsets but never the id', () => {
    const next = base.update('a', { label: 'renamed', status: 'accepted', end: 10 });
    expect(next.get('a')).toEqual({ ...span('a', 0, 10, 'renamed'), status: 'accepted' });
    expect(ids(next.at(9))).toEqual(['a']);
    const sneaky = { id: 'other', note: 'n' } as Partial<Omit<SpanAnnotation, 'id'>>;
    expect(next.update('a', sneaky).get('a')?.note).toBe('n');
    expect(next.update('a', sneaky).has('other')).toBe(false);
  });

  it('leaves old versions unchanged', () => {
    const before = base.toArray();
    const added = base.add([span('x', 0, 3)]);
    const removed = added.remove(['a']);
    const updated = removed.update('b', { start: 0 });
    const { set: mapped } = updated.map([{ from: 0, to: 0, insert: 5 }]);
    expect(base.toArray()).toEqual(before);
    expect(ids(added.toArray())).toEqual(['x', 'a', 'b', 'c']);
    expect(ids(removed.toArray())).toEqual(['x', 'b', 'c']);
    expect(updated.get('b')?.start).toBe(0);
    expect(mapped.get('b')?.start).toBe(5);
  });
});

describe('SpanSet: mapping through edits', () => {
  const { text, pos } = tagged('the <a>National Guard<b> was here');
  const set = SpanSet.create([span('ng', pos.a!, pos.b!, 'militarization')]);

  /** Maps the set, applies the same changes to the text (inserting `+`), and prints the result. */
  function edit(changes: TextChange[]): { printed: string; collapsed: SpanAnnotation[] } {
    const { set: mapped, collapsed } = set.map(changes);
    return { printed: printSpans(applyChanges(text, changes), mapped), collapsed };
  }

  it('keeps text inserted exactly at the start outside', () => {
    expect(edit([{ from: pos.a!, to: pos.a!, insert: 3 }]).printed).toBe('the +++[militarization:National Guard] was here');
  });

  it('keeps text inserted exactly at the end outside', () => {
    expect(edit([{ from: pos.b!, to: pos.b!, insert: 2 }]).printed).toBe('the [militarization:National Guard]++ was here');
  });

  it('grows with text inserted strictly inside', () => {
    expect(edit([{ from: pos.a! + 1, to: pos.a! + 1, insert: 2 }]).printed).toBe('the [militarization:N++ational Guard] was here');
    expect(edit([{ from: pos.b! - 1, to: pos.b! - 1, insert: 1 }]).printed).toBe('the [militarization:National Guar+d] was here');
  });

  it('shifts with edits before it and ignores edits after it', () => {
    expect(edit([{ from: 0, to: 4, insert: 1 }]).printed).toBe('+[militarization:National Guard] was here');
    expect(edit([{ from: pos.b! + 1, to: pos.b! + 4, insert: 0 }]).printed).toBe('the [militarization:National Guard]  here');
    expect(set.map([{ from: pos.b! + 1, to: pos.b! + 4, insert: 0 }]).set).toBe(set);
  });

  it('shrinks with deletions at its edges and inside', () => {
    expect(edit([{ from: 2, to: pos.a! + 4, insert: 0 }]).printed).toBe('th[militarization:onal Guard] was here');
    expect(edit([{ from: pos.b! - 2, to: pos.b! + 2, insert: 0 }]).printed).toBe('the [militarization:National Gua]as here');
    expect(edit([{ from: pos.a! + 2, to: pos.a! + 9, insert: 0 }]).printed).toBe('the [militarization:NaGuard] was here');
  });

  it('takes in text replacing its first characters, but not text replacing its last ones', () => {
    expect(edit([{ from: pos.a!, to: pos.a! + 3, insert: 2 }]).printed).toBe('the [militarization:++ional Guard] was here');
    expect(edit([{ from: pos.b! - 2, to: pos.b!, insert: 2 }]).printed).toBe('the [militarization:National Gua]++ was here');
  });

  it('keeps a start whose text was deleted before text inserted there by a later change of the same call', () => {
    const changes = [
      { from: pos.a!, to: pos.a! + 3, insert: 0 },
      { from: pos.a!, to: pos.a!, insert: 3 },
    ];
    expect(edit(changes).printed).toBe('the [militarization:+++ional Guard] was here');
  });

  it('collapses when its whole text is deleted, keeping its last position', () => {
    const { printed, collapsed } = edit([{ from: pos.a! - 1, to: pos.b! + 1, insert: 0 }]);
    expect(printed).toBe('thewas here');
    expect(collapsed).toEqual([span('ng', pos.a! - 1, pos.a! - 1, 'militarization')]);
  });

  it('collapses when its text is replaced, before the replacement', () => {
    const { printed, collapsed } = edit([{ from: pos.a!, to: pos.b!, insert: 4 }]);
    expect(printed).toBe('the ++++ was here');
    expect(collapsed.map((s) => [s.start, s.end])).toEqual([[pos.a!, pos.a!]]);
  });

  it('follows a collapsed span through later changes of the same call', () => {
    const { printed, collapsed } = edit([
      { from: pos.a!, to: pos.b!, insert: 0 },
      { from: pos.a!, to: pos.a!, insert: 2 },
      { from: 0, to: 1, insert: 0 },
    ]);
    expect(printed).toBe('he ++ was here');
    expect(collapsed.map((s) => [s.start, s.end])).toEqual([[pos.a! - 1, pos.a! - 1]]);
  });

  it('maps nested and overlapping spans together', () => {
    const doc = tagged('<a>one <b>two<c> three<d> four<e>');
    const layered = SpanSet.create([
      span('outer', doc.pos.a!, doc.pos.e!, 'o'),
      span('inner', doc.pos.b!, doc.pos.c!, 'i'),
      span('cross', doc.pos.c!, doc.pos.e!, 'x'),
    ]);
    expect(printSpans(doc.text, layered)).toBe('[o:one [i:two][x: three four]]');
    const changes = [
      { from: doc.pos.c!, to: doc.pos.c!, insert: 1 },
      { from: doc.pos.b!, to: doc.pos.c! + 1, insert: 0 },
    ];
    const { set: mapped, collapsed } = layered.map(changes);
    expect(printSpans(applyChanges(doc.text, changes), mapped)).toBe('[o:one [x: three four]]');
    expect(ids(collapsed)).toEqual(['inner']);
  });
});

describe('SpanSet: mapping discontinuous spans', () => {
  const { text, pos } = tagged('the <a>National<b> and local <c>Guard<d> marched');
  const guard: SpanAnnotation = { ...span('g', pos.a!, pos.d!, 'org'), fragments: [[pos.a!, pos.b!], [pos.c!, pos.d!]] };
  const set = SpanSet.create([guard]);
  const after = (changes: readonly TextChange[]): string => printSpans(applyChanges(text, changes), set.map(changes).set);

  it('prints each fragment, the later ones marked as continuing', () => {
    expect(printSpans(text, set)).toBe('the [org:National] and local […org:Guard] marched');
  });

  it('keeps text typed in the gap and at the edges of fragments outside them', () => {
    expect(after([{ from: pos.b!, to: pos.b!, insert: 2 }, { from: pos.d! + 2, to: pos.d! + 2, insert: 1 }])).toBe(
      'the [org:National]++ and local […org:Guard]+ marched',
    );
    expect(after([{ from: pos.c!, to: pos.c!, insert: 1 }])).toBe('the [org:National] and local +[…org:Guard] marched');
  });

  it('grows a fragment with text typed inside it', () => {
    expect(after([{ from: pos.a! + 3, to: pos.a! + 3, insert: 2 }])).toBe('the [org:Nat++ional] and local […org:Guard] marched');
  });

  it('becomes contiguous when one fragment remains', () => {
    const { set: mapped, collapsed } = set.map([{ from: pos.a!, to: pos.b!, insert: 0 }]);
    expect(collapsed).toEqual([]);
    expect(mapped.get('g')).toEqual({ ...span('g', pos.c! - (pos.b! - pos.a!), pos.d! - (pos.b! - pos.a!), 'org') });
  });

  it('joins fragments whose gap is deleted', () => {
    const { set: mapped } = set.map([{ from: pos.b!, to: pos.c!, insert: 0 }]);
    expect(mapped.get('g')).toEqual(span('g', pos.a!, pos.d! - (pos.c! - pos.b!), 'org'));
  });

  it('collapses without fragments when the text of every fragment is deleted', () => {
    const { set: mapped, collapsed } = set.map([{ from: pos.c!, to: pos.d!, insert: 0 }, { from: pos.a!, to: pos.b!, insert: 0 }]);
    expect(mapped.size).toBe(0);
    expect(collapsed).toEqual([span('g', pos.c! - (pos.b! - pos.a!), pos.c! - (pos.b! - pos.a!), 'org')]);
  });

  it('moves each fragment as a contiguous span of its own would move (seeded random edits)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(40), fc.nat(6), fc.nat(3)), { maxLength: 6 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })), { minLength: 2, maxLength: 4 }),
        (rawChanges, shape) => {
          const fragments: [number, number][] = [];
          let at = 1;
          for (const [gap, length] of shape) {
            fragments.push([at, at + length]);
            at += length + gap;
          }
          const first = fragments[0] as [number, number];
          const last = fragments[fragments.length - 1] as [number, number];
          const discontinuous: SpanAnnotation = { ...span('d', first[0], last[1]), fragments };
          let length = 40;
          const changes: TextChange[] = [];
          for (const [from, deleted, insert] of rawChanges) {
            const start = Math.min(from, length);
            const end = Math.min(start + deleted, length);
            changes.push({ from: start, to: end, insert });
            length += insert - (end - start);
          }
          const pieces = SpanSet.create(fragments.map(([from, to], i) => span(`p${i}`, from, to)));
          const kept = pieces.map(changes).set.toArray().map((s): [number, number] => [s.start, s.end]);
          const mapped = SpanSet.create([discontinuous]).map(changes);
          const expected = spanFromRanges(kept);
          if (expected === undefined) expect(mapped.set.size).toBe(0);
          else expect(mapped.set.get('d')).toEqual({ ...span('d', expected.start, expected.end), ...(expected.fragments === undefined ? {} : { fragments: expected.fragments }) });
        },
      ),
      { seed: 20240611 },
    );
  });
});

describe('printSpans', () => {
  it('closes a span ending where another starts before opening the next', () => {
    expect(printSpans('abcd', [span('x', 0, 2), span('y', 2, 4)])).toBe('[x:ab][y:cd]');
  });

  it('opens the longer of two spans starting together first', () => {
    expect(printSpans('abcd', [span('x', 0, 2), span('y', 0, 4)])).toBe('[y:[x:ab]cd]');
  });

  it('marks spans that cross', () => {
    expect(printSpans('one two three', [span('a', 0, 7), span('b', 4, 13)])).toBe('[a:one [b:two/a] three]');
  });

  it('prints a chosen name and clamps spans past the text', () => {
    expect(printSpans('ab', [span('x', 1, 9, 'label')], (s) => s.id)).toBe('a[x:b]');
  });
});

describe('span tree invariants', () => {
  const byPosition = (a: SpanAnnotation, b: SpanAnnotation): number => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  it('stay balanced, ordered and augmented through random inserts and removes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 30 })), { maxLength: 300 }), (ops) => {
        let tree: SpanTree = null;
        const present = new Map<string, SpanAnnotation>();
        for (const [insert, start, length] of ops) {
          const s = span(`s${start}`, start, start + length);
          if (insert) {
            const previous = present.get(s.id);
            if (previous !== undefined) tree = treeRemove(tree, previous, byPosition);
            tree = treeInsert(tree, s, byPosition);
            present.set(s.id, s);
          } else {
            const previous = present.get(s.id);
            if (previous !== undefined) tree = treeRemove(tree, previous, byPosition);
            present.delete(s.id);
          }
          expect(treeInvariantViolation(tree, byPosition)).toBeUndefined();
          expect(treeSize(tree)).toBe(present.size);
        }
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------
// Model-based property test: a SpanSet against a naive array of spans, whose
// mapping simulates characters and Yjs-style anchors (a start on the
// character after it, an end on the character before it, deleted characters
// kept as tombstones that later insertions land after).

interface ModelChar {
  readonly key: number;
  deleted: boolean;
}

/** Maps spans through changes by moving characters, not positions. */
function modelMap(spans: readonly SpanAnnotation[], length: number, changes: readonly TextChange[]): { kept: SpanAnnotation[]; collapsed: SpanAnnotation[] } {
  const chars: ModelChar[] = Array.from({ length }, (_, key) => ({ key, deleted: false }));
  let nextKey = length;
  const visible = (): ModelChar[] => chars.filter((c) => !c.deleted);
  for (const { from, to, insert } of changes) {
    const live = visible();
    for (let i = from; i < to; i++) (live[i] as ModelChar).deleted = true;
    const before = live[to];
    const at = before === undefined ? chars.length : chars.indexOf(before);
    const inserted = Array.from({ length: insert }, () => ({ key: nextKey++, deleted: false }));
    chars.splice(at, 0, ...inserted);
  }
  const resolve = (key: number, after: boolean): number => {
    let count = 0;
    for (const c of chars) {
      if (c.key === key) return c.deleted ? count : count + (after ? 1 : 0);
      if (!c.deleted) count++;
    }
    throw new Error(`character ${key} lost`);
  };
  const kept: SpanAnnotation[] = [];
  const collapsed: SpanAnnotation[] = [];
  for (const s of spans) {
    const start = resolve(s.start, false);
    const end = resolve(s.end - 1, true);
    if (start < end) kept.push({ ...s, start, end });
    else collapsed.push({ ...s, start: end, end });
  }
  return { kept, collapsed };
}

function sortModel(spans: readonly SpanAnnotation[]): SpanAnnotation[] {
  return [...spans].sort((a, b) => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function modelFind(spans: readonly SpanAnnotation[], from: number, to: number): SpanAnnotation[] {
  const hits = from === to ? spans.filter((s) => s.start <= from && from < s.end) : spans.filter((s) => s.start < to && s.end > from);
  return sortModel(hits);
}

type Operation =
  | { readonly kind: 'add'; readonly spans: readonly (readonly [number, number, number, number])[] }
  | { readonly kind: 'remove'; readonly ids: readonly number[] }
  | { readonly kind: 'update'; readonly id: number; readonly start: number; readonly length: number; readonly label: number }
  | { readonly kind: 'map'; readonly changes: readonly (readonly [number, number, number])[] };

const ID_POOL = 12;
const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    spans: fc.array(fc.tuple(fc.nat(ID_POOL - 1), fc.nat(60), fc.integer({ min: 1, max: 15 }), fc.nat(2)), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('remove' as const), ids: fc.array(fc.nat(ID_POOL - 1), { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('update' as const), id: fc.nat(ID_POOL - 1), start: fc.nat(60), length: fc.integer({ min: 1, max: 15 }), label: fc.nat(2) }),
  fc.record({ kind: fc.constant('map' as const), changes: fc.array(fc.tuple(fraction, fc.nat(8), fc.nat(6)), { minLength: 1, maxLength: 3 }) }),
);

describe('SpanSet against a naive model', () => {
  it('agrees on contents, find, at and get through random operations, and keeps old versions', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 25 }), fc.array(fc.tuple(fraction, fc.nat(20)), { minLength: 1, maxLength: 6 }), (operations, queries) => {
        let set = SpanSet.empty;
        let model: SpanAnnotation[] = [];
        let length = 80;
        const versions: { set: SpanSet; model: SpanAnnotation[] }[] = [{ set, model }];
        for (const op of operations) {
          switch (op.kind) {
            case 'add': {
              const added = op.spans.map(([id, start, len, label]) => span(`s${id}`, Math.min(start, length - 1), Math.min(start + len, length), `l${label}`));
              set = set.add(added);
              for (const s of added) model = [...model.filter((m) => m.id !== s.id), s];
              break;
            }
            case 'remove': {
              set = set.remove(op.ids.map((id) => `s${id}`));
              model = model.filter((m) => !op.ids.some((id) => m.id === `s${id}`));
              break;
            }
            case 'update': {
              const id = `s${op.id}`;
              const start = Math.min(op.start, length - 1);
              const patch = { start, end: Math.min(start + op.length, length), label: `l${op.label}` };
              const previous = model.find((m) => m.id === id);
              if (previous === undefined) {
                expect(() => set.update(id, patch)).toThrow(RangeError);
              } else {
                set = set.update(id, patch);
                model = model.map((m) => (m.id === id ? { ...m, ...patch } : m));
              }
              break;
            }
            case 'map': {
              const changes: TextChange[] = [];
              let current = length;
              for (const [where, deleted, insert] of op.changes) {
                const from = Math.floor(where * (current + 1));
                const to = Math.min(current, from + deleted);
                changes.push({ from, to, insert });
                current += insert - (to - from);
              }
              const mapped = set.map(changes);
              const expected = modelMap(model, length, changes);
              expect(mapped.collapsed).toEqual(sortModel(expected.collapsed));
              set = mapped.set;
              model = expected.kept;
              // An emptied text keeps one position of room for new spans (no span survives it).
              length = Math.max(current, 1);
              break;
            }
          }
          const sorted = sortModel(model);
          expect(set.toArray()).toEqual(sorted);
          expect(set.size).toBe(model.length);
          for (let p = 0; p <= length; p++) expect(set.at(p)).toEqual(modelFind(model, p, p));
          for (const [where, width] of queries) {
            const from = Math.floor(where * (length + 1));
            expect(set.find(from, from + width)).toEqual(modelFind(model, from, from + width));
          }
          for (let id = 0; id < ID_POOL; id++) {
            const inModel = model.find((m) => m.id === `s${id}`);
            expect(set.get(`s${id}`)).toEqual(inModel);
            expect(set.has(`s${id}`)).toBe(inModel !== undefined);
          }
          versions.push({ set, model: sorted });
        }
        for (const version of versions) expect(version.set.toArray()).toEqual(sortModel(version.model));
      }),
      { numRuns: 300 },
    );
  });
});

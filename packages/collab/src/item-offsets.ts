/**
 * Where the items of one indexed state of a content doc lie in its plain
 * text, recorded during `ContentIndex`'s walk in document order and looked
 * up by Yjs id when resolving a relative position.
 *
 * Two tables with the same answers: `StructOffsets` for an index of the
 * whole content (flat typed arrays per client, parallel to the struct store:
 * no per-item allocation, and a lookup is one binary search over a compact
 * array of clocks), and `ItemOffsetMap` for an index of a few paragraphs
 * (work in proportion to the items recorded, not to the document).
 *
 * @internal
 */
import * as Y from 'yjs';
import { structAt } from './structs.js';

/** The text offsets of the items of one content state, by Yjs id. */
export interface ItemOffsets {
  /**
   * Records that `item` starts at text offset `offset`; `counts` says
   * whether its characters are part of the text (live and countable) or it
   * only marks a gap (deleted, or formatting).
   */
  record(item: Y.Item, offset: number, counts: boolean): void;
  /**
   * The text offset of character `clock` of `client`: the offset of that
   * character (plus one when `assoc < 0`) when its item counts, the gap where
   * it was otherwise, and null when no recorded item holds it.
   */
  resolve(client: number, clock: number, assoc: number): number | null;
}

/** An item's entry: its offset doubled, plus one when its characters count. */
function entry(offset: number, counts: boolean): number {
  return offset * 2 + (counts ? 1 : 0);
}

function offsetAt(value: number, clock: number, start: number, assoc: number): number {
  const counts = value % 2 === 1;
  const offset = (value - (counts ? 1 : 0)) / 2;
  return counts ? offset + (clock - start) + (assoc >= 0 ? 0 : 1) : offset;
}

/** The structs of one client as they were when the table was made: start clocks and recorded entries (NaN: none). */
interface ClientTable {
  readonly clocks: Float64Array;
  readonly entries: Float64Array;
  /** The clock after the client's last struct. */
  readonly end: number;
  /** Where the next record of this client is likely to go: the struct after the last one recorded. */
  next: number;
}

/** The index of the last clock in `clocks` (sorted ascending) that is at most `clock`, or −1. */
function lastAtMost(clocks: Float64Array, clock: number): number {
  let lo = 0;
  let hi = clocks.length - 1;
  if (hi < 0 || (clocks[0] as number) > clock) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((clocks[mid] as number) <= clock) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Item offsets for an index of the whole content: one pair of typed arrays
 * per client, parallel to the doc's struct store as it is when the table is
 * made. Costs O(structs of the doc) to make, O(log structs of the client)
 * per record and lookup, and no allocation per item.
 */
export class StructOffsets implements ItemOffsets {
  private readonly tables = new Map<number, ClientTable>();

  /** Makes an empty table for the structs `store` holds now. */
  constructor(store: Y.Doc['store']) {
    for (const [client, structs] of store.clients) {
      const clocks = new Float64Array(structs.length);
      for (let i = 0; i < structs.length; i++) clocks[i] = (structs[i] as Y.Item | Y.GC).id.clock;
      const last = structs[structs.length - 1];
      this.tables.set(client, { clocks, entries: new Float64Array(structs.length).fill(Number.NaN), end: last === undefined ? 0 : last.id.clock + last.length, next: 0 });
    }
  }

  record(item: Y.Item, offset: number, counts: boolean): void {
    const table = this.tables.get(item.id.client);
    if (table === undefined) return;
    const clock = item.id.clock;
    // Text split by later insertions lies in consecutive structs, so the guess is usually right.
    const i = table.clocks[table.next] === clock ? table.next : lastAtMost(table.clocks, clock);
    if (i < 0 || table.clocks[i] !== clock) return;
    table.entries[i] = entry(offset, counts);
    table.next = i + 1;
  }

  resolve(client: number, clock: number, assoc: number): number | null {
    const table = this.tables.get(client);
    if (table === undefined || clock >= table.end) return null;
    const i = lastAtMost(table.clocks, clock);
    if (i < 0) return null;
    const value = table.entries[i] as number;
    return Number.isNaN(value) ? null : offsetAt(value, clock, table.clocks[i] as number, assoc);
  }
}

/**
 * Item offsets for an index of a few paragraphs: a map from the items
 * recorded, looked up through the struct store. Costs O(items recorded).
 */
export class ItemOffsetMap implements ItemOffsets {
  private readonly entries = new Map<Y.Item, number>();

  /** Makes an empty table; lookups find items in `store`. */
  constructor(private readonly store: Y.Doc['store']) {}

  record(item: Y.Item, offset: number, counts: boolean): void {
    this.entries.set(item, entry(offset, counts));
  }

  resolve(client: number, clock: number, assoc: number): number | null {
    const struct = structAt(this.store, client, clock);
    if (!(struct instanceof Y.Item)) return null;
    const value = this.entries.get(struct);
    return value === undefined ? null : offsetAt(value, clock, struct.id.clock, assoc);
  }
}

/**
 * An index of a layer's annotations by the Yjs ids their anchors depend on,
 * kept up to date as the layer changes, to find the annotations an edit of
 * the content hits without reading every annotation.
 *
 * @internal
 */
import * as Y from 'yjs';
import { annotationsMap, readAnnotationEntry } from './annotation-entry.js';
import type { AnnotationEntry } from './annotation-entry.js';
import { decodeAnchor } from './structs.js';

/** The id an anchor depends on: the character it points to, or the type whose edge it is. */
function anchorId(bytes: Uint8Array): Y.ID | null {
  const rpos = decodeAnchor(bytes);
  return rpos === null ? null : (rpos.item ?? rpos.type);
}

/**
 * The annotations of a layer by anchor id. Built on first use; afterwards
 * each change of the layer re-reads only the annotations it changed.
 */
export class AnchorWatch {
  private built = false;
  private readonly entries = new Map<string, { readonly entry: AnnotationEntry; readonly anchors: readonly Y.ID[] }>();
  /** client → clock → ids of the annotations with an anchor on that id. */
  private readonly byClient = new Map<number, Map<number, Set<string>>>();
  private readonly annotations: Y.Map<unknown>;
  private readonly onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    if (!this.built) return;
    const changed = new Set<string>();
    for (const event of events) {
      if (event.target === this.annotations) {
        for (const key of (event as Y.YMapEvent<unknown>).keysChanged) changed.add(key);
      } else {
        const key = event.path[0];
        if (typeof key === 'string') changed.add(key);
      }
    }
    for (const id of changed) {
      this.forget(id);
      this.read(id);
    }
  };

  /** Starts following the `annotations` map of `layer`. */
  constructor(layer: Y.Doc) {
    this.annotations = annotationsMap(layer);
    this.annotations.observeDeep(this.onChange);
  }

  /** Stops following the layer. */
  destroy(): void {
    this.annotations.unobserveDeep(this.onChange);
  }

  /**
   * The annotations an edit of the content may have moved, sorted by id:
   * those with an anchor on a struct the transaction deleted, and those with
   * an anchor on the edge of a type whose content it changed (a start
   * anchored at the end of a paragraph's text stays with that text when a
   * split moves the end of the paragraph into a new one). Costs
   * O(min(deleted clocks, anchors) · log) per client, plus one lookup per
   * changed type.
   */
  hitBy(transaction: Y.Transaction): AnnotationEntry[] {
    this.build();
    const hit = new Set<string>();
    const deleteSet = transaction.deleteSet;
    for (const [client, ranges] of deleteSet.clients) {
      const clocks = this.byClient.get(client);
      if (clocks === undefined) continue;
      let deleted = 0;
      for (const range of ranges) deleted += range.len;
      if (deleted <= clocks.size) {
        for (const range of ranges) {
          for (let clock = range.clock; clock < range.clock + range.len; clock++) clocks.get(clock)?.forEach((id) => hit.add(id));
        }
      } else {
        for (const [clock, ids] of clocks) if (Y.isDeleted(deleteSet, Y.createID(client, clock))) ids.forEach((id) => hit.add(id));
      }
    }
    for (const type of transaction.changed.keys()) {
      const item = type._item;
      if (item !== null) this.byClient.get(item.id.client)?.get(item.id.clock)?.forEach((id) => hit.add(id));
    }
    return [...hit].sort().flatMap((id) => {
      const known = this.entries.get(id);
      return known === undefined ? [] : [known.entry];
    });
  }

  private build(): void {
    if (this.built) return;
    this.built = true;
    for (const id of this.annotations.keys()) this.read(id);
  }

  private read(id: string): void {
    const read = readAnnotationEntry(id, this.annotations.get(id));
    if (!('entry' in read)) return;
    const anchors: Y.ID[] = [];
    for (const bytes of [read.entry.start, read.entry.end, ...(read.entry.fragments ?? []).flat()]) {
      const anchor = anchorId(bytes);
      if (anchor === null) continue;
      anchors.push(anchor);
      let clocks = this.byClient.get(anchor.client);
      if (clocks === undefined) this.byClient.set(anchor.client, (clocks = new Map()));
      let ids = clocks.get(anchor.clock);
      if (ids === undefined) clocks.set(anchor.clock, (ids = new Set()));
      ids.add(id);
    }
    this.entries.set(id, { entry: read.entry, anchors });
  }

  private forget(id: string): void {
    const known = this.entries.get(id);
    if (known === undefined) return;
    this.entries.delete(id);
    for (const anchor of known.anchors) {
      const clocks = this.byClient.get(anchor.client);
      const ids = clocks?.get(anchor.clock);
      ids?.delete(id);
      if (ids !== undefined && ids.size === 0) clocks?.delete(anchor.clock);
      if (clocks !== undefined && clocks.size === 0) this.byClient.delete(anchor.client);
    }
  }
}

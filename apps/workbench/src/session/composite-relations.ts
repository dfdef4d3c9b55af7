/**
 * The relations of several annotation layers shown in one editor, as one
 * `RelationBinding`: relation and annotation ids are editor ids
 * (`<layer>:<id>`, as in `compositeLayer`), a relation joins two
 * annotations of one layer, and each write goes to its layer.
 */
import type * as Y from 'yjs';
import { yjsRelationBinding } from '@glossa/prosemirror';
import type { RelationBinding, RelationWrite, ResolvedRelations } from '@glossa/prosemirror';
import type { RelationAnnotation } from '@glossa/core';
import { LayerNotWritableError, layeredId, splitLayeredId } from './composite-layer.js';

/** One layer: its doc and whether this user may write it. */
export interface RelationMember {
  readonly id: string;
  readonly doc: Y.Doc;
  readonly writable: boolean;
}

/** The composite relation binding, with the layers shown. */
export interface CompositeRelations extends RelationBinding {
  /** Shows exactly these layers' relations and tells the editor. */
  setVisibleLayers(layers: readonly string[]): void;
  /** Adds a layer opened after the editor started. */
  addMember(member: RelationMember, visible: boolean): void;
  /** Whether a relation from `from` to `to` (editor ids) can be written: both of one writable layer. */
  canRelate(from: string, to: string): boolean;
}

function prefix(layer: string, relation: RelationAnnotation): RelationAnnotation {
  return { ...relation, id: layeredId(layer, relation.id), from: layeredId(layer, relation.from), to: layeredId(layer, relation.to) };
}

/** Creates the composite relation binding of `members`, showing `visible`. */
export function compositeRelations(members: readonly RelationMember[], userId: string, visible: readonly string[]): CompositeRelations {
  const layers = new Map<string, { member: RelationMember; binding: RelationBinding }>();
  let shown = new Set<string>();
  const listeners = new Set<() => void>();
  const subscriptions = new Map<() => void, (() => void)[]>();
  const add = (member: RelationMember): void => {
    if (layers.has(member.id)) throw new RangeError(`layer "${member.id}" is already part of this editor`);
    layers.set(member.id, { member, binding: yjsRelationBinding({ layerDoc: member.doc, userId }) });
  };
  for (const member of members) add(member);
  shown = new Set(visible.filter((id) => layers.has(id)));
  const writable = (layer: string): RelationBinding => {
    const entry = layers.get(layer);
    if (entry === undefined || !entry.member.writable) throw new LayerNotWritableError(layer);
    return entry.binding;
  };
  const subscribeMember = (id: string, binding: RelationBinding, listener: () => void): (() => void) =>
    binding.subscribe(() => {
      if (shown.has(id)) listener();
    });
  return {
    resolve(): ResolvedRelations {
      const live: RelationAnnotation[] = [];
      const dangling: RelationAnnotation[] = [];
      for (const [id, { binding }] of layers) {
        if (!shown.has(id)) continue;
        const resolved = binding.resolve();
        for (const relation of resolved.live) live.push(prefix(id, relation));
        for (const relation of resolved.dangling) dangling.push(prefix(id, relation));
      }
      return { live, dangling };
    },
    write(change: RelationWrite): string | undefined {
      switch (change.type) {
        case 'create': {
          const from = splitLayeredId(change.relation.from);
          const to = splitLayeredId(change.relation.to);
          if (from.layer !== to.layer) throw new RangeError(`a relation joins two annotations of one layer, not of "${from.layer}" and "${to.layer}"`);
          const id = writable(from.layer).write({ type: 'create', relation: { ...change.relation, id: splitLayeredId(change.relation.id).id, from: from.id, to: to.id } });
          return id === undefined ? undefined : layeredId(from.layer, id);
        }
        case 'update':
        case 'reverse': {
          const { layer, id } = splitLayeredId(change.id);
          return writable(layer).write({ ...change, id });
        }
        case 'delete': {
          const byLayer = new Map<string, string[]>();
          for (const value of change.ids) {
            const { layer, id } = splitLayeredId(value);
            byLayer.set(layer, [...(byLayer.get(layer) ?? []), id]);
          }
          for (const [layer, ids] of byLayer) writable(layer).write({ type: 'delete', ids });
          return undefined;
        }
      }
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      subscriptions.set(listener, [...layers].map(([id, { binding }]) => subscribeMember(id, binding, listener)));
      return () => {
        listeners.delete(listener);
        for (const off of subscriptions.get(listener) ?? []) off();
        subscriptions.delete(listener);
      };
    },
    setVisibleLayers(next: readonly string[]) {
      shown = new Set(next.filter((id) => layers.has(id)));
      for (const listener of listeners) listener();
    },
    addMember(member: RelationMember, show: boolean) {
      add(member);
      const entry = layers.get(member.id);
      if (show) shown.add(member.id);
      if (entry !== undefined) for (const [listener, offs] of subscriptions) offs.push(subscribeMember(member.id, entry.binding, listener));
      for (const listener of listeners) listener();
    },
    canRelate(from: string, to: string) {
      const a = from.indexOf(':');
      const b = to.indexOf(':');
      if (a <= 0 || b <= 0 || from.slice(0, a) !== to.slice(0, b)) return false;
      return layers.get(from.slice(0, a))?.member.writable === true;
    },
  };
}

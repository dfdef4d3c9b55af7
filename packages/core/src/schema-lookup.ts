/**
 * Lookups over a valid label schema: a span label, relation label or
 * document-label group by id, the labels by group as a palette shows them,
 * hotkeys, and the labels exports include.
 */
import type { DocumentLabelGroup, LabelDefinition, LabelGroup, LabelSchema, RelationLabelDefinition } from './types.js';

/** Returns the span label with the given id, or `undefined` when the schema has none. */
export function labelById(schema: LabelSchema, id: string): LabelDefinition | undefined {
  return schema.labels.find((label) => label.id === id);
}

/** Returns the relation label with the given id, or `undefined` when the schema has none. */
export function relationLabelById(schema: LabelSchema, id: string): RelationLabelDefinition | undefined {
  return schema.relationLabels?.find((label) => label.id === id);
}

/** Returns the document-label group with the given id, or `undefined` when the schema has none. */
export function documentLabelGroupById(schema: LabelSchema, id: string): DocumentLabelGroup | undefined {
  return schema.documentLabels.find((group) => group.id === id);
}

/** A group of the schema with its labels, as a palette shows them. */
export interface GroupedLabels {
  /** The group, or `undefined` for the labels that belong to no declared group. */
  readonly group: LabelGroup | undefined;
  /** The group's labels in schema order. */
  readonly labels: readonly LabelDefinition[];
}

/**
 * Groups the span labels for a palette: every declared group in schema order
 * (empty ones included) with its labels in schema order, then, when there are
 * any, the labels without a (declared) group under `group: undefined`.
 */
export function labelsByGroup(schema: LabelSchema): readonly GroupedLabels[] {
  const byGroup = new Map<string, LabelDefinition[]>(schema.groups.map((group) => [group.id, []]));
  const ungrouped: LabelDefinition[] = [];
  for (const label of schema.labels) {
    const bucket = label.group === undefined ? undefined : byGroup.get(label.group);
    (bucket ?? ungrouped).push(label);
  }
  const entries: GroupedLabels[] = schema.groups.map((group) => ({ group, labels: byGroup.get(group.id) ?? [] }));
  if (ungrouped.length > 0) entries.push({ group: undefined, labels: ungrouped });
  return entries;
}

/**
 * Maps each hotkey to the label it applies. Keys are single characters and
 * letter case matters (`"a"` and `"A"` are different keys), matching
 * `KeyboardEvent.key`.
 */
export function hotkeyMap(schema: LabelSchema): ReadonlyMap<string, LabelDefinition> {
  const map = new Map<string, LabelDefinition>();
  for (const label of schema.labels) {
    if (label.hotkey !== undefined && !map.has(label.hotkey)) map.set(label.hotkey, label);
  }
  return map;
}

/** Returns the span labels that exports include by default: those without `excludeFromExport: true`. */
export function defaultExportLabels(schema: LabelSchema): readonly LabelDefinition[] {
  return schema.labels.filter((label) => label.excludeFromExport !== true);
}

/**
 * Maps each hotkey of a relation label to the label, as {@link hotkeyMap}
 * does for span labels; a valid schema never gives one key to both.
 */
export function relationHotkeyMap(schema: LabelSchema): ReadonlyMap<string, RelationLabelDefinition> {
  const map = new Map<string, RelationLabelDefinition>();
  for (const label of schema.relationLabels ?? []) {
    if (label.hotkey !== undefined && !map.has(label.hotkey)) map.set(label.hotkey, label);
  }
  return map;
}

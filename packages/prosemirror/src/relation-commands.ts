/**
 * Relation commands: ProseMirror commands that change relations through
 * transaction meta and, when the relation plugin has a binding, write the
 * same change through it.
 */
import type { Command, EditorState, Transaction } from 'prosemirror-state';
import { relationEndsAllowed, relationHotkeyMap, relationLabelById } from '@glossa/core';
import type { LabelSchema, RelationAnnotation } from '@glossa/core';
import { annotationPluginKey } from './state.js';
import { relationPluginOptions } from './relation-plugin.js';
import type { ResolvedRelationOptions } from './relation-plugin.js';
import { relationPluginKey } from './relation-state.js';
import type { RelationAction, RelationPluginState } from './relation-state.js';
import type { RelationWrite } from './relation-binding.js';

/** Thrown when a relation command is run on a state without the relation plugin. */
export class RelationPluginMissingError extends Error {
  constructor() {
    super('The relation plugin is not installed in this editor state');
    this.name = 'RelationPluginMissingError';
  }
}

function parts(state: EditorState): { readonly options: ResolvedRelationOptions; readonly plugin: RelationPluginState } {
  const options = relationPluginOptions(state);
  const plugin = relationPluginKey.getState(state);
  if (options === undefined || plugin === undefined) throw new RelationPluginMissingError();
  return { options, plugin };
}

/**
 * Applies `action` to the plugin state; with `write` and a binding, writes
 * it through the binding and reads the relations back instead (the store
 * decides what a change amounts to: a relabel that makes two relations
 * one, a deletion that takes a hidden duplicate with it).
 */
function dispatchRelation(state: EditorState, dispatch: (tr: Transaction) => void, action: RelationAction, write?: RelationWrite): void {
  const { options } = parts(state);
  const binding = options.binding;
  if (write !== undefined && binding !== undefined) {
    binding.write(write);
    action = { type: 'replace', relations: binding.resolve() };
  }
  dispatch(state.tr.setMeta(relationPluginKey, action).setMeta('addToHistory', false));
}

/** Writes a new relation through the binding (which may keep it under an id of its own) and adds it to the plugin state, selected. */
function dispatchCreate(state: EditorState, dispatch: (tr: Transaction) => void, relation: RelationAnnotation): void {
  const { options } = parts(state);
  const binding = options.binding;
  if (binding === undefined) {
    dispatch(state.tr.setMeta(relationPluginKey, { type: 'create', relation } satisfies RelationAction).setMeta('addToHistory', false));
    return;
  }
  const stored = binding.write({ type: 'create', relation }) ?? relation.id;
  const action: RelationAction = { type: 'replace', relations: binding.resolve(), select: stored };
  dispatch(state.tr.setMeta(relationPluginKey, action).setMeta('addToHistory', false));
}

/** The selected relation, or `null`. */
export function selectedRelation(state: EditorState): RelationAnnotation | null {
  const plugin = relationPluginKey.getState(state);
  if (plugin === undefined || plugin.selectedId === null) return null;
  return plugin.relations.get(plugin.selectedId) ?? null;
}

/** The relations joining the annotation `spanId` (either end), live ones only. */
export function relationsOfSpan(state: EditorState, spanId: string): RelationAnnotation[] {
  const plugin = relationPluginKey.getState(state);
  if (plugin === undefined) return [];
  return (plugin.bySpan.get(spanId) ?? []).flatMap((id) => plugin.relations.get(id) ?? []);
}

/**
 * Whether a relation is shown: both its ends are annotations the
 * annotation plugin has placed now (a relation whose end is deleted or
 * orphaned is dangling and never drawn).
 */
export function isRelationShown(state: EditorState, relation: Pick<RelationAnnotation, 'from' | 'to'>): boolean {
  const spans = annotationPluginKey.getState(state)?.spans;
  return spans !== undefined && spans.has(relation.from) && spans.has(relation.to);
}

/** Selects a relation (`null`: none). */
export function selectRelation(id: string | null): Command {
  return (state, dispatch) => {
    const { plugin } = parts(state);
    if (id !== null && !plugin.relations.has(id)) return false;
    if (plugin.selectedId === id) return false;
    if (dispatch !== undefined) dispatchRelation(state, dispatch, { type: 'select', id });
    return true;
  };
}

/**
 * Starts a relation from the annotation `source` (by default the selected
 * annotation): the next `completeRelation` joins it to its target. Not
 * applicable without an annotation.
 */
export function startRelation(source?: string): Command {
  return (state, dispatch) => {
    parts(state);
    const annotations = annotationPluginKey.getState(state);
    const from = source ?? annotations?.selectedId ?? null;
    if (from === null || annotations?.spans.has(from) !== true) return false;
    if (dispatch !== undefined) dispatchRelation(state, dispatch, { type: 'pending', source: from });
    return true;
  };
}

/** Ends making a relation without one. Not applicable when none is being made. */
export const cancelRelation: Command = (state, dispatch) => {
  const plugin = relationPluginKey.getState(state);
  if (plugin === undefined || plugin.pendingSource === null) return false;
  if (dispatch !== undefined) dispatchRelation(state, dispatch, { type: 'pending', source: null });
  return true;
};

/** Clears the relation selection. Not applicable when no relation is selected. */
export const clearRelationSelection: Command = (state, dispatch) => selectRelation(null)(state, dispatch);

/**
 * Why a relation with `label` from `from` to `to` cannot be made, or
 * `null` when it can: the label must be a relation label of the schema, the
 * ends two different annotations with labels the relation label allows.
 */
export function relationProblem(state: EditorState, label: string, from: string, to: string): string | null {
  const { options } = parts(state);
  const definition = relationLabelById(options.schema, label);
  if (definition === undefined) return `the schema "${options.schema.name}" has no relation label "${label}"`;
  const spans = annotationPluginKey.getState(state)?.spans;
  const source = spans?.get(from);
  const target = spans?.get(to);
  if (source === undefined) return `no annotation "${from}" to start the relation from`;
  if (target === undefined) return `no annotation "${to}" for the relation to point to`;
  if (from === to) return 'a relation joins two different annotations';
  if (!relationEndsAllowed(definition, source.label, target.label)) return `"${definition.name}" does not join a "${source.label}" to a "${target.label}"`;
  return null;
}

/**
 * Makes a relation with `label` from the pending source (`startRelation`)
 * to `target` (by default the selected annotation). Not applicable when no
 * relation is being made, the ends are the same, or the schema does not
 * allow the label between their labels.
 */
export function completeRelation(label: string, target?: string): Command {
  return (state, dispatch) => {
    const { plugin } = parts(state);
    const from = plugin.pendingSource;
    const to = target ?? annotationPluginKey.getState(state)?.selectedId ?? null;
    if (from === null || to === null) return false;
    return createRelation(from, to, label)(state, dispatch);
  };
}

/** Makes a relation with `label` from annotation `from` to annotation `to` (selected afterwards). Not applicable when `relationProblem` names one. */
export function createRelation(from: string, to: string, label: string): Command {
  return (state, dispatch) => {
    const { options } = parts(state);
    if (relationProblem(state, label, from, to) !== null) return false;
    const definition = relationLabelById(options.schema, label);
    if (definition === undefined) return false;
    const id = options.createId(from, to);
    if (id === null) return false;
    if (dispatch !== undefined) {
      const relation: RelationAnnotation = {
        id,
        from,
        to,
        label,
        directed: definition.directed,
        author: options.userId,
        status: 'proposed',
        note: '',
        created: Date.now(),
        source: 'human',
      };
      dispatchCreate(state, dispatch, relation);
    }
    return true;
  };
}

/** Gives relation `id` the label `label` and its direction. Not applicable when the label does not fit its ends or it has it already. */
export function relabelRelation(id: string, label: string): Command {
  return (state, dispatch) => {
    const { plugin } = parts(state);
    const relation = plugin.relations.get(id);
    if (relation === undefined || relation.label === label) return false;
    if (relationProblem(state, label, relation.from, relation.to) !== null) return false;
    const directed = relationLabelById(parts(state).options.schema, label)?.directed ?? relation.directed;
    const patch = directed === relation.directed ? { label } : { label, directed };
    if (dispatch !== undefined) dispatchRelation(state, dispatch, { type: 'update', id, patch }, { type: 'update', id, patch });
    return true;
  };
}

/** Sets the review status of relation `id`. */
export function setRelationStatus(id: string, status: NonNullable<RelationAnnotation['status']>): Command {
  return (state, dispatch) => {
    const relation = parts(state).plugin.relations.get(id);
    if (relation === undefined || relation.status === status) return false;
    if (dispatch !== undefined) dispatchRelation(state, dispatch, { type: 'update', id, patch: { status } }, { type: 'update', id, patch: { status } });
    return true;
  };
}

/** Swaps the ends of relation `id`. Not applicable to an undirected relation or when the label does not allow the swapped ends. */
export function reverseRelation(id: string): Command {
  return (state, dispatch) => {
    const relation = parts(state).plugin.relations.get(id);
    if (relation === undefined || !relation.directed) return false;
    if (relationProblem(state, relation.label, relation.to, relation.from) !== null) return false;
    if (dispatch !== undefined) dispatchRelation(state, dispatch, { type: 'reverse', id }, { type: 'reverse', id });
    return true;
  };
}

/** Deletes relation `id`. */
export function deleteRelation(id: string): Command {
  return (state, dispatch) => {
    if (!parts(state).plugin.relations.has(id)) return false;
    if (dispatch !== undefined) dispatchRelation(state, dispatch, { type: 'delete', ids: [id] }, { type: 'delete', ids: [id] });
    return true;
  };
}

/**
 * Applies relation label `label`: completes the relation being made (to
 * the selected annotation), or relabels the selected relation. Not
 * applicable otherwise.
 */
export function applyRelationLabel(label: string): Command {
  return (state, dispatch) => {
    const plugin = relationPluginKey.getState(state);
    if (plugin === undefined) return false;
    if (plugin.pendingSource !== null) return completeRelation(label)(state, dispatch);
    if (plugin.selectedId !== null) return relabelRelation(plugin.selectedId, label)(state, dispatch);
    return false;
  };
}

/** Where a relation sits in the text, for ordering: its earlier end's start. */
function relationStart(state: EditorState, relation: RelationAnnotation): number {
  const spans = annotationPluginKey.getState(state)?.spans;
  return Math.min(spans?.get(relation.from)?.start ?? Infinity, spans?.get(relation.to)?.start ?? Infinity);
}

/**
 * Selects the next (`1`) or previous (`-1`) relation: among the selected
 * annotation's relations when an annotation is selected, else among all
 * shown relations, in text order, wrapping around.
 */
export function selectNextRelation(direction: 1 | -1): Command {
  return (state, dispatch) => {
    const { plugin } = parts(state);
    const annotation = annotationPluginKey.getState(state)?.selectedId ?? null;
    const candidates = (annotation !== null && plugin.selectedId === null ? relationsOfSpan(state, annotation) : [...plugin.relations.values()])
      .filter((relation) => isRelationShown(state, relation))
      .map((relation) => ({ relation, at: relationStart(state, relation) }))
      .sort((a, b) => a.at - b.at || (a.relation.id < b.relation.id ? -1 : a.relation.id > b.relation.id ? 1 : 0));
    if (candidates.length === 0) return false;
    const current = candidates.findIndex((candidate) => candidate.relation.id === plugin.selectedId);
    const index = current < 0 ? (direction === 1 ? 0 : candidates.length - 1) : (current + direction + candidates.length) % candidates.length;
    const next = candidates[index];
    if (next === undefined || next.relation.id === plugin.selectedId) return false;
    if (dispatch !== undefined) dispatchRelation(state, dispatch, { type: 'select', id: next.relation.id });
    return true;
  };
}

/** Options of `relationBindings`. */
export interface RelationKeymapOptions {
  /** Whether new relations can be made now. @default always */
  readonly canAnnotate?: () => boolean;
  /** Whether the user may change or delete the relation with this id. @default always */
  readonly canChangeRelation?: (id: string) => boolean;
}

/** `command` when `allowed()`. */
function when(allowed: () => boolean, command: Command): Command {
  return (state, dispatch, view) => allowed() && command(state, dispatch, view);
}

/** Runs `make(id)` on the selected relation, when there is one the user may change. */
function onSelectedRelation(canChange: (id: string) => boolean, make: (id: string) => Command): Command {
  return (state, dispatch, view) => {
    const id = relationPluginKey.getState(state)?.selectedId ?? null;
    return id !== null && canChange(id) && make(id)(state, dispatch, view);
  };
}

/**
 * The relation keys, as a map from prosemirror-keymap key names to
 * commands; put them before `annotationBindings` (they share `Escape` and
 * `Alt-Delete`, which act on a relation first):
 *
 * | keys                      | does                                                              |
 * |---------------------------|-------------------------------------------------------------------|
 * | `Alt-l`                   | start a relation from the selected annotation                     |
 * | a relation label's hotkey | complete the relation to the selected annotation, or relabel the selected relation |
 * | `Alt-k` / `Alt-Shift-k`   | select the next / previous relation (of the selected annotation)  |
 * | `Alt-v`                   | reverse the selected relation                                     |
 * | `Alt-Delete`              | delete the selected relation                                      |
 * | `Escape`                  | stop making a relation, or clear the relation selection           |
 */
export function relationBindings(schema: LabelSchema, options: RelationKeymapOptions = {}): Record<string, Command> {
  const canAnnotate = options.canAnnotate ?? (() => true);
  const canChange = options.canChangeRelation ?? (() => true);
  const bindings: Record<string, Command> = {
    'Alt-l': when(canAnnotate, startRelation()),
    'Alt-k': selectNextRelation(1),
    'Alt-Shift-k': selectNextRelation(-1),
    'Alt-v': onSelectedRelation(canChange, (id) => reverseRelation(id)),
    'Alt-Delete': onSelectedRelation(canChange, (id) => deleteRelation(id)),
    Escape: (state, dispatch) => cancelRelation(state, dispatch) || clearRelationSelection(state, dispatch),
  };
  for (const [key, label] of relationHotkeyMap(schema)) {
    bindings[key] = (state, dispatch, view) => {
      const plugin = relationPluginKey.getState(state);
      if (plugin === undefined) return false;
      if (plugin.pendingSource !== null) return canAnnotate() && completeRelation(label.id)(state, dispatch, view);
      return onSelectedRelation(canChange, (id) => relabelRelation(id, label.id))(state, dispatch, view);
    };
  }
  return bindings;
}

/**
 * What every command needs from an editor state: the annotation plugin's
 * options and state, and a way to dispatch an action that is written
 * through the binding too. Not exported from the package.
 *
 * @internal
 */
import type { EditorState, Transaction } from 'prosemirror-state';
import { labelById } from '@glossa/core';
import { annotationPluginOptions } from './plugin.js';
import type { ResolvedPluginOptions } from './plugin.js';
import { annotationPluginKey } from './state.js';
import type { AnnotationAction, AnnotationPluginState } from './state.js';

/** Thrown when a command is run on a state without the annotation plugin. */
export class AnnotationPluginMissingError extends Error {
  constructor() {
    super('The annotation plugin is not installed in this editor state');
    this.name = 'AnnotationPluginMissingError';
  }
}

/** The plugin's options and state in `state`. @throws AnnotationPluginMissingError when the plugin is not installed. */
export function pluginParts(state: EditorState): { readonly options: ResolvedPluginOptions; readonly plugin: AnnotationPluginState } {
  const options = annotationPluginOptions(state);
  const plugin = annotationPluginKey.getState(state);
  if (options === undefined || plugin === undefined) throw new AnnotationPluginMissingError();
  return { options, plugin };
}

/** Dispatches an action: writes it through the binding (if any) and applies it to the plugin state. */
export function dispatchAction(state: EditorState, dispatch: (tr: Transaction) => void, action: AnnotationAction, tr: Transaction = state.tr): void {
  const { options } = pluginParts(state);
  options.binding?.write(action, state.doc);
  dispatch(tr.setMeta(annotationPluginKey, action));
}

/** @throws RangeError when `label` is not a span label of the plugin's schema. */
export function requireLabel(options: ResolvedPluginOptions, label: string): void {
  if (labelById(options.schema, label) === undefined) {
    throw new RangeError(`Unknown label "${label}": the schema "${options.schema.name}" has no span label with this id`);
  }
}

/**
 * @glossa/prosemirror: span annotations in any ProseMirror editor, with an
 * optional binding to a Yjs annotation layer (through @glossa/collab's API)
 * and remote presence.
 */
export * from './schema.js';
export * from './positions.js';
export * from './styles.js';
export * from './decorations.js';
export * from './live-spans.js';
export * from './state.js';
export * from './annotation-binding.js';
export * from './plugin.js';
export * from './settle.js';
export * from './content-positions.js';
export * from './commands.js';
export * from './keymap.js';
export * from './words.js';
export * from './viewport.js';
export * from './yjs-binding.js';
export * from './presence-selection.js';
export * from './presence.js';

/**
 * Keeps the text of a document unchanged for users who may only annotate:
 * the editor stays focusable and selectable (so they can select text and
 * annotate it with the keyboard), but typing, deleting, pasting and
 * dropping do nothing, and any local transaction that would change the
 * document is filtered out. Changes arriving from other users through
 * y-prosemirror still apply.
 */
import { Plugin } from 'prosemirror-state';
import { isYjsChange } from '@glossa/prosemirror';

/** Input types of `beforeinput` that only move or format nothing: allowed. */
const HARMLESS_INPUT = new Set(['historyUndo', 'historyRedo']);

/** The plugin that makes the text read-only while leaving selection and annotation commands working. */
export function readOnlyTextPlugin(): Plugin {
  return new Plugin({
    filterTransaction: (tr) => !tr.docChanged || isYjsChange(tr),
    props: {
      handleTextInput: () => true,
      handlePaste: () => true,
      handleDrop: () => true,
      handleDOMEvents: {
        beforeinput: (_view, event) => {
          if (!HARMLESS_INPUT.has(event.inputType)) event.preventDefault();
          return true;
        },
        cut: (_view, event) => {
          event.preventDefault();
          return true;
        },
      },
    },
  });
}

/// <reference lib="dom" />
/**
 * Locking the text of a document while leaving it selectable: annotating
 * is selecting, and a locked text is one no gesture can change. While the
 * lock is on, no local transaction that changes the document passes
 * (`filterTransaction`), whatever made it: a typed character over a
 * selection, Backspace or Delete, Enter, paste, drop, cut (the text is
 * still copied), IME composition (the browser's own change cannot be
 * cancelled: ProseMirror reads it back at once, without waiting for the
 * composition to end, and the filter refuses it, so the text is redrawn as
 * it was), and dragging a selection does not start. Changes arriving from other users through y-prosemirror
 * still apply. Selection, the caret keys and every annotation command keep
 * working.
 *
 * The lock is plugin state, so it can be switched at run time without
 * reconfiguring the editor: `setTextLocked(false)` for an explicit "edit
 * the text" mode, `setTextLocked(true)` to go back. Whoever may switch it is
 * the application's business.
 */
import { Plugin, PluginKey } from 'prosemirror-state';
import type { Command, EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { isYjsChange } from './state.js';

/** The state of the text lock. */
export interface TextLockState {
  /** Whether local changes of the text are refused. */
  readonly locked: boolean;
}

/** The key of the text lock plugin. */
export const textLockPluginKey = new PluginKey<TextLockState>('glossaTextLock');

/** Options of `textLockPlugin`. */
export interface TextLockOptions {
  /** Whether the text starts locked. @default true */
  readonly locked?: boolean;
}

/** `beforeinput` types a locked text still lets the browser handle: its own undo and redo change nothing here. */
const HARMLESS_INPUT = new Set(['historyUndo', 'historyRedo']);

/** Whether the text of `state` is locked; `false` when the plugin is not installed. */
export function isTextLocked(state: EditorState): boolean {
  return textLockPluginKey.getState(state)?.locked ?? false;
}

/**
 * Locks (`true`) or unlocks (`false`) the text. Not applicable when the
 * plugin is not installed or the lock is already in that state.
 */
export function setTextLocked(locked: boolean): Command {
  return (state, dispatch) => {
    const current = textLockPluginKey.getState(state);
    if (current === undefined || current.locked === locked) return false;
    dispatch?.(state.tr.setMeta(textLockPluginKey, { locked } satisfies TextLockState));
    return true;
  };
}

/**
 * The text lock plugin (see the module comment). Sets `aria-readonly` on
 * the editor to match the lock, so the view's own attributes should not.
 */
export function textLockPlugin(options: TextLockOptions = {}): Plugin<TextLockState> {
  const refuse = (state: EditorState): boolean => isTextLocked(state);
  /** The views in which the browser is composing text while the lock is on. */
  const composing = new WeakSet<EditorView>();
  return new Plugin<TextLockState>({
    key: textLockPluginKey,
    state: {
      init: () => ({ locked: options.locked ?? true }),
      apply: (tr, previous) => (tr.getMeta(textLockPluginKey) as TextLockState | undefined) ?? previous,
    },
    filterTransaction: (tr, state) => !tr.docChanged || !refuse(state) || isYjsChange(tr),
    props: {
      attributes: (state) => ({ 'aria-readonly': refuse(state) ? 'true' : 'false' }),
      handleTextInput: (view) => refuse(view.state),
      handlePaste: (view) => refuse(view.state),
      handleDrop: (view) => refuse(view.state),
      handleDOMEvents: {
        beforeinput: (view, event) => {
          if (!refuse(view.state)) return false;
          // The text committing a composition is let through, so that the browser ends the composition
          // (refused, it would keep it open and put the next typed text in its place); the change it
          // makes is read back and refused like the composition's.
          const commit = composing.has(view) && event.inputType === 'insertText';
          if (commit) composing.delete(view);
          if (!HARMLESS_INPUT.has(event.inputType) && !commit) event.preventDefault();
          return true;
        },
        dragstart: (view, event) => {
          if (!refuse(view.state)) return false;
          event.preventDefault();
          return true;
        },
        // The browser's composition text cannot be cancelled; ProseMirror is kept from entering its
        // composing state (which would hold the change back until the composition ends), so it
        // reads each change at once, the filter refuses it and the text is redrawn as it was.
        compositionstart: (view) => {
          if (!refuse(view.state)) return false;
          composing.add(view);
          return true;
        },
        compositionupdate: (view) => refuse(view.state),
        compositionend: (view) => {
          composing.delete(view);
          return refuse(view.state);
        },
      },
    },
  });
}

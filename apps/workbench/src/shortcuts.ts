/**
 * Every key of the document view, as the shortcut help (`?`) and the
 * README list them. Rows that document editor bindings name them
 * (`bindings`, prosemirror-keymap names; a unit test checks that every
 * binding of `workbenchBindings` is listed here and that the README lists
 * every row); rows of page-wide keys carry the action they run and the key
 * events that run it, and `pageAction` is what the page's key handler
 * asks, so the list and the handler cannot disagree.
 */

/** What a page-wide key does. */
export type PageAction = 'help' | 'find' | 'find-next' | 'find-previous' | 'toggle-done' | 'next-document' | 'previous-document';

/** The parts of a key event the page-wide keys look at. */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>;

/** One row of the list. */
export interface Shortcut {
  /** The keys as shown, e.g. `Alt+↓ / Alt+↑`. */
  readonly keys: string;
  /** What they do, in a sentence without a final period. */
  readonly does: string;
  /** The editor bindings this row documents (prosemirror-keymap names). */
  readonly bindings?: readonly string[];
  /** The page-wide action of this row and the key events that run it. */
  readonly page?: { readonly action: PageAction; readonly matches: (press: KeyPress) => boolean };
}

/** A titled group of rows. */
export interface ShortcutGroup {
  readonly title: string;
  readonly shortcuts: readonly Shortcut[];
}

/** Ctrl, or ⌘ on a Mac. */
function mod(press: KeyPress): boolean {
  return press.ctrlKey || press.metaKey;
}

/** Only the modifiers named are held. */
function only(press: KeyPress, modifiers: { alt?: boolean; mod?: boolean; shift?: boolean }): boolean {
  return press.altKey === (modifiers.alt ?? false) && mod(press) === (modifiers.mod ?? false) && press.shiftKey === (modifiers.shift ?? false);
}

/** The rule label keys follow, said once for the help, the README and the palette. */
export const LABEL_KEY_RULE =
  'A label key annotates the selection snapped to whole words: a cut word is taken whole, and spaces and punctuation at its edges are left out. The dashed underline shows the stretch before you press the key.';

/** The document view's keys, by group. */
export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    title: 'Annotating (the text is locked)',
    shortcuts: [
      { keys: 'Tab', does: 'reach the palette, the text and the side panel (visible focus everywhere)' },
      { keys: "a label's hotkey", does: "label the selection (snapped to whole words, see below), or relabel the selected annotation when the selection is exactly it" },
      { keys: 'Alt+↓ / Alt+↑', does: 'select the next / previous annotation', bindings: ['Alt-ArrowDown', 'Alt-ArrowUp'] },
      { keys: 'Alt+Shift+→ / Alt+Shift+←', does: 'extend the selection by a word', bindings: ['Alt-Shift-ArrowRight', 'Alt-Shift-ArrowLeft'] },
      { keys: 'Alt+A / Alt+R / Alt+P', does: 'accept / reject / reset the selected annotation (Alt+A / Alt+R accept / reject a selected suggestion)', bindings: ['Alt-a', 'Alt-r', 'Alt-p'] },
      { keys: 'Alt+Shift+↓ / Alt+Shift+↑', does: 'select the next / previous suggestion', bindings: ['Alt-Shift-ArrowDown', 'Alt-Shift-ArrowUp'] },
      { keys: 'Alt+U', does: 'select the next most uncertain suggestion (score nearest 0.5 first): deciding those teaches the recommenders most', bindings: ['Alt-u'] },
      { keys: 'Alt+Shift+A', does: 'accept every suggestion in view scoring at least 0.8', bindings: ['Alt-Shift-a'] },
      { keys: 'Alt+Delete', does: 'delete the selected annotation', bindings: ['Alt-Delete'] },
      { keys: 'Escape', does: 'clear the annotation selection', bindings: ['Escape'] },
      { keys: 'Alt+O', does: 'annotate all occurrences of the selected text (a dialog shows what it will create first)', bindings: ['Alt-o'] },
      { keys: 'Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y', does: 'undo / redo my own changes: the annotations, or the text while editing it (⌘ on a Mac)', bindings: ['Mod-z', 'Mod-Shift-z', 'Mod-y'] },
    ],
  },
  {
    title: "Adjusting the selected annotation's boundaries",
    shortcuts: [
      { keys: 'Alt+B', does: 'start or end adjusting the boundaries of the selected annotation (its handles can also be dragged)', bindings: ['Alt-b'] },
      { keys: '← / →', does: 'while adjusting: move the end one character left / right' },
      { keys: 'Shift+← / Shift+→', does: 'while adjusting: move the start one character left / right' },
      { keys: 'Ctrl or Alt with the above', does: 'while adjusting: move by a word (a start to word starts, an end to word ends)' },
      { keys: 'Enter / Escape', does: 'while adjusting: stop adjusting' },
    ],
  },
  {
    title: 'Relations and pieces',
    shortcuts: [
      { keys: 'Alt+L', does: 'start a relation from the selected annotation; then select the target annotation (Alt+↓) and press a relation label\'s key', bindings: ['Alt-l'] },
      { keys: "a relation label's hotkey", does: 'make the relation being started, to the selected annotation, or relabel the selected relation' },
      { keys: 'Alt+K / Alt+Shift+K', does: "select the next / previous relation (the selected annotation's, else all)", bindings: ['Alt-k', 'Alt-Shift-k'] },
      { keys: 'Alt+V', does: 'reverse the selected relation', bindings: ['Alt-v'] },
      { keys: 'Alt+Delete', does: 'delete the selected relation (else the selected annotation)' },
      { keys: 'Escape', does: 'stop making a relation, or clear the relation selection (else the annotation selection)' },
      { keys: 'Alt+F', does: 'add the selected text to the selected annotation as one more piece (a discontinuous annotation)', bindings: ['Alt-f'] },
    ],
  },
  {
    title: 'Finding',
    shortcuts: [
      { keys: 'Ctrl+F', does: 'find in the document (the find box above the text)', page: { action: 'find', matches: (p) => only(p, { mod: true }) && p.key.toLowerCase() === 'f' } },
      { keys: 'Enter / Shift+Enter', does: 'in the find box: select the next / previous match' },
      {
        keys: 'F3, Ctrl+G',
        does: 'select the next match',
        page: { action: 'find-next', matches: (p) => (only(p, {}) && p.key === 'F3') || (only(p, { mod: true }) && p.key.toLowerCase() === 'g') },
      },
      {
        keys: 'Shift+F3, Ctrl+Shift+G',
        does: 'select the previous match',
        page: { action: 'find-previous', matches: (p) => (only(p, { shift: true }) && p.key === 'F3') || (only(p, { mod: true, shift: true }) && p.key.toLowerCase() === 'g') },
      },
      { keys: 'Escape', does: 'in the find box: close it and go back to the text, the current match selected' },
    ],
  },
  {
    title: 'The document',
    shortcuts: [
      { keys: '?', does: 'show these keys', page: { action: 'help', matches: (p) => p.key === '?' && !p.altKey && !mod(p) } },
      { keys: 'Alt+M', does: 'mark the document done, or not done, for me', page: { action: 'toggle-done', matches: (p) => only(p, { alt: true }) && p.key.toLowerCase() === 'm' } },
      { keys: 'Alt+PageDown', does: 'open the next document of the project', page: { action: 'next-document', matches: (p) => only(p, { alt: true }) && p.key === 'PageDown' } },
      { keys: 'Alt+PageUp', does: 'open the previous document of the project', page: { action: 'previous-document', matches: (p) => only(p, { alt: true }) && p.key === 'PageUp' } },
    ],
  },
];

/** The page-wide action a key press runs, if any. */
export function pageAction(press: KeyPress): PageAction | null {
  for (const group of SHORTCUT_GROUPS) {
    for (const shortcut of group.shortcuts) if (shortcut.page?.matches(press) === true) return shortcut.page.action;
  }
  return null;
}

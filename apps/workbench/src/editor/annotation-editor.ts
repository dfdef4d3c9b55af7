/**
 * The document editor: a ProseMirror view bound to the content room with
 * y-prosemirror, showing the visible annotation layers with the
 * @glossa/prosemirror annotation plugin, other users' cursors and
 * selections, and the workbench key bindings; with the editing aids of
 * @glossa/prosemirror: the text lock (on until `setTextEditing(true)`; the
 * annotation keys work only while it is on), search, boundary handles,
 * label tags and the highlight of what a label key would annotate. Plain
 * DOM, no UI framework: the Preact components talk to it through
 * `AnnotationEditor`.
 */
import { EditorState } from 'prosemirror-state';
import type { Command, Transaction } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { keymap } from 'prosemirror-keymap';
import { baseKeymap } from 'prosemirror-commands';
import { ySyncPlugin } from 'y-prosemirror';
import type { LabelSchema } from '@glossa/core';
import {
  LiveSpanSet,
  adjustingAnnotation,
  annotationPlugin,
  annotationPluginKey,
  boundaryHandlesPlugin,
  boundaryHandlesPluginKey,
  documentSchema,
  isTextLocked,
  labelKeyPreviewPlugin,
  labelKeyTarget,
  labelTagsPlugin,
  presencePlugin,
  selectedSuggestion,
  shownSuggestions,
  yjsSuggestionBinding,
  relationPlugin,
  relationPluginKey,
  searchPlugin,
  searchPluginKey,
  searchState,
  setLabelTagsShown,
  setTextLocked,
  textLockPlugin,
  textLockPluginKey,
} from '@glossa/prosemirror';
import type { ApplyLabelOptions, LabelKeyTarget, RelationPluginState, SuggestionFilter, SuggestionInfo, SuggestionSpan } from '@glossa/prosemirror';
import type * as Y from 'yjs';
import type { AnnotationFields } from '@glossa/collab';
import type { CompositeLayer } from '../session/composite-layer.js';
import type { CompositeRelations } from '../session/composite-relations.js';
import { layeredId } from '../session/composite-layer.js';
import type { DocumentSession } from '../session/document-session.js';
import { clickToSelectPlugin } from './click-select.js';
import { workbenchBindings } from './workbench-keymap.js';
import type { EditorActions } from './workbench-keymap.js';

/**
 * What the side panel and palette read from the editor after each change.
 * Taking one costs the same for ten annotations as for ten thousand: the
 * spans are the plugin's persistent set, read by id (`spans.get`) or by
 * range; listing them all (`spans.toArray()`) is O(n) and is left to the
 * annotation list, which does it lazily.
 */
export interface EditorSnapshot {
  /** The annotations shown, in ProseMirror positions, with editor ids (`<layer>:<id>`). */
  readonly spans: LiveSpanSet;
  /** Annotations of the visible layers whose text was deleted. */
  readonly orphans: readonly AnnotationFields[];
  /** The selected annotation's editor id, or `null`. */
  readonly selectedId: string | null;
  /** Whether some text is selected. */
  readonly hasTextSelection: boolean;
  /** The document's text between two positions (for quotes). */
  readonly textBetween: (from: number, to: number) => string;
  /** Whether the text is locked (annotation mode) rather than being edited. */
  readonly textLocked: boolean;
  /** The search: its query, how many matches it has and which one is current (an index), if any. */
  readonly search: { readonly query: string; readonly matches: number; readonly current: number | null };
  /** The annotation whose boundaries the arrow keys move now, or `null`. */
  readonly adjustingId: string | null;
  /** What a label key would do now: relabel the selected annotation or create one on a range; `null` for nothing. */
  readonly labelKey: LabelKeyTarget | null;
  /** The suggestions of the user's scope, as the editor shows them. */
  readonly suggestions: SuggestionSnapshot;
  /** The relations: live ones by id (drawn while both ends are placed), dangling ones, the selected one and a relation being made. */
  readonly relations: RelationPluginState;
}

/** The relation state of an editor without relations. */
export const NO_RELATIONS: RelationPluginState = { relations: new Map(), bySpan: new Map(), dangling: [], selectedId: null, pendingSource: null };

/** What the suggestion panel and the hover card read of the suggestions. */
export interface SuggestionSnapshot {
  /** Every placed suggestion's fields, by id (also those the filter hides). */
  readonly all: ReadonlyMap<string, SuggestionInfo>;
  /** Which are shown: at least the threshold, recommender not hidden. */
  readonly filter: SuggestionFilter;
  /** The shown suggestions between two positions (the whole text by default). */
  readonly shown: (from?: number, to?: number) => SuggestionSpan[];
  /** The selected suggestion, or null. */
  readonly selected: SuggestionSpan | null;
}

/** The snapshot of an editor without suggestions. */
export const NO_SUGGESTIONS: SuggestionSnapshot = { all: new Map(), filter: { threshold: 0, hiddenRecommenders: new Set() }, shown: () => [], selected: null };

/** The snapshot of a view before its editor is mounted. */
export const EMPTY_SNAPSHOT: EditorSnapshot = {
  spans: LiveSpanSet.empty,
  orphans: [],
  selectedId: null,
  hasTextSelection: false,
  textBetween: () => '',
  textLocked: true,
  search: { query: '', matches: 0, current: null },
  adjustingId: null,
  labelKey: null,
  suggestions: NO_SUGGESTIONS,
  relations: NO_RELATIONS,
};

/** Options of `createAnnotationEditor`. */
export interface AnnotationEditorOptions {
  /** The element the editor is mounted into. */
  readonly mount: HTMLElement;
  readonly session: DocumentSession;
  readonly layer: CompositeLayer;
  /** The relations of the same layers. */
  readonly relations: CompositeRelations;
  readonly schema: LabelSchema;
  readonly userId: string;
  /** The layer new annotations go to now, or `null` when the user cannot annotate. */
  readonly activeLayer: () => string | null;
  /** Whether the user may change the annotation with this editor id. */
  readonly canChange: (id: string) => boolean;
  /** The accessible name of the text area. */
  readonly label: string;
  /** Whether label names are shown on the spans at first. */
  readonly labelTags: boolean;
  /** What the editor's keys do beyond the editor: undo, redo, annotate all occurrences. */
  readonly actions: EditorActions;
  /** Called after every state change. */
  readonly onChange: (snapshot: EditorSnapshot) => void;
  /** The suggestion room's doc of the user's scope, or null (viewers): then no suggestion is shown. */
  readonly suggestions?: Y.Doc | null;
}

/** A mounted editor. */
export interface AnnotationEditor {
  readonly view: EditorView;
  /** Runs a command on the editor; returns whether it applied. */
  run(command: Command): boolean;
  /** The state of the annotations now. */
  snapshot(): EditorSnapshot;
  /** Moves keyboard focus to the text. */
  focus(): void;
  /** Unlocks the text for editing (`true`) or locks it again for annotating (`false`). */
  setTextEditing(editing: boolean): void;
  /** Shows or hides the label names on the spans. */
  setLabelTags(shown: boolean): void;
  destroy(): void;
}

/**
 * How far beyond the visible text annotations are decorated, in positions:
 * about a screenful or two of text on either side, so that scrolling shows
 * them at once while a keystroke redraws only what is near it.
 */
export const DECORATION_MARGIN = 8_000;

/**
 * The snapshot of an editor state (constant time: no span is copied).
 * `labelOptions` says what a label key may do now (`null`: nothing).
 */
export function takeSnapshot(state: EditorState, labelOptions: ApplyLabelOptions | null = null): EditorSnapshot {
  const plugin = annotationPluginKey.getState(state);
  const search = searchState(state);
  return {
    spans: plugin?.spans ?? LiveSpanSet.empty,
    orphans: plugin?.orphans ?? [],
    selectedId: plugin?.selectedId ?? null,
    hasTextSelection: !state.selection.empty,
    textBetween: (from, to) => state.doc.textBetween(Math.max(0, from), Math.min(to, state.doc.content.size), '\n'),
    textLocked: isTextLocked(state),
    search: { query: search.query, matches: search.matches.length, current: search.current },
    adjustingId: adjustingAnnotation(state),
    labelKey: labelOptions === null || plugin === undefined ? null : labelKeyTarget(state, labelOptions),
    suggestions:
      plugin === undefined
        ? NO_SUGGESTIONS
        : {
            all: plugin.suggestions.info,
            filter: plugin.suggestions.filter,
            shown: (from, to) => shownSuggestions(state, from, to),
            selected: selectedSuggestion(state),
          },
    relations: relationPluginKey.getState(state) ?? NO_RELATIONS,
  };
}

/** The plugin states a snapshot reads: when none of them and not the selection changed, there is nothing new to report. */
function watchedStates(state: EditorState): readonly unknown[] {
  return [annotationPluginKey, textLockPluginKey, searchPluginKey, boundaryHandlesPluginKey, relationPluginKey].map((key) => key.getState(state));
}

/**
 * The editor's `dispatchTransaction`: applies a transaction and calls
 * `onChange` with a snapshot of the state the view holds afterwards, when
 * the annotations or the selection changed since `initial` or the last
 * report. Plugin views may dispatch again from inside `updateState` (the
 * annotation plugin corrects its spans as soon as y-prosemirror has written
 * an edit to Yjs); the snapshot is taken from `view.state` after the
 * update, never from the state this transaction produced, so the last
 * report is always the corrected state. Called with the view as `this`,
 * also while the view's constructor runs.
 */
export function snapshotReportingDispatch(
  initial: EditorState,
  onChange: (snapshot: EditorSnapshot) => void,
  labelOptions: () => ApplyLabelOptions | null = () => null,
): (this: EditorView, tr: Transaction) => void {
  let lastStates = watchedStates(initial);
  let lastSelection = initial.selection;
  return function dispatchTransaction(this: EditorView, tr: Transaction): void {
    this.updateState(this.state.apply(tr));
    const now = this.state;
    const states = watchedStates(now);
    if (states.some((state, i) => state !== lastStates[i]) || !now.selection.eq(lastSelection)) {
      lastStates = states;
      lastSelection = now.selection;
      onChange(takeSnapshot(now, labelOptions()));
    }
  };
}

/** Mounts the editor for a document session. */
export function createAnnotationEditor(options: AnnotationEditorOptions): AnnotationEditor {
  const { session, schema } = options;
  const createId = (): string => {
    const layer = options.activeLayer();
    if (layer === null) throw new RangeError('no layer to annotate into: this user cannot create annotations here');
    return layeredId(layer, globalThis.crypto.randomUUID());
  };
  // Annotation keys work while the text is locked; while it is being edited, keys type.
  let view: EditorView | null = null;
  const annotating = (): boolean => view === null || isTextLocked(view.state);
  const canAnnotate = (): boolean => annotating() && options.activeLayer() !== null;
  const canChange = (id: string): boolean => annotating() && options.canChange(id);
  const labelOptions = (): ApplyLabelOptions | null => (annotating() ? { canAnnotate, canChange, snapToWords: true } : null);
  const canChangeRelation = (id: string): boolean => annotating() && options.canChange(id);
  const bindings = workbenchBindings({ schema, canAnnotate, canChange, canChangeRelation, actions: options.actions });
  const plugins = [
    ySyncPlugin(session.fragment),
    // Other users' carets and selections from the content room's awareness, and ours published there
    // (under `cursor`, only when it moves). After ySyncPlugin, which writes each edit to Yjs first.
    presencePlugin(session.awareness),
    // Everyone starts annotating: the text is locked until an admin or curator switches to editing it.
    textLockPlugin({ locked: true }),
    // Before the keymaps: while its keyboard mode is on, the arrow keys move the boundaries.
    boundaryHandlesPlugin({ canChange }),
    keymap(bindings),
    clickToSelectPlugin(),
    annotationPlugin({
      schema,
      userId: options.userId,
      binding: options.layer,
      createId,
      viewportMargin: DECORATION_MARGIN,
      ...(options.suggestions === undefined || options.suggestions === null
        ? {}
        : { suggestions: { binding: yjsSuggestionBinding({ suggestionDoc: options.suggestions, contentDoc: session.content }) } }),
    }),
    relationPlugin({
      schema,
      userId: options.userId,
      binding: options.relations,
      // The store names a relation; the editor id only has to say which layer it goes to.
      createId: (from, to) => (options.relations.canRelate(from, to) ? `${from.slice(0, from.indexOf(':'))}:new` : null),
    }),
    searchPlugin(),
    labelTagsPlugin({ schema, shown: options.labelTags }),
    labelKeyPreviewPlugin({ labelOptions }),
    keymap(baseKeymap),
  ];
  const state = EditorState.create({ schema: documentSchema, plugins });
  view = new EditorView(options.mount, {
    state,
    attributes: {
      class: 'document-text',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-label': options.label,
      spellcheck: 'false',
    },
    dispatchTransaction: snapshotReportingDispatch(state, options.onChange, labelOptions),
  });
  const mounted = view;
  options.onChange(takeSnapshot(mounted.state, labelOptions()));
  return {
    view: mounted,
    run(command: Command) {
      return command(mounted.state, mounted.dispatch, mounted);
    },
    snapshot() {
      return takeSnapshot(mounted.state, labelOptions());
    },
    focus() {
      mounted.focus();
    },
    setTextEditing(editing: boolean) {
      setTextLocked(!editing)(mounted.state, mounted.dispatch);
    },
    setLabelTags(shown: boolean) {
      setLabelTagsShown(shown)(mounted.state, mounted.dispatch);
    },
    destroy() {
      mounted.destroy();
    },
  };
}

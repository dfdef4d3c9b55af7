/**
 * `annotationPlugin`: the embeddable ProseMirror plugin that draws span
 * annotations, keeps them mapped through edits and, with a binding, keeps
 * them in step with where they are kept (a Yjs layer room, say). With
 * `suggestions`, it also shows a recommender's suggestions (a Yjs
 * suggestion room, say) as a kind of their own.
 */
import { Plugin } from 'prosemirror-state';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { LabelSchema, SpanAnnotation } from '@glossa/core';
import { decorationContext } from './decorations.js';
import { ParagraphIndex } from './positions.js';
import { annotationPluginKey, applyTransaction, initialState, isYjsChange } from './state.js';
import type { AnnotationAction, AnnotationPluginState, PositionRange } from './state.js';
import { trackViewport } from './viewport.js';
import { settleBinding } from './settle.js';
import type { AnnotationBinding } from './annotation-binding.js';
import type { SuggestionBinding } from './suggestion-binding.js';
import { NO_DECISIONS, NO_SUGGESTIONS, decisionsOf, suggestionFilter, suggestionState } from './suggestion-state.js';
import type { SuggestionSpan, SuggestionState } from './suggestion-state.js';

/**
 * Options of the suggestions an editor shows. Leave them out for a user who
 * may see no suggestions (a viewer).
 */
export interface SuggestionOptions {
  /** Where the suggestions are read from (`yjsSuggestionBinding` for a suggestion room). */
  readonly binding?: SuggestionBinding;
  /** Suggestions in text offsets (UTF-16), used when there is no binding. */
  readonly initial?: readonly SuggestionSpan[];
  /** Suggestions scoring below this are not shown; `setSuggestionFilter` changes it. @default 0 */
  readonly threshold?: number;
  /** Recommenders whose suggestions are not shown; `setSuggestionFilter` changes them. @default none */
  readonly hiddenRecommenders?: readonly string[];
}

/** Options of `annotationPlugin`. */
export interface AnnotationPluginOptions {
  /** The label schema: names and colors of the labels. */
  readonly schema: LabelSchema;
  /** The user id written as the author of new annotations. @default 'anonymous' */
  readonly userId?: string;
  /** Initial annotations in text offsets (UTF-16), used when there is no binding. */
  readonly annotations?: readonly SpanAnnotation[];
  /** Where the annotations are kept (read from and written to); without one the plugin state is the only copy. */
  readonly binding?: AnnotationBinding;
  /**
   * How far beyond the visible range to decorate, in positions, or `null` to
   * decorate the whole document. The window starts as `[0, 2 × margin]` and
   * follows the visible range once a view in a browser measures it.
   * @default 20000
   */
  readonly viewportMargin?: number | null;
  /** Makes ids for new annotations. @default crypto.randomUUID */
  readonly createId?: () => string;
  /**
   * How long the editor must be idle before pending span shifts are folded
   * in (`LiveSpanSet.compact`), in milliseconds, or `null` never to do it
   * when idle (the set still compacts itself when shifts pile up).
   * @default 1000
   */
  readonly compactAfterIdleMs?: number | null;
  /**
   * The suggestions to show, drawn apart from annotations and reached by
   * their own commands; accepting or rejecting one writes through `binding`.
   * @default none
   */
  readonly suggestions?: SuggestionOptions;
}

/** The options a plugin was created with, defaults filled in, read by the commands. @internal */
export interface ResolvedPluginOptions {
  readonly schema: LabelSchema;
  readonly userId: string;
  readonly binding: AnnotationBinding | undefined;
  readonly suggestionBinding: SuggestionBinding | undefined;
  readonly createId: () => string;
}

/** The resolved options of each annotation plugin, by plugin. */
const pluginOptions = new WeakMap<Plugin<AnnotationPluginState>, ResolvedPluginOptions>();

/** The options of the annotation plugin in `state`, or `undefined` when it is not installed. */
export function annotationPluginOptions(state: EditorState): ResolvedPluginOptions | undefined {
  const plugin = annotationPluginKey.get(state);
  return plugin === undefined ? undefined : pluginOptions.get(plugin);
}

/** Converts annotations (or suggestions) in text offsets to positions of `doc`. */
export function spansToPositions<T extends Pick<SpanAnnotation, 'start' | 'end'>>(doc: ProseMirrorNode, spans: readonly T[]): T[] {
  const index = ParagraphIndex.of(doc);
  return spans.map((span) => ({ ...span, start: index.textOffsetToPos(span.start), end: index.textOffsetToPos(span.end) }));
}

/** Converts annotations in positions of `doc` to text offsets. */
export function spansToTextOffsets(doc: ProseMirrorNode, spans: readonly SpanAnnotation[]): SpanAnnotation[] {
  const index = ParagraphIndex.of(doc);
  return spans.map((span) => ({ ...span, start: index.posToTextOffset(span.start), end: index.posToTextOffset(span.end) }));
}

/**
 * Creates the annotation plugin. Its state (`annotationPluginKey.getState`)
 * holds the spans in ProseMirror positions, the decorations, the orphans
 * and the selected annotation. With a `binding`, the spans are read through
 * it at start and whenever it reports a change, and the commands write
 * through it.
 *
 * @example
 * const state = EditorState.create({ doc: textToDoc(text), plugins: [annotationPlugin({ schema })] });
 */
export function annotationPlugin(options: AnnotationPluginOptions): Plugin<AnnotationPluginState> {
  const reducerOptions = { context: decorationContext(options.schema, null) };
  const suggestionBinding = options.suggestions?.binding;
  const filter = suggestionFilter(options.suggestions?.threshold ?? 0, options.suggestions?.hiddenRecommenders ?? []);
  const resolved: ResolvedPluginOptions = {
    schema: options.schema,
    userId: options.userId ?? 'anonymous',
    binding: options.binding,
    suggestionBinding,
    createId: options.createId ?? (() => globalThis.crypto.randomUUID()),
  };
  /** The suggestions of `doc` at the start. */
  const initialSuggestions = (doc: ProseMirrorNode): SuggestionState => {
    if (options.suggestions === undefined) return suggestionState(NO_SUGGESTIONS);
    const decisions = options.binding?.readFeedback !== undefined ? decisionsOf(options.binding.readFeedback()) : NO_DECISIONS;
    const resolved =
      suggestionBinding !== undefined
        ? (suggestionBinding.resolve(doc) ?? NO_SUGGESTIONS)
        : { suggestions: spansToPositions(doc, options.suggestions.initial ?? []), unplaced: [] };
    return suggestionState(resolved, decisions, filter);
  };
  const margin = options.viewportMargin === undefined ? 20_000 : options.viewportMargin;
  const compactAfter = options.compactAfterIdleMs === undefined ? 1000 : options.compactAfterIdleMs;
  // Set by the plugin view while it corrects the spans after each content
  // transaction itself; the document replacements y-prosemirror makes inside
  // those transactions then need no full re-read.
  let settling: { readonly inTransaction: boolean } | null = null;
  const plugin = new Plugin<AnnotationPluginState>({
    key: annotationPluginKey,
    state: {
      init: (_config, state) => {
        const initial = options.binding !== undefined ? options.binding.resolve(state.doc) : null;
        const spans = initial !== null ? initial.spans : spansToPositions(state.doc, options.annotations ?? []);
        // Until the view measures what is visible, decorate the top of the document.
        const base = initialState(state.doc, spans, reducerOptions, margin === null ? null : { from: 0, to: 2 * margin }, initialSuggestions(state.doc));
        return initial !== null ? { ...base, orphans: initial.orphans } : base;
      },
      apply: (tr, prev) => applyTransaction(tr, prev, reducerOptions),
    },
    appendTransaction: (transactions, _oldState, newState) => {
      // y-prosemirror replaced the document outside a content transaction
      // (its first render): positions cannot be mapped, so read the binding again.
      if (options.binding === undefined || !transactions.some(isYjsChange)) return null;
      if (settling?.inTransaction === true) return null;
      const { spans, orphans } = options.binding.resolve(newState.doc);
      const suggestions = suggestionBinding?.resolve(newState.doc) ?? null;
      const action: AnnotationAction = suggestions === null ? { type: 'replace', spans, orphans } : { type: 'replace', spans, orphans, suggestions };
      return newState.tr.setMeta(annotationPluginKey, action).setMeta('addToHistory', false);
    },
    props: {
      decorations: (state) => annotationPluginKey.getState(state)?.decorations,
    },
    view: (view: EditorView) => {
      const binding = options.binding;
      const settler = binding === undefined ? null : settleBinding(view, binding, suggestionBinding);
      settling = settler;
      const quietly = (action: AnnotationAction): void => {
        view.dispatch(view.state.tr.setMeta(annotationPluginKey, action).setMeta('addToHistory', false));
      };
      // New suggestions from the source, and the user's decisions when another of their clients makes one.
      const unsubscribeSuggestions = suggestionBinding?.subscribe(() => {
        const suggestions = suggestionBinding.resolve(view.state.doc);
        if (suggestions !== null) quietly({ type: 'suggestions', suggestions });
      });
      const readFeedback = options.suggestions === undefined ? undefined : binding?.readFeedback?.bind(binding);
      const unsubscribeFeedback =
        readFeedback === undefined
          ? undefined
          : binding?.subscribe((change) => {
              if (change === undefined || change.feedback === true) quietly({ type: 'decisions', feedback: readFeedback() });
            });
      const viewport =
        margin === null
          ? undefined
          : trackViewport(view, margin, (window: PositionRange | null) => {
              view.dispatch(view.state.tr.setMeta(annotationPluginKey, { type: 'window', window } satisfies AnnotationAction));
            });
      let idleTimer: ReturnType<typeof setTimeout> | null = null;
      const scheduleCompaction = (): void => {
        if (compactAfter === null) return;
        if (idleTimer !== null) clearTimeout(idleTimer);
        idleTimer = null;
        if ((annotationPluginKey.getState(view.state)?.spans.pendingShifts ?? 0) === 0) return;
        idleTimer = setTimeout(() => {
          idleTimer = null;
          view.dispatch(view.state.tr.setMeta(annotationPluginKey, { type: 'compact' } satisfies AnnotationAction));
        }, compactAfter);
      };
      return {
        update: () => {
          viewport?.update();
          scheduleCompaction();
        },
        destroy: () => {
          unsubscribeSuggestions?.();
          unsubscribeFeedback?.();
          settler?.destroy();
          if (settling === settler) settling = null;
          viewport?.destroy();
          if (idleTimer !== null) clearTimeout(idleTimer);
        },
      };
    },
  });
  pluginOptions.set(plugin, resolved);
  return plugin;
}

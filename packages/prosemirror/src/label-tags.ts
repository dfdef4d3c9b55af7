/// <reference lib="dom" />
/**
 * Label names on spans: when shown, a small tag with the label's name
 * before the first character of each annotation, so that labels can be
 * told apart without hovering and without color. The tags are widgets
 * (not part of the text: they cannot be selected, copied or edited), hidden
 * from screen readers, which read the same name in each stretch's
 * `aria-description`. Like the annotation decorations, they are drawn only
 * inside the annotation plugin's decorated window. Nested spans starting at
 * the same place get their tags outermost first.
 *
 * Whether the tags are shown is plugin state (`setLabelTagsShown`), so an
 * application can offer it as a setting.
 */
import { Plugin, PluginKey } from 'prosemirror-state';
import type { Command, EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { LabelSchema, SpanAnnotation } from '@glossa/core';
import { annotationPluginKey } from './state.js';
import type { AnnotationPluginState } from './state.js';
import { safeColor } from './styles.js';

/** The class of a label tag; `data-label` holds the label id. */
export const LABEL_TAG_CLASS = 'glossa-label-tag';

/** The state of the label tags plugin. */
export interface LabelTagsState {
  readonly shown: boolean;
}

/** The key of the label tags plugin. */
export const labelTagsPluginKey = new PluginKey<LabelTagsState>('glossaLabelTags');

/** Options of `labelTagsPlugin`. */
export interface LabelTagsOptions {
  /** The label schema: the names and colors of the labels. */
  readonly schema: LabelSchema;
  /** Whether the tags are shown at first. @default false */
  readonly shown?: boolean;
}

/** Whether label tags are shown in `state`. */
export function labelTagsShown(state: EditorState): boolean {
  return labelTagsPluginKey.getState(state)?.shown ?? false;
}

/** Shows or hides the label tags. Not applicable without the plugin or when nothing would change. */
export function setLabelTagsShown(shown: boolean): Command {
  return (state, dispatch) => {
    const current = labelTagsPluginKey.getState(state);
    if (current === undefined || current.shown === shown) return false;
    dispatch?.(state.tr.setMeta(labelTagsPluginKey, { shown } satisfies LabelTagsState));
    return true;
  };
}

/** The tag element of one annotation: the label's name as text. */
function tagElement(name: string, labelId: string, color: string): HTMLElement {
  const element = document.createElement('span');
  element.className = LABEL_TAG_CLASS;
  element.dataset['label'] = labelId;
  element.contentEditable = 'false';
  element.setAttribute('aria-hidden', 'true');
  element.style.setProperty('--glossa-tag-color', color);
  element.textContent = name;
  return element;
}

/** The tags of the annotations starting inside the decorated window. */
function buildTags(state: EditorState, annotations: AnnotationPluginState, schema: LabelSchema, colors: ReadonlyMap<string, string>): DecorationSet {
  const size = state.doc.content.size;
  const from = Math.max(0, Math.min(annotations.window?.from ?? 0, size));
  const to = Math.max(from, Math.min(annotations.window?.to ?? size, size));
  const spans = annotations.spans.find(from, to, (span) => span.start >= from).sort((a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : 1));
  const names = new Map(schema.labels.map((label) => [label.id, label.name]));
  const widgets: Decoration[] = [];
  let rank = 0;
  spans.forEach((span: SpanAnnotation, i) => {
    rank = i > 0 && (spans[i - 1] as SpanAnnotation).start === span.start ? rank + 1 : 0;
    const name = names.get(span.label) ?? span.label;
    const color = colors.get(span.label) ?? safeColor(undefined);
    widgets.push(
      Decoration.widget(span.start, () => tagElement(name, span.label, color), {
        // Before the handles and the text at that place, outermost first.
        side: -1000 + rank,
        key: `label-tag-${span.id}-${span.label}`,
        ignoreSelection: true,
      }),
    );
  });
  return DecorationSet.create(state.doc, widgets);
}

/** The label tags plugin (see the module comment). */
export function labelTagsPlugin(options: LabelTagsOptions): Plugin<LabelTagsState> {
  const colors = new Map(options.schema.labels.map((label) => [label.id, safeColor(label.color)]));
  // One set of tags per annotation state: drawing the same state twice builds nothing.
  const cache = new WeakMap<AnnotationPluginState, DecorationSet>();
  return new Plugin<LabelTagsState>({
    key: labelTagsPluginKey,
    state: {
      init: () => ({ shown: options.shown ?? false }),
      apply: (tr, previous) => (tr.getMeta(labelTagsPluginKey) as LabelTagsState | undefined) ?? previous,
    },
    props: {
      decorations: (state) => {
        const annotations = annotationPluginKey.getState(state);
        if (!labelTagsShown(state) || annotations === undefined) return null;
        let tags = cache.get(annotations);
        if (tags === undefined) {
          tags = buildTags(state, annotations, options.schema, colors);
          cache.set(annotations, tags);
        }
        return tags;
      },
    },
  });
}

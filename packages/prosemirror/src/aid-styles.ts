/**
 * The stylesheet of the editing aids: search matches, boundary handles and
 * the range a dragged handle would give, label tags, and the highlight of
 * what a label key would annotate. Fixed rules (no value from a schema or
 * a user: a label tag's color travels as a validated custom property set
 * by the tag itself), to be added beside `annotationStyles(schema)`.
 */
import { BOUNDARY_HANDLE_ACTIVE_CLASS, BOUNDARY_HANDLE_CLASS, BOUNDARY_PREVIEW_CLASS } from './boundary-handles.js';
import { LABEL_KEY_PREVIEW_HIGHLIGHT } from './label-key-preview.js';
import { LABEL_TAG_CLASS } from './label-tags.js';
import { SEARCH_CURRENT_CLASS, SEARCH_MATCH_CLASS } from './search.js';
import { FALLBACK_LABEL_COLOR } from './styles.js';

/**
 * The stylesheet of the editing aids, for `style.textContent` or a
 * constructed stylesheet.
 */
export function editingAidStyles(): string {
  return [
    `.${SEARCH_MATCH_CLASS} { background-color: #ffe08a; outline: 1px solid #8a6d00; }`,
    `.${SEARCH_CURRENT_CLASS} { background-color: #ffb347; outline: 2px solid #1b1f24; }`,
    `.${BOUNDARY_HANDLE_CLASS} { position: relative; display: inline-block; width: 0; height: 1em; vertical-align: text-bottom; user-select: none; }`,
    `.${BOUNDARY_HANDLE_CLASS}::before { content: ''; position: absolute; top: -0.15em; bottom: -0.25em; left: -2px; width: 4px; background: #1b1f24; border-radius: 2px; cursor: ew-resize; }`,
    `.${BOUNDARY_HANDLE_CLASS}::after { content: ''; position: absolute; left: -5px; width: 10px; height: 10px; border-radius: 50%; background: #1b1f24; cursor: ew-resize; }`,
    `.${BOUNDARY_HANDLE_CLASS}[data-boundary="start"]::after { top: -0.6em; }`,
    `.${BOUNDARY_HANDLE_CLASS}[data-boundary="end"]::after { bottom: -0.7em; }`,
    `.${BOUNDARY_HANDLE_ACTIVE_CLASS}::before, .${BOUNDARY_HANDLE_ACTIVE_CLASS}::after { background: #0b57d0; }`,
    `.${BOUNDARY_PREVIEW_CLASS} { outline: 2px dashed #0b57d0; outline-offset: 1px; }`,
    `.${LABEL_TAG_CLASS} { display: inline-block; margin: 0 0.2em 0 0; padding: 0 0.3em; font: 600 0.68em/1.5 system-ui, sans-serif; vertical-align: 0.15em; color: #1b1f24; background: #ffffff; border: 1px solid #1b1f24; border-left: 4px solid var(--glossa-tag-color, ${FALLBACK_LABEL_COLOR}); border-radius: 3px; user-select: none; white-space: nowrap; }`,
    `::highlight(${LABEL_KEY_PREVIEW_HIGHLIGHT}) { background-color: rgb(11 87 208 / 18%); text-decoration: underline dashed #0b57d0 2px; }`,
  ].join('\n') + '\n';
}

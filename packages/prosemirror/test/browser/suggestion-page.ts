/// <reference lib="dom" />
/**
 * The page of the suggestion drawing test (tests/e2e/suggestion-drawing.test.ts),
 * bundled with esbuild (it lives in this package so that it resolves
 * ProseMirror and y-prosemirror as the package does). It opens the stock
 * editor stack, with the stylesheet of `annotationStyles`, over in-page
 * Y.Docs: a content room with many paragraphs, a layer room with one
 * annotation, and a suggestion room with a suggestion in every paragraph.
 * `window.glossaSuggestionPage` lets the test read the layer back.
 */
import * as Y from 'yjs';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { keymap } from 'prosemirror-keymap';
import { baseKeymap } from 'prosemirror-commands';
import { ySyncPlugin } from 'y-prosemirror';
import { CONTENT_FRAGMENT, createContentDoc, readContentText, readFeedback, resolveLayer, writeAnnotations, writeSuggestions } from '@glossa/collab';
import { annotationKeymap, annotationPlugin, annotationStyles, documentSchema, yjsAnnotationBinding, yjsSuggestionBinding } from '../../src/index.js';
import { testSchema } from '../fixtures.js';

const schema = testSchema;

/** Paragraph `i`: "the National Guard" suggested as org (score 0.9), and a place that is annotated in paragraph 0. */
function paragraph(i: number): string {
  return `Report ${i}: the National Guard patrolled Michoacán while the mayor counted the votes of district ${i}.`;
}

/** What the test reads from the page. */
export interface SuggestionPage {
  /** The annotations of the layer, as `label:text@paragraph` with their source. */
  annotations(): { text: string; label: string; source: string; paragraph: number }[];
  /** The feedback of the layer, as `action:label:quote`. */
  feedback(): string[];
  /** The paragraph the editor's selection head is in (0-based), as the editor holds it. */
  caretParagraph(): number;
}

declare global {
  interface Window {
    glossaSuggestionPage: SuggestionPage;
  }
}

const PARAGRAPHS = 60;
const text = Array.from({ length: PARAGRAPHS }, (_, i) => paragraph(i)).join('\n');
const contentDoc = createContentDoc(text);
const layerDoc = new Y.Doc();
const suggestionDoc = new Y.Doc();
const firstPlace = text.indexOf('Michoacán');
writeAnnotations(layerDoc, contentDoc, [{ id: 'a0', start: firstPlace, end: firstPlace + 'Michoacán'.length, label: 'place', author: 'bob', status: 'proposed', note: '', created: 0, source: 'human' }]);
const suggestions = [];
for (let at = text.indexOf('National Guard'); at >= 0; at = text.indexOf('National Guard', at + 1)) {
  suggestions.push({ start: at, end: at + 'National Guard'.length, label: 'org', score: 0.9, recommender: 'string-match', modelVersion: 'sm-1', explanation: 'annotated elsewhere' });
}
writeSuggestions(suggestionDoc, contentDoc, 'string-match', suggestions);
// One suggestion on the annotated place, of the same text: both drawn, each its own way.
writeSuggestions(suggestionDoc, contentDoc, 'tagger', [{ start: firstPlace, end: firstPlace + 'Michoacán'.length, label: 'org', score: 0.4, recommender: 'tagger', modelVersion: 'tg-1' }]);

const style = document.createElement('style');
style.textContent = annotationStyles(schema);
document.head.append(style);

const view = new EditorView(document.querySelector('#editor') as HTMLElement, {
  state: EditorState.create({
    schema: documentSchema,
    plugins: [
      ySyncPlugin(contentDoc.getXmlFragment(CONTENT_FRAGMENT)),
      annotationPlugin({
        schema,
        userId: 'ana',
        binding: yjsAnnotationBinding({ layerDoc, contentDoc, userId: 'ana' }),
        suggestions: { binding: yjsSuggestionBinding({ suggestionDoc, contentDoc }) },
        viewportMargin: null,
      }),
      annotationKeymap(schema),
      keymap(baseKeymap),
    ],
  }),
});

window.glossaSuggestionPage = {
  annotations() {
    const plain = readContentText(contentDoc);
    return resolveLayer(layerDoc, contentDoc).spans.map((span) => ({
      text: plain.slice(span.start, span.end),
      label: span.label,
      source: span.source,
      paragraph: plain.slice(0, span.start).split('\n').length - 1,
    }));
  },
  feedback() {
    return readFeedback(layerDoc).entries.map((entry) => `${entry.action}:${entry.label}:${entry.quote}`);
  },
  caretParagraph() {
    return view.state.selection.$head.index(0);
  },
};

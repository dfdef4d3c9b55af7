// @vitest-environment happy-dom
import { describe, it, expect, afterEach } from 'vitest';
import { TextSelection } from 'prosemirror-state';
import type { Command } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import {
  ANNOTATIONS_MAP,
  SUGGESTIONS_MAP,
  editContentText,
  readAnnotationEntry,
  readContentText,
  readFeedback,
  resolveLayer,
  resolveSuggestions,
  writeAnnotations,
} from '@glossa/collab';
import {
  acceptSuggestion,
  acceptSuggestionsInRange,
  acceptSuggestionsInView,
  annotateSelection,
  annotationBindings,
  annotationPluginKey,
  rejectSuggestion,
  selectNextAnnotation,
  selectMostUncertainSuggestion,
  selectNextSuggestion,
  selectPreviousSuggestion,
  selectSuggestion,
  selectedSuggestion,
  setSuggestionFilter,
  shownSuggestions,
  suggestionsAt,
  textOffsetToPos,
} from '../src/index.js';
import { pluginState, testSchema } from './fixtures.js';
import { catchUp, connect, openClient, printShown, relay, serverRooms, suggest } from './suggestion-fixtures.js';
import type { Client, Rooms } from './suggestion-fixtures.js';

const TEXT = 'The National Guard patrols Michoacán.\nLater the national guard left Michoacán, and the National Guard returned.';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** The offsets of the `n`th occurrence of `quote` in TEXT. */
function at(quote: string, n = 0): { start: number; end: number } {
  let index = -1;
  for (let i = 0; i <= n; i++) index = TEXT.indexOf(quote, index + 1);
  if (index < 0) throw new Error(`no occurrence ${n} of ${quote}`);
  return { start: index, end: index + quote.length };
}

/** The server's rooms with suggestions from two recommenders, written out of text order. */
function seeded(): Rooms {
  const server = serverRooms(TEXT);
  suggest(server, 'string-match', [
    { ...at('National Guard', 1), label: 'org', score: 0.85, modelVersion: 'sm-1' },
    { ...at('National Guard'), label: 'org', score: 0.9, modelVersion: 'sm-1', explanation: 'annotated 3 times' },
    { ...at('national guard'), label: 'org', score: 0.6, modelVersion: 'sm-1' },
    { ...at('Michoacán', 1), label: 'place', score: 0.4, modelVersion: 'sm-1' },
    { ...at('Michoacán'), label: 'place', score: 0.7, modelVersion: 'sm-1' },
  ]);
  suggest(server, 'tagger', [{ ...at('Guard'), label: 'place', score: 0.3, modelVersion: 'tg-7' }]);
  return server;
}

function open(server: Rooms, user: string, options: Parameters<typeof openClient>[2] = {}): Client {
  const client = openClient(server, user, options);
  cleanups.push(() => client.view.destroy(), connect(client, server));
  return client;
}

function run(view: EditorView, command: Command): boolean {
  return command(view.state, view.dispatch, view);
}

function press(view: EditorView, key: string): boolean {
  const command = annotationBindings(testSchema)[key];
  if (command === undefined) throw new Error(`no binding for ${key}`);
  return command(view.state, view.dispatch, view);
}

function selectedText(view: EditorView): string {
  const selected = selectedSuggestion(view.state);
  return selected === null ? '' : `${selected.label}:${view.state.doc.textBetween(selected.start, selected.end)}@${selected.score}`;
}

describe('suggestions in the editor', () => {
  it('are drawn as their own elements, never as annotations, with a marker and a description', () => {
    const server = seeded();
    const ana = open(server, 'ana');
    const decorations = pluginState(ana.view.state).decorations.find();
    const suggestionSpecs = decorations.filter((d) => (d.spec as { glossaSuggestion?: boolean }).glossaSuggestion === true);
    expect(suggestionSpecs.length).toBeGreaterThan(0);
    expect(decorations.filter((d) => (d.spec as { glossaSegment?: boolean }).glossaSegment === true)).toEqual([]);
    expect(pluginState(ana.view.state).spans.size).toBe(0);
    expect(run(ana.view, selectNextAnnotation)).toBe(false);

    const dom = ana.view.dom;
    const marked = Array.from(dom.querySelectorAll('.glossa-suggestion'));
    expect(marked.length).toBeGreaterThan(0);
    expect(dom.querySelectorAll('.glossa-annotation')).toHaveLength(0);
    const first = marked.find((element) => element.textContent === 'National ');
    expect(first?.classList.contains('glossa-suggestion-start')).toBe(true);
    expect(first?.getAttribute('aria-description')).toBe('Suggested Organization (score 0.90, string-match): annotated 3 times');
    const guard = marked.filter((element) => element.textContent === 'Guard');
    expect(guard.map((element) => element.getAttribute('data-suggestion-labels'))).toContain('org place');
  });

  it('keep an annotation and a suggestion on the same text in separate elements', () => {
    const server = seeded();
    const ana = open(server, 'ana');
    // Bob's annotation with another label: it neither decides nor hides Ana's suggestion.
    writeAnnotations(server.layer, server.content, [{ id: 'b1', ...at('Michoacán', 1), label: 'org', author: 'bob', status: 'proposed', note: '', created: 0, source: 'human' }]);
    expect(printShown(ana.view)).toContain('place:"Michoacán"@0.4');
    const element = Array.from(ana.view.dom.querySelectorAll('.glossa-annotation')).find((e) => e.textContent === 'Michoacán');
    expect(element).toBeDefined();
    expect(element?.classList.contains('glossa-suggestion')).toBe(false);
    const inner = element?.querySelector('.glossa-suggestion') ?? element?.closest('.glossa-suggestion');
    expect(inner?.getAttribute('aria-description')).toMatch(/^Suggested Place/);
    expect(element?.getAttribute('aria-description')).toBe('Organization (bob, proposed)');
  });

  it('go from the most to the least uncertain with Alt-u (score nearest 0.5 first, ties in document order)', () => {
    const server = seeded();
    const ana = open(server, 'ana');
    const order: string[] = [];
    while (press(ana.view, 'Alt-u')) order.push(selectedText(ana.view));
    expect(order).toEqual(['org:national guard@0.6', 'place:Michoacán@0.4', 'place:Guard@0.3', 'place:Michoacán@0.7', 'org:National Guard@0.85', 'org:National Guard@0.9']);
    // Hiding a recommender takes its suggestions out of the order; starting again from nothing selected starts at the most uncertain.
    run(ana.view, setSuggestionFilter({ hiddenRecommenders: ['string-match'] }));
    run(ana.view, selectSuggestion(null));
    expect(run(ana.view, selectMostUncertainSuggestion)).toBe(true);
    expect(selectedText(ana.view)).toBe('place:Guard@0.3');
    expect(run(ana.view, selectMostUncertainSuggestion)).toBe(false);
  });

  it('go next and previous in document order (start, end, id), from the cursor or the selected one', () => {
    const server = seeded();
    const ana = open(server, 'ana');
    const order: string[] = [];
    while (run(ana.view, selectNextSuggestion)) order.push(selectedText(ana.view));
    expect(order).toEqual([
      'org:National Guard@0.9',
      'place:Guard@0.3',
      'place:Michoacán@0.7',
      'org:national guard@0.6',
      'place:Michoacán@0.4',
      'org:National Guard@0.85',
    ]);
    const back: string[] = [];
    while (run(ana.view, selectPreviousSuggestion)) back.push(selectedText(ana.view));
    expect(back).toEqual(order.slice(0, -1).reverse());

    // From the cursor, with nothing selected.
    run(ana.view, selectSuggestion(null));
    const pos = textOffsetToPos(ana.view.state.doc, at('Later').start);
    ana.view.dispatch(ana.view.state.tr.setSelection(TextSelection.create(ana.view.state.doc, pos)));
    expect(run(ana.view, selectNextSuggestion)).toBe(true);
    expect(selectedText(ana.view)).toBe('org:national guard@0.6');
    run(ana.view, selectSuggestion(null));
    expect(run(ana.view, selectPreviousSuggestion)).toBe(true);
    expect(selectedText(ana.view)).toBe('place:Michoacán@0.7');
    // The text selection covers the selected suggestion.
    const selected = selectedSuggestion(ana.view.state);
    expect([ana.view.state.selection.from, ana.view.state.selection.to]).toEqual([selected?.start, selected?.end]);
  });

  it('show score, recommender and model version for a hover card', () => {
    const server = seeded();
    const ana = open(server, 'ana');
    const pos = textOffsetToPos(ana.view.state.doc, at('Guard').start + 1);
    expect(suggestionsAt(ana.view.state, pos).map((s) => [s.label, s.score, s.recommender, s.modelVersion, s.explanation])).toEqual([
      ['org', 0.9, 'string-match', 'sm-1', 'annotated 3 times'],
      ['place', 0.3, 'tagger', 'tg-7', undefined],
    ]);
  });

  it('accepting writes a normal annotation with source, score and model version, and the feedback, undone together', () => {
    const server = seeded();
    const ana = open(server, 'ana');
    run(ana.view, selectNextSuggestion);
    let transactions = 0;
    ana.layer.on('afterTransaction', () => transactions++);
    expect(press(ana.view, 'Alt-a')).toBe(true);
    expect(transactions).toBe(1);

    const { spans } = resolveLayer(server.layer, server.content);
    expect(spans.map((s) => [s.id, readContentText(server.content).slice(s.start, s.end), s.label, s.author, s.source])).toEqual([['ana-1', 'National Guard', 'org', 'ana', 'model']]);
    const entry = readAnnotationEntry('ana-1', server.layer.getMap(ANNOTATIONS_MAP).get('ana-1'));
    expect('entry' in entry && entry.entry.model).toEqual({ recommender: 'string-match', score: 0.9, modelVersion: 'sm-1' });
    expect(readFeedback(server.layer).entries.map((f) => [f.by, f.action, f.label, f.quote, f.score, f.recommender, f.modelVersion])).toEqual([
      ['ana', 'accepted', 'org', 'National Guard', 0.9, 'string-match', 'sm-1'],
    ]);
    // In the editor: an annotation now, and the suggestion is gone.
    expect(pluginState(ana.view.state).spans.toArray().map((s) => [s.id, s.label, s.source])).toEqual([['ana-1', 'org', 'model']]);
    expect(printShown(ana.view)).not.toContain('org:"National Guard"@0.9');
    expect(selectedSuggestion(ana.view.state)).toBeNull();

    ana.undo.undo();
    expect(resolveLayer(server.layer, server.content).spans).toEqual([]);
    expect(readFeedback(server.layer).entries).toEqual([]);
    expect(pluginState(ana.view.state).spans.size).toBe(0);
    expect(printShown(ana.view)).toContain('org:"National Guard"@0.9');
  });

  it("accepting with another label's hotkey writes the user's annotation and says corrected", () => {
    const server = seeded();
    const ana = open(server, 'ana');
    run(ana.view, selectNextSuggestion);
    expect(press(ana.view, 'p')).toBe(true);
    expect(resolveLayer(server.layer, server.content).spans.map((s) => [s.label, s.source])).toEqual([['place', 'human']]);
    const entry = readAnnotationEntry('ana-1', server.layer.getMap(ANNOTATIONS_MAP).get('ana-1'));
    expect('entry' in entry && entry.entry.model).toBeUndefined();
    expect(readFeedback(server.layer).entries.map((f) => [f.action, f.label])).toEqual([['corrected', 'org']]);
    expect(printShown(ana.view)).not.toContain('org:"National Guard"@0.9');
  });

  it('rejecting writes feedback and hides the suggestion, and its label on the same text, for that user only, across retraining', () => {
    const server = seeded();
    const ana = open(server, 'ana');
    const bob = open(server, 'bob');
    run(ana.view, selectNextSuggestion);
    expect(press(ana.view, 'Alt-r')).toBe(true);
    expect(resolveLayer(server.layer, server.content).spans).toEqual([]);
    expect(readFeedback(server.layer).entries.map((f) => [f.by, f.action, f.quote])).toEqual([['ana', 'rejected', 'National Guard']]);
    // Every "national guard" as org is hidden for Ana (same text, same label); Guard as place is not.
    expect(printShown(ana.view)).toEqual(['place:"Guard"@0.3', 'place:"Michoacán"@0.7', 'place:"Michoacán"@0.4']);
    expect(printShown(bob.view)).toHaveLength(6);

    // Retraining: a new model version and other scores, written again by the server.
    suggest(server, 'string-match', [
      { ...at('National Guard'), label: 'org', score: 0.95, modelVersion: 'sm-2' },
      { ...at('National Guard', 1), label: 'org', score: 0.8, modelVersion: 'sm-2' },
      { ...at('Michoacán'), label: 'place', score: 0.75, modelVersion: 'sm-2' },
    ]);
    expect(printShown(ana.view)).toEqual(['place:"Guard"@0.3', 'place:"Michoacán"@0.75']);
    expect(printShown(bob.view)).toEqual(['org:"National Guard"@0.95', 'place:"Guard"@0.3', 'place:"Michoacán"@0.75', 'org:"National Guard"@0.8']);
  });

  it('a span made by hand over a suggestion corrects it; an annotation of its label hides it for everyone sharing the layer', () => {
    const server = seeded();
    const ana = open(server, 'ana');
    const bob = open(server, 'bob');
    const { start, end } = at('Later the national guard');
    const doc = ana.view.state.doc;
    ana.view.dispatch(ana.view.state.tr.setSelection(TextSelection.create(doc, textOffsetToPos(doc, start), textOffsetToPos(doc, end))));
    expect(run(ana.view, annotateSelection('org'))).toBe(true);
    expect(readFeedback(server.layer).entries.map((f) => [f.by, f.action, f.quote])).toEqual([['ana', 'corrected', 'national guard']]);
    expect(printShown(ana.view)).not.toContain('org:"national guard"@0.6');
    expect(printShown(bob.view)).not.toContain('org:"national guard"@0.6');
    ana.undo.undo();
    expect(readFeedback(server.layer).entries).toEqual([]);
    expect(printShown(bob.view)).toContain('org:"national guard"@0.6');
  });

  it('accepts every suggestion wholly inside a range at or above a score, in one action, and nothing else', () => {
    const server = seeded();
    const ana = open(server, 'ana');
    const doc = ana.view.state.doc;
    // The second line up to "returned", without its last "National Guard".
    const from = textOffsetToPos(doc, at('Later').start);
    const to = textOffsetToPos(doc, at('National Guard', 1).start + 5);
    let transactions = 0;
    ana.layer.on('afterTransaction', () => transactions++);
    expect(run(ana.view, acceptSuggestionsInRange(from, to, 0.5))).toBe(true);
    expect(transactions).toBe(1);
    const text = readContentText(server.content);
    expect(resolveLayer(server.layer, server.content).spans.map((s) => `${s.label}:${text.slice(s.start, s.end)}:${s.source}`)).toEqual(['org:national guard:model']);
    expect(readFeedback(server.layer).entries.map((f) => f.action)).toEqual(['accepted']);
    expect(run(ana.view, acceptSuggestionsInRange(from, to, 0.5))).toBe(false);
    expect(run(ana.view, acceptSuggestionsInRange(from, to, 0.3))).toBe(true);
    expect(resolveLayer(server.layer, server.content).spans.map((s) => `${s.label}:${text.slice(s.start, s.end)}`)).toEqual(['org:national guard', 'place:Michoacán']);
  });

  it('accepts what is in view, as measured, and nothing without a view or a measurement', () => {
    const server = seeded();
    const ana = open(server, 'ana');
    const doc = ana.view.state.doc;
    const firstLine = { from: 0, to: textOffsetToPos(doc, at('.').end) };
    expect(acceptSuggestionsInView(0.5, () => firstLine)(ana.view.state, ana.view.dispatch)).toBe(false);
    expect(run(ana.view, acceptSuggestionsInView(0.5, () => null))).toBe(false);
    expect(run(ana.view, acceptSuggestionsInView(0.5, () => firstLine))).toBe(true);
    const text = readContentText(server.content);
    expect(resolveLayer(server.layer, server.content).spans.map((s) => `${s.label}:${text.slice(s.start, s.end)}@${s.start}`)).toEqual([
      `org:National Guard@${at('National Guard').start}`,
      `place:Michoacán@${at('Michoacán').start}`,
    ]);
    expect(() => acceptSuggestionsInView(1.5)).toThrow(/minScore must be a number from 0 to 1/);
  });

  it('a bulk accept leaves out a suggestion overlapping one of its label accepted before it', () => {
    const server = serverRooms(TEXT);
    suggest(server, 'a', [{ ...at('National Guard'), label: 'org', score: 0.9, modelVersion: '1' }]);
    suggest(server, 'b', [{ ...at('The National'), label: 'org', score: 0.9, modelVersion: '1' }]);
    const ana = open(server, 'ana');
    expect(run(ana.view, acceptSuggestionsInRange(0, ana.view.state.doc.content.size, 0))).toBe(true);
    expect(resolveLayer(server.layer, server.content).spans.map((s) => readContentText(server.content).slice(s.start, s.end))).toEqual(['The National']);
  });

  it('shows only suggestions at or above the threshold, of recommenders not turned off, and changes with the filter', () => {
    const server = seeded();
    const ana = open(server, 'ana', { threshold: 0.65, hiddenRecommenders: ['tagger'] });
    expect(printShown(ana.view)).toEqual(['org:"National Guard"@0.9', 'place:"Michoacán"@0.7', 'org:"National Guard"@0.85']);
    run(ana.view, setSuggestionFilter({ threshold: 0 }));
    expect(printShown(ana.view)).toHaveLength(5);
    run(ana.view, setSuggestionFilter({ hiddenRecommenders: ['string-match'] }));
    expect(printShown(ana.view)).toEqual(['place:"Guard"@0.3']);
    expect(ana.view.dom.querySelectorAll('.glossa-suggestion')).toHaveLength(1);
    expect(() => setSuggestionFilter({ threshold: -1 })).toThrow(/threshold must be a number from 0 to 1/);
  });

  it('shows none to an editor opened without suggestions (a viewer), whatever the room holds', () => {
    const server = seeded();
    const viewer = open(server, 'vic', null);
    expect(shownSuggestions(viewer.view.state)).toEqual([]);
    expect(viewer.view.dom.querySelectorAll('.glossa-suggestion')).toHaveLength(0);
    expect(run(viewer.view, selectNextSuggestion)).toBe(false);
    expect(press(viewer.view, 'Alt-a')).toBe(false);
  });

  it('follows the suggestion room as the server rewrites it, and skips entries a faulty writer left', () => {
    const server = seeded();
    const ana = open(server, 'ana');
    server.suggestions.getMap(SUGGESTIONS_MAP).set('junk', { start: 'x', label: 5 });
    server.suggestions.getMap(SUGGESTIONS_MAP).set('junk2', 42);
    expect(printShown(ana.view)).toHaveLength(6);
    suggest(server, 'tagger', []);
    expect(printShown(ana.view)).toHaveLength(5);
  });

  it('accepts at the place Yjs gives the suggestion after its neighbouring character was typed at its edge', () => {
    const server = seeded();
    const ana = open(server, 'ana');
    // Typing the character a suggestion ends with right after it: ProseMirror maps the edit
    // after the suggestion, y-prosemirror's diff may put it inside; the stored anchors decide.
    const offset = at('National Guard').end;
    ana.view.dispatch(ana.view.state.tr.insertText('d', textOffsetToPos(ana.view.state.doc, offset)));
    expect(readContentText(server.content).slice(offset - 5, offset + 1)).toBe('Guardd');
    const stored = resolveSuggestions(server.suggestions, server.content).suggestions.find((s) => s.score === 0.9);
    const truth = readContentText(server.content).slice(stored?.start, stored?.end);
    run(ana.view, selectNextSuggestion);
    expect(run(ana.view, acceptSuggestion())).toBe(true);
    const text = readContentText(server.content);
    expect(resolveLayer(server.layer, server.content).spans.map((s) => text.slice(s.start, s.end))).toEqual([truth]);
    expect(pluginState(ana.view.state).spans.toArray().map((s) => ana.view.state.doc.textBetween(s.start, s.end))).toEqual([truth]);
  });

  it('shows a suggestion whose text arrives after it, and none whose text is gone', () => {
    const server = seeded();
    const ana = openClient(server, 'ana');
    cleanups.push(() => ana.view.destroy());
    const stopLayer = relay(server.layer, ana.layer);
    cleanups.push(stopLayer);
    // The server's text grows and it suggests on the new text; the suggestion room reaches Ana first.
    editContentText(server.content, TEXT.length, 0, '\nThe army left Guerrero.');
    suggest(server, 'tagger', [{ start: TEXT.length + 5, end: TEXT.length + 9, label: 'org', score: 0.5, modelVersion: 'tg-8' }]);
    catchUp(server.suggestions, ana.suggestions);
    expect(printShown(ana.view)).not.toContain('org:"army"@0.5');
    catchUp(server.content, ana.content);
    expect(printShown(ana.view)).toContain('org:"army"@0.5');

    // The text of a suggestion is deleted; typing it again makes new characters, which its anchors do not name.
    const { start, end } = at('Michoacán');
    editContentText(server.content, start, end - start, '');
    catchUp(server.content, ana.content);
    expect(printShown(ana.view)).not.toContain('place:"Michoacán"@0.7');
    editContentText(server.content, start, 0, 'Michoacán');
    catchUp(server.content, ana.content);
    expect(printShown(ana.view)).not.toContain('place:"Michoacán"@0.7');
    expect(pluginState(ana.view.state).suggestions.unplaced).toEqual([resolveSuggestions(server.suggestions, server.content).orphans[0]]);
  });

  it('the keymap moves between suggestions, accepts in view as measured, and accepts or rejects only when the user may annotate', () => {
    const server = seeded();
    const ana = open(server, 'ana');
    const keys = (options: Parameters<typeof annotationBindings>[1]) => annotationBindings(testSchema, options);
    const readOnly = keys({ canAnnotate: () => false });
    expect((readOnly['Alt-Shift-ArrowDown'] as Command)(ana.view.state, ana.view.dispatch, ana.view)).toBe(true);
    expect(selectedText(ana.view)).toBe('org:National Guard@0.9');
    expect((readOnly['Alt-Shift-ArrowDown'] as Command)(ana.view.state, ana.view.dispatch, ana.view)).toBe(true);
    expect((readOnly['Alt-Shift-ArrowUp'] as Command)(ana.view.state, ana.view.dispatch, ana.view)).toBe(true);
    expect(selectedText(ana.view)).toBe('org:National Guard@0.9');
    for (const key of ['Alt-a', 'Alt-r', 'o', 'Alt-Shift-a']) expect((readOnly[key] as Command)(ana.view.state, ana.view.dispatch, ana.view)).toBe(false);
    expect(readFeedback(server.layer).entries).toEqual([]);

    const doc = ana.view.state.doc;
    const secondLine = { from: textOffsetToPos(doc, at('Later').start), to: doc.content.size };
    const bulk = keys({ visibleRange: () => secondLine, acceptInViewMinScore: 0.7 })['Alt-Shift-a'] as Command;
    expect(bulk(ana.view.state, ana.view.dispatch, ana.view)).toBe(true);
    const text = readContentText(server.content);
    expect(resolveLayer(server.layer, server.content).spans.map((s) => `${s.label}:${text.slice(s.start, s.end)}@${s.start}`)).toEqual([`org:National Guard@${at('National Guard', 1).start}`]);
  });

  it('a span made by hand exactly where a suggestion is, with its label, accepts it', () => {
    const server = seeded();
    const ana = open(server, 'ana');
    const { start, end } = at('Michoacán');
    const doc = ana.view.state.doc;
    ana.view.dispatch(ana.view.state.tr.setSelection(TextSelection.create(doc, textOffsetToPos(doc, start), textOffsetToPos(doc, end))));
    expect(run(ana.view, annotateSelection('place'))).toBe(true);
    expect(readFeedback(server.layer).entries.map((f) => [f.action, f.label, f.quote])).toEqual([['accepted', 'place', 'Michoacán']]);
    expect(resolveLayer(server.layer, server.content).spans.map((s) => s.source)).toEqual(['human']);
  });

  it('rejects only a shown suggestion, and clears the selection with Escape', () => {
    const server = seeded();
    const ana = open(server, 'ana');
    expect(run(ana.view, rejectSuggestion())).toBe(false);
    expect(run(ana.view, rejectSuggestion('no-such-id'))).toBe(false);
    run(ana.view, selectNextSuggestion);
    expect(annotationPluginKey.getState(ana.view.state)?.suggestions.selectedId).not.toBeNull();
    expect(press(ana.view, 'Escape')).toBe(true);
    expect(selectedSuggestion(ana.view.state)).toBeNull();
  });
});

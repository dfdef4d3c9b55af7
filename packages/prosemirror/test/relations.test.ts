import { describe, it, expect } from 'vitest';
import { EditorState, TextSelection } from 'prosemirror-state';
import type { LabelSchema, RelationAnnotation } from '@glossa/core';
import {
  addFragment,
  annotationPlugin,
  annotationPluginKey,
  buildSegments,
  completeRelation,
  deleteAnnotation,
  deleteRelation,
  relabelRelation,
  arcLevels,
  relationArc,
  relationBindings,
  relationPlugin,
  relationPluginKey,
  reverseRelation,
  selectAnnotation,
  selectNextRelation,
  startRelation,
  textToDoc,
} from '../src/index.js';
import type { RelationBinding, RelationWrite } from '../src/index.js';
import { run, span, testSchema } from './fixtures.js';

const schema: LabelSchema = {
  ...testSchema,
  relationLabels: [
    { id: 'in', name: 'Located in', description: 'Where an organization is.', directed: true, sourceLabels: ['org'], targetLabels: ['place'], color: '#66bb66', hotkey: 'i' },
    { id: 'funds', name: 'Funds', description: 'Pays for.', directed: true, color: '#6666bb', hotkey: 'f' },
    { id: 'same', name: 'Same as', description: 'The same thing.', directed: false, color: '#bb66bb', hotkey: 's' },
  ],
};

const text = 'the National Guard of Paris and the Guard of Lyon';
// "National Guard" [4, 18), "Paris" [22, 27), "Guard" [36, 41), "Lyon" [45, 49)
const spans = [span('a', 4, 18, 'org'), span('b', 22, 27, 'place'), span('c', 36, 41, 'org'), span('d', 45, 49, 'place')];

/** An in-memory store that records what it is asked to write and keeps created relations under ids of its own. */
function recordingBinding(initial: readonly RelationAnnotation[] = []): RelationBinding & { writes: RelationWrite[] } {
  const writes: RelationWrite[] = [];
  const stored = new Map(initial.map((r) => [r.id, r]));
  return {
    writes,
    resolve: () => ({ live: [...stored.values()], dangling: [] }),
    write(change) {
      writes.push(change);
      switch (change.type) {
        case 'create': {
          const id = `stored-${writes.length}`;
          stored.set(id, { ...change.relation, id });
          return id;
        }
        case 'update':
          stored.set(change.id, { ...stored.get(change.id)!, ...change.patch });
          return undefined;
        case 'reverse': {
          const r = stored.get(change.id)!;
          stored.set(change.id, { ...r, from: r.to, to: r.from });
          return undefined;
        }
        case 'delete':
          for (const id of change.ids) stored.delete(id);
          return undefined;
      }
    },
    subscribe: () => () => undefined,
  };
}

function makeState(relations: readonly RelationAnnotation[] = [], binding?: RelationBinding): EditorState {
  let n = 0;
  return EditorState.create({
    doc: textToDoc(text),
    plugins: [
      annotationPlugin({ schema, annotations: spans, viewportMargin: null, userId: 'tester' }),
      relationPlugin({ schema, userId: 'tester', relations, draw: false, createId: () => `r${++n}`, ...(binding === undefined ? {} : { binding }) }),
    ],
  });
}

function relations(state: EditorState): RelationAnnotation[] {
  return [...(relationPluginKey.getState(state)?.relations.values() ?? [])];
}

function chain(state: EditorState, ...commands: Parameters<typeof run>[1][]): EditorState {
  let current = state;
  for (const command of commands) {
    const result = run(current, command);
    if (!result.applied) throw new Error('a command did not apply');
    current = result.state;
  }
  return current;
}

const relation = (id: string, from: string, to: string, label = 'in', directed = true): RelationAnnotation => ({ id, from, to, label, directed, author: 'x', status: 'proposed', note: '', created: 0, source: 'human' });

describe('relation commands', () => {
  it('make a relation from the pending source to the selected annotation, with the label direction', () => {
    const made = chain(makeState(), selectAnnotation('a'), startRelation(), selectAnnotation('b'), completeRelation('in'));
    expect(relations(made)).toEqual([expect.objectContaining({ id: 'r1', from: 'a', to: 'b', label: 'in', directed: true, author: 'tester', status: 'proposed' })]);
    expect(relationPluginKey.getState(made)?.selectedId).toBe('r1');
    expect(relationPluginKey.getState(made)?.pendingSource).toBeNull();
    const undirected = chain(makeState(), selectAnnotation('a'), startRelation(), selectAnnotation('c'), completeRelation('same'));
    expect(relations(undirected)).toEqual([expect.objectContaining({ from: 'a', to: 'c', label: 'same', directed: false })]);
  });

  it('refuse a label the schema does not allow between the two labels, an unknown label, and a relation to itself', () => {
    const pending = chain(makeState(), selectAnnotation('b'), startRelation(), selectAnnotation('a'));
    expect(run(pending, completeRelation('in')).applied).toBe(false);
    expect(run(pending, completeRelation('nope')).applied).toBe(false);
    const self = chain(makeState(), selectAnnotation('a'), startRelation());
    expect(run(self, completeRelation('same')).applied).toBe(false);
    expect(run(makeState(), startRelation()).applied).toBe(false);
  });

  it('relabel, reverse and delete, each written through the binding, which names created relations', () => {
    const binding = recordingBinding();
    let state = chain(makeState([], binding), selectAnnotation('a'), startRelation(), selectAnnotation('c'), completeRelation('funds'));
    expect(relations(state).map((r) => r.id)).toEqual(['stored-1']);
    expect(run(state, relabelRelation('stored-1', 'in')).applied).toBe(false); // `in` joins an org to a place only
    state = chain(state, relabelRelation('stored-1', 'same'));
    expect(relations(state)[0]).toMatchObject({ label: 'same' });
    expect(run(state, reverseRelation('stored-1')).applied).toBe(false); // still undirected: nothing to reverse
    state = chain(state, relabelRelation('stored-1', 'funds'), reverseRelation('stored-1'));
    expect(relations(state)[0]).toMatchObject({ from: 'c', to: 'a', label: 'funds' });
    state = chain(state, deleteRelation('stored-1'));
    expect(relations(state)).toEqual([]);
    expect(binding.writes.map((w) => w.type)).toEqual(['create', 'update', 'update', 'reverse', 'delete']);
  });

  it('keys: Alt-l, a relation hotkey, Alt-k, Alt-v and Alt-Delete', () => {
    const keys = relationBindings(schema);
    const press = (state: EditorState, key: string): EditorState => {
      const command = keys[key];
      if (command === undefined) throw new Error(`no binding ${key}`);
      return chain(state, command);
    };
    let state = chain(makeState(), selectAnnotation('c'));
    state = press(state, 'Alt-l');
    state = chain(state, selectAnnotation('a'));
    state = press(state, 'f');
    expect(relations(state)).toEqual([expect.objectContaining({ from: 'c', to: 'a', label: 'funds' })]);
    state = press(state, 'Alt-v');
    expect(relations(state)[0]).toMatchObject({ from: 'a', to: 'c' });
    state = press(state, 's');
    expect(relations(state)[0]).toMatchObject({ label: 'same' });
    state = press(state, 'Escape');
    expect(relationPluginKey.getState(state)?.selectedId).toBeNull();
    state = press(state, 'Alt-k');
    expect(relationPluginKey.getState(state)?.selectedId).toBe('r1');
    state = press(state, 'Alt-Delete');
    expect(relations(state)).toEqual([]);
    expect(annotationPluginKey.getState(state)?.spans.size).toBe(4);
  });

  it('selects the next relation in text order, wrapping', () => {
    const state = makeState([relation('late', 'c', 'd'), relation('early', 'a', 'b')]);
    const first = chain(state, selectNextRelation(1));
    expect(relationPluginKey.getState(first)?.selectedId).toBe('early');
    const second = chain(first, selectNextRelation(1));
    expect(relationPluginKey.getState(second)?.selectedId).toBe('late');
    expect(relationPluginKey.getState(chain(second, selectNextRelation(1)))?.selectedId).toBe('early');
  });

  it('a relation whose end is deleted stays in the state but has no end to draw from; a pending source that is deleted ends the relation being made', () => {
    const state = chain(makeState([relation('r', 'a', 'b')]), selectAnnotation('a'), startRelation(), deleteAnnotation('a'));
    expect(relationPluginKey.getState(state)?.pendingSource).toBeNull();
    expect(annotationPluginKey.getState(state)?.spans.has('a')).toBe(false);
  });
});

describe('discontinuous annotations', () => {
  it('addFragment adds the selection as a piece; the decorations cover the pieces only', () => {
    let state = chain(makeState(), selectAnnotation('c'));
    // select "Lyon" [45, 49) → positions +1
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 46, 50)));
    state = chain(state, addFragment());
    const extended = annotationPluginKey.getState(state)?.spans.get('c');
    expect(extended).toMatchObject({ start: 37, end: 50, fragments: [[37, 42], [46, 50]] });
    const covered = buildSegments([extended!], 0, state.doc.content.size).map((segment) => state.doc.textBetween(segment.from, segment.to));
    expect(covered).toEqual(['Guard', 'Lyon']);
    // a piece inside the annotation's pieces adds nothing
    expect(run(state, addFragment({ from: 46, to: 48 })).applied).toBe(false);
    // a piece that touches one joins it
    const joined = chain(state, addFragment({ from: 42, to: 46 }));
    expect(annotationPluginKey.getState(joined)?.spans.get('c')).toMatchObject({ start: 37, end: 50 });
    expect(annotationPluginKey.getState(joined)?.spans.get('c')?.fragments).toBeUndefined();
  });
});

describe('relationArc', () => {
  it('rises above both ends, with an arrow head into the target only when directed', () => {
    const arc = relationArc({ x: 10, y: 100 }, { x: 210, y: 100 }, true);
    expect(arc.label.y).toBeLessThan(100);
    expect(arc.label.x).toBe(110);
    expect(arc.arrow).toContain('210.0,100.0');
    expect(relationArc({ x: 10, y: 100 }, { x: 210, y: 60 }, false).arrow).toBeNull();
  });
});

describe('arcLevels', () => {
  it('stacks arcs on one line whose extents overlap, the narrower lower, and leaves others on the ground level', () => {
    const arc = (x1: number, x2: number, y = 100) => ({ from: { x: x1, y }, to: { x: x2, y } });
    // wide over narrow on one line; one on another line; one far to the right
    expect(arcLevels([arc(0, 300), arc(50, 100), arc(60, 120, 200), arc(500, 600)])).toEqual([1, 0, 0, 0]);
    // three nested: each its own level
    expect(arcLevels([arc(0, 400), arc(10, 200), arc(20, 60)])).toEqual([2, 1, 0]);
    // a higher level rises higher
    expect(relationArc({ x: 0, y: 100 }, { x: 100, y: 100 }, true, 2).label.y).toBeLessThan(relationArc({ x: 0, y: 100 }, { x: 100, y: 100 }, true, 0).label.y);
  });
});

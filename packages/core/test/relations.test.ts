import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifyRelations, formatSchemaError, parseSchema, relationEndsAllowed, SpanSet, validateRelations } from '@glossa/core';
import type { LabelSchema, RelationAnnotation, RelationError, SpanAnnotation } from '@glossa/core';

const TEXT = 'The measure is funded by the budget line and the other measure.';

function span(id: string, quote: string, label: string, occurrence = 0): SpanAnnotation {
  let at = -1;
  for (let k = 0; k <= occurrence; k++) at = TEXT.indexOf(quote, at + 1);
  return { id, start: at, end: at + quote.length, label, author: 'ana', status: 'proposed', note: '', created: 0, source: 'human' };
}

function relation(id: string, from: string, to: string, label = 'funded-by', directed = label !== 'same-as'): RelationAnnotation {
  return { id, from, to, label, directed };
}

const SPANS = [span('m1', 'measure', 'measure'), span('b1', 'budget line', 'budget'), span('m2', 'measure', 'measure', 1)];

function schema(): LabelSchema {
  const result = parseSchema({
    version: 1,
    name: 'Funding',
    labels: [
      { id: 'measure', name: 'Measure', description: 'A policy measure.', color: '#ffd166' },
      { id: 'budget', name: 'Budget line', description: 'A line of a budget.', color: '#8fd694' },
    ],
    relationLabels: [
      { id: 'funded-by', name: 'Funded by', description: 'Paid for by.', color: '#a0c4ff', sourceLabels: ['measure'], targetLabels: ['budget'] },
      { id: 'same-as', name: 'Same as', description: 'One measure.', color: '#bdb2ff', directed: false, sourceLabels: ['measure'], targetLabels: ['measure'] },
      { id: 'cites', name: 'Cites', description: 'Any span citing any other.', color: '#ffc6ff' },
    ],
  });
  if (!result.ok) throw new Error(result.errors.map(formatSchemaError).join('\n'));
  return result.value;
}

function summary(error: RelationError): string {
  return `${error.kind} ${error.path}`;
}

describe('validateRelations', () => {
  it('accepts relations the schema allows, an undirected one either way round', () => {
    const relations = [relation('r1', 'm1', 'b1'), relation('r2', 'm1', 'm2', 'same-as'), relation('r3', 'm2', 'm1', 'same-as'), relation('r4', 'b1', 'm1', 'cites')];
    expect(validateRelations(relations, SPANS, schema())).toEqual([]);
  });

  const cases: readonly { name: string; relations: unknown[]; errors: string[]; message: RegExp }[] = [
    {
      name: 'ends the label does not allow, with the path of the relation',
      relations: [relation('r1', 'm1', 'b1'), relation('r2', 'b1', 'm1')],
      errors: ['ends-not-allowed relations[1]'],
      message: /^relation "r2" \(#1\): "funded-by" joins "measure" to "budget", not "budget" to "measure"$/,
    },
    {
      name: 'an undirected label between labels it does not allow',
      relations: [relation('r1', 'm1', 'b1', 'same-as')],
      errors: ['ends-not-allowed relations[0]'],
      message: /"same-as" joins "measure" to "measure" \(either way round\), not "measure" to "budget"$/,
    },
    {
      name: 'an unknown label',
      relations: [relation('r1', 'm1', 'b1', 'paid-by')],
      errors: ['unknown-label relations[0].label'],
      message: /^relation "r1" \(#0\): the label "paid-by" is not a relation label of the schema "Funding"; expected one of "funded-by", "same-as", "cites"$/,
    },
    {
      name: 'a direction the label does not have',
      relations: [relation('r1', 'm1', 'm2', 'same-as', true)],
      errors: ['direction relations[0].directed'],
      message: /^relation "r1" \(#0\): directed is true but "same-as" is undirected; expected false$/,
    },
    {
      name: 'a dangling end',
      relations: [relation('r1', 'm1', 'gone')],
      errors: ['dangling relations[0].to'],
      message: /^relation "r1" \(#0\): to "gone" is no span of the layer, so the relation is dangling; expected the id of one of its spans$/,
    },
    {
      name: 'a relation from a span to itself',
      relations: [relation('r1', 'm1', 'm1', 'cites')],
      errors: ['self relations[0].to'],
      message: /from and to are both "m1"; expected two different spans/,
    },
    {
      name: 'a duplicate id',
      relations: [relation('r1', 'm1', 'b1'), relation('r1', 'm2', 'b1')],
      errors: ['duplicate-id relations[1].id'],
      message: /^relation "r1" \(#1\): the id is already used by relation #0/,
    },
    {
      name: 'fields of the wrong type',
      relations: [{ id: 'r1', from: 'm1', to: 'b1', label: 'funded-by', directed: 'yes', status: 'done', source: 'robot' }],
      errors: ['malformed relations[0].directed', 'malformed relations[0].status', 'malformed relations[0].source'],
      message: /^relation "r1" \(#0\): directed is the string "yes"; expected true or false$/,
    },
    {
      name: 'an entry that is not an object',
      relations: [null],
      errors: ['malformed relations[0]'],
      message: /^relation #0: expected a relation object with id, from, to, label and directed, got null$/,
    },
  ];

  it.each(cases)('reports $name', ({ relations, errors, message }) => {
    const found = validateRelations(relations as RelationAnnotation[], SPANS, schema());
    expect(found.map(summary)).toEqual(errors);
    expect(found[0]?.message).toMatch(message);
  });

  it('looks ends and ids up in the layer of each relation when spans and relations name their layer', () => {
    const inLayer = <T extends object>(layer: string, item: T): T & { layer: string } => ({ ...item, layer });
    const spans = [inLayer('alice', span('m1', 'measure', 'measure')), inLayer('bob', span('b1', 'budget line', 'budget')), inLayer('bob', span('m1', 'measure', 'measure'))];
    const relations = [inLayer('alice', relation('r1', 'm1', 'b1')), inLayer('bob', relation('r1', 'm1', 'b1')), inLayer('bob', relation('r1', 'b1', 'm1', 'cites'))];
    const found = validateRelations(relations, spans, schema());
    expect(found.map(summary)).toEqual(['dangling relations[0].to', 'duplicate-id relations[2].id']);
    expect(found[0]?.message).toBe('relation "r1" (#0): to "b1" is no span of layer "alice", so the relation is dangling; expected the id of one of its spans');
  });

  it('checks no label without a schema, and accepts a model as the source', () => {
    expect(validateRelations([{ ...relation('r1', 'b1', 'm1', 'anything'), source: 'model:linker' }], SPANS)).toEqual([]);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.array(fc.anything()), (relations) => {
        for (const error of validateRelations(relations as RelationAnnotation[], SPANS, schema())) expect(error.path).toMatch(/^relations\[\d+\]/);
      }),
    );
  });
});

describe('classifyRelations', () => {
  it('splits relations into live and dangling ones by whether both ends exist', () => {
    const relations = [relation('r1', 'm1', 'b1'), relation('r2', 'm1', 'gone'), relation('r3', 'gone', 'b1'), relation('r4', 'm2', 'b1')];
    const set = SpanSet.create(SPANS);
    const byIds = (list: readonly RelationAnnotation[]): string[] => list.map((r) => r.id);
    const { live, dangling } = classifyRelations(relations, set);
    expect([byIds(live), byIds(dangling)]).toEqual([['r1', 'r4'], ['r2', 'r3']]);
    // Deleting a span makes its relations dangling.
    const after = classifyRelations(relations, set.remove(['m1']));
    expect([byIds(after.live), byIds(after.dangling)]).toEqual([['r4'], ['r1', 'r2', 'r3']]);
    expect(byIds(classifyRelations(relations, new Set(['m1', 'b1'])).live)).toEqual(['r1']);
  });

  it('agrees with the dangling problems of validateRelations', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const spans = ids.slice(0, 2).map((id, i) => ({ ...span(id, 'measure', 'measure'), start: i, end: i + 1 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ids))), (pairs) => {
        const relations = pairs.map(([from, to], i) => relation(`r${i}`, from, to, 'cites'));
        const dangling = new Set(validateRelations(relations, spans).filter((e) => e.kind === 'dangling').map((e) => e.relationId));
        expect(classifyRelations(relations, SpanSet.create(spans)).dangling.map((r) => r.id)).toEqual([...dangling]);
      }),
    );
  });
});

describe('relationEndsAllowed', () => {
  it('allows any label where the relation label lists none, and the reverse only when undirected', () => {
    const labels = schema().relationLabels ?? [];
    const [fundedBy, sameAs, cites] = labels;
    if (fundedBy === undefined || sameAs === undefined || cites === undefined) throw new Error('schema without its relation labels');
    expect(relationEndsAllowed(fundedBy, 'measure', 'budget')).toBe(true);
    expect(relationEndsAllowed(fundedBy, 'budget', 'measure')).toBe(false);
    expect(relationEndsAllowed({ ...fundedBy, directed: false }, 'budget', 'measure')).toBe(true);
    expect(relationEndsAllowed(sameAs, 'measure', 'measure')).toBe(true);
    expect(relationEndsAllowed(cites, 'budget', 'anything')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { contrastRatio, formatSchemaError, parseSchema } from '@glossa/core';
import { badSchemas } from './schema-bad-cases.js';
import type { JsonObject } from './schema-fixtures.js';
import { documentGroupAt, errorsOf, labelAt, relationLabelAt, validSchema } from './schema-fixtures.js';

describe('parseSchema: bad schemas', () => {
  it.each(badSchemas)('$name', ({ change, path, message }) => {
    const errors = errorsOf(change(validSchema()));
    const matching = errors.filter((error) => error.path === path);
    expect(matching, `errors: ${errors.map(formatSchemaError).join('\n')}`).toHaveLength(1);
    expect(matching[0]?.message).toMatch(message);
  });

  it('reports only the problem it was given', () => {
    for (const { name, change } of badSchemas) {
      if (name.startsWith('schema that is')) continue;
      const errors = errorsOf(change(validSchema()));
      expect(errors.length, `${name}: ${errors.map(formatSchemaError).join('\n')}`).toBe(1);
    }
  });

  it('collects every error, not just the first', () => {
    const schema = validSchema();
    labelAt(schema, 0)['color'] = 'red';
    labelAt(schema, 1)['hotkey'] = '1';
    documentGroupAt(schema, 0)['choice'] = 'many';
    schema['version'] = 0;
    const paths = errorsOf(schema).map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['version', 'labels[0].color', 'labels[1].hotkey', 'documentLabels[0].choice']));
    expect(paths).toHaveLength(4);
  });

  it('still checks hotkeys and groups of labels that have other errors', () => {
    const schema = validSchema();
    labelAt(schema, 2)['color'] = 'green';
    labelAt(schema, 2)['hotkey'] = '1';
    labelAt(schema, 2)['group'] = 'nowhere';
    const paths = errorsOf(schema).map((error) => error.path);
    expect(paths.sort()).toEqual(['labels[2].color', 'labels[2].group', 'labels[2].hotkey']);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = parseSchema(input);
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const error of result.errors) expect(error.message.length).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('reports an unknown key wherever it is added', () => {
    const places: readonly [string, (s: JsonObject) => JsonObject][] = [
      ['', (s) => s],
      ['groups[0]', (s) => (s['groups'] as JsonObject[])[0] as JsonObject],
      ['labels[2]', (s) => labelAt(s, 2)],
      ['documentLabels[1]', (s) => documentGroupAt(s, 1)],
      ['relationLabels[1]', (s) => relationLabelAt(s, 1)],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...places), fc.stringMatching(/^zz[a-z]{0,6}$/), ([place, pick], key) => {
        const schema = validSchema();
        pick(schema)[key] = true;
        const errors = errorsOf(schema);
        expect(errors.map((error) => error.path)).toEqual([place ? `${place}.${key}` : key]);
        expect(errors[0]?.message).toMatch(/^unknown key/);
      }),
    );
  });
});

describe('parseSchema: valid schemas', () => {
  it('returns the schema with defaults filled in', () => {
    const schema = validSchema();
    labelAt(schema, 0)['color'] = '#E07A5F';
    delete schema['documentLabels'];
    const result = parseSchema(schema);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.textColor).toBe('#000000');
    expect(result.value.documentLabels).toEqual([]);
    expect(result.value.labels[0]?.color).toBe('#e07a5f');
    expect(result.value.labels[3]).toEqual({
      id: 'boilerplate',
      name: 'Boilerplate',
      description: 'Navigation and ads.',
      color: '#d6d6d6',
      excludeFromExport: true,
    });
    expect(result.value.groups[1]).toEqual({ id: 'prevention', name: 'Prevention', description: 'Prevention of crime.' });
  });

  it('reads relation labels, directed by default, their lists of span labels kept in order', () => {
    const result = parseSchema(validSchema());
    if (!result.ok) throw new Error(result.errors.map(formatSchemaError).join('\n'));
    expect(result.value.relationLabels).toEqual([
      {
        id: 'funded-by',
        name: 'Funded by',
        description: 'A measure paid for by a budget line.',
        directed: true,
        sourceLabels: ['militarization', 'police-professionalization'],
        targetLabels: ['social-prevention'],
        color: '#a0c4ff',
        hotkey: 'f',
      },
      { id: 'same-as', name: 'Same as', description: 'Two mentions of one measure.', directed: false, color: '#bdb2ff' },
    ]);
  });

  it('gives an empty list of relation labels when the schema has none', () => {
    const schema = validSchema();
    delete schema['relationLabels'];
    const result = parseSchema(schema);
    expect(result.ok && result.value.relationLabels).toEqual([]);
  });

  it('still checks the hotkey of a relation label with other errors', () => {
    const schema = validSchema();
    relationLabelAt(schema, 1)['color'] = 'blue';
    relationLabelAt(schema, 1)['hotkey'] = '1';
    relationLabelAt(schema, 1)['sourceLabels'] = ['nowhere'];
    const paths = errorsOf(schema).map((error) => error.path);
    expect(paths.sort()).toEqual(['relationLabels[1].color', 'relationLabels[1].hotkey', 'relationLabels[1].sourceLabels[0]']);
  });

  it('accepts groups being left out when no label uses one', () => {
    const schema = validSchema();
    delete schema['groups'];
    for (const label of schema['labels'] as JsonObject[]) delete label['group'];
    const result = parseSchema(schema);
    expect(result.ok && result.value.groups).toEqual([]);
  });

  it('treats hotkeys that differ in letter case as different keys', () => {
    const schema = validSchema();
    labelAt(schema, 0)['hotkey'] = 'm';
    labelAt(schema, 1)['hotkey'] = 'M';
    expect(parseSchema(schema).ok).toBe(true);
  });

  it('accepts any label color that is readable under the text color', () => {
    const channel = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(channel, channel, channel, (r, g, b) => {
        const color = `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
        const schema = validSchema();
        labelAt(schema, 0)['color'] = color;
        const readable = contrastRatio(color, '#000000') >= 4.5;
        expect(parseSchema(schema).ok).toBe(readable);
      }),
    );
  });
});

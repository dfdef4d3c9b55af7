import { describe, expect, it } from 'vitest';
import { defaultExportLabels, documentLabelGroupById, formatSchemaError, hotkeyMap, labelById, labelsByGroup, parseSchema, relationHotkeyMap, relationLabelById } from '@glossa/core';
import type { LabelSchema } from '@glossa/core';
import type { JsonObject } from './schema-fixtures.js';
import { validSchema } from './schema-fixtures.js';

describe('lookups', () => {
  function schema(): LabelSchema {
    const input = validSchema();
    (input['groups'] as JsonObject[]).push({ id: 'context', name: 'Context' });
    const result = parseSchema(input);
    if (!result.ok) throw new Error(result.errors.map(formatSchemaError).join('\n'));
    return result.value;
  }

  it('labelById finds a label or returns undefined', () => {
    expect(labelById(schema(), 'social-prevention')?.name).toBe('Social prevention');
    expect(labelById(schema(), 'nope')).toBeUndefined();
  });

  it('relationLabelById finds a relation label, never a span label', () => {
    expect(relationLabelById(schema(), 'same-as')?.directed).toBe(false);
    expect(relationLabelById(schema(), 'militarization')).toBeUndefined();
    expect(relationLabelById({ ...schema(), relationLabels: undefined }, 'same-as')).toBeUndefined();
  });

  it('relationHotkeyMap maps the keys of relation labels only', () => {
    expect([...relationHotkeyMap(schema())].map(([key, label]) => [key, label.id])).toEqual([['f', 'funded-by']]);
    expect(hotkeyMap(schema()).has('f')).toBe(false);
  });

  it('documentLabelGroupById finds a group or returns undefined', () => {
    expect(documentLabelGroupById(schema(), 'country')?.choice).toBe('multiple');
    expect(documentLabelGroupById(schema(), 'nope')).toBeUndefined();
  });

  it('labelsByGroup keeps schema order, keeps empty groups and puts ungrouped labels last', () => {
    const grouped = labelsByGroup(schema()).map((entry) => [entry.group?.id, entry.labels.map((label) => label.id)]);
    expect(grouped).toEqual([
      ['enforcement', ['militarization', 'police-professionalization']],
      ['prevention', ['social-prevention']],
      ['context', []],
      [undefined, ['boilerplate']],
    ]);
  });

  it('hotkeyMap maps each key to its label', () => {
    const map = hotkeyMap(schema());
    expect([...map].map(([key, label]) => [key, label.id])).toEqual([
      ['1', 'militarization'],
      ['2', 'police-professionalization'],
      ['5', 'social-prevention'],
    ]);
  });

  it('defaultExportLabels leaves out labels excluded from export', () => {
    expect(defaultExportLabels(schema()).map((label) => label.id)).toEqual(['militarization', 'police-professionalization', 'social-prevention']);
  });
});

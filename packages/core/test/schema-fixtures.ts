/**
 * The schema the schema tests start from, and helpers to change and parse it.
 */
import { parseSchema } from '@glossa/core';
import type { SchemaError } from '@glossa/core';

/** A schema as parsed JSON, before validation. */
export type JsonObject = Record<string, unknown>;

/** A small valid schema; each bad case changes one thing in a fresh copy. */
export function validSchema(): JsonObject {
  return {
    version: 1,
    name: 'Policy',
    groups: [
      { id: 'enforcement', name: 'Enforcement' },
      { id: 'prevention', name: 'Prevention', description: 'Prevention of crime.' },
    ],
    labels: [
      { id: 'militarization', name: 'Militarization', description: 'Armed forces in public security.', color: '#e07a5f', hotkey: '1', group: 'enforcement' },
      { id: 'police-professionalization', name: 'Police professionalization', description: 'Training and pay.', color: '#f2cc8f', hotkey: '2', group: 'enforcement' },
      { id: 'social-prevention', name: 'Social prevention', description: 'Root causes.', color: '#8fd694', hotkey: '5', group: 'prevention' },
      { id: 'boilerplate', name: 'Boilerplate', description: 'Navigation and ads.', color: '#d6d6d6', excludeFromExport: true },
    ],
    documentLabels: [
      { id: 'kind', name: 'Kind', choice: 'single', values: ['interview', 'news-brief'] },
      { id: 'country', name: 'Country', choice: 'multiple', values: ['mexico', 'peru'] },
    ],
    relationLabels: [
      {
        id: 'funded-by',
        name: 'Funded by',
        description: 'A measure paid for by a budget line.',
        color: '#a0c4ff',
        hotkey: 'f',
        sourceLabels: ['militarization', 'police-professionalization'],
        targetLabels: ['social-prevention'],
      },
      { id: 'same-as', name: 'Same as', description: 'Two mentions of one measure.', color: '#bdb2ff', directed: false },
    ],
  };
}

/** The relation label at `index` of a schema, to change it. */
export function relationLabelAt(schema: JsonObject, index: number): JsonObject {
  return (schema['relationLabels'] as JsonObject[])[index] as JsonObject;
}

/** The label at `index` of a schema, to change it. */
export function labelAt(schema: JsonObject, index: number): JsonObject {
  return (schema['labels'] as JsonObject[])[index] as JsonObject;
}

/** The document-label group at `index` of a schema, to change it. */
export function documentGroupAt(schema: JsonObject, index: number): JsonObject {
  return (schema['documentLabels'] as JsonObject[])[index] as JsonObject;
}

/** The errors of a schema that must be rejected. */
export function errorsOf(input: unknown): readonly SchemaError[] {
  const result = parseSchema(input);
  if (result.ok) throw new Error('expected the schema to be rejected');
  return result.errors;
}

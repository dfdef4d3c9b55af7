/**
 * Bad schemas, one problem each: how to make it from the valid schema, the
 * path of the one error it must give and what its message says.
 */
import type { JsonObject } from './schema-fixtures.js';
import { documentGroupAt, labelAt, relationLabelAt } from './schema-fixtures.js';

/** A bad schema made from the valid one, and the error it must give. */
export interface BadSchemaCase {
  readonly name: string;
  readonly change: (schema: JsonObject) => unknown;
  readonly path: string;
  readonly message: RegExp;
}

export const badSchemas: readonly BadSchemaCase[] = [
  {
    name: 'duplicate hotkey',
    change: (s) => {
      labelAt(s, 2)['hotkey'] = '2';
      return s;
    },
    path: 'labels[2].hotkey',
    message: /^"2" is already used by "police-professionalization"; choose a key no other label uses$/,
  },
  {
    name: 'hotkey of two characters',
    change: (s) => {
      labelAt(s, 0)['hotkey'] = 'ab';
      return s;
    },
    path: 'labels[0].hotkey',
    message: /"ab" is 2 characters; expected a single printable character/,
  },
  {
    name: 'empty hotkey',
    change: (s) => {
      labelAt(s, 0)['hotkey'] = '';
      return s;
    },
    path: 'labels[0].hotkey',
    message: /"" is empty; expected a single printable character/,
  },
  {
    name: 'space as hotkey',
    change: (s) => {
      labelAt(s, 0)['hotkey'] = ' ';
      return s;
    },
    path: 'labels[0].hotkey',
    message: /" " is not a printable character; expected a single printable character/,
  },
  {
    name: 'number as hotkey',
    change: (s) => {
      labelAt(s, 0)['hotkey'] = 1;
      return s;
    },
    path: 'labels[0].hotkey',
    message: /expected a single printable character such as "1" or "m", got the number 1/,
  },
  {
    name: 'unknown group',
    change: (s) => {
      labelAt(s, 0)['group'] = 'enforcment';
      return s;
    },
    path: 'labels[0].group',
    message: /^"enforcment" is not a declared group; expected one of "enforcement", "prevention" \(did you mean "enforcement"\?\)$/,
  },
  {
    name: 'group without declared groups',
    change: (s) => {
      delete s['groups'];
      delete s['relationLabels'];
      labelAt(s, 1)['group'] = undefined;
      return { ...s, labels: [labelAt(s, 0)] };
    },
    path: 'labels[0].group',
    message: /no groups are declared; declare it in "groups" or remove "group"/,
  },
  {
    name: 'duplicate group id',
    change: (s) => {
      (s['groups'] as JsonObject[]).push({ id: 'prevention', name: 'Again' });
      return s;
    },
    path: 'groups[2].id',
    message: /^"prevention" is already the id of groups\[1\]; group ids must be unique$/,
  },
  {
    name: 'color name instead of hex',
    change: (s) => {
      labelAt(s, 0)['color'] = 'red';
      return s;
    },
    path: 'labels[0].color',
    message: /^"red" is not a color; expected a color written "#rrggbb" with six hexadecimal digits/,
  },
  {
    name: 'short color',
    change: (s) => {
      labelAt(s, 0)['color'] = '#fc0';
      return s;
    },
    path: 'labels[0].color',
    message: /^"#fc0" is the short form; write it as "#ffcc00"$/,
  },
  {
    name: 'missing color',
    change: (s) => {
      delete labelAt(s, 3)['color'];
      return s;
    },
    path: 'labels[3].color',
    message: /^missing; expected a background color written "#rrggbb"/,
  },
  {
    name: 'low contrast under black text',
    change: (s) => {
      labelAt(s, 1)['color'] = '#303030';
      return s;
    },
    path: 'labels[1].color',
    message: /^"#303030" has a contrast of 1\.\d\d:1 with textColor "#000000"; expected at least 4\.5:1 .*; lighten it, e\.g\. to "#[0-9a-f]{6}"$/,
  },
  {
    name: 'low contrast under white text',
    change: (s) => {
      s['textColor'] = '#ffffff';
      delete s['relationLabels'];
      return { ...s, labels: [labelAt(s, 1)] };
    },
    path: 'labels[0].color',
    message: /^"#f2cc8f" has a contrast of 1\.\d\d:1 with textColor "#ffffff"; .*; darken it, e\.g\. to "#[0-9a-f]{6}"$/,
  },
  {
    name: 'bad text color',
    change: (s) => {
      s['textColor'] = 'black';
      return s;
    },
    path: 'textColor',
    message: /"black" is not a color; expected a color written "#rrggbb"/,
  },
  {
    name: 'missing label id',
    change: (s) => {
      delete labelAt(s, 1)['id'];
      return s;
    },
    path: 'labels[1].id',
    message: /^missing; expected an id of lowercase letters, digits, "-" and "_", starting with a letter or digit/,
  },
  {
    name: 'label id with capitals and a space',
    change: (s) => {
      labelAt(s, 1)['id'] = 'Drug Policy';
      return s;
    },
    path: 'labels[1].id',
    message: /^"Drug Policy" is not a valid id; expected .*; write it as "drug-policy"$/,
  },
  {
    name: 'label id starting with a dash',
    change: (s) => {
      labelAt(s, 1)['id'] = '-x';
      return s;
    },
    path: 'labels[1].id',
    message: /"-x" is not a valid id; expected an id of lowercase letters/,
  },
  {
    name: 'duplicate label id',
    change: (s) => {
      labelAt(s, 3)['id'] = 'militarization';
      return s;
    },
    path: 'labels[3].id',
    message: /^"militarization" is already the id of labels\[0\]; label ids must be unique$/,
  },
  {
    name: 'missing label name',
    change: (s) => {
      delete labelAt(s, 0)['name'];
      return s;
    },
    path: 'labels[0].name',
    message: /^missing; expected the label name shown in the palette$/,
  },
  {
    name: 'blank description',
    change: (s) => {
      labelAt(s, 0)['description'] = '   ';
      return s;
    },
    path: 'labels[0].description',
    message: /^is empty; expected one sentence telling annotators what the label covers$/,
  },
  {
    name: 'excludeFromExport as a string',
    change: (s) => {
      labelAt(s, 3)['excludeFromExport'] = 'yes';
      return s;
    },
    path: 'labels[3].excludeFromExport',
    message: /^expected true or false, got the string "yes"$/,
  },
  {
    name: 'label that is not an object',
    change: (s) => {
      (s['labels'] as unknown[]).push('militarization');
      return s;
    },
    path: 'labels[4]',
    message: /^expected a label object with "id", "name", "description" and "color", got the string "militarization"$/,
  },
  {
    name: 'unknown key in a label (typo)',
    change: (s) => {
      labelAt(s, 0)['colour'] = '#ffffff';
      return s;
    },
    path: 'labels[0].colour',
    message: /^unknown key \(did you mean "color"\?\); expected only the keys "id", "name", "description", "color", "hotkey", "group", "excludeFromExport"$/,
  },
  {
    name: 'unknown top-level key',
    change: (s) => ({ ...s, lables: [] }),
    path: 'lables',
    message: /^unknown key \(did you mean "labels"\?\)/,
  },
  {
    name: 'unknown key with a space',
    change: (s) => ({ ...s, 'my note': 'x' }),
    path: '["my note"]',
    message: /^unknown key; expected only the keys "version", "name"/,
  },
  {
    name: 'bad choice',
    change: (s) => {
      documentGroupAt(s, 0)['choice'] = 'one';
      return s;
    },
    path: 'documentLabels[0].choice',
    message: /^expected "single" \(exactly one value\) or "multiple" \(any number of values\), got the string "one"$/,
  },
  {
    name: 'missing choice',
    change: (s) => {
      delete documentGroupAt(s, 1)['choice'];
      return s;
    },
    path: 'documentLabels[1].choice',
    message: /^missing; expected "single"/,
  },
  {
    name: 'empty values',
    change: (s) => {
      documentGroupAt(s, 0)['values'] = [];
      return s;
    },
    path: 'documentLabels[0].values',
    message: /^is empty; expected at least one value id$/,
  },
  {
    name: 'duplicate value',
    change: (s) => {
      documentGroupAt(s, 1)['values'] = ['mexico', 'peru', 'mexico'];
      return s;
    },
    path: 'documentLabels[1].values[2]',
    message: /^"mexico" is listed twice \(first at values\[0\]\); values must be unique$/,
  },
  {
    name: 'value that is not an id',
    change: (s) => {
      documentGroupAt(s, 1)['values'] = ['mexico', 'Costa Rica'];
      return s;
    },
    path: 'documentLabels[1].values[1]',
    message: /"Costa Rica" is not a valid id; .*write it as "costa-rica"$/,
  },
  {
    name: 'duplicate document-label group',
    change: (s) => {
      (s['documentLabels'] as JsonObject[]).push({ id: 'kind', name: 'Kind again', choice: 'single', values: ['x'] });
      return s;
    },
    path: 'documentLabels[2].id',
    message: /^"kind" is already the id of documentLabels\[0\]; document-label group ids must be unique$/,
  },
  {
    name: 'missing version',
    change: (s) => {
      delete s['version'];
      return s;
    },
    path: 'version',
    message: /^missing; expected the schema format version, the integer 1$/,
  },
  {
    name: 'version as a string',
    change: (s) => ({ ...s, version: '1' }),
    path: 'version',
    message: /^expected the schema format version, the integer 1, got the string "1"$/,
  },
  {
    name: 'newer version',
    change: (s) => ({ ...s, version: 2 }),
    path: 'version',
    message: /^2 is newer than this version of Glossa reads; expected the schema format version, the integer 1$/,
  },
  {
    name: 'missing name',
    change: (s) => {
      delete s['name'];
      return s;
    },
    path: 'name',
    message: /^missing; expected the schema name$/,
  },
  {
    name: 'missing labels',
    change: (s) => {
      delete s['labels'];
      return s;
    },
    path: 'labels',
    message: /^missing; expected a non-empty array of span labels$/,
  },
  {
    name: 'no labels',
    change: (s) => ({ ...s, labels: [] }),
    path: 'labels',
    message: /^is empty; expected at least one span label$/,
  },
  {
    name: 'labels as an object',
    change: (s) => ({ ...s, labels: {} }),
    path: 'labels',
    message: /^expected a non-empty array of span labels, got an object$/,
  },
  {
    name: 'relation hotkey used by a span label',
    change: (s) => {
      relationLabelAt(s, 0)['hotkey'] = '5';
      return s;
    },
    path: 'relationLabels[0].hotkey',
    message: /^"5" is already used by "social-prevention"; choose a key no other label uses$/,
  },
  {
    name: 'relation hotkey used by another relation label',
    change: (s) => {
      relationLabelAt(s, 1)['hotkey'] = 'f';
      return s;
    },
    path: 'relationLabels[1].hotkey',
    message: /^"f" is already used by "funded-by"; choose a key no other label uses$/,
  },
  {
    name: 'relation label id of a span label',
    change: (s) => {
      relationLabelAt(s, 1)['id'] = 'militarization';
      return s;
    },
    path: 'relationLabels[1].id',
    message: /^"militarization" is already the id of a span label; relation label ids must differ from span label ids$/,
  },
  {
    name: 'duplicate relation label id',
    change: (s) => {
      relationLabelAt(s, 1)['id'] = 'funded-by';
      return s;
    },
    path: 'relationLabels[1].id',
    message: /^"funded-by" is already the id of relationLabels\[0\]; relation label ids must be unique$/,
  },
  {
    name: 'unknown source label of a relation',
    change: (s) => {
      relationLabelAt(s, 0)['sourceLabels'] = ['militarization', 'militarisation'];
      return s;
    },
    path: 'relationLabels[0].sourceLabels[1]',
    message: /^"militarisation" is not a span label; expected one of .*\(did you mean "militarization"\?\)$/,
  },
  {
    name: 'target label listed twice',
    change: (s) => {
      relationLabelAt(s, 0)['targetLabels'] = ['social-prevention', 'social-prevention'];
      return s;
    },
    path: 'relationLabels[0].targetLabels[1]',
    message: /^"social-prevention" is listed twice \(first at targetLabels\[0\]\); list each label once$/,
  },
  {
    name: 'empty list of target labels',
    change: (s) => {
      relationLabelAt(s, 0)['targetLabels'] = [];
      return s;
    },
    path: 'relationLabels[0].targetLabels',
    message: /^is empty; expected at least one span label id \(leave "targetLabels" out to allow every span label\)$/,
  },
  {
    name: 'direction as a string',
    change: (s) => {
      relationLabelAt(s, 1)['directed'] = 'no';
      return s;
    },
    path: 'relationLabels[1].directed',
    message: /^expected true \(the relation goes from one span to the other\) or false \(it holds both ways\), got the string "no"$/,
  },
  {
    name: 'relation label without a color',
    change: (s) => {
      delete relationLabelAt(s, 1)['color'];
      return s;
    },
    path: 'relationLabels[1].color',
    message: /^missing; expected a background color written "#rrggbb"/,
  },
  {
    name: 'unreadable relation color',
    change: (s) => {
      relationLabelAt(s, 1)['color'] = '#000080';
      return s;
    },
    path: 'relationLabels[1].color',
    message: /has a contrast of .* with textColor "#000000"; expected at least 4\.5:1 .*lighten it/,
  },
  {
    name: 'relation label without a description',
    change: (s) => {
      delete relationLabelAt(s, 0)['description'];
      return s;
    },
    path: 'relationLabels[0].description',
    message: /^missing; expected one sentence telling annotators what the relation means$/,
  },
  {
    name: 'relation label that is a string',
    change: (s) => ({ ...s, relationLabels: ['funded-by'] }),
    path: 'relationLabels[0]',
    message: /^expected a relation label object with "id", "name", "description" and "color", got the string "funded-by"$/,
  },
  {
    name: 'relation labels as an object',
    change: (s) => ({ ...s, relationLabels: {} }),
    path: 'relationLabels',
    message: /^expected an array of relation labels, got an object$/,
  },
  {
    name: 'schema that is an array',
    change: () => [],
    path: '',
    message: /^expected a schema object with "version", "name" and "labels", got an array$/,
  },
  {
    name: 'schema that is null',
    change: () => null,
    path: '',
    message: /got null$/,
  },
];

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  contrastRatio,
  documentLabelGroupById,
  defaultExportLabels,
  formatSchemaError,
  hotkeyMap,
  labelById,
  labelsByGroup,
  parseSchema,
  parseSchemaJson,
} from '@glossa/core';
import type { LabelSchema, SchemaError } from '@glossa/core';

type JsonObject = Record<string, unknown>;

/** A small valid schema; each bad case below changes one thing in a fresh copy. */
function validSchema(): JsonObject {
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
  };
}

function labelAt(schema: JsonObject, index: number): JsonObject {
  return (schema['labels'] as JsonObject[])[index] as JsonObject;
}

function documentGroupAt(schema: JsonObject, index: number): JsonObject {
  return (schema['documentLabels'] as JsonObject[])[index] as JsonObject;
}

function errorsOf(input: unknown): readonly SchemaError[] {
  const result = parseSchema(input);
  if (result.ok) throw new Error('expected the schema to be rejected');
  return result.errors;
}

interface BadSchemaCase {
  readonly name: string;
  readonly change: (schema: JsonObject) => unknown;
  readonly path: string;
  readonly message: RegExp;
}

const badSchemas: readonly BadSchemaCase[] = [
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
      labelAt(s, 2)['id'] = 'militarization';
      return s;
    },
    path: 'labels[2].id',
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

describe('parseSchemaJson', () => {
  const invalidJson: readonly { text: string; line: number; column: number; message: RegExp }[] = [
    { text: '', line: 1, column: 1, message: /expected a JSON value .* found the end of the text/ },
    { text: '{"version": 1,}', line: 1, column: 15, message: /expected a property name in double quotes, found "}" \(a trailing comma is not allowed\)/ },
    { text: '{\n  "version": 1\n  "name": "x"\n}', line: 3, column: 3, message: /expected "," or "}" after the value of "version", found "\\""/ },
    { text: '{\n  "labels": [1, 2,]\n}', line: 2, column: 19, message: /expected a value, found "]" \(a trailing comma is not allowed\)/ },
    { text: "{'version': 1}", line: 1, column: 2, message: /expected a property name in double quotes, found "'"/ },
    { text: '{"name": "a\nb"}', line: 1, column: 12, message: /must not contain a raw line break/ },
    { text: '{"name": "a\\qb"}', line: 1, column: 12, message: /invalid escape "\\q"/ },
    { text: '{"name": "\\u12"}', line: 1, column: 11, message: /four hexadecimal digits/ },
    { text: '{"name": "abc', line: 1, column: 10, message: /unterminated string/ },
    { text: '{"version" 1}', line: 1, column: 12, message: /expected ":" after the property name "version"/ },
    { text: '{"version": tru}', line: 1, column: 13, message: /expected a JSON value/ },
    { text: '{"version": 01}', line: 1, column: 14, message: /expected "," or "}"/ },
    { text: '{"version": -}', line: 1, column: 13, message: /expected a number/ },
    { text: '{} {}', line: 1, column: 4, message: /unexpected text after the end of the JSON value/ },
    { text: '{"name": "é😀", x}', line: 1, column: 16, message: /expected a property name/ },
  ];

  it.each(invalidJson)('locates invalid JSON: $text', ({ text, line, column, message }) => {
    const result = parseSchemaJson(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors;
    expect(error?.message).toMatch(/^invalid JSON: /);
    expect(error?.message).toMatch(message);
    expect({ line: error?.line, column: error?.column }).toEqual({ line, column });
    expect(formatSchemaError(error as SchemaError)).toContain(`line ${line}, column ${column}`);
  });

  it('rejects deeply nested JSON with a message instead of overflowing the stack', () => {
    const text = `{"labels": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const result = parseSchemaJson(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]?.message).toMatch(/^invalid JSON: objects and arrays are nested more than 64 deep/);
  });

  it('rejects exactly the texts that JSON.parse rejects', () => {
    const mutated = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', ' ', '0', '\\', '\n', 'x'), fc.boolean())
      .map(([json, at, insert, remove]) => {
        const index = json.length === 0 ? 0 : at % json.length;
        return json.slice(0, index) + insert + json.slice(remove ? index + 1 : index);
      });
    fc.assert(
      fc.property(fc.oneof(fc.json(), mutated, fc.string()), (text) => {
        let parsedByEngine = true;
        try {
          JSON.parse(text);
        } catch {
          parsedByEngine = false;
        }
        const result = parseSchemaJson(text);
        const invalid = !result.ok && result.errors.some((error) => error.message.startsWith('invalid JSON'));
        expect(invalid).toBe(!parsedByEngine);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with parseSchema on the value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const fromText = parseSchemaJson(JSON.stringify(value, null, 2) ?? 'null');
        const fromValue = parseSchema(value);
        const strip = (errors: readonly SchemaError[]): string[] => errors.map((error) => `${error.path}: ${error.message}`);
        expect(fromText.ok).toBe(fromValue.ok);
        if (!fromText.ok && !fromValue.ok) {
          // A key written twice in JSON text ("__proto__" aside) cannot come from JSON.stringify.
          expect(strip(fromText.errors)).toEqual(strip(fromValue.errors));
        }
      }),
    );
  });

  it('gives schema errors the line and column of the offending value', () => {
    const text = [
      '{',
      '  "version": 1,',
      '  "name": "Policy",',
      '  "labels": [',
      '    { "id": "a", "name": "A", "description": "About A.", "color": "#ffffff", "hotkey": "1" },',
      '    { "id": "b", "name": "B", "description": "About B.",',
      '      "color": "#101010", "hotkey": "1" }',
      '  ]',
      '}',
    ].join('\n');
    const result = parseSchemaJson(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = new Map(result.errors.map((error) => [error.path, error]));
    expect(byPath.get('labels[1].color')).toMatchObject({ line: 7, column: 16 });
    expect(byPath.get('labels[1].hotkey')).toMatchObject({ line: 7, column: 37 });
    expect(formatSchemaError(byPath.get('labels[1].hotkey') as SchemaError)).toBe(
      'labels[1].hotkey (line 7, column 37): "1" is already used by "a"; choose a key no other label uses',
    );
  });

  it('places a missing key at the object that lacks it', () => {
    const result = parseSchemaJson('{\n  "version": 1,\n  "labels": [\n    { "id": "a", "name": "A", "description": "About A." }\n  ]\n}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = new Map(result.errors.map((error) => [error.path, error]));
    expect(byPath.get('name')).toMatchObject({ line: 1, column: 1 });
    expect(byPath.get('labels[0].color')).toMatchObject({ line: 4, column: 5 });
  });

  it('reports a key written twice, which JSON.parse would keep silently', () => {
    const result = parseSchemaJson('{\n  "version": 1,\n  "name": "A",\n  "name": "B"\n}');
    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'name', message: 'the key "name" appears twice in this object; expected each key once', line: 4, column: 3 }],
    });
  });

  it('lists at most 20 ids in a message and still suggests the closest one', () => {
    const schema = validSchema();
    schema['groups'] = Array.from({ length: 25 }, (_, i) => ({ id: `group-${i}`, name: `Group ${i}` }));
    (schema['labels'] as JsonObject[]).forEach((label) => delete label['group']);
    labelAt(schema, 0)['group'] = 'group-24x';
    const result = parseSchemaJson(JSON.stringify(schema));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const message = result.errors.find((error) => error.path === 'labels[0].group')?.message ?? '';
    expect(message).toContain('"group-19", … (5 more) (did you mean "group-24"?)');
    expect(message).not.toContain('"group-20"');
  });

  it('does not count a byte order mark as a column', () => {
    const result = parseSchemaJson('\uFEFF{"version": 2, "name": "x", "labels": []}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.find((error) => error.path === 'version')).toMatchObject({ line: 1, column: 13 });
  });

  it('gives the line and column of every error of a large schema with thousands of errors', () => {
    const count = 6000;
    const labels = Array.from({ length: count }, (_, i) => ({ id: `l${i}`, name: 'L', description: 'd', color: '#fff' }));
    for (const text of [JSON.stringify({ version: 1, name: 'x', labels }, null, 2), JSON.stringify({ version: 1, name: 'x', labels })]) {
      const result = parseSchemaJson(text);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors).toHaveLength(count);
      // The n-th occurrence of "#fff" in the text is the color of labels[n].
      const lines = text.split('\n');
      const expected: { line: number; column: number }[] = [];
      lines.forEach((line, i) => {
        for (let at = line.indexOf('"#fff"'); at >= 0; at = line.indexOf('"#fff"', at + 1)) expected.push({ line: i + 1, column: at + 1 });
      });
      expect(result.errors.map(({ line, column }) => ({ line, column }))).toEqual(expected);
      expect(result.errors[count - 1]?.path).toBe(`labels[${count - 1}].color`);
    }
  });

  it('accepts a byte order mark and a valid schema', () => {
    const result = parseSchemaJson(`\uFEFF${JSON.stringify(validSchema())}`);
    expect(result.ok).toBe(true);
    expect(result.ok && result.value.labels.map((label) => label.id)).toEqual([
      'militarization',
      'police-professionalization',
      'social-prevention',
      'boilerplate',
    ]);
  });
});

describe('formatSchemaError', () => {
  it.each([
    [{ path: 'labels[4].hotkey', message: '"2" is already used by "police-professionalization"' }, 'labels[4].hotkey: "2" is already used by "police-professionalization"'],
    [{ path: 'name', message: 'missing', line: 1, column: 1 }, 'name (line 1, column 1): missing'],
    [{ path: '', message: 'invalid JSON: x', line: 3, column: 9 }, 'line 3, column 9: invalid JSON: x'],
    [{ path: '', message: 'expected a schema object' }, 'schema: expected a schema object'],
  ])('formats %j', (error, text) => {
    expect(formatSchemaError(error)).toBe(text);
  });
});

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

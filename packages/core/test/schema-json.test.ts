import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatSchemaError, parseSchema, parseSchemaJson } from '@glossa/core';
import type { SchemaError } from '@glossa/core';
import type { JsonObject } from './schema-fixtures.js';
import { labelAt, validSchema } from './schema-fixtures.js';

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

  it('gives the errors of relation labels their line and column', () => {
    const text = [
      '{',
      '  "version": 1,',
      '  "name": "Policy",',
      '  "labels": [{ "id": "measure", "name": "Measure", "description": "A measure.", "color": "#ffffff", "hotkey": "m" }],',
      '  "relationLabels": [',
      '    { "id": "funded-by", "name": "Funded by", "description": "Paid by.", "color": "#ffffff",',
      '      "hotkey": "m", "sourceLabels": ["measure", "mesure"] }',
      '  ]',
      '}',
    ].join('\n');
    const result = parseSchemaJson(text);
    if (result.ok) throw new Error('expected errors');
    expect(result.errors.map(formatSchemaError)).toEqual([
      'relationLabels[0].sourceLabels[1] (line 7, column 50): "mesure" is not a span label; expected one of "measure" (did you mean "measure"?)',
      'relationLabels[0].hotkey (line 7, column 17): "m" is already used by "measure"; choose a key no other label uses',
    ]);
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

/**
 * Parsing and validating a label schema written as JSON, with an error for
 * every problem, each naming the place (path, and line and column in the
 * text) and what was expected. Lookups over a valid schema are in
 * `schema-lookup.ts`.
 *
 * Rules of a schema (format version {@link SCHEMA_FORMAT_VERSION}):
 * - `version` the integer 1, `name` a non-empty string, `textColor` a
 *   `#rrggbb` color (default `#000000`), `groups`, `labels`,
 *   `documentLabels` and `relationLabels` arrays (all but `labels` may be
 *   left out).
 * - Ids of groups, labels and document-label groups, and document-label
 *   values, follow `ID_PATTERN`: lowercase ASCII letters, digits, `-`
 *   and `_`, starting with a letter or digit. They are unique in their list.
 * - A label has `id`, `name`, `description`, `color` (`#rrggbb`, with a
 *   contrast of at least 4.5:1 against `textColor`), and optionally `hotkey`
 *   (one printable character, unique across labels, letter case matters),
 *   `group` (the id of a declared group) and `excludeFromExport` (boolean).
 * - A document-label group has `id`, `name`, optional `description`,
 *   `choice` (`single` or `multiple`) and non-empty unique `values`.
 * - `relationLabels` (optional) lists what a relation between two spans
 *   may say. A relation label has `id` (unique among relation labels, and
 *   never the id of a span label), `name`, `description`, `color` (readable
 *   with `textColor`, as for span labels), and optionally `hotkey` (one
 *   printable character no span or relation label uses already),
 *   `directed` (default `true`; `false` for a relation that holds both
 *   ways, such as an equivalence), `sourceLabels` and `targetLabels`
 *   (non-empty lists of span label ids a relation may start from and point
 *   to; left out, any span label may; for an undirected label the ends may
 *   also be the other way round).
 * - Unknown keys are errors, so a typo never passes silently.
 */
import { BLACK } from './color.js';
import { JsonScanStop, JsonScanner, LinePositions, startOf } from './json-location.js';
import type { SchemaError } from './schema-error.js';
import { checkKeys, describeValue, ErrorList, isRecord, readArray, readColor, readRequiredString } from './schema-fields.js';
import { checkHotkeys, checkLabels, checkUniqueIds, completeValues, readDocumentLabelGroup, readGroup, readLabel, readList } from './schema-items.js';
import { checkRelationLabels, readRelationLabel } from './schema-relations.js';
import type { LabelSchema, Result } from './types.js';
import { fail, ok } from './types.js';

/** The schema format version this code reads and writes. */
export const SCHEMA_FORMAT_VERSION = 1;

const SCHEMA_KEYS = ['version', 'name', 'textColor', 'groups', 'labels', 'documentLabels', 'relationLabels'] as const;

function readVersion(record: Record<string, unknown>, errors: ErrorList): number | undefined {
  const expected = `the schema format version, the integer ${SCHEMA_FORMAT_VERSION}`;
  if (!('version' in record)) {
    errors.add('version', `missing; expected ${expected}`);
    return undefined;
  }
  const version = record['version'];
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    errors.add('version', `expected ${expected}, got ${describeValue(version)}`);
    return undefined;
  }
  if (version !== SCHEMA_FORMAT_VERSION) {
    const why = version > SCHEMA_FORMAT_VERSION ? 'is newer than this version of Glossa reads' : 'is not a schema format version';
    errors.add('version', `${version} ${why}; expected ${expected}`);
    return undefined;
  }
  return version;
}

/**
 * Validates a label schema given as a parsed JSON value.
 *
 * Returns the schema (colors lowercased, `textColor` defaulting to `#000000`,
 * missing `groups` and `documentLabels` as empty arrays) or every problem
 * found, each with the path of the offending field and what was expected.
 * `relationLabels` is always set (empty when the schema has none).
 * Never throws for bad input.
 *
 * @example
 * const result = parseSchema(JSON.parse(text));
 * if (!result.ok) console.error(result.errors.map(formatSchemaError).join('\n'));
 */
export function parseSchema(input: unknown): Result<LabelSchema, SchemaError> {
  const errors = new ErrorList();
  if (!isRecord(input)) {
    errors.add('', `expected a schema object with "version", "name" and "labels", got ${describeValue(input)}`);
    return fail(errors.errors);
  }
  checkKeys(input, SCHEMA_KEYS, '', errors);
  const version = readVersion(input, errors);
  const name = readRequiredString(input, 'name', '', 'the schema name', errors);
  let textColor: string | undefined = BLACK;
  if ('textColor' in input) textColor = readColor(input['textColor'], 'textColor', errors);

  const groups = readList(readArray(input, 'groups', '', 'an array of label groups', false, errors), 'groups', readGroup, errors);
  checkUniqueIds(groups, 'group', errors);

  const rawLabels = readArray(input, 'labels', '', 'a non-empty array of span labels', true, errors);
  if (rawLabels !== undefined && rawLabels.length === 0) errors.add('labels', 'is empty; expected at least one span label');
  const labels = readList(rawLabels, 'labels', readLabel, errors);
  const groupIds = groups.flatMap((group) => (group.id === undefined ? [] : [group.id]));
  checkLabels(labels, groupIds, textColor, errors);

  const spanLabelIds = labels.flatMap((label) => (label.id === undefined ? [] : [label.id]));
  // When a span label's id is missing or bad, that is the error to report, not every relation label naming the label.
  const complete = labels.length > 0 && spanLabelIds.length === labels.length;
  const relationLabels = readList(
    readArray(input, 'relationLabels', '', 'an array of relation labels', false, errors),
    'relationLabels',
    (value, itemPath, list) => readRelationLabel(value, itemPath, { ids: spanLabelIds, complete }, list),
    errors,
  );
  checkRelationLabels(relationLabels, spanLabelIds, textColor, errors);
  checkHotkeys([...labels, ...relationLabels], errors);

  const documentLabels = readList(
    readArray(input, 'documentLabels', '', 'an array of document-label groups', false, errors),
    'documentLabels',
    readDocumentLabelGroup,
    errors,
  );
  checkUniqueIds(documentLabels, 'document-label group', errors);

  if (errors.errors.length > 0 || version === undefined || name === undefined || textColor === undefined) {
    return fail(errors.errors);
  }
  return ok({
    version,
    name,
    textColor,
    groups: completeValues(groups),
    labels: completeValues(labels),
    documentLabels: completeValues(documentLabels),
    relationLabels: completeValues(relationLabels),
  });
}

/**
 * Parses and validates a label schema written as JSON text.
 *
 * Invalid JSON gives one error with the line and column of the problem;
 * a key written twice in one object is an error too (JSON parsers keep the
 * last one silently). Otherwise the errors are those of {@link parseSchema},
 * each also carrying the line and column of the offending value (or, for a
 * missing key, of the object that lacks it). Never throws for bad input.
 */
export function parseSchemaJson(text: string): Result<LabelSchema, SchemaError> {
  const scanner = new JsonScanner(text);
  const positions = new LinePositions(text);
  try {
    scanner.scan();
  } catch (error) {
    if (!(error instanceof JsonScanStop)) throw error;
    const { offset, path, message } = error.problem;
    return fail([{ path, message: `invalid JSON: ${message}`, ...positions.at(offset) }]);
  }
  if (scanner.duplicates.length > 0) {
    return fail(scanner.duplicates.map(({ offset, path, message }) => ({ path, message, ...positions.at(offset) })));
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const result = parseSchema(JSON.parse(body) as unknown);
  if (result.ok) return result;
  return fail(
    result.errors.map((schemaError) => {
      const start = startOf(schemaError.path, scanner.starts);
      return start === undefined ? schemaError : { ...schemaError, ...positions.at(start) };
    }),
  );
}

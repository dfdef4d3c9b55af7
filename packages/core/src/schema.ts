/**
 * The label schema: parsing and validating a schema written as JSON, with an
 * error for every problem (each naming the place and what was expected), and
 * small lookups over a valid schema.
 *
 * Rules of a schema (format version {@link SCHEMA_FORMAT_VERSION}):
 * - `version` the integer 1, `name` a non-empty string, `textColor` a
 *   `#rrggbb` color (default `#000000`), `groups`, `labels` and
 *   `documentLabels` arrays (`groups` and `documentLabels` may be left out).
 * - Ids of groups, labels and document-label groups, and document-label
 *   values, follow {@link ID_PATTERN}: lowercase ASCII letters, digits, `-`
 *   and `_`, starting with a letter or digit. They are unique in their list.
 * - A label has `id`, `name`, `description`, `color` (`#rrggbb`, with a
 *   contrast of at least 4.5:1 against `textColor`), and optionally `hotkey`
 *   (one printable character, unique across labels, letter case matters),
 *   `group` (the id of a declared group) and `excludeFromExport` (boolean).
 * - A document-label group has `id`, `name`, optional `description`,
 *   `choice` (`single` or `multiple`) and non-empty unique `values`.
 * - Unknown keys are errors, so a typo never passes silently.
 */
import {
  BLACK,
  contrastRatio,
  formatContrastRatio,
  formatHexColor,
  isLongHexColor,
  MIN_TEXT_CONTRAST,
  nearestReadableColor,
  parseHexColor,
  relativeLuminance,
} from './color.js';
import { levenshtein } from './edit-distance.js';
import type { DocumentLabelGroup, LabelDefinition, LabelGroup, LabelSchema, Result } from './types.js';
import { fail, ok } from './types.js';
import { JsonScanStop, JsonScanner, LinePositions, childPath, indexPath, startOf } from './json-location.js';

/** The schema format version this code reads and writes. */
export const SCHEMA_FORMAT_VERSION = 1;

/**
 * The rule for ids of labels, groups, document-label groups and their values:
 * lowercase ASCII letters, digits, `-` and `_`, starting with a letter or digit.
 * Ids end up in file names, CoNLL tags and dataset columns, so they stay plain.
 */
export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * An expected problem in a schema: where it is and what was expected.
 *
 * `path` names the place with JavaScript-like syntax (`labels[4].hotkey`);
 * it is empty for the schema as a whole. `line` and `column` (1-based, columns
 * in characters) are set when the schema came from JSON text.
 */
export interface SchemaError {
  /** The place of the problem, e.g. `labels[4].hotkey`; empty for the whole schema. */
  readonly path: string;
  /** What is wrong and what was expected, e.g. `"2" is already used by "police-professionalization"`. */
  readonly message: string;
  /** The 1-based line in the JSON text, when parsed from text. */
  readonly line?: number;
  /** The 1-based column (in characters) in the JSON text, when parsed from text. */
  readonly column?: number;
}

/**
 * Formats a schema error as one line: `path (line L, column C): message`.
 *
 * @example formatSchemaError({ path: 'labels[4].hotkey', message: '"2" is already used by "police-professionalization"' })
 * // 'labels[4].hotkey: "2" is already used by "police-professionalization"'
 */
export function formatSchemaError(error: SchemaError): string {
  const position = error.line === undefined ? '' : `line ${error.line}, column ${error.column ?? 1}`;
  if (error.path && position) return `${error.path} (${position}): ${error.message}`;
  if (error.path) return `${error.path}: ${error.message}`;
  if (position) return `${position}: ${error.message}`;
  return `schema: ${error.message}`;
}

// ---------------------------------------------------------------------------
// Describing values and places in messages

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value)}`;
    case 'number':
      return `the number ${String(value)}`;
    case 'boolean':
      return `${String(value)}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}


function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How many ids a message lists at most; longer lists are cut with a count of the rest. */
const MAX_LISTED = 20;

function quoteList(values: readonly string[]): string {
  const listed = values.slice(0, MAX_LISTED).map((value) => JSON.stringify(value));
  if (values.length > MAX_LISTED) listed.push(`… (${values.length - MAX_LISTED} more)`);
  return listed.join(', ');
}

/** The candidate closest to a misspelt word, when one is close enough to be a likely typo. */
function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = levenshtein(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= tolerance ? best : undefined;
}

function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : ` (did you mean ${JSON.stringify(match)}?)`;
}

/** Turns a name such as `Drug Policy` into an id such as `drug-policy`, for suggestions. */
function suggestId(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|-+$/g, '');
}

// ---------------------------------------------------------------------------
// Reading fields

class ErrorList {
  readonly errors: SchemaError[] = [];

  add(path: string, message: string): void {
    this.errors.push({ path, message });
  }
}

function checkKeys(record: Record<string, unknown>, allowed: readonly string[], path: string, errors: ErrorList): void {
  for (const key of Object.keys(record)) {
    if (allowed.includes(key)) continue;
    errors.add(childPath(path, key), `unknown key${didYouMean(key, allowed)}; expected only the keys ${quoteList(allowed)}`);
  }
}

function readRequiredString(
  record: Record<string, unknown>,
  key: string,
  path: string,
  expected: string,
  errors: ErrorList,
): string | undefined {
  const fieldPath = childPath(path, key);
  if (!(key in record)) {
    errors.add(fieldPath, `missing; expected ${expected}`);
    return undefined;
  }
  return readString(record[key], fieldPath, expected, errors);
}

/** Whether `value` is a string; when not, reports that `expected` was expected instead. */
function checkString(value: unknown, path: string, expected: string, errors: ErrorList): value is string {
  if (typeof value === 'string') return true;
  errors.add(path, `expected ${expected}, got ${describeValue(value)}`);
  return false;
}

function readString(value: unknown, path: string, expected: string, errors: ErrorList): string | undefined {
  if (!checkString(value, path, expected, errors)) return undefined;
  if (value.trim() === '') {
    errors.add(path, `is empty; expected ${expected}`);
    return undefined;
  }
  return value;
}

function readId(record: Record<string, unknown>, path: string, example: string, errors: ErrorList): string | undefined {
  const expected = `an id of lowercase letters, digits, "-" and "_", starting with a letter or digit (e.g. ${JSON.stringify(example)})`;
  const id = readRequiredString(record, 'id', path, expected, errors);
  if (id === undefined) return undefined;
  return checkId(id, childPath(path, 'id'), expected, errors);
}

function checkId(id: string, path: string, expected: string, errors: ErrorList): string | undefined {
  if (ID_PATTERN.test(id)) return id;
  const suggestion = suggestId(id);
  const hint = suggestion && ID_PATTERN.test(suggestion) ? `; write it as ${JSON.stringify(suggestion)}` : '';
  errors.add(path, `${JSON.stringify(id)} is not a valid id; expected ${expected}${hint}`);
  return undefined;
}

function readColor(value: unknown, path: string, errors: ErrorList): string | undefined {
  const expected = 'a color written "#rrggbb" with six hexadecimal digits, e.g. "#ffd166"';
  if (!checkString(value, path, expected, errors)) return undefined;
  if (isLongHexColor(value)) return value.toLowerCase();
  const short = parseHexColor(value);
  if (short) {
    errors.add(path, `${JSON.stringify(value)} is the short form; write it as ${JSON.stringify(formatHexColor(short))}`);
  } else {
    errors.add(path, `${JSON.stringify(value)} is not a color; expected ${expected}`);
  }
  return undefined;
}

function readArray(
  record: Record<string, unknown>,
  key: string,
  path: string,
  expected: string,
  required: boolean,
  errors: ErrorList,
): readonly unknown[] | undefined {
  const fieldPath = childPath(path, key);
  if (!(key in record)) {
    if (required) errors.add(fieldPath, `missing; expected ${expected}`);
    return required ? undefined : [];
  }
  const value = record[key];
  if (!Array.isArray(value)) {
    errors.add(fieldPath, `expected ${expected}, got ${describeValue(value)}`);
    return undefined;
  }
  return value;
}

function readOptionalDescription(record: Record<string, unknown>, path: string, errors: ErrorList): { description?: string } {
  if (!('description' in record)) return {};
  const description = readString(record['description'], childPath(path, 'description'), 'a sentence describing it', errors);
  return description === undefined ? {} : { description };
}

// ---------------------------------------------------------------------------
// The parts of a schema

const SCHEMA_KEYS = ['version', 'name', 'textColor', 'groups', 'labels', 'documentLabels'] as const;
const GROUP_KEYS = ['id', 'name', 'description'] as const;
const LABEL_KEYS = ['id', 'name', 'description', 'color', 'hotkey', 'group', 'excludeFromExport'] as const;
const DOCUMENT_GROUP_KEYS = ['id', 'name', 'description', 'choice', 'values'] as const;

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
 * What could be read of one list item: its complete value when every field is
 * valid, and the valid fields that checks across items need, so that those
 * checks run even for items with other errors.
 */
interface Draft<T> {
  readonly path: string;
  readonly id?: string | undefined;
  readonly value?: T | undefined;
}

/** A label's draft: the fields that checks across labels use. */
interface LabelDraft extends Draft<LabelDefinition> {
  readonly hotkey?: string | undefined;
  readonly group?: string | undefined;
  readonly color?: string | undefined;
}

/** How to read the fields every group (of labels or of document labels) has. */
interface GroupShape {
  /** What the item is, for the message when it is not an object. */
  readonly what: string;
  readonly keys: readonly string[];
  /** An example id for the message about a bad id. */
  readonly exampleId: string;
  /** What the name is, for the message about a bad name. */
  readonly nameExpected: string;
}

/** The `id`, `name` and `description` of a group, after checking its keys; undefined when it is not an object. */
function readGroupHead(
  value: unknown,
  path: string,
  shape: GroupShape,
  errors: ErrorList,
): { record: Record<string, unknown>; id?: string | undefined; name?: string | undefined; description: { description?: string } } | undefined {
  if (!isRecord(value)) {
    errors.add(path, `expected ${shape.what}, got ${describeValue(value)}`);
    return undefined;
  }
  checkKeys(value, shape.keys, path, errors);
  const id = readId(value, path, shape.exampleId, errors);
  const name = readRequiredString(value, 'name', path, shape.nameExpected, errors);
  return { record: value, id, name, description: readOptionalDescription(value, path, errors) };
}

const GROUP_SHAPE: GroupShape = {
  what: 'a group object with "id" and "name"',
  keys: GROUP_KEYS,
  exampleId: 'enforcement',
  nameExpected: 'the group name shown to annotators',
};

const DOCUMENT_GROUP_SHAPE: GroupShape = {
  what: 'a document-label group object with "id", "name", "choice" and "values"',
  keys: DOCUMENT_GROUP_KEYS,
  exampleId: 'kind',
  nameExpected: 'the question or name shown to annotators',
};

function readGroup(value: unknown, path: string, errors: ErrorList): Draft<LabelGroup> {
  const head = readGroupHead(value, path, GROUP_SHAPE, errors);
  if (head === undefined) return { path };
  const { id, name, description } = head;
  if (id === undefined || name === undefined) return { path, id };
  return { path, id, value: { id, name, ...description } };
}

function readHotkey(value: unknown, path: string, errors: ErrorList): string | undefined {
  const expected = 'a single printable character such as "1" or "m"';
  if (!checkString(value, path, expected, errors)) return undefined;
  const characters = [...value];
  if (characters.length !== 1) {
    errors.add(path, `${JSON.stringify(value)} is ${characters.length === 0 ? 'empty' : `${characters.length} characters`}; expected ${expected}`);
    return undefined;
  }
  if (!/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(value)) {
    errors.add(path, `${JSON.stringify(value)} is not a printable character; expected ${expected}`);
    return undefined;
  }
  return value;
}

function readLabel(value: unknown, path: string, errors: ErrorList): LabelDraft {
  if (!isRecord(value)) {
    errors.add(path, `expected a label object with "id", "name", "description" and "color", got ${describeValue(value)}`);
    return { path };
  }
  checkKeys(value, LABEL_KEYS, path, errors);
  const id = readId(value, path, 'militarization', errors);
  const name = readRequiredString(value, 'name', path, 'the label name shown in the palette', errors);
  const description = readRequiredString(value, 'description', path, 'one sentence telling annotators what the label covers', errors);
  let color: string | undefined;
  if ('color' in value) color = readColor(value['color'], childPath(path, 'color'), errors);
  else errors.add(childPath(path, 'color'), 'missing; expected a background color written "#rrggbb", e.g. "#ffd166"');
  const hotkey = 'hotkey' in value ? readHotkey(value['hotkey'], childPath(path, 'hotkey'), errors) : undefined;
  let group: string | undefined;
  if ('group' in value) {
    const groupPath = childPath(path, 'group');
    const raw = readString(value['group'], groupPath, 'the id of a group declared in "groups"', errors);
    if (raw !== undefined) group = checkId(raw, groupPath, 'the id of a group declared in "groups"', errors);
  }
  let excludeFromExport: boolean | undefined;
  if ('excludeFromExport' in value) {
    const raw = value['excludeFromExport'];
    if (typeof raw === 'boolean') excludeFromExport = raw;
    else errors.add(childPath(path, 'excludeFromExport'), `expected true or false, got ${describeValue(raw)}`);
  }
  const draft = { path, id, hotkey, group, color };
  if (id === undefined || name === undefined || description === undefined || color === undefined) return draft;
  const label: LabelDefinition = {
    id,
    name,
    description,
    color,
    ...(hotkey === undefined ? {} : { hotkey }),
    ...(group === undefined ? {} : { group }),
    ...(excludeFromExport === undefined ? {} : { excludeFromExport }),
  };
  return { ...draft, value: label };
}

function readDocumentLabelGroup(input: unknown, path: string, errors: ErrorList): Draft<DocumentLabelGroup> {
  const head = readGroupHead(input, path, DOCUMENT_GROUP_SHAPE, errors);
  if (head === undefined) return { path };
  const { record: value, id, name, description } = head;
  let choice: 'single' | 'multiple' | undefined;
  const choicePath = childPath(path, 'choice');
  if (!('choice' in value)) {
    errors.add(choicePath, 'missing; expected "single" (exactly one value) or "multiple" (any number of values)');
  } else if (value['choice'] === 'single' || value['choice'] === 'multiple') {
    choice = value['choice'];
  } else {
    errors.add(choicePath, `expected "single" (exactly one value) or "multiple" (any number of values), got ${describeValue(value['choice'])}`);
  }
  const valuesPath = childPath(path, 'values');
  const rawValues = readArray(value, 'values', path, 'a non-empty array of value ids', true, errors);
  let values: string[] | undefined;
  if (rawValues !== undefined) {
    if (rawValues.length === 0) errors.add(valuesPath, 'is empty; expected at least one value id');
    values = [];
    const firstIndex = new Map<string, number>();
    rawValues.forEach((raw, index) => {
      const itemPath = indexPath(valuesPath, index);
      const expected = 'a value id of lowercase letters, digits, "-" and "_" (e.g. "news-report")';
      const text = readString(raw, itemPath, expected, errors);
      const valueId = text === undefined ? undefined : checkId(text, itemPath, expected, errors);
      if (valueId === undefined) return;
      const first = firstIndex.get(valueId);
      if (first !== undefined) {
        errors.add(itemPath, `${JSON.stringify(valueId)} is listed twice (first at values[${first}]); values must be unique`);
        return;
      }
      firstIndex.set(valueId, index);
      values?.push(valueId);
    });
  }
  if (id === undefined || name === undefined || choice === undefined || values === undefined || values.length === 0) return { path, id };
  return { path, id, value: { id, name, ...description, choice, values } };
}

function readList<D>(
  raw: readonly unknown[] | undefined,
  path: string,
  readItem: (value: unknown, itemPath: string, errors: ErrorList) => D,
  errors: ErrorList,
): D[] {
  return (raw ?? []).map((value, index) => readItem(value, indexPath(path, index), errors));
}

function completeValues<T>(drafts: readonly Draft<T>[]): T[] {
  const values: T[] = [];
  for (const draft of drafts) if (draft.value !== undefined) values.push(draft.value);
  return values;
}

function checkUniqueIds(drafts: readonly Draft<unknown>[], what: string, errors: ErrorList): void {
  const seen = new Map<string, string>();
  for (const { id, path } of drafts) {
    if (id === undefined) continue;
    const first = seen.get(id);
    if (first !== undefined) {
      errors.add(childPath(path, 'id'), `${JSON.stringify(id)} is already the id of ${first}; ${what} ids must be unique`);
    } else {
      seen.set(id, path);
    }
  }
}

function checkLabels(labels: readonly LabelDraft[], groupIds: readonly string[], textColor: string | undefined, errors: ErrorList): void {
  checkUniqueIds(labels, 'label', errors);
  const declared = new Set(groupIds);
  // One message per distinct unknown group: finding the closest declared id costs O(groups).
  const unknownGroupMessages = new Map<string, string>();
  const unknownGroupMessage = (group: string): string => {
    let message = unknownGroupMessages.get(group);
    if (message === undefined) {
      const expected =
        groupIds.length === 0
          ? 'no groups are declared; declare it in "groups" or remove "group"'
          : `expected one of ${quoteList(groupIds)}${didYouMean(group, groupIds)}`;
      message = `${JSON.stringify(group)} is not a declared group; ${expected}`;
      unknownGroupMessages.set(group, message);
    }
    return message;
  };
  const hotkeys = new Map<string, string>();
  for (const { path, id, hotkey, group, color } of labels) {
    if (hotkey !== undefined) {
      const owner = hotkeys.get(hotkey);
      if (owner !== undefined) {
        errors.add(childPath(path, 'hotkey'), `${JSON.stringify(hotkey)} is already used by ${owner}; choose a key no other label uses`);
      } else {
        hotkeys.set(hotkey, id === undefined ? path : JSON.stringify(id));
      }
    }
    if (group !== undefined && !declared.has(group)) errors.add(childPath(path, 'group'), unknownGroupMessage(group));
    if (color !== undefined && textColor !== undefined) checkContrast(color, path, textColor, errors);
  }
}

function checkContrast(color: string, path: string, textColor: string, errors: ErrorList): void {
  const ratio = contrastRatio(color, textColor);
  if (ratio >= MIN_TEXT_CONTRAST) return;
  const fixed = nearestReadableColor(color, textColor);
  let fix: string;
  if (fixed === undefined) {
    fix = 'no shade of this color is readable with that text color; change "textColor"';
  } else {
    const direction = relativeLuminance(fixed) > relativeLuminance(color) ? 'lighten' : 'darken';
    fix = `${direction} it, e.g. to ${JSON.stringify(fixed)}`;
  }
  errors.add(
    childPath(path, 'color'),
    `${JSON.stringify(color)} has a contrast of ${formatContrastRatio(ratio)} with textColor ${JSON.stringify(textColor)}; ` +
      `expected at least ${MIN_TEXT_CONTRAST}:1 so that label text stays readable; ${fix}`,
  );
}

/**
 * Validates a label schema given as a parsed JSON value.
 *
 * Returns the schema (colors lowercased, `textColor` defaulting to `#000000`,
 * missing `groups` and `documentLabels` as empty arrays) or every problem
 * found, each with the path of the offending field and what was expected.
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

// ---------------------------------------------------------------------------
// Lookups over a valid schema

/** Returns the span label with the given id, or `undefined` when the schema has none. */
export function labelById(schema: LabelSchema, id: string): LabelDefinition | undefined {
  return schema.labels.find((label) => label.id === id);
}

/** Returns the document-label group with the given id, or `undefined` when the schema has none. */
export function documentLabelGroupById(schema: LabelSchema, id: string): DocumentLabelGroup | undefined {
  return schema.documentLabels.find((group) => group.id === id);
}

/** A group of the schema with its labels, as a palette shows them. */
export interface GroupedLabels {
  /** The group, or `undefined` for the labels that belong to no declared group. */
  readonly group: LabelGroup | undefined;
  /** The group's labels in schema order. */
  readonly labels: readonly LabelDefinition[];
}

/**
 * Groups the span labels for a palette: every declared group in schema order
 * (empty ones included) with its labels in schema order, then, when there are
 * any, the labels without a (declared) group under `group: undefined`.
 */
export function labelsByGroup(schema: LabelSchema): readonly GroupedLabels[] {
  const byGroup = new Map<string, LabelDefinition[]>(schema.groups.map((group) => [group.id, []]));
  const ungrouped: LabelDefinition[] = [];
  for (const label of schema.labels) {
    const bucket = label.group === undefined ? undefined : byGroup.get(label.group);
    (bucket ?? ungrouped).push(label);
  }
  const entries: GroupedLabels[] = schema.groups.map((group) => ({ group, labels: byGroup.get(group.id) ?? [] }));
  if (ungrouped.length > 0) entries.push({ group: undefined, labels: ungrouped });
  return entries;
}

/**
 * Maps each hotkey to the label it applies. Keys are single characters and
 * letter case matters (`"a"` and `"A"` are different keys), matching
 * `KeyboardEvent.key`.
 */
export function hotkeyMap(schema: LabelSchema): ReadonlyMap<string, LabelDefinition> {
  const map = new Map<string, LabelDefinition>();
  for (const label of schema.labels) {
    if (label.hotkey !== undefined && !map.has(label.hotkey)) map.set(label.hotkey, label);
  }
  return map;
}

/** Returns the span labels that exports include by default: those without `excludeFromExport: true`. */
export function defaultExportLabels(schema: LabelSchema): readonly LabelDefinition[] {
  return schema.labels.filter((label) => label.excludeFromExport !== true);
}

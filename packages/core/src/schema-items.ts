/**
 * The lists of a label schema: its label groups, span labels and
 * document-label groups, each item read into a draft, and the checks across
 * items (unique ids and hotkeys, declared groups, readable colors), which run
 * even for items with errors of their own. Relation labels are read in
 * `schema-relations.ts`.
 * @internal
 */
import { contrastRatio, formatContrastRatio, MIN_TEXT_CONTRAST, nearestReadableColor, relativeLuminance } from './color.js';
import { childPath, indexPath } from './json-location.js';
import {
  checkId,
  checkKeys,
  describeValue,
  didYouMean,
  isRecord,
  quoteList,
  readArray,
  readColor,
  readHotkey,
  readId,
  readOptionalDescription,
  readRequiredString,
  readString,
} from './schema-fields.js';
import type { ErrorList } from './schema-fields.js';
import type { DocumentLabelGroup, LabelDefinition, LabelGroup } from './types.js';

const GROUP_KEYS = ['id', 'name', 'description'] as const;
const LABEL_KEYS = ['id', 'name', 'description', 'color', 'hotkey', 'group', 'excludeFromExport'] as const;
const DOCUMENT_GROUP_KEYS = ['id', 'name', 'description', 'choice', 'values'] as const;

/**
 * What could be read of one list item: its complete value when every field is
 * valid, and the valid fields that checks across items need, so that those
 * checks run even for items with other errors.
 */
export interface Draft<T> {
  readonly path: string;
  readonly id?: string | undefined;
  readonly value?: T | undefined;
}

/** A label's draft: the fields that checks across labels use. */
export interface LabelDraft extends Draft<LabelDefinition> {
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

/** A label group (`id`, `name`, `description`). */
export function readGroup(value: unknown, path: string, errors: ErrorList): Draft<LabelGroup> {
  const head = readGroupHead(value, path, GROUP_SHAPE, errors);
  if (head === undefined) return { path };
  const { id, name, description } = head;
  if (id === undefined || name === undefined) return { path, id };
  return { path, id, value: { id, name, ...description } };
}

/** The fields span and relation labels share, each read on its own (undefined when missing or invalid). */
export interface LabelFields {
  readonly id?: string | undefined;
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly color?: string | undefined;
  readonly hotkey?: string | undefined;
}

/**
 * Reads `id`, `name`, `description`, `color` (required) and `hotkey`
 * (optional) of a span or relation label; `exampleId` and `covers` word
 * the messages (`one sentence telling annotators <covers>`).
 */
export function readLabelFields(value: Record<string, unknown>, path: string, words: { readonly exampleId: string; readonly covers: string }, errors: ErrorList): LabelFields {
  const id = readId(value, path, words.exampleId, errors);
  const name = readRequiredString(value, 'name', path, 'the label name shown in the palette', errors);
  const description = readRequiredString(value, 'description', path, `one sentence telling annotators ${words.covers}`, errors);
  let color: string | undefined;
  if ('color' in value) color = readColor(value['color'], childPath(path, 'color'), errors);
  else errors.add(childPath(path, 'color'), 'missing; expected a background color written "#rrggbb", e.g. "#ffd166"');
  const hotkey = 'hotkey' in value ? readHotkey(value['hotkey'], childPath(path, 'hotkey'), errors) : undefined;
  return { id, name, description, color, hotkey };
}

/** A span label; its draft keeps the fields that checks across labels need even when others are invalid. */
export function readLabel(value: unknown, path: string, errors: ErrorList): LabelDraft {
  if (!isRecord(value)) {
    errors.add(path, `expected a label object with "id", "name", "description" and "color", got ${describeValue(value)}`);
    return { path };
  }
  checkKeys(value, LABEL_KEYS, path, errors);
  const { id, name, description, color, hotkey } = readLabelFields(value, path, { exampleId: 'militarization', covers: 'what the label covers' }, errors);
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

/** A document-label group: `id`, `name`, `description`, `choice` and unique `values`. */
export function readDocumentLabelGroup(input: unknown, path: string, errors: ErrorList): Draft<DocumentLabelGroup> {
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

/** Reads every item of a list with `readItem`, each at its own path (`labels[3]`). */
export function readList<D>(
  raw: readonly unknown[] | undefined,
  path: string,
  readItem: (value: unknown, itemPath: string, errors: ErrorList) => D,
  errors: ErrorList,
): D[] {
  return (raw ?? []).map((value, index) => readItem(value, indexPath(path, index), errors));
}

/** The values of the drafts whose every field is valid. */
export function completeValues<T>(drafts: readonly Draft<T>[]): T[] {
  const values: T[] = [];
  for (const draft of drafts) if (draft.value !== undefined) values.push(draft.value);
  return values;
}

/** Reports each id used again in the list, naming the item that has it first. */
export function checkUniqueIds(drafts: readonly Draft<unknown>[], what: string, errors: ErrorList): void {
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

/** The checks across span labels: unique ids, declared groups, colors readable with `textColor` (hotkeys: {@link checkHotkeys}). */
export function checkLabels(labels: readonly LabelDraft[], groupIds: readonly string[], textColor: string | undefined, errors: ErrorList): void {
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
  for (const { path, group, color } of labels) {
    if (group !== undefined && !declared.has(group)) errors.add(childPath(path, 'group'), unknownGroupMessage(group));
    if (color !== undefined && textColor !== undefined) checkContrast(color, path, textColor, errors);
  }
}

/**
 * Reports each hotkey used again, naming the item (span or relation label)
 * that has it first; `items` in schema order, span labels first.
 */
export function checkHotkeys(items: readonly { readonly path: string; readonly id?: string | undefined; readonly hotkey?: string | undefined }[], errors: ErrorList): void {
  const hotkeys = new Map<string, string>();
  for (const { path, id, hotkey } of items) {
    if (hotkey === undefined) continue;
    const owner = hotkeys.get(hotkey);
    if (owner !== undefined) {
      errors.add(childPath(path, 'hotkey'), `${JSON.stringify(hotkey)} is already used by ${owner}; choose a key no other label uses`);
    } else {
      hotkeys.set(hotkey, id === undefined ? path : JSON.stringify(id));
    }
  }
}

/** Reports a background color on which `textColor` is not readable, with the nearest readable shade. */
export function checkContrast(color: string, path: string, textColor: string, errors: ErrorList): void {
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

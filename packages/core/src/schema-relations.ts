/**
 * The relation labels of a label schema: each item read into a draft, and
 * the checks across them (unique ids, none shared with a span label,
 * readable colors). Hotkeys are checked with the span labels' in
 * `schema-items.ts`, so that no key applies two labels.
 * @internal
 */
import { childPath, indexPath } from './json-location.js';
import { checkKeys, describeValue, didYouMean, isRecord, quoteList, readArray, readString } from './schema-fields.js';
import type { ErrorList } from './schema-fields.js';
import { checkContrast, checkUniqueIds, readLabelFields } from './schema-items.js';
import type { Draft } from './schema-items.js';
import type { RelationLabelDefinition } from './types.js';

const RELATION_LABEL_KEYS = ['id', 'name', 'description', 'directed', 'sourceLabels', 'targetLabels', 'color', 'hotkey'] as const;

/** A relation label's draft: the fields the checks across labels use. */
export interface RelationLabelDraft extends Draft<RelationLabelDefinition> {
  readonly hotkey?: string | undefined;
  readonly color?: string | undefined;
}

/**
 * The span label ids a relation label may name: every one, when every span
 * label's id could be read; otherwise (`complete: false`) an id missing from
 * the list is not reported, since the span label with a bad id is reported
 * already.
 */
export interface SpanLabelIds {
  readonly ids: readonly string[];
  readonly complete: boolean;
}

/**
 * Reads the list of span label ids a relation label may start from or point
 * to: a non-empty array of ids of the schema's span labels, each once.
 * `undefined` when the key is absent (any span label) or the list is bad.
 */
function readSpanLabelList(value: Record<string, unknown>, key: 'sourceLabels' | 'targetLabels', path: string, spanLabels: SpanLabelIds, errors: ErrorList): readonly string[] | undefined {
  const spanLabelIds = spanLabels.ids;
  if (!(key in value)) return undefined;
  const listPath = childPath(path, key);
  const raw = readArray(value, key, path, 'a non-empty array of span label ids', false, errors);
  if (raw === undefined) return undefined;
  if (raw.length === 0) {
    errors.add(listPath, `is empty; expected at least one span label id (leave "${key}" out to allow every span label)`);
    return undefined;
  }
  const ids: string[] = [];
  let valid = true;
  raw.forEach((item, index) => {
    const itemPath = indexPath(listPath, index);
    const id = readString(item, itemPath, 'the id of a span label of "labels"', errors);
    if (id === undefined) {
      valid = false;
    } else if (spanLabels.complete && !spanLabelIds.includes(id)) {
      errors.add(itemPath, `${JSON.stringify(id)} is not a span label; expected one of ${quoteList(spanLabelIds)}${didYouMean(id, spanLabelIds)}`);
      valid = false;
    } else if (ids.includes(id)) {
      errors.add(itemPath, `${JSON.stringify(id)} is listed twice (first at ${key}[${ids.indexOf(id)}]); list each label once`);
      valid = false;
    } else {
      ids.push(id);
    }
  });
  return valid ? ids : undefined;
}

/** A relation label; `spanLabelIds` are the schema's span label ids its `sourceLabels` and `targetLabels` may name. */
export function readRelationLabel(value: unknown, path: string, spanLabelIds: SpanLabelIds, errors: ErrorList): RelationLabelDraft {
  if (!isRecord(value)) {
    errors.add(path, `expected a relation label object with "id", "name", "description" and "color", got ${describeValue(value)}`);
    return { path };
  }
  checkKeys(value, RELATION_LABEL_KEYS, path, errors);
  const { id, name, description, color, hotkey } = readLabelFields(value, path, { exampleId: 'funded-by', covers: 'what the relation means' }, errors);
  let directed: boolean | undefined = true;
  if ('directed' in value) {
    const raw = value['directed'];
    if (typeof raw === 'boolean') directed = raw;
    else {
      errors.add(childPath(path, 'directed'), `expected true (the relation goes from one span to the other) or false (it holds both ways), got ${describeValue(raw)}`);
      directed = undefined;
    }
  }
  const sourceLabels = readSpanLabelList(value, 'sourceLabels', path, spanLabelIds, errors);
  const targetLabels = readSpanLabelList(value, 'targetLabels', path, spanLabelIds, errors);
  const draft = { path, id, hotkey, color };
  const listsValid = ('sourceLabels' in value) === (sourceLabels !== undefined) && ('targetLabels' in value) === (targetLabels !== undefined);
  if (id === undefined || name === undefined || description === undefined || color === undefined || directed === undefined || !listsValid) return draft;
  const label: RelationLabelDefinition = {
    id,
    name,
    description,
    directed,
    ...(sourceLabels === undefined ? {} : { sourceLabels }),
    ...(targetLabels === undefined ? {} : { targetLabels }),
    color,
    ...(hotkey === undefined ? {} : { hotkey }),
  };
  return { ...draft, value: label };
}

/**
 * The checks across relation labels: unique ids, no id that is also a span
 * label's (exports such as brat write both kinds of type in one file), and
 * colors readable with `textColor`.
 */
export function checkRelationLabels(labels: readonly RelationLabelDraft[], spanLabelIds: readonly string[], textColor: string | undefined, errors: ErrorList): void {
  checkUniqueIds(labels, 'relation label', errors);
  for (const { path, id, color } of labels) {
    if (id !== undefined && spanLabelIds.includes(id)) {
      errors.add(childPath(path, 'id'), `${JSON.stringify(id)} is already the id of a span label; relation label ids must differ from span label ids`);
    }
    if (color !== undefined && textColor !== undefined) checkContrast(color, path, textColor, errors);
  }
}

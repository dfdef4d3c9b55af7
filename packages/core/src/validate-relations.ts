/**
 * Validation of the relations of a layer against its spans and a label
 * schema. Every problem comes back as a value naming the relation, its
 * place in the list as a path (`relations[3].to`) and what was expected;
 * nothing throws for bad input.
 */
import { relationEndsAllowed } from './relations.js';
import { isAnnotationSource, ANNOTATION_SOURCES_DESCRIPTION } from './sources.js';
import { ANNOTATION_STATUSES } from './types.js';
import type { LabelSchema, RelationAnnotation, RelationLabelDefinition, SpanAnnotation } from './types.js';
import { describeValue } from './value-description.js';

/**
 * The kinds of problem {@link validateRelations} reports:
 * - `malformed`: not an object, or a field of the wrong type;
 * - `duplicate-id`: an id used by an earlier relation;
 * - `self`: `from` and `to` are the same span;
 * - `dangling`: an end is no span of the layer; the relation is kept but not
 *   live (see `classifyRelations`), so a caller that keeps dangling
 *   relations, as a collaborative layer does, passes over this kind, while
 *   an importer refuses it;
 * - `unknown-label`: the label is not a relation label of the schema;
 * - `direction`: `directed` differs from the label's;
 * - `ends-not-allowed`: the label may not join spans with these labels.
 */
export type RelationErrorKind = 'malformed' | 'duplicate-id' | 'self' | 'dangling' | 'unknown-label' | 'direction' | 'ends-not-allowed';

/** A problem with one relation of a list. */
export interface RelationError {
  readonly kind: RelationErrorKind;
  /** The relation's id (`""` when it has none). */
  readonly relationId: string;
  /** The relation's position in the list. */
  readonly index: number;
  /** The place of the problem, e.g. `relations[3].to`, `relations[3]` for the relation as a whole. */
  readonly path: string;
  /** A sentence naming the relation and what was expected. */
  readonly message: string;
  /** The message without the relation's name, for callers that name the place themselves (a file's line, a record). */
  readonly detail: string;
}

type Report = (kind: RelationErrorKind, field: string | undefined, message: string) => void;

/** Reports fields of the wrong type; returns the relation's id, ends and label when they are usable. */
function readFields(record: Record<string, unknown>, report: Report): { from?: string; to?: string; label?: string; directed?: boolean } {
  const out: { from?: string; to?: string; label?: string; directed?: boolean } = {};
  for (const field of ['from', 'to', 'label'] as const) {
    const value = record[field];
    if (typeof value === 'string' && value !== '') out[field] = value;
    else report('malformed', field, `${field} is ${describeValue(value)}; expected ${field === 'label' ? 'the id of a relation label' : 'the id of a span'}`);
  }
  const directed = record['directed'];
  if (typeof directed === 'boolean') out.directed = directed;
  else report('malformed', 'directed', `directed is ${describeValue(directed)}; expected true or false`);
  const optional: readonly [string, (value: unknown) => boolean, string][] = [
    ['author', (v) => typeof v === 'string', 'a user id'],
    ['status', (v) => (ANNOTATION_STATUSES as readonly unknown[]).includes(v), `one of ${ANNOTATION_STATUSES.join(', ')}`],
    ['note', (v) => typeof v === 'string', 'a string'],
    ['created', (v) => typeof v === 'number' && Number.isFinite(v), 'a time in milliseconds since the epoch'],
    ['source', isAnnotationSource, ANNOTATION_SOURCES_DESCRIPTION],
  ];
  for (const [field, valid, expected] of optional) {
    const value = record[field];
    if (value !== undefined && !valid(value)) report('malformed', field, `${field} is ${describeValue(value)}; expected ${expected}`);
  }
  return out;
}

/**
 * A key for an id within the layer of the annotation it belongs to: the
 * `layer` property spans and relations carry in a corpus (formats' corpus
 * documents), or one layer for all when there is none.
 */
function inLayer(annotation: object, id: string): string {
  const layer = (annotation as { readonly layer?: unknown }).layer;
  return typeof layer === 'string' ? `${layer}\u0000${id}` : `\u0000${id}`;
}

/** `layer "alice"` for an annotation that names its layer, `the layer` otherwise. */
function layerName(annotation: object): string {
  const layer = (annotation as { readonly layer?: unknown }).layer;
  return typeof layer === 'string' ? `layer ${JSON.stringify(layer)}` : 'the layer';
}

/** The message for ends a relation label may not join. */
function endsMessage(label: RelationLabelDefinition, fromLabel: string, toLabel: string): string {
  const list = (labels: readonly string[] | undefined): string => (labels === undefined ? 'any span label' : labels.map((l) => JSON.stringify(l)).join(' or '));
  const either = label.directed ? '' : ' (either way round)';
  return `${JSON.stringify(label.id)} joins ${list(label.sourceLabels)} to ${list(label.targetLabels)}${either}, not ${JSON.stringify(fromLabel)} to ${JSON.stringify(toLabel)}`;
}

/**
 * Checks the relations of a layer against the layer's spans and, when
 * given, a schema: well-formed fields, ids unique in the list, two
 * different ends, ends that are spans of the layer (otherwise the relation
 * is `dangling`), a relation label of the schema whose direction the
 * relation has, and ends whose span labels the relation label allows.
 * Returns every problem found, in list order. Never throws for bad input.
 *
 * Spans and relations that carry a string `layer` (as a corpus's do) may be
 * of several layers: then ends and ids are those of the relation's layer.
 *
 * @param relations the relations of one layer (or of several, see above).
 * @param spans the spans of the same layer(s).
 * @param schema when given, labels, directions and ends are checked against its relation labels.
 */
export function validateRelations(relations: readonly RelationAnnotation[], spans: readonly SpanAnnotation[], schema?: LabelSchema): RelationError[] {
  const errors: RelationError[] = [];
  const spanLabels = new Map<string, string>();
  for (const span of spans) {
    const key = inLayer(span, span.id);
    if (!spanLabels.has(key)) spanLabels.set(key, span.label);
  }
  const relationLabels = schema === undefined ? undefined : new Map((schema.relationLabels ?? []).map((label) => [label.id, label]));
  const firstIndexOfId = new Map<string, number>();

  relations.forEach((relation: unknown, index) => {
    const at = `relations[${index}]`;
    if (typeof relation !== 'object' || relation === null || Array.isArray(relation)) {
      const detail = `expected a relation object with id, from, to, label and directed, got ${describeValue(relation)}`;
      errors.push({ kind: 'malformed', relationId: '', index, path: at, message: `relation #${index}: ${detail}`, detail });
      return;
    }
    const record = relation as Record<string, unknown>;
    const rawId = record['id'];
    const relationId = typeof rawId === 'string' ? rawId : '';
    const name = relationId === '' ? `relation #${index}` : `relation ${JSON.stringify(relationId)} (#${index})`;
    const report: Report = (kind, field, detail) => errors.push({ kind, relationId, index, path: field === undefined ? at : `${at}.${field}`, message: `${name}: ${detail}`, detail });
    if (typeof rawId !== 'string' || rawId === '') report('malformed', 'id', `id is ${describeValue(rawId)}; expected a non-empty string`);
    else {
      const first = firstIndexOfId.get(inLayer(record, rawId));
      if (first === undefined) firstIndexOfId.set(inLayer(record, rawId), index);
      else report('duplicate-id', 'id', `the id is already used by relation #${first}; expected ids unique within a layer`);
    }

    const { from, to, label, directed } = readFields(record, report);
    if (from !== undefined && from === to) report('self', 'to', `from and to are both ${JSON.stringify(from)}; expected two different spans`);
    let endsExist = from !== undefined && to !== undefined;
    for (const [field, end] of [['from', from], ['to', to]] as const) {
      if (end === undefined || spanLabels.has(inLayer(record, end))) continue;
      report('dangling', field, `${field} ${JSON.stringify(end)} is no span of ${layerName(record)}, so the relation is dangling; expected the id of one of its spans`);
      endsExist = false;
    }
    if (relationLabels === undefined || label === undefined) return;
    const definition = relationLabels.get(label);
    if (definition === undefined) {
      const known = [...relationLabels.keys()];
      const expected = known.length === 0 ? 'the schema declares no relation labels' : `expected one of ${known.map((id) => JSON.stringify(id)).join(', ')}`;
      report('unknown-label', 'label', `the label ${JSON.stringify(label)} is not a relation label of the schema ${JSON.stringify(schema?.name ?? '')}; ${expected}`);
      return;
    }
    if (directed !== undefined && directed !== definition.directed) {
      report('direction', 'directed', `directed is ${directed} but ${JSON.stringify(label)} is ${definition.directed ? 'directed' : 'undirected'}; expected ${definition.directed}`);
    }
    if (!endsExist || from === undefined || to === undefined) return;
    const fromLabel = spanLabels.get(inLayer(record, from)) as string;
    const toLabel = spanLabels.get(inLayer(record, to)) as string;
    if (!relationEndsAllowed(definition, fromLabel, toLabel)) report('ends-not-allowed', undefined, endsMessage(definition, fromLabel, toLabel));
  });
  return errors;
}

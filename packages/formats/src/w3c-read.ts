/**
 * Reading W3C Web Annotations of text spans, of relations and of document
 * labels, written by Glossa or by other tools, with an error for every
 * problem naming the field and what was expected.
 */
import { ANNOTATION_SOURCES_DESCRIPTION, ANNOTATION_STATUSES, fail, isAnnotationSource, ok } from '@glossa/core';
import type { AnnotationSource, AnnotationStatus, OffsetIndex, Result, SpanAnnotation, TextDocument } from '@glossa/core';
import { asList, describeJson, isRecord } from './json-values.js';
import { authorFromIri, spanIdFromIri } from './w3c-iri.js';
import { anchorTextTarget, offsetIndexFor, readTextTargets, shape } from './w3c-target.js';
import { W3C_ANNOTATION_CONTEXT } from './w3c-types.js';
import type { W3CDocumentLabel, W3CError, W3CRelation, W3CShapeError } from './w3c-types.js';

/** Options of {@link fromW3CAnnotation} and {@link fromW3CDocumentLabel}. */
export interface FromW3COptions {
  /** When given, the target's `source` must be this IRI. */
  readonly source?: string;
  /** The author when the annotation has no `creator`; without it a missing creator is an error. */
  readonly defaultAuthor?: string;
  /** The creation time (ms) when the annotation has no `created`. @default 0 */
  readonly defaultCreated?: number;
  /** A ready offset index of the document's text, to reuse across many annotations of one document. */
  readonly offsetIndex?: OffsetIndex;
}

const ANNO_CONTEXTS = new Set([W3C_ANNOTATION_CONTEXT, 'https://www.w3.org/ns/anno.jsonld']);

/**
 * Reads a W3C Web Annotation of a text span and anchors it in a document.
 *
 * The target needs a TextPositionSelector (code points), a TextQuoteSelector,
 * or both. The position is used when the text there equals the quote (or when
 * there is no quote); otherwise the quote is re-anchored with
 * `anchorQuote`, near the old position. Bodies: the first `TextualBody`
 * with purpose `classifying` is the label (one without a purpose counts when
 * the motivation is `classifying`), the first with purpose `commenting` is
 * the note. `glossa:status` defaults to `proposed` and `glossa:source` to
 * `import`. The span id is recovered from Glossa's own IRIs
 * (`urn:uuid:<id>`, `urn:glossa:annotation:<id>`); any other IRI becomes the
 * id as it is.
 *
 * @returns the span in UTF-16 code units, or the errors: `shape` errors
 *   naming the field, or one `orphaned` error carrying the quote when the
 *   text can no longer be found.
 */
export function fromW3CAnnotation(json: unknown, doc: TextDocument, options: FromW3COptions = {}): Result<SpanAnnotation, W3CError> {
  const errors: W3CShapeError[] = [];
  const common = readCommon(json, options, errors);
  if (common === undefined) return fail(errors);
  const label = readBodies(common.record, errors);
  const targets = readTextTargets(common.record, options.source, errors);
  const model = readModelFields(common.record, errors);
  if (errors.length > 0 || label === undefined || targets === undefined) return fail(errors);

  const annotation: Omit<SpanAnnotation, 'start' | 'end'> = {
    id: common.id,
    label: label.label,
    author: common.author,
    status: common.status,
    note: label.note,
    created: common.created,
    source: common.source,
    ...model,
  };
  return anchorTextTarget(doc.text, offsetIndexFor(doc.text, options.offsetIndex), targets, annotation);
}

/** `glossa:score` (a number from 0 to 1) and `glossa:modelVersion` (a string), when present. */
function readModelFields(record: Readonly<Record<string, unknown>>, errors: W3CShapeError[]): { score?: number; modelVersion?: string } {
  const score = record['glossa:score'];
  const modelVersion = record['glossa:modelVersion'];
  if (score !== undefined && !(typeof score === 'number' && score >= 0 && score <= 1)) errors.push(shape('glossa:score', `expected a number from 0 to 1, got ${describeJson(score)}`));
  if (modelVersion !== undefined && typeof modelVersion !== 'string') errors.push(shape('glossa:modelVersion', `expected a string, got ${describeJson(modelVersion)}`));
  return { ...(typeof score === 'number' ? { score } : {}), ...(typeof modelVersion === 'string' ? { modelVersion } : {}) };
}

/** Whether an annotation is a relation: its motivation is `linking`. */
export function isW3CRelation(json: unknown): boolean {
  return isRecord(json) && asList(json['motivation']).includes('linking');
}

/**
 * Reads a relation written by `toW3CRelation`, or by another tool as a
 * `linking` annotation: exactly two targets, the IRIs of the span
 * annotations it joins (`from` first; an object target's `id` or `source`
 * counts), the label as the classifying body, a commenting body as the
 * note, `glossa:directed` when present. The ends stay IRIs: the caller
 * finds the spans they name.
 *
 * @returns the relation, or `shape` errors naming the field.
 */
export function fromW3CRelation(json: unknown, options: FromW3COptions = {}): Result<W3CRelation, W3CShapeError> {
  const errors: W3CShapeError[] = [];
  const common = readCommon(json, options, errors);
  if (common === undefined) return fail(errors);
  const record = common.record;
  const ends = asList(record['target']).map((target, i): string | undefined => {
    const iri = typeof target === 'string' ? target : isRecord(target) ? (target['id'] ?? target['source']) : undefined;
    if (typeof iri === 'string' && iri !== '') return iri;
    errors.push(shape(`target[${i}]`, `expected the IRI of a span annotation, got ${describeJson(target)}`));
    return undefined;
  });
  if (ends.length !== 2) errors.push(shape('target', `expected the IRIs of the two span annotations a relation joins, got ${ends.length} targets`));
  const directed = record['glossa:directed'];
  if (directed !== undefined && typeof directed !== 'boolean') errors.push(shape('glossa:directed', `expected true or false, got ${describeJson(directed)}`));
  const label = readBodies(record, errors);
  const [from, to] = ends;
  if (errors.length > 0 || label === undefined || from === undefined || to === undefined) return fail(errors);
  return ok({
    id: common.id,
    from,
    to,
    label: label.label,
    ...(typeof directed === 'boolean' ? { directed } : {}),
    author: common.author,
    status: common.status,
    note: label.note,
    created: common.created,
    source: common.source,
  });
}

/**
 * Reads a document label written by `toW3CDocumentLabel`: an annotation
 * whose target is the document's IRI (a string, or an object with a `source`
 * and no selector), with `glossa:group` and one or more `classifying` bodies.
 *
 * @returns the label, or `shape` errors naming the field.
 */
export function fromW3CDocumentLabel(json: unknown, options: FromW3COptions = {}): Result<W3CDocumentLabel, W3CShapeError> {
  const errors: W3CShapeError[] = [];
  const common = readCommon(json, options, errors);
  if (common === undefined) return fail(errors);
  const record = common.record;

  const target = record['target'];
  let source: string | undefined;
  if (typeof target === 'string') source = target;
  else if (isRecord(target) && typeof target['source'] === 'string' && target['selector'] === undefined) source = target['source'];
  else errors.push(shape('target', `expected the document's IRI, got ${describeJson(target)}`));
  if (source !== undefined && options.source !== undefined && source !== options.source) {
    errors.push(shape('target', `expected the document ${JSON.stringify(options.source)}, got ${JSON.stringify(source)}`));
  }

  const group = record['glossa:group'];
  if (typeof group !== 'string' || group === '') errors.push(shape('glossa:group', `expected the document-label group id as a non-empty string, got ${describeJson(group)}`));
  const choice = record['glossa:choice'];
  if (choice !== undefined && choice !== 'multiple' && choice !== 'single') {
    errors.push(shape('glossa:choice', `expected "single" or "multiple", got ${describeJson(choice)}`));
  }

  const values: string[] = [];
  const bodies = asList(record['body']);
  bodies.forEach((body, i) => {
    const field = bodyField(record['body'], i);
    if (!isRecord(body) || body['purpose'] !== 'classifying') return;
    const value = body['value'];
    if (typeof value === 'string' && value !== '') values.push(value);
    else errors.push(shape(`${field}.value`, `expected the label value as a non-empty string, got ${describeJson(value)}`));
  });
  if (values.length === 0 && errors.length === 0) errors.push(shape('body', 'expected at least one TextualBody with purpose "classifying"'));
  if (choice !== 'multiple' && values.length > 1) {
    errors.push(shape('body', `expected one "classifying" body for a single-choice label, got ${values.length} (set "glossa:choice": "multiple" for a list)`));
  }
  if (errors.length > 0 || typeof group !== 'string') return fail(errors);
  const value: string | readonly string[] = choice === 'multiple' ? values : (values[0] ?? '');
  return ok({ group, value, author: common.author, created: common.created, status: common.status, source: common.source });
}

interface CommonFields {
  readonly record: Readonly<Record<string, unknown>>;
  readonly id: string;
  readonly author: string;
  readonly created: number;
  readonly status: AnnotationStatus;
  readonly source: AnnotationSource;
}

/** Reads what span annotations and document labels share; `undefined` when the input is not an object. */
function readCommon(json: unknown, options: FromW3COptions, errors: W3CShapeError[]): CommonFields | undefined {
  if (!isRecord(json)) {
    errors.push(shape('', `expected an annotation (a JSON object), got ${describeJson(json)}`));
    return undefined;
  }
  const context = json['@context'];
  if (context !== undefined && !asList(context).some((c) => typeof c === 'string' && ANNO_CONTEXTS.has(c))) {
    errors.push(shape('@context', `expected ${JSON.stringify(W3C_ANNOTATION_CONTEXT)} or a list including it, got ${describeJson(context)}`));
  }
  const type = json['type'];
  if (!asList(type).includes('Annotation')) errors.push(shape('type', `expected "Annotation", got ${describeJson(type)}`));
  const rawId = json['id'];
  let id = '';
  if (typeof rawId === 'string' && rawId !== '') id = spanIdFromIri(rawId);
  else errors.push(shape('id', `expected the annotation's IRI as a non-empty string, got ${describeJson(rawId)}`));

  const author = readCreator(json['creator'], options, errors);
  const created = readCreated(json['created'], options, errors);

  const status = readChoice(json, 'glossa:status', ANNOTATION_STATUSES, 'proposed', errors);
  const rawSource = json['glossa:source'];
  let source: AnnotationSource = 'import';
  if (isAnnotationSource(rawSource)) source = rawSource;
  else if (rawSource !== undefined) errors.push(shape('glossa:source', `expected ${ANNOTATION_SOURCES_DESCRIPTION}, got ${describeJson(rawSource)}`));
  return { record: json, id, author, created, status, source };
}

/** A field that is one of `allowed`, or `fallback` when absent; anything else is an error naming the field. */
function readChoice<T extends string>(
  record: Readonly<Record<string, unknown>>,
  field: string,
  allowed: readonly T[],
  fallback: T,
  errors: W3CShapeError[],
): T {
  const raw = record[field];
  if (raw === undefined) return fallback;
  const found = allowed.find((value) => value === raw);
  if (found !== undefined) return found;
  errors.push(shape(field, `expected one of ${allowed.join(', ')}, got ${describeJson(raw)}`));
  return fallback;
}

function readCreator(creator: unknown, options: FromW3COptions, errors: W3CShapeError[]): string {
  if (creator === undefined) {
    if (options.defaultAuthor !== undefined) return options.defaultAuthor;
    errors.push(shape('creator', 'missing; expected an Agent with a nickname or an id'));
    return '';
  }
  const first = Array.isArray(creator) ? creator[0] : creator;
  const field = Array.isArray(creator) ? 'creator[0]' : 'creator';
  if (typeof first === 'string' && first !== '') return authorFromIri(first);
  if (isRecord(first)) {
    const nickname = first['nickname'];
    if (typeof nickname === 'string' && nickname !== '') return nickname;
    const agentId = first['id'];
    if (typeof agentId === 'string' && agentId !== '') return authorFromIri(agentId);
  }
  errors.push(shape(field, `expected an Agent with a nickname or an id, or an IRI, got ${describeJson(first)}`));
  return '';
}

function readCreated(created: unknown, options: FromW3COptions, errors: W3CShapeError[]): number {
  if (created === undefined) return options.defaultCreated ?? 0;
  const time = typeof created === 'string' ? Date.parse(created) : Number.NaN;
  if (Number.isNaN(time)) {
    errors.push(shape('created', `expected an ISO 8601 date-time such as "2026-01-05T10:00:00Z", got ${describeJson(created)}`));
    return 0;
  }
  return time;
}

/** The label and the note from the bodies. */
function readBodies(record: Readonly<Record<string, unknown>>, errors: W3CShapeError[]): { label: string; note: string } | undefined {
  const rawBody = record['body'];
  const motivations = asList(record['motivation']);
  const classifyingMotivation = motivations.includes('classifying') || motivations.includes('linking');
  let label: string | undefined;
  let note: string | undefined;
  asList(rawBody).forEach((body, i) => {
    if (!isRecord(body)) return;
    const field = bodyField(rawBody, i);
    const purpose = body['purpose'];
    const value = body['value'];
    const isLabel = purpose === 'classifying' || (purpose === undefined && classifyingMotivation && body['type'] === 'TextualBody');
    if (isLabel && label === undefined) {
      if (typeof value === 'string' && value !== '') label = value;
      else errors.push(shape(`${field}.value`, `expected the label id as a non-empty string, got ${describeJson(value)}`));
    } else if (purpose === 'commenting' && note === undefined) {
      if (typeof value === 'string') note = value;
      else errors.push(shape(`${field}.value`, `expected the note as a string, got ${describeJson(value)}`));
    }
  });
  if (label === undefined) {
    if (!errors.some((e) => e.field.startsWith('body'))) {
      errors.push(shape('body', `expected a TextualBody with purpose "classifying" whose value is the label, got ${describeJson(rawBody)}`));
    }
    return undefined;
  }
  return { label, note: note ?? '' };
}

function bodyField(rawBody: unknown, i: number): string {
  return Array.isArray(rawBody) ? `body[${i}]` : 'body';
}

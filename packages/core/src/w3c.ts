/**
 * The W3C Web Annotation adapter: span annotations and document labels to and
 * from Web Annotation JSON-LD (https://www.w3.org/TR/annotation-model/).
 *
 * A span becomes an Annotation with `motivation: "classifying"`, a
 * `TextualBody` whose `purpose` is `classifying` and whose `value` is the
 * label id, a second `TextualBody` with `purpose: "commenting"` when the span
 * has a note, a `creator` and a `created` time, and a target carrying both a
 * `TextPositionSelector` and a `TextQuoteSelector`. Positions are Unicode code
 * points, as the model requires.
 *
 * The model has no review status and no provenance, so Glossa carries them in
 * two properties of its own namespace, `glossa:status` and `glossa:source`.
 * The `@context` is `["http://www.w3.org/ns/anno.jsonld", {"glossa": "urn:glossa:ns:"}]`,
 * so JSON-LD expansion against the standard context keeps them as the
 * properties `urn:glossa:ns:status` and `urn:glossa:ns:source` instead of
 * dropping them. Document labels use `glossa:group` (the document-label group)
 * and `glossa:choice` (`multiple` when the value is a list).
 *
 * Reading goes the other way and re-anchors targets whose text has changed:
 * the position is used when the text there still equals the quote; otherwise
 * the quote is looked up ({@link anchorQuote}), and a quote that cannot be
 * found any more comes back as an `orphaned` error carrying the quote.
 */
import { OffsetIndex } from './offsets.js';
import { anchorQuote } from './quote.js';
import type { QuoteAnchor, TextQuote } from './quote.js';
import { ANNOTATION_SOURCES, ANNOTATION_STATUSES, fail, ok } from './types.js';
import type { AnnotationSource, AnnotationStatus, Result, SpanAnnotation, TextDocument } from './types.js';

export { anchorQuote, DEFAULT_FUZZY_WINDOW, DEFAULT_MAX_ERROR_RATIO } from './quote.js';
export type { AnchorQuoteOptions, QuoteAnchor, TextQuote } from './quote.js';

/** The Web Annotation JSON-LD context. */
export const W3C_ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/** The IRI prefix of Glossa's own annotation properties (`glossa:status` expands to `urn:glossa:ns:status`). */
export const GLOSSA_NAMESPACE = 'urn:glossa:ns:';

/** The `@context` of every annotation Glossa writes. */
export const GLOSSA_W3C_CONTEXT: W3CContext = [W3C_ANNOTATION_CONTEXT, { glossa: GLOSSA_NAMESPACE }];

/** How many code points of context the quote selector keeps on each side, by default. */
export const DEFAULT_QUOTE_CONTEXT_LENGTH = 32;

/** The `@context` Glossa writes: the standard context plus the `glossa` prefix. */
export type W3CContext = readonly [typeof W3C_ANNOTATION_CONTEXT, { readonly glossa: typeof GLOSSA_NAMESPACE }];

/** A TextPositionSelector: code point offsets, start inclusive, end exclusive. */
export interface W3CTextPositionSelector {
  readonly type: 'TextPositionSelector';
  /** First code point selected. */
  readonly start: number;
  /** Code point after the last one selected. */
  readonly end: number;
}

/** A TextQuoteSelector: the selected text and the text around it. */
export interface W3CTextQuoteSelector {
  readonly type: 'TextQuoteSelector';
  /** The selected text. */
  readonly exact: string;
  /** The text just before the selection (empty at the start of the document). */
  readonly prefix?: string;
  /** The text just after the selection (empty at the end of the document). */
  readonly suffix?: string;
}

/** The selectors Glossa reads and writes. */
export type W3CSelector = W3CTextPositionSelector | W3CTextQuoteSelector;

/** Why a body is there: its label (`classifying`) or a note (`commenting`). */
export type W3CBodyPurpose = 'classifying' | 'commenting';

/** A body holding text: a label id or a note. */
export interface W3CTextualBody {
  readonly type: 'TextualBody';
  readonly purpose: W3CBodyPurpose;
  readonly value: string;
}

/** The agent who made an annotation. */
export interface W3CAgent {
  /** The agent's IRI. */
  readonly id: string;
  /** `Software` for annotations a model proposed, `Person` otherwise. */
  readonly type: 'Person' | 'Software';
  /** The Glossa user id. */
  readonly nickname: string;
}

/** The target of a span annotation: the document with both selectors. */
export interface W3CTextTarget {
  /** The document's IRI. */
  readonly source: string;
  readonly selector: readonly [W3CTextPositionSelector, W3CTextQuoteSelector];
}

/** The properties every annotation Glossa writes has. */
export interface W3CAnnotationBase {
  readonly '@context': W3CContext;
  /** The annotation's IRI. */
  readonly id: string;
  readonly type: 'Annotation';
  readonly motivation: 'classifying';
  readonly creator: W3CAgent;
  /** Creation time, ISO 8601 in UTC. */
  readonly created: string;
  readonly body: readonly W3CTextualBody[];
  /** Review state (`urn:glossa:ns:status` once expanded). */
  readonly 'glossa:status': AnnotationStatus;
  /** Where the annotation came from (`urn:glossa:ns:source` once expanded). */
  readonly 'glossa:source': AnnotationSource;
}

/** A span annotation as W3C Web Annotation JSON-LD. */
export interface W3CAnnotation extends W3CAnnotationBase {
  readonly target: W3CTextTarget;
}

/** A document label as W3C Web Annotation JSON-LD: its target is just the document's IRI. */
export interface W3CDocumentLabelAnnotation extends W3CAnnotationBase {
  /** The document's IRI. */
  readonly target: string;
  /** The document-label group (`urn:glossa:ns:group` once expanded). */
  readonly 'glossa:group': string;
  /** Present, as `multiple`, when the value is a list (`urn:glossa:ns:choice` once expanded). */
  readonly 'glossa:choice'?: 'multiple';
}

/** Options of {@link toW3CAnnotation}. */
export interface ToW3COptions {
  /** The document's IRI, written as the target's `source`. */
  readonly source: string;
  /** Code points of context kept before and after the quote. @default 32 */
  readonly prefixLength?: number;
  /** Maps a user id to the creator's IRI. @default `urn:glossa:annotator:<user id>` */
  readonly annotatorIri?: (author: string) => string;
  /** Maps a span to the annotation's IRI. @default `urn:uuid:<id>` for UUIDs, else `urn:glossa:annotation:<id>` */
  readonly annotationIri?: (span: SpanAnnotation) => string;
  /** A ready offset index of the document's text, to reuse across many spans of one document. */
  readonly offsetIndex?: OffsetIndex;
}

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

/** A malformed annotation: the field (as a path such as `target.selector[1].exact`) and what was expected. */
export interface W3CShapeError {
  readonly kind: 'shape';
  /** The offending field as a path; empty for the annotation itself. */
  readonly field: string;
  readonly message: string;
}

/** An annotation whose text can no longer be found in the document. */
export interface W3COrphanedError {
  readonly kind: 'orphaned';
  readonly field: 'target';
  readonly message: string;
  /** The quote that could not be found. */
  readonly quote: TextQuote;
  /** The old position in code points, when the target had one. */
  readonly position?: { readonly start: number; readonly end: number };
  /** Everything about the annotation except where it is. */
  readonly annotation: Omit<SpanAnnotation, 'start' | 'end'>;
}

/** Why an annotation could not be read. */
export type W3CError = W3CShapeError | W3COrphanedError;

/** A document label as read from or written to a W3C annotation. */
export interface W3CDocumentLabel {
  /** The document-label group id. */
  readonly group: string;
  /** The chosen value, or values for a multiple-choice group. */
  readonly value: string | readonly string[];
  /** The user id of whoever chose it. */
  readonly author: string;
  /** When it was chosen, in milliseconds since the epoch. */
  readonly created: number;
  /** Review state. @default 'proposed' */
  readonly status?: AnnotationStatus;
  /** Where it came from. @default 'human' */
  readonly source?: AnnotationSource;
}

/** Options of {@link toW3CDocumentLabel}. */
export interface ToW3CDocumentLabelOptions {
  /** The document's IRI: the annotation's target. */
  readonly source: string;
  /** Maps a user id to the creator's IRI. @default `urn:glossa:annotator:<user id>` */
  readonly annotatorIri?: (author: string) => string;
  /** The annotation's IRI. @default `<source>#glossa-label:<author>:<group>` */
  readonly id?: string;
}

const ANNOTATOR_URN = 'urn:glossa:annotator:';
const ANNOTATION_URN = 'urn:glossa:annotation:';
const UUID_URN = 'urn:uuid:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ANNO_CONTEXTS = new Set([W3C_ANNOTATION_CONTEXT, 'https://www.w3.org/ns/anno.jsonld']);

/** The default creator IRI of a user: `urn:glossa:annotator:<user id>`. */
export function defaultAnnotatorIri(author: string): string {
  return ANNOTATOR_URN + encodeURIComponent(author);
}

/** The default annotation IRI of a span: `urn:uuid:<id>` for UUIDs, else `urn:glossa:annotation:<id>`. */
export function defaultAnnotationIri(span: Pick<SpanAnnotation, 'id'>): string {
  return UUID.test(span.id) ? UUID_URN + span.id : ANNOTATION_URN + encodeURIComponent(span.id);
}

/**
 * Writes a span annotation as a W3C Web Annotation.
 *
 * @throws RangeError when the span is not a non-empty range of the document's
 *   text in UTF-16 code units on code point boundaries, or `offsetIndex` belongs to
 *   another text.
 * @example
 * toW3CAnnotation(span, { id: 'd1', text: 'Ban 😀 all spam now' }, { source: 'urn:doc:d1' });
 * // target.selector: [{ type: 'TextPositionSelector', start: 0, end: 9 },
 * //                   { type: 'TextQuoteSelector', exact: 'Ban 😀 all', prefix: '', suffix: ' spam now' }]
 */
export function toW3CAnnotation(span: SpanAnnotation, doc: TextDocument, options: ToW3COptions): W3CAnnotation {
  const index = offsetIndexFor(doc.text, options.offsetIndex);
  const prefixLength = options.prefixLength ?? DEFAULT_QUOTE_CONTEXT_LENGTH;
  if (!Number.isInteger(prefixLength) || prefixLength < 0) {
    throw new RangeError(`toW3CAnnotation: prefixLength ${prefixLength} is not a non-negative integer`);
  }
  if (!Number.isInteger(span.start) || !Number.isInteger(span.end) || span.start < 0 || span.start >= span.end || span.end > doc.text.length) {
    throw new RangeError(`toW3CAnnotation: span ${span.id} [${span.start}, ${span.end}) is not a non-empty range of a text of ${doc.text.length} code units`);
  }
  const start = index.toCodePoint(span.start);
  const end = index.toCodePoint(span.end);
  const prefixStart = index.toUtf16(Math.max(0, start - prefixLength));
  const suffixEnd = index.toUtf16(Math.min(index.codePointLength, end + prefixLength));
  const body: W3CTextualBody[] = [{ type: 'TextualBody', purpose: 'classifying', value: span.label }];
  if (span.note !== '') body.push({ type: 'TextualBody', purpose: 'commenting', value: span.note });
  return {
    '@context': GLOSSA_W3C_CONTEXT,
    id: (options.annotationIri ?? defaultAnnotationIri)(span),
    type: 'Annotation',
    motivation: 'classifying',
    creator: agent(span.author, span.source, options.annotatorIri),
    created: isoTime(span.created),
    body,
    target: {
      source: options.source,
      selector: [
        { type: 'TextPositionSelector', start, end },
        {
          type: 'TextQuoteSelector',
          exact: doc.text.slice(span.start, span.end),
          prefix: doc.text.slice(prefixStart, span.start),
          suffix: doc.text.slice(span.end, suffixEnd),
        },
      ],
    },
    'glossa:status': span.status,
    'glossa:source': span.source,
  };
}

/**
 * Reads a W3C Web Annotation of a text span and anchors it in a document.
 *
 * The target needs a TextPositionSelector (code points), a TextQuoteSelector,
 * or both. The position is used when the text there equals the quote (or when
 * there is no quote); otherwise the quote is re-anchored with
 * {@link anchorQuote}, near the old position. Bodies: the first `TextualBody`
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
  const target = readTextTarget(common.record, options, errors);
  if (errors.length > 0 || label === undefined || target === undefined) return fail(errors);

  const annotation: Omit<SpanAnnotation, 'start' | 'end'> = {
    id: common.id,
    label: label.label,
    author: common.author,
    status: common.status,
    note: label.note,
    created: common.created,
    source: common.source,
  };
  const index = offsetIndexFor(doc.text, options.offsetIndex);
  const anchored = anchorTarget(doc.text, index, target);
  if (anchored === 'past-end') {
    const position = target.position;
    return fail([shape('target.selector', `position [${position?.start}, ${position?.end}) is past the end of the text (${index.codePointLength} code points) and there is no TextQuoteSelector to re-anchor it`)]);
  }
  if (anchored === null) {
    const quote = target.quote ?? { exact: '' };
    const orphan: W3COrphanedError = {
      kind: 'orphaned',
      field: 'target',
      message: `the quote ${JSON.stringify(abbreviate(quote.exact))} is no longer in the document`,
      quote,
      ...(target.position === undefined ? {} : { position: target.position }),
      annotation,
    };
    return fail([orphan]);
  }
  return ok({ ...annotation, start: anchored.start, end: anchored.end });
}

/**
 * Writes a document label as a W3C Web Annotation whose target is just the
 * document's IRI: one `classifying` body per value, the group in
 * `glossa:group`, and `glossa:choice: "multiple"` when the value is a list.
 *
 * @example
 * toW3CDocumentLabel({ group: 'toxicity', value: 'TOXIC', author: 'alice', created: 0 }, { source: 'urn:doc:42' });
 */
export function toW3CDocumentLabel(label: W3CDocumentLabel, options: ToW3CDocumentLabelOptions): W3CDocumentLabelAnnotation {
  const values: readonly string[] = typeof label.value === 'string' ? [label.value] : label.value;
  const source = label.source ?? 'human';
  const annotation: W3CDocumentLabelAnnotation = {
    '@context': GLOSSA_W3C_CONTEXT,
    id: options.id ?? `${options.source}#glossa-label:${encodeURIComponent(label.author)}:${encodeURIComponent(label.group)}`,
    type: 'Annotation',
    motivation: 'classifying',
    creator: agent(label.author, source, options.annotatorIri),
    created: isoTime(label.created),
    body: values.map((value) => ({ type: 'TextualBody', purpose: 'classifying', value })),
    target: options.source,
    'glossa:status': label.status ?? 'proposed',
    'glossa:source': source,
    'glossa:group': label.group,
  };
  return typeof label.value === 'string' ? annotation : { ...annotation, 'glossa:choice': 'multiple' };
}

/**
 * Reads a document label written by {@link toW3CDocumentLabel}: an annotation
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
  else errors.push(shape('target', `expected the document's IRI, got ${describe(target)}`));
  if (source !== undefined && options.source !== undefined && source !== options.source) {
    errors.push(shape('target', `expected the document ${JSON.stringify(options.source)}, got ${JSON.stringify(source)}`));
  }

  const group = record['glossa:group'];
  if (typeof group !== 'string' || group === '') errors.push(shape('glossa:group', `expected the document-label group id as a non-empty string, got ${describe(group)}`));
  const choice = record['glossa:choice'];
  if (choice !== undefined && choice !== 'multiple' && choice !== 'single') {
    errors.push(shape('glossa:choice', `expected "single" or "multiple", got ${describe(choice)}`));
  }

  const values: string[] = [];
  const bodies = asList(record['body']);
  bodies.forEach((body, i) => {
    const field = bodyField(record['body'], i);
    if (!isRecord(body) || body['purpose'] !== 'classifying') return;
    const value = body['value'];
    if (typeof value === 'string' && value !== '') values.push(value);
    else errors.push(shape(`${field}.value`, `expected the label value as a non-empty string, got ${describe(value)}`));
  });
  if (values.length === 0 && errors.length === 0) errors.push(shape('body', 'expected at least one TextualBody with purpose "classifying"'));
  if (choice !== 'multiple' && values.length > 1) {
    errors.push(shape('body', `expected one "classifying" body for a single-choice label, got ${values.length} (set "glossa:choice": "multiple" for a list)`));
  }
  if (errors.length > 0 || typeof group !== 'string') return fail(errors);
  const value: string | readonly string[] = choice === 'multiple' ? values : (values[0] ?? '');
  return ok({ group, value, author: common.author, created: common.created, status: common.status, source: common.source });
}

// ---------------------------------------------------------------------------
// Reading helpers

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
    errors.push(shape('', `expected an annotation (a JSON object), got ${describe(json)}`));
    return undefined;
  }
  const context = json['@context'];
  if (context !== undefined && !asList(context).some((c) => typeof c === 'string' && ANNO_CONTEXTS.has(c))) {
    errors.push(shape('@context', `expected ${JSON.stringify(W3C_ANNOTATION_CONTEXT)} or a list including it, got ${describe(context)}`));
  }
  const type = json['type'];
  if (!asList(type).includes('Annotation')) errors.push(shape('type', `expected "Annotation", got ${describe(type)}`));
  const rawId = json['id'];
  let id = '';
  if (typeof rawId === 'string' && rawId !== '') id = spanIdFromIri(rawId);
  else errors.push(shape('id', `expected the annotation's IRI as a non-empty string, got ${describe(rawId)}`));

  const author = readCreator(json['creator'], options, errors);
  const created = readCreated(json['created'], options, errors);

  const status = readChoice(json, 'glossa:status', ANNOTATION_STATUSES, 'proposed', errors);
  const source = readChoice(json, 'glossa:source', ANNOTATION_SOURCES, 'import', errors);
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
  errors.push(shape(field, `expected one of ${allowed.join(', ')}, got ${describe(raw)}`));
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
  errors.push(shape(field, `expected an Agent with a nickname or an id, or an IRI, got ${describe(first)}`));
  return '';
}

function readCreated(created: unknown, options: FromW3COptions, errors: W3CShapeError[]): number {
  if (created === undefined) return options.defaultCreated ?? 0;
  const time = typeof created === 'string' ? Date.parse(created) : Number.NaN;
  if (Number.isNaN(time)) {
    errors.push(shape('created', `expected an ISO 8601 date-time such as "2026-01-05T10:00:00Z", got ${describe(created)}`));
    return 0;
  }
  return time;
}

/** The label and the note from the bodies. */
function readBodies(record: Readonly<Record<string, unknown>>, errors: W3CShapeError[]): { label: string; note: string } | undefined {
  const rawBody = record['body'];
  const classifyingMotivation = asList(record['motivation']).includes('classifying');
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
      else errors.push(shape(`${field}.value`, `expected the label id as a non-empty string, got ${describe(value)}`));
    } else if (purpose === 'commenting' && note === undefined) {
      if (typeof value === 'string') note = value;
      else errors.push(shape(`${field}.value`, `expected the note as a string, got ${describe(value)}`));
    }
  });
  if (label === undefined) {
    if (!errors.some((e) => e.field.startsWith('body'))) {
      errors.push(shape('body', `expected a TextualBody with purpose "classifying" whose value is the label, got ${describe(rawBody)}`));
    }
    return undefined;
  }
  return { label, note: note ?? '' };
}

interface TextTarget {
  /** Code points, validated as non-negative integers with start < end. */
  readonly position?: { readonly start: number; readonly end: number };
  readonly quote?: { readonly exact: string; readonly prefix?: string; readonly suffix?: string };
}

function readTextTarget(record: Readonly<Record<string, unknown>>, options: FromW3COptions, errors: W3CShapeError[]): TextTarget | undefined {
  const rawTarget = record['target'];
  const target = Array.isArray(rawTarget) ? rawTarget[0] : rawTarget;
  const field = Array.isArray(rawTarget) ? 'target[0]' : 'target';
  if (typeof target === 'string') {
    errors.push(shape(field, `is the whole document ${JSON.stringify(target)}; expected a SpecificResource with selectors (a document label is read with fromW3CDocumentLabel)`));
    return undefined;
  }
  if (!isRecord(target)) {
    errors.push(shape(field, `expected a SpecificResource with a source and selectors, got ${describe(target)}`));
    return undefined;
  }
  const source = target['source'];
  if (typeof source !== 'string' || source === '') {
    errors.push(shape(`${field}.source`, `expected the document's IRI as a non-empty string, got ${describe(source)}`));
  } else if (options.source !== undefined && source !== options.source) {
    errors.push(shape(`${field}.source`, `expected the document ${JSON.stringify(options.source)}, got ${JSON.stringify(source)}`));
  }

  const rawSelector = target['selector'];
  let position: TextTarget['position'];
  let quote: TextTarget['quote'];
  asList(rawSelector).forEach((selector, i) => {
    const at = Array.isArray(rawSelector) ? `${field}.selector[${i}]` : `${field}.selector`;
    if (!isRecord(selector)) {
      errors.push(shape(at, `expected a selector object, got ${describe(selector)}`));
      return;
    }
    if (selector['type'] === 'TextPositionSelector' && position === undefined) {
      const start = readOffset(selector['start'], `${at}.start`, errors);
      const end = readOffset(selector['end'], `${at}.end`, errors);
      if (start === undefined || end === undefined) return;
      if (start > end) {
        errors.push(shape(`${at}.end`, `${end} is before start ${start}; expected start < end`));
        return;
      }
      if (start === end) {
        errors.push(shape(`${at}.end`, `${end} equals start; expected start < end (a span covers at least one character)`));
        return;
      }
      position = { start, end };
    } else if (selector['type'] === 'TextQuoteSelector' && quote === undefined) {
      const exact = selector['exact'];
      const prefix = selector['prefix'];
      const suffix = selector['suffix'];
      let valid = true;
      if (typeof exact !== 'string') {
        errors.push(shape(`${at}.exact`, `expected the quoted text as a string, got ${describe(exact)}`));
        valid = false;
      } else if (exact === '') {
        errors.push(shape(`${at}.exact`, 'is empty; expected the quoted text (at least one character)'));
        valid = false;
      }
      for (const [name, value] of [['prefix', prefix], ['suffix', suffix]] as const) {
        if (value !== undefined && typeof value !== 'string') {
          errors.push(shape(`${at}.${name}`, `expected a string, got ${describe(value)}`));
          valid = false;
        }
      }
      if (!valid || typeof exact !== 'string') return;
      quote = {
        exact,
        ...(typeof prefix === 'string' ? { prefix } : {}),
        ...(typeof suffix === 'string' ? { suffix } : {}),
      };
    }
  });
  if (position === undefined && quote === undefined) {
    if (!errors.some((e) => e.field.startsWith(`${field}.selector`))) {
      errors.push(shape(`${field}.selector`, `expected a TextPositionSelector or a TextQuoteSelector, got ${describe(rawSelector)}`));
    }
    return undefined;
  }
  return { ...(position === undefined ? {} : { position }), ...(quote === undefined ? {} : { quote }) };
}

function readOffset(value: unknown, field: string, errors: W3CShapeError[]): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  errors.push(shape(field, `expected a non-negative integer (code points), got ${describe(value)}`));
  return undefined;
}

/** Where the target is now in UTF-16 code units; `null` when orphaned, `past-end` for a stale position without a quote. */
function anchorTarget(text: string, index: OffsetIndex, target: TextTarget): QuoteAnchor | { start: number; end: number } | null | 'past-end' {
  const { position, quote } = target;
  const positionFits = position !== undefined && position.end <= index.codePointLength;
  const utf16 = positionFits ? { start: index.toUtf16(position.start), end: index.toUtf16(position.end) } : undefined;
  if (quote === undefined) return utf16 ?? 'past-end';
  if (utf16 !== undefined && text.slice(utf16.start, utf16.end) === quote.exact) return utf16;
  const hint = position === undefined ? undefined : index.toUtf16(Math.min(position.start, index.codePointLength));
  return anchorQuote(text, { ...quote, ...(hint === undefined ? {} : { hint }) });
}

// ---------------------------------------------------------------------------
// Small helpers

function offsetIndexFor(text: string, given: OffsetIndex | undefined): OffsetIndex {
  if (given === undefined) return new OffsetIndex(text);
  if (given.utf16Length !== text.length) {
    throw new RangeError(`offsetIndex was built for a text of ${given.utf16Length} code units, not this document's ${text.length}`);
  }
  return given;
}

function agent(author: string, source: AnnotationSource, annotatorIri: ((author: string) => string) | undefined): W3CAgent {
  return { id: (annotatorIri ?? defaultAnnotatorIri)(author), type: source === 'model' ? 'Software' : 'Person', nickname: author };
}

function isoTime(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) throw new RangeError(`created ${ms} is not a valid time in milliseconds`);
  return date.toISOString();
}

function spanIdFromIri(iri: string): string {
  if (iri.startsWith(ANNOTATION_URN)) return safeDecode(iri.slice(ANNOTATION_URN.length));
  if (iri.startsWith(UUID_URN) && UUID.test(iri.slice(UUID_URN.length))) return iri.slice(UUID_URN.length);
  return iri;
}

function authorFromIri(iri: string): string {
  return iri.startsWith(ANNOTATOR_URN) ? safeDecode(iri.slice(ANNOTATOR_URN.length)) : iri;
}

function safeDecode(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asList(value: unknown): readonly unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function bodyField(rawBody: unknown, i: number): string {
  return Array.isArray(rawBody) ? `body[${i}]` : 'body';
}

function shape(field: string, message: string): W3CShapeError {
  return { kind: 'shape', field, message };
}

function abbreviate(text: string): string {
  const points = Array.from(text);
  return points.length <= 40 ? text : `${points.slice(0, 37).join('')}…`;
}

/** A short description of a JSON value for error messages. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(abbreviate(value))}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

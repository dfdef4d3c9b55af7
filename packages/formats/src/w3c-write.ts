/**
 * Writing span annotations, relations and document labels as W3C Web
 * Annotations (the shapes of `w3c-types.ts`).
 */
import { fragmentsProblem, isModelSource } from '@glossa/core';
import type { AnnotationSource, OffsetIndex, RelationAnnotation, SpanAnnotation, TextDocument } from '@glossa/core';
import { defaultAnnotationIri, defaultAnnotatorIri } from './w3c-iri.js';
import { offsetIndexFor, writeSpanTargets } from './w3c-target.js';
import { DEFAULT_QUOTE_CONTEXT_LENGTH, GLOSSA_W3C_CONTEXT } from './w3c-types.js';
import type { W3CAgent, W3CAnnotation, W3CDocumentLabel, W3CDocumentLabelAnnotation, W3CRelationAnnotation, W3CTextualBody } from './w3c-types.js';

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

/** Options of {@link toW3CDocumentLabel}. */
export interface ToW3CDocumentLabelOptions {
  /** The document's IRI: the annotation's target. */
  readonly source: string;
  /** Maps a user id to the creator's IRI. @default `urn:glossa:annotator:<user id>` */
  readonly annotatorIri?: (author: string) => string;
  /** The annotation's IRI. @default `<source>#glossa-label:<author>:<group>` */
  readonly id?: string;
}

/**
 * Writes a span annotation as a W3C Web Annotation: one target for a
 * contiguous span, one per fragment for a discontinuous one.
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
  const problem = fragmentsProblem(span.start, span.end, span.fragments);
  if (problem !== undefined) throw new RangeError(`toW3CAnnotation: span ${span.id}: ${problem.message}`);
  return {
    '@context': GLOSSA_W3C_CONTEXT,
    id: (options.annotationIri ?? defaultAnnotationIri)(span),
    type: 'Annotation',
    motivation: 'classifying',
    creator: agent(span.author, span.source, options.annotatorIri),
    created: isoTime(span.created),
    body: bodies(span.label, span.note),
    target: writeSpanTargets(doc.text, index, span, options.source, prefixLength),
    'glossa:status': span.status,
    'glossa:source': span.source,
    ...(span.score === undefined ? {} : { 'glossa:score': span.score }),
    ...(span.modelVersion === undefined ? {} : { 'glossa:modelVersion': span.modelVersion }),
  };
}

/** Options of {@link toW3CRelation}. */
export interface ToW3CRelationOptions {
  /** The relation annotation's IRI. */
  readonly id: string;
  /** The IRI of the span annotation of the relation's `from`. */
  readonly from: string;
  /** The IRI of the span annotation of the relation's `to`. */
  readonly to: string;
  /** Maps a user id to the creator's IRI. @default `urn:glossa:annotator:<user id>` */
  readonly annotatorIri?: (author: string) => string;
  /** The creator of a relation without an author (an export passes the layer). @default 'unknown' */
  readonly defaultAuthor?: string;
}

/**
 * Writes a relation as a W3C Web Annotation with `motivation: "linking"`
 * targeting the two span annotations (`from` first), the label as a
 * classifying body, the note as a commenting body, and `glossa:directed`.
 * A relation without an author is credited to `defaultAuthor`; one without
 * `created` is dated at the epoch.
 *
 * @example
 * toW3CRelation(relation, { id: 'urn:doc:42#alice/r1', from: 'urn:doc:42#alice/s1', to: 'urn:doc:42#alice/s2' });
 */
export function toW3CRelation(relation: RelationAnnotation, options: ToW3CRelationOptions): W3CRelationAnnotation {
  const source = relation.source ?? 'human';
  return {
    '@context': GLOSSA_W3C_CONTEXT,
    id: options.id,
    type: 'Annotation',
    motivation: 'linking',
    creator: agent(relation.author ?? options.defaultAuthor ?? 'unknown', source, options.annotatorIri),
    created: isoTime(relation.created ?? 0),
    body: bodies(relation.label, relation.note ?? ''),
    target: [options.from, options.to],
    'glossa:status': relation.status ?? 'proposed',
    'glossa:source': source,
    'glossa:directed': relation.directed,
  };
}

/** The classifying body (the label) and, for a note, the commenting body. */
function bodies(label: string, note: string): W3CTextualBody[] {
  const body: W3CTextualBody[] = [{ type: 'TextualBody', purpose: 'classifying', value: label }];
  if (note !== '') body.push({ type: 'TextualBody', purpose: 'commenting', value: note });
  return body;
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

function agent(author: string, source: AnnotationSource, annotatorIri: ((author: string) => string) | undefined): W3CAgent {
  return { id: (annotatorIri ?? defaultAnnotatorIri)(author), type: isModelSource(source) ? 'Software' : 'Person', nickname: author };
}

function isoTime(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) throw new RangeError(`created ${ms} is not a valid time in milliseconds`);
  return date.toISOString();
}

/**
 * The W3C Web Annotation shapes Glossa writes and reads
 * (https://www.w3.org/TR/annotation-model/): span annotations and document
 * labels as Web Annotation JSON-LD, and the errors of reading them.
 *
 * A span becomes an Annotation with `motivation: "classifying"`, a
 * `TextualBody` whose `purpose` is `classifying` and whose `value` is the
 * label id, a second `TextualBody` with `purpose: "commenting"` when the span
 * has a note, a `creator` (a `Software` agent for a model's proposal) and a
 * `created` time, and a target carrying both a `TextPositionSelector` and a
 * `TextQuoteSelector`; a discontinuous span has one such target per
 * fragment (the model's several targets). Positions are Unicode code points,
 * as the model requires.
 *
 * A relation between two spans becomes an Annotation with `motivation:
 * "linking"` whose `target` lists the IRIs of the two span annotations,
 * `from` first, with a classifying body (the relation label), a commenting
 * body for a note, and `glossa:directed`.
 *
 * The model has no review status and no provenance, so Glossa carries them in
 * two properties of its own namespace, `glossa:status` and `glossa:source`;
 * a model's score and model version go in `glossa:score` and
 * `glossa:modelVersion`.
 * The `@context` is `["http://www.w3.org/ns/anno.jsonld", {"glossa": "urn:glossa:ns:"}]`,
 * so JSON-LD expansion against the standard context keeps them as the
 * properties `urn:glossa:ns:status` and `urn:glossa:ns:source` instead of
 * dropping them. Document labels use `glossa:group` (the document-label group)
 * and `glossa:choice` (`multiple` when the value is a list).
 *
 * Writing is `w3c-write.ts`, reading `w3c-read.ts`, the selectors of a
 * target (and re-anchoring a quote whose text moved) `w3c-target.ts`.
 */
import type { AnnotationSource, AnnotationStatus, SpanAnnotation } from '@glossa/core';
import type { TextQuote } from './quote-anchor.js';
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
  readonly motivation: 'classifying' | 'linking';
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
  readonly motivation: 'classifying';
  /** The span's text; a discontinuous span has one target per fragment, in order. */
  readonly target: W3CTextTarget | readonly W3CTextTarget[];
  /** A model's confidence in the span, from 0 to 1 (`urn:glossa:ns:score` once expanded). */
  readonly 'glossa:score'?: number;
  /** The version of the model that proposed the span (`urn:glossa:ns:modelVersion` once expanded). */
  readonly 'glossa:modelVersion'?: string;
}

/** A relation between two span annotations as W3C Web Annotation JSON-LD. */
export interface W3CRelationAnnotation extends W3CAnnotationBase {
  readonly motivation: 'linking';
  /** The IRIs of the two span annotations: the relation's `from`, then its `to`. */
  readonly target: readonly [string, string];
  /** Whether the relation goes from the first target to the second (`urn:glossa:ns:directed` once expanded). */
  readonly 'glossa:directed': boolean;
}

/** A relation as read from a linking annotation, its ends still IRIs of span annotations. */
export interface W3CRelation {
  /** The relation's id (from Glossa's own IRIs), or its IRI. */
  readonly id: string;
  /** The IRI of the span annotation the relation starts from. */
  readonly from: string;
  /** The IRI of the span annotation the relation points to. */
  readonly to: string;
  readonly label: string;
  /** `glossa:directed`; absent when the annotation does not say (the schema's label decides). */
  readonly directed?: boolean;
  readonly author: string;
  readonly status: AnnotationStatus;
  readonly note: string;
  readonly created: number;
  readonly source: AnnotationSource;
}

/** A document label as W3C Web Annotation JSON-LD: its target is just the document's IRI. */
export interface W3CDocumentLabelAnnotation extends W3CAnnotationBase {
  readonly motivation: 'classifying';
  /** The document's IRI. */
  readonly target: string;
  /** The document-label group (`urn:glossa:ns:group` once expanded). */
  readonly 'glossa:group': string;
  /** Present, as `multiple`, when the value is a list (`urn:glossa:ns:choice` once expanded). */
  readonly 'glossa:choice'?: 'multiple';
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

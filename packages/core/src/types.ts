/**
 * The annotation model shared by every Glossa package.
 *
 * Offsets inside the library are UTF-16 code units (JavaScript string
 * indices), start inclusive, end exclusive. Public file formats use Unicode
 * code points; `offsets.ts` converts between the two.
 */

/** A document: an id unique in its project and its plain text (paragraphs joined by `\n`). */
export interface TextDocument {
  /** Unique id within a project, e.g. the file name without extension. */
  readonly id: string;
  /** The plain text, kept exactly as imported. */
  readonly text: string;
  /** Free-form metadata (title, source, language, import information). */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** Review state of an annotation. */
export type AnnotationStatus = 'proposed' | 'accepted' | 'rejected';

/** Where an annotation came from. */
export type AnnotationSource = 'human' | 'model' | 'import';

/** All annotation statuses, in review order. */
export const ANNOTATION_STATUSES: readonly AnnotationStatus[] = ['proposed', 'accepted', 'rejected'];

/** All annotation sources. */
export const ANNOTATION_SOURCES: readonly AnnotationSource[] = ['human', 'model', 'import'];

/**
 * A span annotation: a label on the characters `[start, end)` of a document's
 * text, in UTF-16 code units.
 */
export interface SpanAnnotation {
  /** Unique id within a layer. */
  readonly id: string;
  /** First UTF-16 code unit covered (inclusive). */
  readonly start: number;
  /** UTF-16 code unit after the last one covered (exclusive). */
  readonly end: number;
  /** The id of a span label of the project's schema. */
  readonly label: string;
  /** The user id of whoever made it. */
  readonly author: string;
  /** Review state. @default 'proposed' */
  readonly status: AnnotationStatus;
  /** A free-text note; empty when there is none. */
  readonly note: string;
  /** Creation time in milliseconds since the epoch. */
  readonly created: number;
  /** Where the annotation came from. */
  readonly source: AnnotationSource;
}

/**
 * Document-level labels: a document-label group id mapped to the chosen value
 * (single-choice groups) or values (multiple-choice groups).
 */
export type DocumentLabels = Readonly<Record<string, string | readonly string[]>>;

/** A span label of a schema. */
export interface LabelDefinition {
  /** Stable id used in annotations and exports, e.g. `militarization`. */
  readonly id: string;
  /** Human-readable name shown in the palette. */
  readonly name: string;
  /** One sentence for annotators saying what the label covers. */
  readonly description: string;
  /** Background color as `#rrggbb`; the schema's text color must be readable on it. */
  readonly color: string;
  /** A single key that applies the label, unique in the schema; absent when none. */
  readonly hotkey?: string;
  /** The id of the group this label belongs to (one level of hierarchy). */
  readonly group?: string;
  /** When true, exports leave the label out by default (e.g. `boilerplate`). */
  readonly excludeFromExport?: boolean;
}

/** A group of span labels (one level of hierarchy). */
export interface LabelGroup {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
}

/** A group of document labels, answered once per document. */
export interface DocumentLabelGroup {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  /** `single`: exactly one value; `multiple`: any number of values. */
  readonly choice: 'single' | 'multiple';
  /** The allowed values. */
  readonly values: readonly string[];
}

/** A label schema: span labels, their groups and document-label groups. */
export interface LabelSchema {
  /** Schema format version. */
  readonly version: number;
  /** The schema's name. */
  readonly name: string;
  /** Text color drawn over label colors, as `#rrggbb`. @default '#000000' */
  readonly textColor: string;
  readonly groups: readonly LabelGroup[];
  readonly labels: readonly LabelDefinition[];
  readonly documentLabels: readonly DocumentLabelGroup[];
}

/** A result that is either a value or a list of expected errors (never a throw for bad input). */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly E[] };

/** Builds a successful result. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** Builds a failed result. */
export function fail<E>(errors: readonly E[]): { readonly ok: false; readonly errors: readonly E[] } {
  return { ok: false, errors };
}

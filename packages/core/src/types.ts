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

/**
 * A recommender's proposal: `model:` and the recommender's name, e.g.
 * `model:tagger`.
 */
export type ModelSource = `model:${string}`;

/**
 * Where an annotation came from: made by a person (`human`), read from a
 * file (`import`), or proposed by a model, named (`model:<recommender>`) or
 * not (`model`). `sources.ts` checks and takes apart these values.
 */
export type AnnotationSource = 'human' | 'model' | 'import' | ModelSource;

/** All annotation statuses, in review order. */
export const ANNOTATION_STATUSES: readonly AnnotationStatus[] = ['proposed', 'accepted', 'rejected'];

/**
 * The annotation sources that are fixed words; `model:<recommender>` is a
 * source too (see `isAnnotationSource`).
 */
export const ANNOTATION_SOURCES: readonly AnnotationSource[] = ['human', 'model', 'import'];

/**
 * One piece of a discontinuous span: `[start, end)` in UTF-16 code units,
 * start inclusive, end exclusive.
 */
export type SpanFragment = readonly [start: number, end: number];

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
  /**
   * The pieces of a discontinuous span ("the National … Guard"): at least
   * two non-empty `[start, end)` pairs, sorted, with text between each
   * piece and the next. `start` and `end` stay the covering span (the first
   * piece's start, the last piece's end), so a reader that knows nothing of
   * fragments sees one span. Absent for a contiguous span.
   */
  readonly fragments?: readonly SpanFragment[];
  /** The confidence a model gave the span, in [0, 1]; absent for spans no model proposed. */
  readonly score?: number;
  /** The version of the model that proposed the span, as the recommender names it. */
  readonly modelVersion?: string;
}

/**
 * A relation between two spans of one layer: `from` and `to` are span ids.
 * A relation is live while both its ends exist in the layer, dangling
 * otherwise (`classifyRelations`); a dangling relation is kept, never
 * exported.
 */
export interface RelationAnnotation {
  /** Unique id within a layer. */
  readonly id: string;
  /** The id of the span the relation starts from (the governor, for a directed relation). */
  readonly from: string;
  /** The id of the span the relation points to (the dependent, for a directed relation). */
  readonly to: string;
  /** The id of a relation label of the project's schema. */
  readonly label: string;
  /** Whether `from` → `to` is an order; an undirected relation holds both ways (an equivalence). */
  readonly directed: boolean;
  /** The user id of whoever made it. */
  readonly author?: string;
  /** Review state. @default 'proposed' */
  readonly status?: AnnotationStatus;
  /** A free-text note; empty or absent when there is none. */
  readonly note?: string;
  /** Creation time in milliseconds since the epoch. */
  readonly created?: number;
  /** Where the relation came from. */
  readonly source?: AnnotationSource;
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

/** A relation label of a schema: what a relation between two spans says. */
export interface RelationLabelDefinition {
  /** Stable id used in relations and exports, e.g. `funded-by`; never the id of a span label. */
  readonly id: string;
  /** Human-readable name shown in the palette. */
  readonly name: string;
  /** One sentence for annotators saying what the relation means. */
  readonly description: string;
  /** Whether the relation has a direction (`from` → `to`); `false` for a symmetric one such as an equivalence. */
  readonly directed: boolean;
  /** The span labels a relation may start from; absent when any span label may. */
  readonly sourceLabels?: readonly string[];
  /** The span labels a relation may point to; absent when any span label may. */
  readonly targetLabels?: readonly string[];
  /** The color relations of this label are drawn in, as `#rrggbb`; the schema's text color must be readable on it. */
  readonly color: string;
  /** A single key that applies the label, unique among span and relation labels; absent when none. */
  readonly hotkey?: string;
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

/** A label schema: span labels, their groups, document-label groups and relation labels. */
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
  /**
   * The relation labels, in schema order. `parseSchema` always sets it
   * (empty when the schema declares none); a schema built in code may
   * leave it out, which means no relation labels.
   */
  readonly relationLabels?: readonly RelationLabelDefinition[];
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

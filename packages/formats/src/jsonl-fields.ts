/**
 * What the readers and writers of native JSONL spans and relations share:
 * the parse options, how an issue of a line is reported, unknown keys,
 * sources, and the fields both write.
 * @internal
 */
import { ANNOTATION_SOURCES_DESCRIPTION, ANNOTATION_STATUSES, isAnnotationSource } from '@glossa/core';
import type { AnnotationSource, AnnotationStatus, LabelSchema } from '@glossa/core';
import { jsonString, jsonStringRepeated } from './jsonquote.js';
import { describeJson } from './json-values.js';
import { SHARED_LAYER } from './model.js';

/** Options of {@link parseJsonlLine} and {@link parseJsonl}. */
export interface JsonlParseOptions {
  /** When given, span labels and document labels must be the schema's. */
  readonly schema?: LabelSchema;
  /** The file name used in issues. */
  readonly file?: string;
  /** The creation time given to every span and relation, in ms since the epoch. @default 0 */
  readonly created?: number;
}

/** Adds an issue of the line being read: the field (as a path) and what was expected. @internal */
export type Report = (field: string | undefined, message: string) => void;

/** A span's or relation's `source`: `import` when absent; `undefined` (after reporting) when it is not a source. @internal */
export function readSource(value: unknown, field: string, report: Report): AnnotationSource | undefined {
  if (value === undefined) return 'import';
  if (isAnnotationSource(value)) return value;
  report(field, `expected ${ANNOTATION_SOURCES_DESCRIPTION}, got ${describeJson(value)}`);
  return undefined;
}

/**
 * The optional string `record[key]` of the span or relation at `at`: `ok`
 * false (after reporting) when it is present and not a string, or empty
 * where an empty string is not allowed. @internal
 */
export function optionalString(
  record: Readonly<Record<string, unknown>>,
  key: string,
  at: string,
  allowEmpty: boolean,
  report: Report,
): { readonly value: string | undefined; readonly ok: boolean } {
  const value = record[key];
  if (value === undefined || (typeof value === 'string' && (allowEmpty || value !== ''))) return { value, ok: true };
  report(`${at}.${key}`, `expected a ${allowEmpty ? '' : 'non-empty '}string, got ${describeJson(value)}`);
  return { value: undefined, ok: false };
}

/** A span's or relation's `status`: `proposed` when absent; `undefined` (after reporting) when it is not a status. @internal */
export function readStatus(value: unknown, field: string, report: Report): AnnotationStatus | undefined {
  if (value === undefined) return 'proposed';
  const found = ANNOTATION_STATUSES.find((s) => s === value);
  if (found === undefined) report(field, `expected one of ${ANNOTATION_STATUSES.join(', ')}, got ${describeJson(value)}`);
  return found;
}

/** Reports keys outside `known`; returns whether there were none. @internal */
export function reportUnknownKeys(record: Readonly<Record<string, unknown>>, known: readonly string[], prefix: string, report: Report): boolean {
  let none = true;
  for (const key of Object.keys(record)) {
    if (known.includes(key)) continue;
    report(`${prefix}${key}`, `unknown field; expected one of ${known.join(', ')}`);
    none = false;
  }
  return none;
}

/**
 * The fields spans and relations share, each written only when it differs
 * from its default: `annotator`, `author`, `status`, `note`, `source`. @internal
 */
export function annotationFields(layer: string, author: string, status: AnnotationStatus, note: string, source: AnnotationSource): string {
  let fields = '';
  if (layer !== SHARED_LAYER) fields += `,"annotator":${jsonStringRepeated(layer)}`;
  if (author !== layer) fields += `,"author":${jsonStringRepeated(author)}`;
  if (status !== 'proposed') fields += `,"status":${jsonStringRepeated(status)}`;
  if (note !== '') fields += `,"note":${jsonString(note)}`;
  if (source !== 'import') fields += `,"source":${jsonStringRepeated(source)}`;
  return fields;
}


/**
 * Validation of annotations against their document's text and a label
 * schema. The functions report every problem as a value and never throw for
 * bad input, so they can check data read from files or from the network.
 */
import { fragmentsProblem } from './fragments.js';
import { splitsSurrogatePair } from './offsets.js';
import { describeValue } from './value-description.js';
import type { DocumentLabels, LabelSchema, SpanAnnotation, SpanFragment } from './types.js';

/** The kinds of problem {@link validateSpans} reports. */
export type SpanErrorKind =
  | 'malformed'
  | 'not-integer'
  | 'out-of-range'
  | 'reversed'
  | 'empty'
  | 'splits-surrogate'
  | 'unknown-label'
  | 'duplicate-id'
  | 'fragments'
  | 'score';

/** What every span error says: which span, where it is in the list, and a readable message. */
interface SpanErrorBase {
  /** The span's id (as text; `""` when it has none). */
  readonly spanId: string;
  /** The span's position in the list that was validated. */
  readonly index: number;
  /** A sentence naming the span and what was expected. */
  readonly message: string;
}

/** Which offset of a span an error is about. */
export type SpanOffsetField = 'start' | 'end';

/**
 * A problem with one span of a list, as reported by {@link validateSpans}.
 * `kind` tells which; each kind carries the values a caller needs to fix it.
 */
export type SpanError =
  /** The entry is not an object, or its `id` or `label` is not a string. */
  | (SpanErrorBase & { readonly kind: 'malformed'; readonly field: 'span' | 'id' | 'label' })
  /** An offset is not an integer (a fraction, NaN, infinite, or not a number at all). */
  | (SpanErrorBase & { readonly kind: 'not-integer'; readonly field: SpanOffsetField; readonly value: unknown })
  /** An offset is negative or past the end of the text. */
  | (SpanErrorBase & { readonly kind: 'out-of-range'; readonly field: SpanOffsetField; readonly value: number; readonly textLength: number })
  /** `start` is after `end`. */
  | (SpanErrorBase & { readonly kind: 'reversed'; readonly start: number; readonly end: number })
  /** `start` equals `end`: the span covers no text. */
  | (SpanErrorBase & { readonly kind: 'empty'; readonly offset: number })
  /** An offset falls between the two UTF-16 halves of a surrogate pair (inside an emoji, say). */
  | (SpanErrorBase & { readonly kind: 'splits-surrogate'; readonly field: SpanOffsetField; readonly offset: number })
  /** The label is not a span label of the schema. */
  | (SpanErrorBase & { readonly kind: 'unknown-label'; readonly label: string })
  /** Another span earlier in the list has the same id. */
  | (SpanErrorBase & { readonly kind: 'duplicate-id'; readonly firstIndex: number })
  /**
   * The fragments break a rule of discontinuous spans (see `fragments.ts`),
   * or one of their offsets falls inside a surrogate pair; `fragment` is the
   * offending fragment's index when one is at fault.
   */
  | (SpanErrorBase & { readonly kind: 'fragments'; readonly fragment?: number })
  /** `score` is not a number from 0 to 1, or `modelVersion` is not a string. */
  | (SpanErrorBase & { readonly kind: 'score'; readonly field: 'score' | 'modelVersion'; readonly value: unknown });

function spanName(id: string, index: number): string {
  return id === '' ? `span #${index}` : `span ${JSON.stringify(id)} (#${index})`;
}

/**
 * Checks spans against their document's text and, when given, a schema:
 * integer offsets, `0 ≤ start < end ≤ text.length` (UTF-16 code units), no
 * offset inside a surrogate pair, fragments that follow the rules of
 * discontinuous spans (`fragments.ts`), a `score` from 0 to 1 and a string
 * `modelVersion` when present, labels that the schema defines and ids
 * unique in the list. Returns every problem found, in list order (an empty
 * array when all spans are valid). Never throws for bad input.
 *
 * @param text the document's plain text.
 * @param spans the spans to check.
 * @param schema when given, every span's label must be one of its span labels.
 */
export function validateSpans(text: string, spans: readonly SpanAnnotation[], schema?: LabelSchema): SpanError[] {
  const errors: SpanError[] = [];
  const labelIds = schema === undefined ? undefined : new Set(schema.labels.map((label) => label.id));
  const firstIndexOfId = new Map<string, number>();

  spans.forEach((span: unknown, index) => {
    if (typeof span !== 'object' || span === null || Array.isArray(span)) {
      errors.push({
        kind: 'malformed',
        field: 'span',
        spanId: '',
        index,
        message: `span #${index}: expected a span object with id, start, end and label, got ${describeValue(span)}`,
      });
      return;
    }
    const record = span as Record<string, unknown>;
    const rawId = record['id'];
    const spanId = typeof rawId === 'string' ? rawId : '';
    const name = spanName(spanId, index);
    if (typeof rawId !== 'string') {
      errors.push({ kind: 'malformed', field: 'id', spanId, index, message: `${name}: expected a string id, got ${describeValue(rawId)}` });
    } else {
      const first = firstIndexOfId.get(spanId);
      if (first === undefined) {
        firstIndexOfId.set(spanId, index);
      } else {
        errors.push({
          kind: 'duplicate-id',
          firstIndex: first,
          spanId,
          index,
          message: `${name}: the id is already used by span #${first}; expected ids unique within a layer`,
        });
      }
    }

    const offsets: Partial<Record<SpanOffsetField, number>> = {};
    for (const field of ['start', 'end'] as const) {
      const value = record[field];
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        errors.push({
          kind: 'not-integer',
          field,
          value,
          spanId,
          index,
          message: `${name}: ${field} is ${describeValue(value)}; expected an integer UTF-16 offset`,
        });
        continue;
      }
      if (value < 0 || value > text.length) {
        errors.push({
          kind: 'out-of-range',
          field,
          value,
          textLength: text.length,
          spanId,
          index,
          message: `${name}: ${field} ${value} is outside the text; expected 0 ≤ ${field} ≤ ${text.length} (the text's length in UTF-16 code units)`,
        });
        continue;
      }
      offsets[field] = value;
      if (splitsSurrogatePair(text, value)) {
        errors.push({
          kind: 'splits-surrogate',
          field,
          offset: value,
          spanId,
          index,
          message: `${name}: ${field} ${value} falls inside a character made of a surrogate pair (such as an emoji); expected ${value - 1} or ${value + 1}`,
        });
      }
    }
    const { start, end } = offsets;
    if (start !== undefined && end !== undefined) {
      if (start > end) {
        errors.push({ kind: 'reversed', start, end, spanId, index, message: `${name}: start ${start} is after end ${end}; expected start < end (swap them)` });
      } else if (start === end) {
        errors.push({ kind: 'empty', offset: start, spanId, index, message: `${name}: start and end are both ${start}, so it covers no text; expected start < end` });
      }
    }

    if (start !== undefined && end !== undefined && start < end) checkFragments(text, start, end, record['fragments'], spanId, index, name, errors);
    checkModelFields(record, spanId, index, name, errors);

    const label = record['label'];
    if (typeof label !== 'string') {
      errors.push({ kind: 'malformed', field: 'label', spanId, index, message: `${name}: expected a string label, got ${describeValue(label)}` });
    } else if (labelIds !== undefined && !labelIds.has(label)) {
      errors.push({
        kind: 'unknown-label',
        label,
        spanId,
        index,
        message: `${name}: the label ${JSON.stringify(label)} is not in the schema ${JSON.stringify(schema?.name ?? '')}; expected one of its span labels`,
      });
    }
  });
  return errors;
}

/** Reports fragments that break the rules, or whose offsets split a surrogate pair. */
function checkFragments(text: string, start: number, end: number, fragments: unknown, spanId: string, index: number, name: string, errors: SpanError[]): void {
  const problem = fragmentsProblem(start, end, fragments);
  if (problem !== undefined) {
    errors.push({ kind: 'fragments', ...(problem.index === undefined ? {} : { fragment: problem.index }), spanId, index, message: `${name}: ${problem.message}` });
    return;
  }
  ((fragments as readonly SpanFragment[] | undefined) ?? []).forEach((fragment, i) => {
    const split = fragment.find((offset) => splitsSurrogatePair(text, offset));
    if (split === undefined) return;
    errors.push({
      kind: 'fragments',
      fragment: i,
      spanId,
      index,
      message: `${name}: fragment ${i} has the offset ${split} inside a character made of a surrogate pair (such as an emoji); expected ${split - 1} or ${split + 1}`,
    });
  });
}

/** Reports a `score` that is not a number from 0 to 1 and a `modelVersion` that is not a string. */
function checkModelFields(record: Record<string, unknown>, spanId: string, index: number, name: string, errors: SpanError[]): void {
  const score = record['score'];
  if (score !== undefined && !(typeof score === 'number' && score >= 0 && score <= 1)) {
    errors.push({ kind: 'score', field: 'score', value: score, spanId, index, message: `${name}: score is ${describeValue(score)}; expected a number from 0 to 1` });
  }
  const modelVersion = record['modelVersion'];
  if (modelVersion !== undefined && typeof modelVersion !== 'string') {
    errors.push({ kind: 'score', field: 'modelVersion', value: modelVersion, spanId, index, message: `${name}: modelVersion is ${describeValue(modelVersion)}; expected a string` });
  }
}

/** The kinds of problem {@link validateDocumentLabels} reports. */
export type DocumentLabelErrorKind = 'unknown-group' | 'value-not-allowed' | 'several-values' | 'duplicate-value';

/**
 * A problem with a document's labels, as reported by
 * {@link validateDocumentLabels}.
 */
export type DocumentLabelError =
  /** The group is not a document-label group of the schema. */
  | { readonly kind: 'unknown-group'; readonly group: string; readonly message: string }
  /** A value is not one of the group's values (or is not a string). */
  | { readonly kind: 'value-not-allowed'; readonly group: string; readonly value: unknown; readonly message: string }
  /** A single-choice group was given more than one value. */
  | { readonly kind: 'several-values'; readonly group: string; readonly values: readonly string[]; readonly message: string }
  /** A multiple-choice group lists the same value twice. */
  | { readonly kind: 'duplicate-value'; readonly group: string; readonly value: string; readonly message: string };

/**
 * Checks a document's labels against the schema's document-label groups:
 * every group is declared, every value is one of its group's values, a
 * single-choice group has at most one value (a string or a one-element
 * array), and a multiple-choice group lists no value twice. Groups without
 * an answer are not errors (annotation may be in progress). Returns every
 * problem found; never throws for bad input.
 */
export function validateDocumentLabels(labels: DocumentLabels, schema: LabelSchema): DocumentLabelError[] {
  const errors: DocumentLabelError[] = [];
  if (typeof labels !== 'object' || labels === null) return errors;
  const groupIds = schema.documentLabels.map((group) => group.id);
  for (const [groupId, answer] of Object.entries(labels as Record<string, unknown>)) {
    const group = schema.documentLabels.find((candidate) => candidate.id === groupId);
    if (group === undefined) {
      const expected = groupIds.length === 0 ? 'the schema declares no document-label groups' : `expected one of ${groupIds.map((id) => JSON.stringify(id)).join(', ')}`;
      errors.push({ kind: 'unknown-group', group: groupId, message: `document label group ${JSON.stringify(groupId)} is not in the schema; ${expected}` });
      continue;
    }
    const values: readonly unknown[] = Array.isArray(answer) ? answer : [answer];
    const allowed = group.values.map((value) => JSON.stringify(value)).join(', ');
    const seen = new Set<string>();
    const strings: string[] = [];
    for (const value of values) {
      if (typeof value !== 'string' || !group.values.includes(value)) {
        errors.push({
          kind: 'value-not-allowed',
          group: groupId,
          value,
          message: `document label ${JSON.stringify(groupId)}: ${describeValue(value)} is not allowed; expected one of ${allowed}`,
        });
        continue;
      }
      if (seen.has(value)) {
        errors.push({ kind: 'duplicate-value', group: groupId, value, message: `document label ${JSON.stringify(groupId)}: ${JSON.stringify(value)} is listed twice; expected each value once` });
        continue;
      }
      seen.add(value);
      strings.push(value);
    }
    if (group.choice === 'single' && values.length > 1) {
      errors.push({
        kind: 'several-values',
        group: groupId,
        values: strings,
        message: `document label ${JSON.stringify(groupId)} is single-choice but has ${values.length} values; expected exactly one of ${allowed}`,
      });
    }
  }
  return errors;
}

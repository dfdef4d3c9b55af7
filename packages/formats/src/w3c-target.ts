/**
 * The target of a W3C span annotation: its two selectors written from a
 * span (one target per fragment of a discontinuous span), and read back and
 * anchored in a document's text, whose UTF-16 range it becomes.
 *
 * Reading uses the TextPositionSelector (code points) when the text there
 * still equals the TextQuoteSelector's quote, or when there is no quote;
 * otherwise the quote is looked up near the old position
 * ({@link anchorQuote}), and a quote that cannot be found any more makes an
 * `orphaned` error carrying the quote.
 * @internal
 */
import { OffsetIndex, fail, ok, spanFromRanges, spanRanges } from '@glossa/core';
import type { Result, SpanAnnotation, SpanFragment } from '@glossa/core';
import { abbreviate, asList, describeJson, isRecord } from './json-values.js';
import { anchorQuote } from './quote-anchor.js';
import type { W3CError, W3COrphanedError, W3CShapeError, W3CTextTarget } from './w3c-types.js';

/** A target as read, before it is anchored. */
export interface TextTarget {
  /** Code points, validated as non-negative integers with start < end. */
  readonly position?: { readonly start: number; readonly end: number };
  readonly quote?: { readonly exact: string; readonly prefix?: string; readonly suffix?: string };
}

/** A `shape` error: the field (as a path) and what was expected. */
export function shape(field: string, message: string): W3CShapeError {
  return { kind: 'shape', field, message };
}

/**
 * The offset index of a document's text: `given` when it was built for this
 * text, a new one when none is given.
 *
 * @throws RangeError when `given` was built for a text of another length.
 */
export function offsetIndexFor(text: string, given: OffsetIndex | undefined): OffsetIndex {
  if (given === undefined) return new OffsetIndex(text);
  if (given.utf16Length !== text.length) {
    throw new RangeError(`offsetIndex was built for a text of ${given.utf16Length} code units, not this document's ${text.length}`);
  }
  return given;
}

/**
 * The target of the UTF-16 range `[start, end)` of `text`: its position in
 * code points and its quote with up to `contextLength` code points of context
 * on each side. The range must be valid and on code point boundaries.
 */
export function writeTextTarget(text: string, index: OffsetIndex, range: { readonly start: number; readonly end: number }, source: string, contextLength: number): W3CTextTarget {
  const start = index.toCodePoint(range.start);
  const end = index.toCodePoint(range.end);
  const prefixStart = index.toUtf16(Math.max(0, start - contextLength));
  const suffixEnd = index.toUtf16(Math.min(index.codePointLength, end + contextLength));
  return {
    source,
    selector: [
      { type: 'TextPositionSelector', start, end },
      {
        type: 'TextQuoteSelector',
        exact: text.slice(range.start, range.end),
        prefix: text.slice(prefixStart, range.start),
        suffix: text.slice(range.end, suffixEnd),
      },
    ],
  };
}

/**
 * The target(s) of a span: one per range it covers (its fragments, or its
 * one range), each written by {@link writeTextTarget}; a single target for
 * a contiguous span.
 */
export function writeSpanTargets(text: string, index: OffsetIndex, span: SpanAnnotation, source: string, contextLength: number): W3CTextTarget | readonly W3CTextTarget[] {
  if (span.fragments === undefined) return writeTextTarget(text, index, span, source, contextLength);
  return spanRanges(span).map(([start, end]) => writeTextTarget(text, index, { start, end }, source, contextLength));
}

/**
 * Reads the targets of an annotation of a text span: one or more
 * SpecificResources of one document (several: the fragments of a
 * discontinuous span), each read by {@link readTextTarget}. Problems are
 * added to `errors`, each naming its field.
 */
export function readTextTargets(record: Readonly<Record<string, unknown>>, expectedSource: string | undefined, errors: W3CShapeError[]): TextTarget[] | undefined {
  const rawTarget = record['target'];
  if (!Array.isArray(rawTarget)) {
    const target = readTextTarget(rawTarget, 'target', expectedSource, errors);
    return target === undefined ? undefined : [target];
  }
  if (rawTarget.length === 0) {
    errors.push(shape('target', 'is empty; expected a SpecificResource with selectors'));
    return undefined;
  }
  const first = isRecord(rawTarget[0]) ? rawTarget[0]['source'] : undefined;
  const targets = rawTarget.map((target: unknown, i) => {
    const field = `target[${i}]`;
    const source = isRecord(target) ? target['source'] : undefined;
    if (i > 0 && typeof first === 'string' && typeof source === 'string' && source !== first) {
      errors.push(shape(`${field}.source`, `expected the same document as target[0] (${JSON.stringify(first)}), got ${JSON.stringify(source)}`));
    }
    return readTextTarget(target, field, expectedSource, errors);
  });
  return targets.every((t): t is TextTarget => t !== undefined) ? targets : undefined;
}

/**
 * Reads one target of an annotation of a text span (`field` names it): a
 * SpecificResource whose `source` is the document's IRI (`expectedSource`,
 * when given) with a TextPositionSelector, a TextQuoteSelector, or both.
 * Problems are added to `errors`, each naming its field.
 */
export function readTextTarget(target: unknown, field: string, expectedSource: string | undefined, errors: W3CShapeError[]): TextTarget | undefined {
  if (typeof target === 'string') {
    errors.push(shape(field, `is the whole document ${JSON.stringify(target)}; expected a SpecificResource with selectors (a document label is read with fromW3CDocumentLabel)`));
    return undefined;
  }
  if (!isRecord(target)) {
    errors.push(shape(field, `expected a SpecificResource with a source and selectors, got ${describeJson(target)}`));
    return undefined;
  }
  const source = target['source'];
  if (typeof source !== 'string' || source === '') {
    errors.push(shape(`${field}.source`, `expected the document's IRI as a non-empty string, got ${describeJson(source)}`));
  } else if (expectedSource !== undefined && source !== expectedSource) {
    errors.push(shape(`${field}.source`, `expected the document ${JSON.stringify(expectedSource)}, got ${JSON.stringify(source)}`));
  }

  const rawSelector = target['selector'];
  let position: TextTarget['position'];
  let quote: TextTarget['quote'];
  asList(rawSelector).forEach((selector, i) => {
    const at = Array.isArray(rawSelector) ? `${field}.selector[${i}]` : `${field}.selector`;
    if (!isRecord(selector)) errors.push(shape(at, `expected a selector object, got ${describeJson(selector)}`));
    else if (selector['type'] === 'TextPositionSelector' && position === undefined) position = readPosition(selector, at, errors);
    else if (selector['type'] === 'TextQuoteSelector' && quote === undefined) quote = readQuote(selector, at, errors);
  });
  if (position === undefined && quote === undefined) {
    if (!errors.some((e) => e.field.startsWith(`${field}.selector`))) {
      errors.push(shape(`${field}.selector`, `expected a TextPositionSelector or a TextQuoteSelector, got ${describeJson(rawSelector)}`));
    }
    return undefined;
  }
  return { ...(position === undefined ? {} : { position }), ...(quote === undefined ? {} : { quote }) };
}

function readPosition(selector: Readonly<Record<string, unknown>>, at: string, errors: W3CShapeError[]): TextTarget['position'] {
  const start = readOffset(selector['start'], `${at}.start`, errors);
  const end = readOffset(selector['end'], `${at}.end`, errors);
  if (start === undefined || end === undefined) return undefined;
  if (start > end) {
    errors.push(shape(`${at}.end`, `${end} is before start ${start}; expected start < end`));
    return undefined;
  }
  if (start === end) {
    errors.push(shape(`${at}.end`, `${end} equals start; expected start < end (a span covers at least one character)`));
    return undefined;
  }
  return { start, end };
}

function readQuote(selector: Readonly<Record<string, unknown>>, at: string, errors: W3CShapeError[]): TextTarget['quote'] {
  const exact = selector['exact'];
  const prefix = selector['prefix'];
  const suffix = selector['suffix'];
  let valid = true;
  if (typeof exact !== 'string') {
    errors.push(shape(`${at}.exact`, `expected the quoted text as a string, got ${describeJson(exact)}`));
    valid = false;
  } else if (exact === '') {
    errors.push(shape(`${at}.exact`, 'is empty; expected the quoted text (at least one character)'));
    valid = false;
  }
  for (const [name, value] of [['prefix', prefix], ['suffix', suffix]] as const) {
    if (value !== undefined && typeof value !== 'string') {
      errors.push(shape(`${at}.${name}`, `expected a string, got ${describeJson(value)}`));
      valid = false;
    }
  }
  if (!valid || typeof exact !== 'string') return undefined;
  return {
    exact,
    ...(typeof prefix === 'string' ? { prefix } : {}),
    ...(typeof suffix === 'string' ? { suffix } : {}),
  };
}

function readOffset(value: unknown, field: string, errors: W3CShapeError[]): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  errors.push(shape(field, `expected a non-negative integer (code points), got ${describeJson(value)}`));
  return undefined;
}

/**
 * Anchors the targets read with {@link readTextTargets} in a document's text
 * and gives the span they annotate, in UTF-16 code units (several targets:
 * a discontinuous span whose fragments are the targets, sorted, those that
 * touch joined): a `shape` error for a position past the end with no quote
 * to look for, an `orphaned` error when a quote is no longer in the text.
 */
export function anchorTextTarget(text: string, index: OffsetIndex, targets: readonly TextTarget[], annotation: Omit<SpanAnnotation, 'start' | 'end'>): Result<SpanAnnotation, W3CError> {
  const ranges: SpanFragment[] = [];
  for (const [i, target] of targets.entries()) {
    const field = targets.length === 1 ? 'target' : `target[${i}]`;
    const anchored = whereTargetIs(text, index, target);
    if (anchored === 'past-end') {
      const position = target.position;
      return fail([shape(`${field}.selector`, `position [${position?.start}, ${position?.end}) is past the end of the text (${index.codePointLength} code points) and there is no TextQuoteSelector to re-anchor it`)]);
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
    ranges.push([anchored.start, anchored.end]);
  }
  const extent = spanFromRanges(ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1])) as NonNullable<ReturnType<typeof spanFromRanges>>;
  const { fragments: _none, ...rest } = annotation;
  return ok({ ...rest, ...extent });
}

/** Where the target is now in UTF-16 code units; `null` when orphaned, `past-end` for a stale position without a quote. */
function whereTargetIs(text: string, index: OffsetIndex, target: TextTarget): { start: number; end: number } | null | 'past-end' {
  const { position, quote } = target;
  const positionFits = position !== undefined && position.end <= index.codePointLength;
  const utf16 = positionFits ? { start: index.toUtf16(position.start), end: index.toUtf16(position.end) } : undefined;
  if (quote === undefined) return utf16 ?? 'past-end';
  if (utf16 !== undefined && text.slice(utf16.start, utf16.end) === quote.exact) return utf16;
  const hint = position === undefined ? undefined : index.toUtf16(Math.min(position.start, index.codePointLength));
  return anchorQuote(text, { ...quote, ...(hint === undefined ? {} : { hint }) });
}

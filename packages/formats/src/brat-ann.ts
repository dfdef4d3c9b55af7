/**
 * One brat `.ann` file (brat's standoff format,
 * https://brat.nlplab.org/standoff.html), written from a layer and read
 * back into spans and relations. Offsets are code points of the `.txt`
 * file read with LF line breaks.
 *
 * - `T` lines are spans; a discontinuous span is written with its
 *   fragments (`T1\tLabel 0 5;16 23\tfirst second`, the text field being
 *   the fragments' texts joined by one space). Any piece that crosses a
 *   line break is also split there, as brat does, and on reading,
 *   fragments with only line breaks between them are joined again.
 * - `R` lines are directed relations (`R1\tLabel Arg1:T1 Arg2:T2`), `*`
 *   lines undirected ones (`*\tLabel T1 T2`), as the schema says the label
 *   is; on reading, a relation takes its label's direction. A `*` line
 *   with more than two spans is read as a chain (T1–T2, T2–T3, …), which
 *   says the same of an equivalence.
 * - `A` lines named `Status` carry statuses and `#` AnnotatorNotes lines
 *   notes, of spans and of `R` relations (a `*` line has no id to name).
 * - `E` (events), `N` (normalizations) and other attributes are skipped and
 *   counted in the import's losses.
 */
import { ANNOTATION_STATUSES, OffsetIndex, relationLabelById, spanFromRanges, spanRanges, validateRelations } from '@glossa/core';
import type { AnnotationStatus, LabelSchema, SpanFragment } from '@glossa/core';
import type { ImportContext } from './adapter.js';
import { importedSpan, isSpanLabel, spanLabelList } from './input.js';
import type { CorpusRelation, CorpusSpan, FormatIssue } from './model.js';
import type { ExportLayer } from './prepare.js';
import { describeRelation, relationsInSpanOrder } from './prepare-relations.js';
import type { LossRecorder } from './report.js';
import { recordRelationFields } from './uncarried.js';

/** The pieces of `[start, end)` between line breaks; the range itself when it holds nothing but line breaks. */
function linePieces(text: string, start: number, end: number): SpanFragment[] {
  const pieces: SpanFragment[] = [];
  let from = start;
  for (let nl = text.indexOf('\n', from); nl >= 0 && nl < end; nl = text.indexOf('\n', from)) {
    if (nl > from) pieces.push([from, nl]);
    from = nl + 1;
  }
  if (end > from) pieces.push([from, end]);
  return pieces.length === 0 ? [[start, end]] : pieces;
}

/** Whether the text between two fragments is nothing but line breaks (brat's own split of a span over lines). */
function onlyLineBreaks(text: string, from: number, to: number): boolean {
  return to > from && /^\n+$/.test(text.slice(from, to));
}

/** Whether a relation is written as directed: as its label says when the schema has it, else as the relation says. */
function writtenDirected(relation: CorpusRelation, schema: LabelSchema | undefined): boolean {
  return (schema === undefined ? undefined : relationLabelById(schema, relation.label)?.directed) ?? relation.directed;
}

/**
 * The `.ann` content of one layer (see the module comment). With `losses`,
 * records what brat loses of this layer: fragments with only line breaks
 * between them (read back as one), and the note and status of a relation
 * written as a `*` line.
 */
export function bratAnn(text: string, layer: ExportLayer, schema?: LabelSchema, losses?: { readonly document: string; readonly recorder: LossRecorder }): string {
  const index = new OffsetIndex(text);
  const tIds = new Map<string, string>();
  let out = '';
  let notes = 0;
  let attrs = 0;
  const statusAndNote = (target: string, status: AnnotationStatus, note: string): void => {
    if (status !== 'proposed') out += `A${++attrs}\tStatus ${target} ${status}\n`;
    if (note !== '') out += `#${++notes}\tAnnotatorNotes ${target}\t${note.replace(/[\t\r\n]+/g, ' ')}\n`;
  };
  layer.spans.forEach((s, i) => {
    const t = `T${i + 1}`;
    tIds.set(s.id, t);
    const ranges = spanRanges(s);
    const pieces = ranges.flatMap(([start, end]) => linePieces(text, start, end));
    const offsets = pieces.map(([a, b]) => `${index.toCodePoint(a)} ${index.toCodePoint(b)}`).join(';');
    out += `${t}\t${s.label} ${offsets}\t${pieces.map(([a, b]) => text.slice(a, b)).join(' ')}\n`;
    statusAndNote(t, s.status, s.note);
    if (losses !== undefined && ranges.some((range, k) => k > 0 && onlyLineBreaks(text, (ranges[k - 1] as SpanFragment)[1], range[0]))) {
      losses.recorder.record('fragment', { document: losses.document, layer: layer.name, span: s.id, detail: `${s.label} [${s.start},${s.end}) has fragments with only line breaks between them, which brat reads as one` });
    }
  });
  // R lines, then * lines, each in the order of their spans' T numbers: the order depends on the annotations, not on their ids.
  const number = (spanId: string): number => Number((tIds.get(spanId) as string).slice(1));
  const ordered = relationsInSpanOrder(layer)
    .map((relation) => ({ relation, directed: writtenDirected(relation, schema), from: number(relation.from), to: number(relation.to) }))
    .sort((a, b) => Number(b.directed) - Number(a.directed));
  let r = 0;
  for (const { relation, directed, from, to } of ordered) {
    if (directed) {
      const id = `R${++r}`;
      out += `${id}\t${relation.label} Arg1:T${from} Arg2:T${to}\n`;
      statusAndNote(id, relation.status ?? 'proposed', relation.note ?? '');
    } else {
      out += `*\t${relation.label} T${from} T${to}\n`;
      if (losses !== undefined) recordRelationFields(relation, { document: losses.document, layer: layer.name, relation: relation.id }, { notes: false, statuses: false }, losses.recorder);
    }
  }
  return out;
}

/** What an `.ann` file gives. */
export interface ParsedAnn {
  readonly spans: CorpusSpan[];
  readonly relations: CorpusRelation[];
}

/** A relation as read, before its ends are checked. */
interface RelationLine {
  readonly line: number;
  readonly relation: { id: string; from: string; to: string; label: string; directed: boolean; status: AnnotationStatus; note: string };
}

/** The fragments of a `T` line in UTF-16, sorted and checked, fragments with only line breaks between them joined; or the message of what is wrong. */
function readFragments(raw: string, text: string, index: OffsetIndex): { ranges: SpanFragment[] } | { field: string; message: string } {
  const ranges: SpanFragment[] = [];
  for (const fragment of raw.split(';')) {
    const [a, b] = fragment.split(' ').map(Number) as [number, number];
    if (a > b) return { field: 'offsets', message: `start ${a} is after end ${b}` };
    if (b > index.codePointLength) return { field: 'offsets', message: `end ${b} is past the end of the text (${index.codePointLength} code points)` };
    const last = ranges[ranges.length - 1];
    const start = index.toUtf16(a);
    if (last !== undefined && start < last[1]) return { field: 'offsets', message: `fragment ${fragment} overlaps or precedes the one before it: expected fragments in order, apart` };
    if (b > a) ranges.push([start, index.toUtf16(b)]);
  }
  if (ranges.length === 0) return { field: 'offsets', message: 'the annotation covers no text: expected start < end' };
  const joined: SpanFragment[] = [];
  for (const range of ranges) {
    const last = joined[joined.length - 1];
    if (last !== undefined && onlyLineBreaks(text, last[1], range[0])) joined[joined.length - 1] = [last[0], range[1]];
    else joined.push(range);
  }
  return { ranges: joined };
}

/**
 * Reads one `.ann` file of `layer` over its text (LF line breaks), with
 * brat's checks: line prefix, offsets within the text, fragment text equal
 * to the text field, known labels, unique ids, targets of `A`, `#`, `R` and
 * `*` lines; relations are checked against the schema as every importer
 * checks them. Problems go to `issues`, skipped lines to `losses`.
 */
export function parseAnn(ann: string, text: string, layer: string, file: string, document: string, ctx: ImportContext, issues: FormatIssue[], losses: LossRecorder): ParsedAnn {
  const index = new OffsetIndex(text);
  const spans = new Map<string, { start: number; end: number; fragments?: readonly SpanFragment[]; label: string; status: AnnotationStatus; note: string }>();
  const relations: RelationLine[] = [];
  const relationsById = new Map<string, RelationLine['relation']>();
  const ids = new Set<string>();
  const skip = (kind: 'event' | 'normalization' | 'attribute', line: number, data: string): void => losses.record(kind, { document, layer, detail: `${file}:${line}: ${data}` });
  ann.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (l.trim() === '') return;
    const at = (field: string | undefined, message: string): void => void issues.push({ file, line, ...(field === undefined ? {} : { field }), message });
    const [id, data, tail] = l.split('\t');
    if (id === undefined || data === undefined) return at(undefined, 'expected ID<TAB>DATA');
    if (id !== '*' && ids.has(id)) return at('id', `duplicate annotation id '${id}'`);
    ids.add(id);
    if (id.startsWith('T')) {
      const m = /^(\S+) (\d+ \d+(?:;\d+ \d+)*)$/.exec(data);
      if (m === null) return at('data', `expected 'LABEL start end[;start end…]', got '${data}'`);
      const label = m[1] as string;
      if (!isSpanLabel(ctx.schema, label)) return at('label', `unknown label '${label}': expected one of ${spanLabelList(ctx.schema)}`);
      const quote = (m[2] as string)
        .split(';')
        .map((f) => f.split(' ').map(Number) as [number, number])
        .map(([a, b]) => (b > index.codePointLength || a > b ? undefined : text.slice(index.toUtf16(a), index.toUtf16(b))));
      const read = readFragments(m[2] as string, text, index);
      if ('message' in read) return at(read.field, read.message);
      if (tail !== undefined && tail !== quote.join(' ')) return at('text', `text '${tail}' does not match the text at the offsets: '${quote.join(' ')}'`);
      const extent = spanFromRanges(read.ranges);
      if (extent !== undefined) spans.set(id, { ...extent, label, status: 'proposed', note: '' });
    } else if (id.startsWith('R') || id === '*') {
      const relationLabel = data.split(' ')[0] ?? '';
      const definition = relationLabelById(ctx.schema, relationLabel);
      if (definition === undefined) {
        const known = (ctx.schema.relationLabels ?? []).map((r) => r.id);
        return at('label', `unknown relation label '${relationLabel}': expected one of ${known.length === 0 ? '(the schema has no relation labels)' : known.join(', ')}`);
      }
      const base = { label: relationLabel, directed: definition.directed, status: 'proposed' as AnnotationStatus, note: '' };
      if (id === '*') {
        const targets = data.split(' ').slice(1);
        if (targets.length < 2 || targets.some((t) => t === '')) return at('data', `expected 'LABEL T1 T2[ T3…]', got '${data}'`);
        for (let k = 1; k < targets.length; k++) relations.push({ line, relation: { id: `*${line}.${k}`, from: targets[k - 1] as string, to: targets[k] as string, ...base } });
      } else {
        const m = /^\S+ \S+?:(\S+) \S+?:(\S+)$/.exec(data);
        if (m === null) return at('data', `expected 'LABEL Arg1:T1 Arg2:T2', got '${data}'`);
        const relation = { id, from: m[1] as string, to: m[2] as string, ...base };
        relations.push({ line, relation });
        relationsById.set(id, relation);
      }
    } else if (id.startsWith('A') || id.startsWith('M')) {
      const [name, target, value] = data.split(' ');
      const annotation = target === undefined ? undefined : (spans.get(target) ?? relationsById.get(target));
      if (annotation === undefined) return at('target', `unknown target '${target ?? ''}': expected the id of an earlier T or R line`);
      if (name !== 'Status') return skip('attribute', line, data);
      if (!ANNOTATION_STATUSES.includes(value as AnnotationStatus)) return at('value', `unknown status '${value ?? ''}': expected ${ANNOTATION_STATUSES.join(', ')}`);
      annotation.status = value as AnnotationStatus;
    } else if (id.startsWith('#')) {
      const [, target] = data.split(' ');
      const annotation = target === undefined ? undefined : (spans.get(target) ?? relationsById.get(target));
      if (annotation === undefined) return at('target', `unknown target '${target ?? ''}': expected the id of an earlier T or R line`);
      annotation.note = tail ?? '';
    } else if (id.startsWith('E')) {
      skip('event', line, data);
    } else if (id.startsWith('N')) {
      skip('normalization', line, data);
    } else {
      return at('id', `unknown annotation type '${id}': expected an id starting with T, R, E, A, M, N, # or *`);
    }
  });
  const corpusSpans = [...spans.entries()].map(([id, s]) => importedSpan({ id, ...s, layer }));
  const corpusRelations = relations.map(({ relation }): CorpusRelation => ({ ...relation, author: layer, created: 0, source: 'import', layer }));
  for (const error of validateRelations(corpusRelations, corpusSpans, ctx.schema)) {
    const relation = corpusRelations[error.index] as CorpusRelation;
    const dot = error.path.indexOf('.');
    issues.push({ file, line: (relations[error.index] as RelationLine).line, field: dot < 0 ? 'relation' : error.path.slice(dot + 1), message: `${describeRelation(relation)}: ${error.detail}` });
  }
  return { spans: corpusSpans, relations: corpusRelations };
}

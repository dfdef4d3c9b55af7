/**
 * W3C Web Annotation: one JSON-LD file (`w3c-file.ts`), or the folder form:
 * an AnnotationCollection (`annotations.jsonld`) with one AnnotationPage per
 * annotated document (`pages/page-<n>.jsonld`), and the documents' texts
 * (`texts/<doc>.txt`) the selectors point into.
 *
 * Every annotation is the mapping of `w3c-write.ts` (`toW3CAnnotation`,
 * `toW3CRelation`, `toW3CDocumentLabel`), so there is one way spans become
 * Web Annotations: a span is an Annotation with a TextPositionSelector (code
 * points) and a TextQuoteSelector (one such target per fragment of a
 * discontinuous span), a classifying body (the label), a commenting body
 * (the note, if any), its author as `creator`, its creation time, and
 * `glossa:status` / `glossa:source` (and `glossa:score` /
 * `glossa:modelVersion` for a model's span); a relation is a `linking`
 * Annotation targeting its two spans' annotations, `from` first, with
 * `glossa:directed`; a document label is an Annotation per group whose
 * target is the document itself, with `glossa:group` (and `glossa:choice:
 * "multiple"` for a list). The pages and the collection carry the
 * `@context` (the standard one plus the `glossa` prefix) for the
 * annotations they hold. A span's IRI is `<document IRI>#<layer>/<span id>`
 * and a relation's `<document IRI>#<layer>/relations/<relation id>`, which
 * is how the layer comes back on import.
 */
import { OffsetIndex, relationLabelById, validateDocumentLabels, validateRelations } from '@glossa/core';
import type { DocumentLabels } from '@glossa/core';
import type { ExportContext, ExportSink, FormatAdapter, ImportContext, ImportInput, ImportResult } from './adapter.js';
import { isFileLayout, mainFileName, runExport } from './exporter.js';
import { W3C_FILE_EXTENSION, embeddedW3cTexts, exportW3cFile } from './w3c-file.js';
import { safeFileName, splitPath } from './files.js';
import { decodeFiles, groupDocumentLabels, isSpanLabel, spanLabelList } from './input.js';
import { asList, isRecord } from './json-values.js';
import { documentLabelTime, withDocumentLabelTime } from './labeltimes.js';
import type { CorpusDocument, CorpusRelation, CorpusSpan, FormatIssue } from './model.js';
import { SHARED_LAYER, compareCorpusRelations, compareCorpusSpans } from './model.js';
import type { ExportDocument } from './prepare.js';
import { documentBase, layerAndIdFromIri, layerAndRelationFromIri, relationIri, safeDecode, spanIri } from './w3c-iri.js';
import { fromW3CAnnotation, fromW3CDocumentLabel, fromW3CRelation, isW3CRelation } from './w3c-read.js';
import { GLOSSA_W3C_CONTEXT } from './w3c-types.js';
import type { W3CAnnotation, W3CDocumentLabelAnnotation, W3CError, W3CRelationAnnotation } from './w3c-types.js';
import { toW3CAnnotation, toW3CDocumentLabel, toW3CRelation } from './w3c-write.js';

type Json = Record<string, unknown>;

/**
 * A document label as written inside a page: the JSON-LD without its
 * own `@context`, and without `created` when the corpus records no time
 * for the label.
 */
export type W3CPageDocumentLabel = Omit<W3CDocumentLabelAnnotation, '@context' | 'created'> & { readonly created?: string };

/** An annotation as written inside a page: the JSON-LD without its own `@context` (the page has it). */
export type W3CPageItem = Omit<W3CAnnotation, '@context'> | Omit<W3CRelationAnnotation, '@context'> | W3CPageDocumentLabel;

/**
 * The annotations of one document, every layer: its spans, its relations,
 * then one annotation per document-label group (author: the layer; groups
 * in alphabetical order). A document label's `created` is the time the
 * document's metadata records for it (`documentLabelTimes` in `meta`); without
 * one it is left out rather than written as the epoch.
 */
export function w3cAnnotations(doc: ExportDocument, source: string): W3CPageItem[] {
  const offsetIndex = new OffsetIndex(doc.text);
  const text = { id: doc.id, text: doc.text };
  const out: W3CPageItem[] = [];
  for (const layer of doc.layers) {
    const annotationIri = (span: { id: string }): string => spanIri(source, layer.name, span.id);
    for (const span of layer.spans) out.push(withoutContext(toW3CAnnotation(span, text, { source, offsetIndex, annotationIri })));
    for (const r of layer.relations) {
      const ends = { id: relationIri(source, layer.name, r.id), from: spanIri(source, layer.name, r.from), to: spanIri(source, layer.name, r.to) };
      out.push(withoutContext(toW3CRelation(r, { ...ends, defaultAuthor: layer.name })));
    }
    for (const group of Object.keys(layer.labels).sort()) {
      const value = layer.labels[group] as string | readonly string[];
      const created = documentLabelTime(doc.meta, layer.name, group);
      const { '@context': _context, created: written, ...label } = toW3CDocumentLabel({ group, value, author: layer.name, created: created ?? 0 }, { source });
      out.push(created === undefined ? label : { ...label, created: written });
    }
  }
  return out;
}

function withoutContext<T extends { '@context': unknown }>(annotation: T): Omit<T, '@context'> {
  const { '@context': _context, ...rest } = annotation;
  return rest;
}

async function exportW3c(docs: AsyncIterable<CorpusDocument>, ctx: ExportContext, sink: ExportSink) {
  if (isFileLayout(ctx)) return exportW3cFile(docs, ctx, sink, w3cAnnotations);
  const base = documentBase(ctx);
  const collection = `${base}annotations`;
  const pageId = (n: number): string => `${collection}/page/${n}`;
  return runExport('w3c', docs, ctx, sink, async (documents, run) => {
    let pending: Json | undefined;
    let pages = 0;
    let total = 0;
    const writePage = async (page: Json): Promise<void> => {
      await run.sink.writeFile(`pages/page-${String(page['startPage']).padStart(5, '0')}.jsonld`, `${JSON.stringify({ ...page, startPage: undefined })}\n`);
    };
    for await (const doc of documents) {
      await run.sink.writeFile(`texts/${safeFileName(doc.id)}.txt`, doc.text);
      const items = w3cAnnotations(doc, `${base}${encodeURIComponent(doc.id)}`);
      if (items.length === 0) continue;
      pages++;
      if (pending !== undefined) {
        pending['next'] = pageId(pages);
        await writePage(pending);
      }
      pending = { '@context': GLOSSA_W3C_CONTEXT, id: pageId(pages), type: 'AnnotationPage', partOf: collection, startIndex: total, startPage: pages, ...(pages > 1 ? { prev: pageId(pages - 1) } : {}), items };
      total += items.length;
    }
    if (pending !== undefined) await writePage(pending);
    const head: Json = { '@context': GLOSSA_W3C_CONTEXT, id: collection, type: 'AnnotationCollection', label: `${ctx.project ?? 'project'} annotations`, total };
    if (pages > 0) Object.assign(head, { first: pageId(1), last: pageId(pages) });
    await run.sink.writeFile('annotations.jsonld', `${JSON.stringify(head)}\n`);
  });
}

/** A document being read: its text, an offset index built on first use, its spans, document labels and the times they were chosen. */
interface DocumentInProgress {
  readonly text: string;
  offsetIndex?: OffsetIndex;
  readonly spans: CorpusSpan[];
  readonly relations: CorpusRelation[];
  /** Where each relation was read, for the messages about it. */
  readonly relationPlaces: { readonly path: string; readonly record: string | number }[];
  readonly labels: Record<string, Record<string, string | readonly string[]>>;
  readonly labelTimes: { readonly layer: string; readonly group: string; readonly time: number }[];
}

/** A `linking` annotation, read once every span annotation is known. */
interface LinkingItem {
  readonly path: string;
  readonly record: string | number;
  readonly json: Readonly<Record<string, unknown>>;
}

/** A span read, by its annotation's IRI: its document, the document's IRI, and the span. */
interface ReadSpan {
  readonly docId: string;
  readonly source: string;
  readonly span: CorpusSpan;
}

/**
 * Reads a relation (a `linking` annotation) into its document: its two
 * targets must be span annotations of one document and one layer; its
 * label a relation label of the schema; without `glossa:directed` it takes
 * its label's direction. Its id comes from a relation IRI
 * (`<document>#<layer>/relations/<id>`), otherwise it is the IRI.
 */
function readRelation(item: LinkingItem, spans: ReadonlyMap<string, ReadSpan>, docs: ReadonlyMap<string, DocumentInProgress>, ctx: ImportContext, issues: FormatIssue[]): void {
  const at = (field: string, message: string): void => void issues.push({ file: item.path, record: item.record, field, message });
  const read = fromW3CRelation(item.json, { defaultAuthor: ctx.layer ?? SHARED_LAYER });
  if (!read.ok) return read.errors.forEach((e) => at(e.field, e.message));
  const relation = read.value;
  const from = spans.get(relation.from);
  const to = spans.get(relation.to);
  if (from === undefined || to === undefined) return at(`target[${from === undefined ? 0 : 1}]`, `${from === undefined ? relation.from : relation.to} is no span annotation of the import: expected the IRI of one`);
  if (from.docId !== to.docId || from.span.layer !== to.span.layer) return at('target', 'the two spans are in different documents or layers: expected a relation within one layer of one document');
  const definition = relationLabelById(ctx.schema, relation.label);
  if (definition === undefined) {
    const known = (ctx.schema.relationLabels ?? []).map((l) => l.id);
    return at('body.value', `unknown relation label '${relation.label}': expected one of ${known.length === 0 ? '(the schema has no relation labels)' : known.join(', ')}`);
  }
  const doc = docs.get(from.docId) as DocumentInProgress;
  const named = layerAndRelationFromIri(item.json['id'] as string, from.source);
  doc.relations.push({
    id: named?.id ?? relation.id,
    from: from.span.id,
    to: to.span.id,
    label: relation.label,
    directed: relation.directed ?? definition.directed,
    author: relation.author,
    status: relation.status,
    note: relation.note,
    created: relation.created,
    source: relation.source,
    layer: from.span.layer,
  });
  doc.relationPlaces.push({ path: item.path, record: item.record });
}

/** The classifying values of a document label written by another tool (bodies with purpose `classifying` or none). */
function foreignLabelValues(annotation: Json): string[] | undefined {
  const values = asList(annotation['body'])
    .filter(isRecord)
    .filter((b) => b['purpose'] === 'classifying' || b['purpose'] === undefined)
    .map((b) => b['value']);
  return values.length > 0 && values.every((v): v is string => typeof v === 'string' && v !== '') ? values : undefined;
}

/** The groups of a document label without `glossa:group`: each value must belong to exactly one of the schema's groups. */
function groupForeignLabel(annotation: Json, ctx: ImportContext): { labels: DocumentLabels } | { error: string } {
  const values = foreignLabelValues(annotation);
  if (values === undefined) return { error: 'expected a classifying TextualBody with a string value' };
  return groupDocumentLabels(ctx.schema, values, 'glossa:group');
}

/** The annotation as core reads a document label of one group: `glossa:group`, the choice, and one classifying body per value. */
function foreignLabelOfGroup(annotation: Json, group: string, value: string | readonly string[]): Json {
  const values = typeof value === 'string' ? [value] : value;
  return {
    ...annotation,
    'glossa:group': group,
    'glossa:choice': typeof value === 'string' ? 'single' : 'multiple',
    body: values.map((v) => ({ type: 'TextualBody', purpose: 'classifying', value: v })),
  };
}

/**
 * Reads a W3C export: `texts/<doc>.txt` (or the `glossa:texts` of a
 * one-file export) give the documents; every
 * `.jsonld`/`.json` file holding an AnnotationPage (or a collection with an
 * embedded first page, or a single Annotation) gives annotations, read with
 * `fromW3CAnnotation` / `fromW3CDocumentLabel`. A target's document
 * is the last `:`- or `/`-separated segment of its source IRI. A target
 * whose text at the position differs from its quote is re-anchored by the
 * quote; several targets are the fragments of one discontinuous span. A
 * `linking` annotation is a relation between the two span annotations it
 * targets (see `readRelation`). The layer of a span is the `<layer>` of an IRI
 * `<source>#<layer>/<span id>`, otherwise its creator; the layer of a
 * document label is its creator. Checks: known labels and document-label
 * values, a quote that can still be found, positions within the text,
 * unique annotation ids, a text for every source.
 */
async function importW3c(input: ImportInput, ctx: ImportContext): Promise<ImportResult> {
  const issues: FormatIssue[] = [];
  const texts = new Map<string, string>();
  const pages: { path: string; json: unknown }[] = [];
  const readable = input.files.filter((f) => ['.txt', '.jsonld', '.json'].includes(splitPath(f.path).ext));
  for (const { file, text: content } of decodeFiles(readable, ctx, issues)) {
    const { ext, stem } = splitPath(file.path);
    if (ext === '.txt') texts.set(stem, content);
    else {
      try {
        const json: unknown = JSON.parse(content);
        for (const [doc, text] of embeddedW3cTexts(json)) texts.set(doc, text);
        pages.push({ path: file.path, json });
      } catch (e) {
        issues.push({ file: file.path, message: `not valid JSON (${(e as Error).message}): expected JSON-LD` });
      }
    }
  }
  const docs = new Map<string, DocumentInProgress>();
  const ids = new Set<string>();
  const defaultAuthor = ctx.layer ?? SHARED_LAYER;
  const linking: LinkingItem[] = [];
  const spansByIri = new Map<string, ReadSpan>();
  for (const { path, json } of pages) {
    const items = isRecord(json) && json['type'] === 'AnnotationPage' ? asList(json['items']) : isRecord(json) && json['type'] === 'Annotation' ? [json] : isRecord(json) && isRecord(json['first']) ? asList(json['first']['items']) : [];
    items.forEach((a: unknown, i) => {
      const record = isRecord(a) && typeof a['id'] === 'string' ? a['id'] : i;
      const at = (field: string, message: string): void => void issues.push({ file: path, record, ...(field === '' ? {} : { field }), message });
      const fail = (errors: readonly W3CError[]): void => errors.forEach((e) => at(e.field, e.message));
      if (!isRecord(a) || a['type'] !== 'Annotation') return at('type', 'expected an Annotation');
      if (typeof a['id'] !== 'string') return at('id', 'expected an IRI');
      if (ids.has(a['id'])) return at('id', 'duplicate annotation id');
      ids.add(a['id']);
      if (isW3CRelation(a)) return void linking.push({ path, record, json: a });
      const target = Array.isArray(a['target']) ? (a['target'][0] as unknown) : a['target'];
      const source = typeof target === 'string' ? target : isRecord(target) && typeof target['source'] === 'string' ? target['source'] : undefined;
      if (source === undefined) return at('target', 'expected a target with a source IRI');
      const docId = safeDecode(source.split(/[:/]/).pop() ?? '');
      const text = texts.get(safeFileName(docId));
      if (text === undefined) return at('target.source', `no text for document '${docId}': expected texts/${safeFileName(docId)}.txt`);
      let doc = docs.get(docId);
      if (doc === undefined) docs.set(docId, (doc = { text, spans: [], relations: [], relationPlaces: [], labels: {}, labelTimes: [] }));

      if (typeof target === 'string' || (isRecord(target) && target['selector'] === undefined)) {
        const grouped = a['glossa:group'] === undefined ? groupForeignLabel(a, ctx) : undefined;
        if (grouped !== undefined && 'error' in grouped) return at('body', grouped.error);
        // A label of another tool names no group: read it once per group its values belong to.
        const readings = grouped === undefined ? [a] : Object.entries(grouped.labels).map(([group, value]) => foreignLabelOfGroup(a, group, value));
        for (const reading of readings) {
          const read = fromW3CDocumentLabel(reading, { defaultAuthor });
          if (!read.ok) return fail(read.errors);
          const { group, value, author } = read.value;
          const errors = validateDocumentLabels({ [group]: value }, ctx.schema);
          if (errors.length > 0) return errors.forEach((e) => at('glossa:group', e.message));
          doc.labels[author] = { ...doc.labels[author], [group]: value };
          if (a['created'] !== undefined) doc.labelTimes.push({ layer: author, group, time: read.value.created });
        }
        return;
      }
      doc.offsetIndex ??= new OffsetIndex(doc.text);
      const read = fromW3CAnnotation(a, { id: docId, text: doc.text }, { defaultAuthor, offsetIndex: doc.offsetIndex });
      if (!read.ok) return fail(read.errors);
      const span = read.value;
      if (!isSpanLabel(ctx.schema, span.label)) return at('body.value', `unknown label '${span.label}': expected one of ${spanLabelList(ctx.schema)}`);
      const named = layerAndIdFromIri(a['id'], source);
      const corpusSpan = { ...span, id: named?.id ?? span.id, layer: named?.layer ?? span.author };
      doc.spans.push(corpusSpan);
      spansByIri.set(a['id'], { docId, source, span: corpusSpan });
    });
  }
  for (const item of linking) readRelation(item, spansByIri, docs, ctx, issues);
  for (const [id, doc] of docs) {
    for (const error of validateRelations(doc.relations, doc.spans, ctx.schema)) {
      const place = doc.relationPlaces[error.index] as { path: string; record: string | number };
      issues.push({ file: place.path, record: place.record, field: 'target', message: `document '${id}': ${error.detail}` });
    }
  }
  if (issues.length > 0) return { ok: false, errors: issues };
  const documents = [...texts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, text]) => {
      const d = docs.get(id);
      let meta: Record<string, unknown> = {};
      for (const { layer, group, time } of d?.labelTimes ?? []) meta = withDocumentLabelTime(meta, layer, group, time);
      const relations = (d?.relations ?? []).sort(compareCorpusRelations);
      return { id, text, spans: (d?.spans ?? []).sort(compareCorpusSpans), ...(relations.length === 0 ? {} : { relations }), labels: d?.labels ?? {}, meta };
    });
  return { ok: true, value: documents };
}

/** W3C Web Annotation collection: one JSON-LD file, or the folder form with a file per page and the texts beside. */
export const w3cFormat: FormatAdapter = {
  name: 'w3c',
  description: 'W3C Web Annotation JSON-LD: AnnotationCollection and pages, TextPositionSelector (code points) + TextQuoteSelector, linking annotations for relations, texts beside',
  consumers: 'Web Annotation clients (Recogito text-annotator, Hypothesis-style tools), JSON-LD/RDF toolchains (jsonld, rdflib)',
  kind: 'file',
  extension: W3C_FILE_EXTENSION,
  singleFile: (ctx) => (isFileLayout(ctx) ? mainFileName(ctx, W3C_FILE_EXTENSION) : undefined),
  export: exportW3c,
  import: importW3c,
};

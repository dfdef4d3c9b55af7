/**
 * W3C Web Annotation: an AnnotationCollection (`annotations.jsonld`) with one
 * AnnotationPage per annotated document (`pages/page-<n>.jsonld`), and the
 * documents' texts (`texts/<doc>.txt`) the selectors point into. Every span
 * is an Annotation with a TextPositionSelector (code points) and a
 * TextQuoteSelector, a classifying body, its creator and creation time;
 * notes are commenting bodies, non-default statuses assessing bodies;
 * document labels are annotations whose target is the document itself.
 */
import { OffsetIndex, ANNOTATION_STATUSES } from '@glossa/core';
import type { AnnotationStatus } from '@glossa/core';
import type { ExportContext, ExportSink, FormatAdapter, ImportContext, ImportInput, ImportResult } from './adapter.js';
import { runExport } from './exporter.js';
import { safeFileName, splitPath } from './files.js';
import { decodeFile, flattenDocumentLabels, groupDocumentLabels, importedSpan, isSpanLabel, spanLabelList } from './input.js';
import type { CorpusDocument, CorpusSpan, FormatIssue } from './model.js';
import { compareCorpusSpans } from './model.js';
import type { ExportDocument } from './prepare.js';

/** The W3C Web Annotation JSON-LD context IRI. */
export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** Code points of context kept in TextQuoteSelector prefix and suffix. */
export const QUOTE_CONTEXT = 32;

type Json = Record<string, unknown>;

/** The IRI prefix of documents: `baseUrl`, or `urn:glossa:<project>:`. */
export function documentBase(ctx: Pick<ExportContext, 'baseUrl' | 'project'>): string {
  return ctx.baseUrl ?? `urn:glossa:${encodeURIComponent(ctx.project ?? 'project')}:`;
}

/** The annotations of one document: its spans and document labels, every layer. */
export function w3cAnnotations(doc: ExportDocument, source: string): Json[] {
  const index = new OffsetIndex(doc.text);
  const cps = Array.from(doc.text);
  const out: Json[] = [];
  for (const layer of doc.layers) {
    const creator = { id: `urn:glossa:annotator:${encodeURIComponent(layer.name)}`, type: 'Person', nickname: layer.name };
    for (const s of layer.spans) {
      const start = index.toCodePoint(s.start);
      const end = index.toCodePoint(s.end);
      const body: Json[] = [{ type: 'TextualBody', purpose: 'classifying', value: s.label }];
      if (s.note !== '') body.push({ type: 'TextualBody', purpose: 'commenting', value: s.note });
      if (s.status !== 'proposed') body.push({ type: 'TextualBody', purpose: 'assessing', value: s.status });
      out.push({
        id: `${source}#${encodeURIComponent(layer.name)}/${encodeURIComponent(s.id)}`,
        type: 'Annotation',
        motivation: 'classifying',
        creator,
        created: new Date(s.created).toISOString(),
        body: body.length === 1 ? body[0] : body,
        target: {
          source,
          selector: [
            { type: 'TextPositionSelector', start, end },
            {
              type: 'TextQuoteSelector',
              exact: doc.text.slice(s.start, s.end),
              prefix: cps.slice(Math.max(0, start - QUOTE_CONTEXT), start).join(''),
              suffix: cps.slice(end, end + QUOTE_CONTEXT).join(''),
            },
          ],
        },
      });
    }
    const values = flattenDocumentLabels(layer.labels);
    if (values.length > 0) {
      const body = values.map((v) => ({ type: 'TextualBody', purpose: 'classifying', value: v }));
      out.push({ id: `${source}#${encodeURIComponent(layer.name)}/labels`, type: 'Annotation', motivation: 'classifying', creator, body: body.length === 1 ? body[0] : body, target: source });
    }
  }
  return out;
}

async function exportW3c(docs: AsyncIterable<CorpusDocument>, ctx: ExportContext, sink: ExportSink) {
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
      pending = { '@context': ANNO_CONTEXT, id: pageId(pages), type: 'AnnotationPage', partOf: collection, startIndex: total, startPage: pages, ...(pages > 1 ? { prev: pageId(pages - 1) } : {}), items };
      total += items.length;
    }
    if (pending !== undefined) await writePage(pending);
    const head: Json = { '@context': ANNO_CONTEXT, id: collection, type: 'AnnotationCollection', label: `${ctx.project ?? 'project'} annotations`, total };
    if (pages > 0) Object.assign(head, { first: pageId(1), last: pageId(pages) });
    await run.sink.writeFile('annotations.jsonld', `${JSON.stringify(head)}\n`);
  });
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Reads a W3C export: `texts/<doc>.txt` give the documents; every
 * `.jsonld`/`.json` file holding an AnnotationPage (or a collection with an
 * embedded first page, or a single Annotation) gives annotations. A target's
 * document is the last `:`- or `/`-separated segment of its source IRI.
 * Checks: known labels, positions within the text, exact quote equal to the
 * text at the position, unique annotation ids, a text for every source.
 */
async function importW3c(input: ImportInput, ctx: ImportContext): Promise<ImportResult> {
  const issues: FormatIssue[] = [];
  const texts = new Map<string, string>();
  const pages: { path: string; json: unknown }[] = [];
  for (const file of input.files) {
    const { ext, stem } = splitPath(file.path);
    if (ext !== '.txt' && ext !== '.jsonld' && ext !== '.json') continue;
    const decoded = decodeFile(file, ctx);
    if ('issue' in decoded) {
      issues.push(decoded.issue);
      continue;
    }
    if (ext === '.txt') texts.set(stem, decoded.text);
    else {
      try {
        pages.push({ path: file.path, json: JSON.parse(decoded.text) });
      } catch (e) {
        issues.push({ file: file.path, message: `not valid JSON (${(e as Error).message}): expected JSON-LD` });
      }
    }
  }
  const docs = new Map<string, { spans: CorpusSpan[]; labels: Record<string, Record<string, string | readonly string[]>> }>();
  const ids = new Set<string>();
  for (const { path, json } of pages) {
    const items = isObject(json) && json['type'] === 'AnnotationPage' ? asArray(json['items']) : isObject(json) && json['type'] === 'Annotation' ? [json] : isObject(json) && isObject(json['first']) ? asArray(json['first']['items']) : [];
    items.forEach((a: unknown, i) => {
      const at = (field: string, message: string): void => void issues.push({ file: path, record: isObject(a) && typeof a['id'] === 'string' ? a['id'] : i, field, message });
      if (!isObject(a) || a['type'] !== 'Annotation') return at('type', 'expected an Annotation');
      if (typeof a['id'] !== 'string') return at('id', 'expected an IRI');
      if (ids.has(a['id'])) return at('id', 'duplicate annotation id');
      ids.add(a['id']);
      const creator = a['creator'];
      const layer = isObject(creator) && typeof creator['nickname'] === 'string' ? creator['nickname'] : (ctx.layer ?? 'shared');
      const bodies = asArray(a['body']).filter(isObject);
      const classes = bodies.filter((b) => b['purpose'] === 'classifying' || b['purpose'] === undefined).map((b) => b['value']);
      if (classes.length === 0 || !classes.every((c) => typeof c === 'string')) return at('body', 'expected a classifying TextualBody with a string value');
      const target = a['target'];
      const source = typeof target === 'string' ? target : isObject(target) && typeof target['source'] === 'string' ? target['source'] : undefined;
      if (source === undefined) return at('target', 'expected a target with a source IRI');
      const docId = decodeURIComponent(source.split(/[:/]/).pop() ?? '');
      const text = texts.get(safeFileName(docId));
      if (text === undefined) return at('target.source', `no text for document '${docId}': expected texts/${safeFileName(docId)}.txt`);
      const doc = docs.get(docId) ?? { spans: [], labels: {} };
      docs.set(docId, doc);
      if (typeof target === 'string') {
        const grouped = groupDocumentLabels(ctx.schema, classes as string[]);
        if ('error' in grouped) return at('body', grouped.error);
        doc.labels[layer] = grouped.labels;
        return;
      }
      const selectors = asArray((target as Json)['selector']).filter(isObject);
      const position = selectors.find((s) => s['type'] === 'TextPositionSelector');
      const quote = selectors.find((s) => s['type'] === 'TextQuoteSelector');
      if (position === undefined) return at('target.selector', 'expected a TextPositionSelector');
      const { start, end } = position;
      if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (start as number) >= (end as number)) return at('target.selector.start', 'expected integers 0 ≤ start < end');
      const index = new OffsetIndex(text);
      if ((end as number) > index.codePointLength) return at('target.selector.end', `end ${String(end)} is past the end of the text (${index.codePointLength} code points)`);
      const u0 = index.toUtf16(start as number);
      const u1 = index.toUtf16(end as number);
      if (quote !== undefined && quote['exact'] !== text.slice(u0, u1)) return at('target.selector.exact', `quote '${String(quote['exact'])}' does not match the text at [${String(start)}, ${String(end)}): '${text.slice(u0, u1)}'`);
      const label = classes[0] as string;
      if (!isSpanLabel(ctx.schema, label)) return at('body.value', `unknown label '${label}': expected one of ${spanLabelList(ctx.schema)}`);
      const note = bodies.filter((b) => b['purpose'] === 'commenting').map((b) => String(b['value'])).join('\n');
      const status = bodies.find((b) => b['purpose'] === 'assessing')?.['value'];
      if (status !== undefined && !ANNOTATION_STATUSES.includes(status as AnnotationStatus)) return at('body', `unknown status '${String(status)}': expected ${ANNOTATION_STATUSES.join(', ')}`);
      const created = typeof a['created'] === 'string' ? Date.parse(a['created']) : 0;
      const spanId = decodeURIComponent(a['id'].split('/').pop() ?? a['id']);
      doc.spans.push(importedSpan({ id: spanId, start: u0, end: u1, label, layer, note, status: (status as AnnotationStatus | undefined) ?? 'proposed', created: Number.isNaN(created) ? 0 : created }));
    });
  }
  if (issues.length > 0) return { ok: false, errors: issues };
  const documents = [...texts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, text]) => {
      const d = docs.get(id) ?? { spans: [], labels: {} };
      return { id, text, spans: d.spans.sort(compareCorpusSpans), labels: d.labels, meta: {} };
    });
  return { ok: true, value: documents };
}

/** W3C Web Annotation collection. */
export const w3cFormat: FormatAdapter = {
  name: 'w3c',
  description: 'W3C Web Annotation JSON-LD: AnnotationCollection and pages, TextPositionSelector (code points) + TextQuoteSelector, texts beside',
  consumers: 'Web Annotation clients (Recogito text-annotator, Hypothesis-style tools), JSON-LD/RDF toolchains (jsonld, rdflib)',
  kind: 'folder',
  export: exportW3c,
  import: importW3c,
};

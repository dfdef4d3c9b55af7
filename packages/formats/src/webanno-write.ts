/**
 * Writing one document layer as WebAnno TSV 3.3: tokens and sentences from
 * the tokenizer, the span layer with `[N]` ids on multi-token and stacked
 * spans, and, when the layer has relations, a relation layer whose columns
 * name each relation's governor (FORMATS.md §9).
 */
import type { LabelSchema } from '@glossa/core';
import type { CorpusSpan } from './model.js';
import type { ExportDocument, ExportLayer } from './prepare.js';
import { describeRelation, relationsInSpanOrder } from './prepare-relations.js';
import type { LossRecorder } from './report.js';
import { splitSentences } from './sentences.js';
import { alignSpan } from './tagging.js';
import { tokenize } from './tokenizer.js';
import { recordDirectionsFromSchema, recordUncarried, SPANS_AND_RELATIONS } from './uncarried.js';
import { escapeTsv, WEBANNO_LAYER, WEBANNO_RELATION_LAYER } from './webanno-tsv.js';

/** A span as written: its tokens `[first, last)` and its disambiguation id (0 when it needs none). */
interface WrittenSpan {
  readonly first: number;
  readonly last: number;
  readonly label: string;
  readonly n: number;
}

/**
 * The TSV of one document layer. With `schema`, a relation whose
 * direction differs from its label's is recorded (TSV relations always go
 * from governor to dependent).
 */
export function webannoTsv(doc: Pick<ExportDocument, 'id' | 'text'>, layer: ExportLayer, losses: LossRecorder, schema?: LabelSchema): string {
  recordUncarried(doc.id, layer, SPANS_AND_RELATIONS, losses);
  if (schema !== undefined) recordDirectionsFromSchema(doc.id, layer, schema, losses);
  const tokens = tokenize(doc.text);
  const perToken: WrittenSpan[][] = tokens.map(() => []);
  const aligned: { span: CorpusSpan; first: number; last: number }[] = [];
  for (const s of layer.spans) {
    const a = alignSpan(tokens, s, { document: doc.id, layer: layer.name }, losses);
    if (a !== undefined) aligned.push({ span: s, first: a.first, last: a.last });
  }
  const stacked = (c: { first: number; last: number }): boolean => aligned.some((o) => o !== c && o.first < c.last && c.first < o.last);
  const written = new Map<string, WrittenSpan>();
  let next = 1;
  for (const c of aligned) {
    const w = { first: c.first, last: c.last, label: c.span.label, n: c.last - c.first > 1 || stacked(c) ? next++ : 0 };
    written.set(c.span.id, w);
    for (let i = c.first; i < c.last; i++) (perToken[i] as WrittenSpan[]).push(w);
  }
  const sentences = splitSentences(doc.text, tokens);
  const address: string[] = [];
  sentences.forEach((sentence, si) => {
    for (let i = sentence.first; i < sentence.last; i++) address[i] = `${si + 1}-${i - sentence.first + 1}`;
  });
  const relationCells = layer.relations.length === 0 ? undefined : webannoRelationCells(layer, written, perToken, address, doc.id, losses);
  let out = `#FORMAT=WebAnno TSV 3.3\n#T_SP=${WEBANNO_LAYER}\n${relationCells === undefined ? '' : `#T_RL=${WEBANNO_RELATION_LAYER}\n`}\n\n`;
  sentences.forEach((sentence) => {
    const first = tokens[sentence.first] as { start: number };
    const last = tokens[sentence.last - 1] as { end: number };
    out += `#Text=${escapeTsv(doc.text.slice(first.start, last.end))}\n`;
    for (let i = sentence.first; i < sentence.last; i++) {
      const t = tokens[i] as { start: number; end: number; text: string };
      const anns = perToken[i] as WrittenSpan[];
      const value = anns.length === 0 ? '_' : anns.map((a) => `${escapeTsv(a.label)}${a.n === 0 ? '' : `[${a.n}]`}`).join('|');
      out += `${address[i]}\t${t.start}-${t.end}\t${escapeTsv(t.text)}\t${value}${relationCells === undefined ? '' : `\t${relationCells[i]}`}\n`;
    }
    out += '\n';
  });
  return out;
}

/**
 * The relation columns of every token row (`label<TAB>governor`, `_<TAB>_`
 * on rows without one): a relation is written on the first token of its
 * dependent (`to`) and names the first token of its governor (`from`),
 * with `[governor id_dependent id]` when a row holds several spans (0 for
 * the end that needs no id); several relations on a row are joined by `|`.
 * A relation whose end spans no token is recorded as dangling.
 */
function webannoRelationCells(
  layer: ExportLayer,
  written: ReadonlyMap<string, WrittenSpan>,
  perToken: readonly (readonly WrittenSpan[])[],
  address: readonly string[],
  document: string,
  losses: LossRecorder,
): string[] {
  const rows: { labels: string[]; governors: string[] }[] = perToken.map(() => ({ labels: [], governors: [] }));
  for (const r of relationsInSpanOrder(layer)) {
    const from = written.get(r.from);
    const to = written.get(r.to);
    if (from === undefined || to === undefined) {
      losses.record('dangling-relation', { document, layer: layer.name, relation: r.id, detail: `${describeRelation(r)}: an end covers no token of the TSV` });
      continue;
    }
    const ambiguous = (perToken[from.first] as WrittenSpan[]).length > 1 || (perToken[to.first] as WrittenSpan[]).length > 1;
    const ids = ambiguous ? `[${(perToken[from.first] as WrittenSpan[]).length > 1 ? from.n : 0}_${(perToken[to.first] as WrittenSpan[]).length > 1 ? to.n : 0}]` : '';
    const row = rows[to.first] as { labels: string[]; governors: string[] };
    row.labels.push(escapeTsv(r.label));
    row.governors.push(`${address[from.first] as string}${ids}`);
  }
  return rows.map((row) => (row.labels.length === 0 ? '_\t_' : `${row.labels.join('|')}\t${row.governors.join('|')}`));
}


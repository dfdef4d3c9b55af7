/**
 * Label Studio JSON tasks: one `annotations[]` entry per annotator, results
 * of type `labels` (code point offsets, notes as region `meta.text`, a
 * model's score as the result's `score`, `origin: "prediction"` for a
 * model's span, and the model's name and version in `predictions[]`, see
 * `labelstudio-predictions.ts`), `relation` (`from_id` and `to_id` the regions' ids,
 * `direction` `right` for a directed relation and `bi` for an undirected
 * one, the label in `labels`) and `choices` (one per document-label group),
 * with the labeling config XML written beside the tasks. Label Studio has
 * no discontinuous spans: a span's fragments are lost (its covering span is
 * written).
 */
import { isModelSource, OffsetIndex, relationLabelById, validateRelations } from '@glossa/core';
import type { LabelSchema } from '@glossa/core';
import type { ExportContext, ExportSink, FormatAdapter, ImportContext, ImportInput, ImportResult } from './adapter.js';
import { isFileLayout, mainFileName, runExport, sidecarName } from './exporter.js';
import { decodeFiles, importResult, groupDocumentLabels, importedSpan, isSpanLabel, spanLabelList } from './input.js';
import type { CorpusDocument, CorpusRelation, CorpusSpan, FormatIssue } from './model.js';
import { compareCorpusRelations, compareCorpusSpans } from './model.js';
import { exportedLabels } from './prepare.js';
import type { ExportDocument } from './prepare.js';
import { relationsInSpanOrder } from './prepare-relations.js';
import type { LossRecorder } from './report.js';
import { predictedKey, readPredictions, taskPredictions } from './labelstudio-predictions.js';
import { recordUncarried } from './uncarried.js';

const EXTENSION = '.json';

function xml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The labeling config: a Labels control `label`, the schema's relation labels, the Text `text`, a Choices control per document-label group. */
export function labelStudioConfig(schema: LabelSchema, labels: readonly string[]): string {
  const lines = ['<View>', '  <Labels name="label" toName="text">'];
  for (const id of labels) {
    const l = schema.labels.find((x) => x.id === id);
    lines.push(`    <Label value="${xml(id)}"${l === undefined ? '' : ` background="${xml(l.color)}" hint="${xml(l.description)}"`}/>`);
  }
  lines.push('  </Labels>');
  if ((schema.relationLabels ?? []).length > 0) {
    lines.push('  <Relations>');
    for (const r of schema.relationLabels ?? []) lines.push(`    <Relation value="${xml(r.id)}" background="${xml(r.color)}"/>`);
    lines.push('  </Relations>');
  }
  lines.push('  <Text name="text" value="$text"/>');
  for (const g of schema.documentLabels) {
    lines.push(`  <Choices name="${xml(g.id)}" toName="text" choice="${g.choice}">`);
    for (const v of g.values) lines.push(`    <Choice value="${xml(v)}"/>`);
    lines.push('  </Choices>');
  }
  lines.push('</View>', '');
  return lines.join('\n');
}

/** What Label Studio tasks carry of a layer (see the module comment). */
const LABEL_STUDIO_CARRIES = {
  notes: true,
  statuses: false,
  documentLabels: true,
  fragments: false,
  relations: true,
  relationNotes: false,
  relationStatuses: false,
  scores: true,
  modelVersions: true,
} as const;

/** One task: the document and one annotation per layer. */
export function labelStudioTask(doc: ExportDocument, taskId: number, losses: LossRecorder): Record<string, unknown> {
  const index = new OffsetIndex(doc.text);
  const regionsOfLayers: { spans: readonly CorpusSpan[]; regions: Record<string, unknown>[] }[] = [];
  const annotations = doc.layers.map((layer, k) => {
    recordUncarried(doc.id, layer, LABEL_STUDIO_CARRIES, losses);
    const result: Record<string, unknown>[] = layer.spans.map((s) => ({
      id: s.id,
      from_name: 'label',
      to_name: 'text',
      type: 'labels',
      origin: isModelSource(s.source) ? 'prediction' : 'manual',
      value: { start: index.toCodePoint(s.start), end: index.toCodePoint(s.end), text: doc.text.slice(s.start, s.end), labels: [s.label] },
      ...(s.score === undefined ? {} : { score: s.score }),
      ...(s.note === '' ? {} : { meta: { text: [s.note] } }),
    }));
    regionsOfLayers.push({ spans: layer.spans, regions: [...result] });
    for (const r of relationsInSpanOrder(layer)) result.push({ from_id: r.from, to_id: r.to, type: 'relation', direction: r.directed ? 'right' : 'bi', labels: [r.label] });
    for (const group of Object.keys(layer.labels).sort()) {
      const v = layer.labels[group] as string | readonly string[];
      result.push({ id: `${group}`, from_name: group, to_name: 'text', type: 'choices', value: { choices: typeof v === 'string' ? [v] : [...v] } });
    }
    return { id: taskId * 1000 + k + 1, completed_by: layer.name, was_cancelled: false, result };
  });
  const predictions = taskPredictions(regionsOfLayers);
  return { id: taskId, data: { text: doc.text, doc_id: doc.id }, annotations, ...(predictions.length === 0 ? {} : { predictions }) };
}

async function exportLabelStudio(docs: AsyncIterable<CorpusDocument>, ctx: ExportContext, sink: ExportSink) {
  return runExport('labelstudio', docs, ctx, sink, async (documents, run) => {
    const main = mainFileName(ctx, EXTENSION);
    // The labeling config goes beside the tasks in the folder form; one file is the tasks alone.
    if (!isFileLayout(ctx)) await run.sink.writeFile(sidecarName(main, EXTENSION, '.config.xml'), labelStudioConfig(ctx.schema, exportedLabels(ctx.schema, ctx)));
    async function* tasks(): AsyncGenerator<string> {
      let n = 0;
      yield '[';
      for await (const doc of documents) {
        n++;
        yield `${n === 1 ? '\n' : ',\n'}${JSON.stringify(labelStudioTask(doc, n, run.losses))}`;
      }
      yield '\n]\n';
    }
    await run.sink.writeFile(main, tasks());
  });
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a Label Studio JSON export (an array of tasks). The text is
 * `data.text`; the document id `data.doc_id`, else the task id. Each
 * annotation is a layer named by `completed_by`; cancelled annotations are
 * skipped. `labels` results become spans (a result's `score`, the span's
 * score; `origin: "prediction"`, the source `model`; a region of a
 * prediction, that model's source and version), `relation` results relations between them (checked against the
 * schema), `choices` results document labels.
 */
async function importLabelStudio(input: ImportInput, ctx: ImportContext): Promise<ImportResult> {
  const issues: FormatIssue[] = [];
  const documents: CorpusDocument[] = [];
  const seen = new Set<string>();
  for (const { file, text: content } of decodeFiles(input.files.filter((f) => f.path.endsWith('.json')), ctx, issues)) {
    let tasks: unknown;
    try {
      tasks = JSON.parse(content);
    } catch (e) {
      issues.push({ file: file.path, message: `not valid JSON (${(e as Error).message}): expected an array of tasks` });
      continue;
    }
    if (!Array.isArray(tasks)) {
      issues.push({ file: file.path, message: 'expected an array of tasks' });
      continue;
    }
    tasks.forEach((task: unknown, t) => {
      const at = (field: string, message: string): void => void issues.push({ file: file.path, record: t, field, message });
      if (!isObject(task) || !isObject(task['data'])) return at('data', 'expected a task object with a data object');
      const data = task['data'];
      if (typeof data['text'] !== 'string') return at('data.text', 'expected the text as a string');
      const text = data['text'];
      const id = typeof data['doc_id'] === 'string' ? data['doc_id'] : String(task['id'] ?? t + 1);
      if (seen.has(id)) return at('data.doc_id', `duplicate document id '${id}'`);
      seen.add(id);
      const index = new OffsetIndex(text);
      const spans: CorpusSpan[] = [];
      const relations: CorpusRelation[] = [];
      const relationPlaces: string[] = [];
      const labels: Record<string, Record<string, string | readonly string[]>> = {};
      const predicted = readPredictions(task['predictions'], at);
      const annotations = task['annotations'] ?? [];
      if (!Array.isArray(annotations)) return at('annotations', 'expected an array');
      annotations.forEach((a: unknown, k) => {
        const af = `annotations[${k}]`;
        if (!isObject(a)) return at(af, 'expected an annotation object');
        if (a['was_cancelled'] === true) return;
        const layer = a['completed_by'] === undefined ? (ctx.layer ?? 'shared') : String(a['completed_by']);
        const results = a['result'] ?? [];
        if (!Array.isArray(results)) return at(`${af}.result`, 'expected an array');
        const values: string[] = [];
        results.forEach((r: unknown, j) => {
          const rf = `${af}.result[${j}]`;
          if (isObject(r) && r['type'] === 'relation') {
            const relation = readRelation(r, rf, `${layer}-r${j + 1}`, layer, ctx.schema, at);
            if (relation !== undefined) {
              relations.push(relation);
              relationPlaces.push(rf);
            }
            return;
          }
          if (!isObject(r) || !isObject(r['value'])) return at(rf, 'expected a result with a value object');
          const v = r['value'];
          if (r['type'] === 'choices') {
            const choices = v['choices'];
            if (!Array.isArray(choices) || !choices.every((c) => typeof c === 'string')) return at(`${rf}.value.choices`, 'expected an array of strings');
            values.push(...(choices as string[]));
            return;
          }
          if (r['type'] !== 'labels') return;
          const { start, end } = v;
          const ls = v['labels'];
          if (!Number.isInteger(start) || !Number.isInteger(end)) return at(`${rf}.value`, 'expected integer start and end');
          const s = start as number;
          const e = end as number;
          if (!(s >= 0 && s < e)) return at(`${rf}.value`, `expected 0 ≤ start < end, got [${s}, ${e})`);
          if (e > index.codePointLength) return at(`${rf}.value.end`, `end ${e} is past the end of the text (${index.codePointLength} code points)`);
          if (!Array.isArray(ls) || ls.length !== 1 || typeof ls[0] !== 'string') return at(`${rf}.value.labels`, 'expected exactly one label');
          const label = ls[0];
          if (!isSpanLabel(ctx.schema, label)) return at(`${rf}.value.labels`, `unknown label '${label}': expected one of ${spanLabelList(ctx.schema)}`);
          const u0 = index.toUtf16(s);
          const u1 = index.toUtf16(e);
          if (typeof v['text'] === 'string' && v['text'] !== text.slice(u0, u1)) return at(`${rf}.value.text`, `'${v['text']}' does not match the text at [${s}, ${e}): '${text.slice(u0, u1)}'`);
          const meta = r['meta'];
          const note = isObject(meta) && Array.isArray(meta['text']) ? (meta['text'] as unknown[]).filter((x) => typeof x === 'string').join('\n') : '';
          const score = r['score'];
          if (score !== undefined && !(typeof score === 'number' && score >= 0 && score <= 1)) return at(`${rf}.score`, 'expected a number from 0 to 1');
          const span = importedSpan({ id: typeof r['id'] === 'string' ? r['id'] : `${layer}-${j + 1}`, start: u0, end: u1, label, layer, note, ...(typeof score === 'number' ? { score } : {}) });
          const provenance = predicted.get(predictedKey(r) ?? '');
          spans.push(provenance !== undefined ? { ...span, ...provenance } : r['origin'] === 'prediction' ? { ...span, source: 'model' } : span);
        });
        if (values.length > 0) {
          const grouped = groupDocumentLabels(ctx.schema, values);
          if ('error' in grouped) return at(`${af}.result`, grouped.error);
          labels[layer] = grouped.labels;
        }
      });
      for (const error of validateRelations(relations, spans, ctx.schema)) at(relationPlaces[error.index] as string, error.detail);
      documents.push({ id, text, spans: spans.sort(compareCorpusSpans), ...(relations.length === 0 ? {} : { relations: relations.sort(compareCorpusRelations) }), labels, meta: {} });
    });
  }
  return importResult(issues, documents);
}

/**
 * A `relation` result: `from_id` → `to_id`, `direction` `right` (the
 * default), `left` (read the other way round) or `bi` (undirected), one
 * label. A relation whose label the schema says is undirected is read as
 * undirected whatever its direction, since Label Studio draws every new
 * relation `right`.
 */
function readRelation(
  r: Json,
  field: string,
  id: string,
  layer: string,
  schema: LabelSchema,
  at: (field: string, message: string) => void,
): CorpusRelation | undefined {
  const { from_id: from, to_id: to, direction = 'right', labels } = r;
  if (typeof from !== 'string' || typeof to !== 'string') return void at(field, 'expected from_id and to_id, the ids of two regions');
  if (direction !== 'right' && direction !== 'left' && direction !== 'bi') return void at(`${field}.direction`, `expected right, left or bi, got ${JSON.stringify(direction)}`);
  if (!Array.isArray(labels) || labels.length !== 1 || typeof labels[0] !== 'string') return void at(`${field}.labels`, 'expected exactly one relation label');
  const label = labels[0];
  const definition = relationLabelById(schema, label);
  if (definition === undefined) {
    const known = (schema.relationLabels ?? []).map((l) => l.id);
    return void at(`${field}.labels`, `unknown relation label '${label}': expected one of ${known.length === 0 ? '(the schema has no relation labels)' : known.join(', ')}`);
  }
  const directed = definition.directed && direction !== 'bi';
  const [start, end] = direction === 'left' ? [to, from] : [from, to];
  return { id, from: start, to: end, label, directed, author: layer, status: 'proposed', note: '', created: 0, source: 'import', layer };
}

/** Label Studio JSON tasks; the folder form adds the labeling config. */
export const labelStudioFormat: FormatAdapter = {
  name: 'labelstudio',
  description: 'Label Studio JSON tasks (one annotation per annotator, labels, relation and choices results); the folder form adds the labeling config XML',
  consumers: 'Label Studio (Import with the written config), label-studio-converter, label-studio-sdk',
  kind: 'file',
  extension: EXTENSION,
  singleFile: (ctx) => (isFileLayout(ctx) ? mainFileName(ctx, EXTENSION) : undefined),
  export: exportLabelStudio,
  import: importLabelStudio,
};

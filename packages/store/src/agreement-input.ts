/**
 * The input of inter-annotator agreement for a stored project, shared by
 * `glossa agreement` and `GET /api/projects/:p/agreement`: which layers are
 * annotators, which documents and labels take part, and each document's
 * spans (with their ids and fragments, so exact matching compares
 * fragments) and relations per annotator read back from its rooms (a
 * dangling relation is counted, not measured). Also the JSON both print.
 */
import {
  computeAgreement,
  computeConfusion,
  fail,
  ok,
  type AgreementDocument,
  type AgreementInput,
  type AgreementRelation,
  type AgreementReport,
  type AgreementSpan,
  type AgreementUnit,
  type ConfusionReport,
  type PairConfusion,
  type Result,
} from '@glossa/core';
import { GOLD_LAYER, SHARED_LAYER } from '@glossa/collab';
import { formatIssue, tokenize } from '@glossa/formats';
import type { DataDir } from './data-dir.js';
import { readProjectDocuments } from './project-reader.js';
import { documentLayers, projectLayers, unknownProjectIssue } from './project-rooms.js';

/** Every unit agreement can be measured in. */
export const AGREEMENT_UNITS: readonly AgreementUnit[] = ['char', 'token'];

/** What to measure; every list is optional and names must exist in the project. */
export interface AgreementSelection {
  /** @default 'char' */
  readonly unit?: AgreementUnit;
  /** The layers compared (at least two; may name `gold`). @default every layer except `shared` and `gold` */
  readonly annotators?: readonly string[];
  /** Only these labels of the schema. @default every label used */
  readonly labels?: readonly string[];
  /** Only these documents. @default every document */
  readonly docs?: readonly string[];
}

/** Why a selection cannot be measured, naming the selection field at fault. */
export interface AgreementSelectionIssue {
  /** The field of `AgreementSelection` (or `project`) the problem is in. */
  readonly field: 'project' | 'annotators' | 'labels' | 'docs';
  /** `unknown`: names that do not exist; `too-few-annotators`: fewer than two annotators to compare. */
  readonly kind: 'unknown' | 'too-few-annotators';
  readonly message: string;
}

/** The input of `computeAgreement` for a project, and what had to be left out. */
export interface ProjectAgreementInput {
  readonly input: AgreementInput & { readonly annotators: readonly string[]; readonly unit: AgreementUnit };
  /** Annotations whose text was deleted: kept in their layers but not measured. */
  readonly orphans: number;
}

/** `unknown X "a", "b" in project "p"; expected one of …`. */
function unknownNames(
  field: AgreementSelectionIssue['field'],
  kind: string,
  unknown: readonly string[],
  project: string,
  known: readonly string[],
): AgreementSelectionIssue {
  const names = unknown.map((name) => `"${name}"`).join(', ');
  const expected = known.length === 0 ? `the project has no ${kind}s` : `expected one of ${known.join(', ')}`;
  return { field, kind: 'unknown', message: `unknown ${kind}${unknown.length === 1 ? '' : 's'} ${names} in project "${project}"; ${expected}` };
}

/**
 * Reads the agreement input of `project`: checks every selected name, then
 * collects each selected document's spans per annotator layer it has (an
 * annotator counts for a document when they have a layer for it, even an
 * empty one). Bad selections come back as issues naming the field.
 *
 * @example
 * const read = await readAgreementInput(data, 'policy', { unit: 'token' });
 * if (read.ok) console.log(computeAgreement(read.value.input).overall.alpha_u);
 */
export async function readAgreementInput(data: DataDir, project: string, selection: AgreementSelection = {}): Promise<Result<ProjectAgreementInput, AgreementSelectionIssue>> {
  const record = await data.catalog.getProject(project);
  if (!record) return fail([{ field: 'project', kind: 'unknown', message: (await unknownProjectIssue(data, project)).message }]);
  const layers = await projectLayers(data, project);
  const annotatorLayers = layers.filter((layer) => layer !== SHARED_LAYER && layer !== GOLD_LAYER);
  if (selection.annotators) {
    const unknown = selection.annotators.filter((a) => !layers.includes(a));
    if (unknown.length > 0) return fail([unknownNames('annotators', 'annotator', unknown, project, annotatorLayers)]);
  }
  const annotators = selection.annotators ? [...new Set(selection.annotators)] : annotatorLayers;
  if (annotators.length < 2) {
    const have = annotators.length === 0 ? 'no annotator layers' : `only the annotator layer ${annotators.map((a) => `"${a}"`).join(', ')}`;
    return fail([
      {
        field: 'annotators',
        kind: 'too-few-annotators',
        message: `project "${project}" has ${have}; agreement needs at least two annotators (layers "${SHARED_LAYER}" and "${GOLD_LAYER}" are not annotators)`,
      },
    ]);
  }
  if (selection.labels) {
    const known = record.schema.labels.map((l) => l.id);
    const unknown = selection.labels.filter((l) => !known.includes(l));
    if (unknown.length > 0) return fail([unknownNames('labels', 'label', unknown, project, known)]);
  }
  const documentIds = (await data.catalog.listDocuments(project)).map((d) => d.id);
  if (selection.docs) {
    const unknown = selection.docs.filter((d) => !documentIds.includes(d));
    if (unknown.length > 0) return fail([unknownNames('docs', 'document', unknown, project, documentIds)]);
  }

  let orphans = 0;
  const opened = await readProjectDocuments(data, project, { layers: annotators, onOrphan: () => orphans++ });
  if (!opened.ok) return fail(opened.errors.map((issue) => ({ field: 'annotators', kind: 'unknown', message: formatIssue(issue) })));
  const documents: AgreementDocument[] = [];
  const selectedDocs = selection.docs ? new Set(selection.docs) : undefined;
  for await (const doc of opened.value.documents) {
    if (selectedDocs && !selectedDocs.has(doc.id)) continue;
    const present = (await documentLayers(data, project, doc.id)).filter((layer) => annotators.includes(layer));
    const byLayer: Record<string, AgreementSpan[]> = Object.fromEntries(present.map((layer) => [layer, []]));
    for (const span of doc.spans) {
      byLayer[span.layer]?.push({ id: span.id, start: span.start, end: span.end, label: span.label, ...(span.fragments === undefined ? {} : { fragments: span.fragments }) });
    }
    const relations: Record<string, AgreementRelation[]> = Object.fromEntries(present.map((layer) => [layer, []]));
    for (const r of doc.relations ?? []) relations[r.layer]?.push({ from: r.from, to: r.to, label: r.label, directed: r.directed });
    documents.push({ id: doc.id, text: doc.text, layers: byLayer, ...(doc.relations === undefined ? {} : { relations }) });
  }
  const unit = selection.unit ?? 'char';
  const labels = selection.labels ? [...new Set(selection.labels)] : undefined;
  return ok({ input: { documents, annotators, unit, tokenize, ...(labels ? { labels } : {}) }, orphans });
}

/** The agreement figures, with each pair's confusion matrix when asked for. */
export interface AgreementResult {
  readonly report: AgreementReport;
  readonly confusion?: ConfusionReport;
}

/** Computes the agreement report (and the confusion matrices when `confusion` is true). */
export function measureAgreement(input: AgreementInput, options: { readonly confusion?: boolean } = {}): AgreementResult {
  const report = computeAgreement(input);
  return options.confusion === true ? { report, confusion: computeConfusion(input) } : { report };
}

/** The agreement report as JSON, with each pair's confusion matrix and its labels when computed. */
export type AgreementJson = AgreementReport & { readonly confusion?: readonly (PairConfusion & { readonly labels: readonly string[] })[] };

/**
 * The JSON of `glossa agreement --json` and of the agreement route: the
 * report, plus `confusion` (each pair's matrix with its row and column
 * labels) when the matrices were computed.
 */
export function agreementJson(result: AgreementResult): AgreementJson {
  const { report, confusion } = result;
  if (!confusion) return report;
  return { ...report, confusion: confusion.pairs.map((pair) => ({ ...pair, labels: confusion.labels })) };
}

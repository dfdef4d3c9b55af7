/**
 * The figures of the agreement dashboard: `computeAgreement` and
 * `computeConfusion` of @glossa/core over the annotator layers the page has
 * loaded, plus progress per annotator and document. Pure functions.
 */
import { computeAgreement, computeConfusion } from '@glossa/core';
import type { AgreementDocument, AgreementRelation, AgreementReport, AgreementSpan, ConfusionReport } from '@glossa/core';

/** A document as the dashboard holds it: its text and the spans of each annotator layer it has. */
export interface LoadedDocument {
  readonly id: string;
  readonly text: string;
  /** Spans (UTF-16) by annotator layer; a layer that exists but is empty is an empty list. */
  readonly layers: Readonly<Record<string, readonly AgreementSpan[]>>;
  /** Relations by annotator layer, between the ids of that layer's spans (an end missing: left out of relation F1 and counted as dangling). */
  readonly relations?: Readonly<Record<string, readonly AgreementRelation[]>>;
}

/** Everything the dashboard shows, or why there is nothing to compare. */
export type DashboardFigures =
  | { readonly kind: 'figures'; readonly report: AgreementReport; readonly confusion: ConfusionReport; readonly progress: ProgressTable }
  | { readonly kind: 'too-few-annotators'; readonly annotators: readonly string[]; readonly progress: ProgressTable };

/** Spans per annotator and document. */
export interface ProgressTable {
  readonly annotators: readonly string[];
  readonly rows: readonly ProgressRow[];
  /** Per annotator: documents with at least one span, and spans in all. */
  readonly totals: Readonly<Record<string, { readonly documents: number; readonly spans: number }>>;
}

/** One document's spans per annotator (`null`: the annotator has no layer for it). */
export interface ProgressRow {
  readonly doc: string;
  readonly spans: Readonly<Record<string, number | null>>;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The annotators of the loaded documents, sorted. */
export function loadedAnnotators(documents: readonly LoadedDocument[]): string[] {
  return [...new Set(documents.flatMap((doc) => Object.keys(doc.layers)))].sort(compareStrings);
}

/** Spans per annotator and document. */
export function progressTable(documents: readonly LoadedDocument[]): ProgressTable {
  const annotators = loadedAnnotators(documents);
  const totals: Record<string, { documents: number; spans: number }> = {};
  for (const annotator of annotators) totals[annotator] = { documents: 0, spans: 0 };
  const rows = [...documents]
    .sort((a, b) => compareStrings(a.id, b.id))
    .map((doc): ProgressRow => {
      const spans: Record<string, number | null> = {};
      for (const annotator of annotators) {
        const layer = Object.hasOwn(doc.layers, annotator) ? doc.layers[annotator] : undefined;
        spans[annotator] = layer === undefined ? null : layer.length;
        const total = totals[annotator] as { documents: number; spans: number };
        if (layer !== undefined && layer.length > 0) {
          total.documents++;
          total.spans += layer.length;
        }
      }
      return { doc: doc.id, spans };
    });
  return { annotators, rows, totals };
}

/**
 * The dashboard's figures: the agreement report and confusion matrices of
 * `computeAgreement` / `computeConfusion` (unit `char`, every label found),
 * exactly as the CLI would compute them on the same layers.
 */
export function dashboardFigures(documents: readonly LoadedDocument[]): DashboardFigures {
  const progress = progressTable(documents);
  if (progress.annotators.length < 2) return { kind: 'too-few-annotators', annotators: progress.annotators, progress };
  const input: { documents: AgreementDocument[] } = {
    documents: documents.map((doc) => ({ id: doc.id, text: doc.text, layers: doc.layers, ...(doc.relations === undefined ? {} : { relations: doc.relations }) })),
  };
  return { kind: 'figures', report: computeAgreement(input), confusion: computeConfusion(input), progress };
}

/** A measure as the dashboard prints it: three decimals, or `n/a` when undefined. */
export function formatMeasure(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(3);
}

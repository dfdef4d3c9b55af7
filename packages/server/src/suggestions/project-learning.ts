/**
 * What the dashboard shows of each recommender against the gold layer:
 * cross-validated precision, recall and F1 (per label and pooled) and the
 * learning curve (F1 against the number of annotations learned from). The
 * training and prediction run in a worker thread (`RecommenderThread`),
 * never on the event loop that relays edits.
 */
import { ok, type Result } from '@glossa/core';
import type { DataDir } from '@glossa/store';
import type { EvaluationReport, LearningPoint } from '@glossa/suggest';
import { goldExamples } from './project-measures.js';
import { readRecommenderConfig } from './recommender-config.js';
import { RecommenderThread } from './recommender-thread.js';

/** A recommender measured against gold, or why it was not. */
export type RecommenderMeasures =
  | (EvaluationReport & {
      readonly kind: string;
      readonly folds: number;
      /** Documents the gold layer annotates. */
      readonly documents: number;
      /** Annotations of the gold layer in them. */
      readonly annotations: number;
      readonly curve: readonly LearningPoint[];
    })
  | { readonly recommender: string; readonly kind: string; readonly skipped: string };

/** Options of `measureStoredProject`. */
export interface MeasureProjectOptions {
  /** The layer taken as gold. @default 'gold' */
  readonly gold?: string;
  /** Cross-validation folds. @default 5 */
  readonly folds?: number;
  /** Points of the learning curve. @default 8 */
  readonly points?: number;
  /** Seed of the folds and of the order annotations are learned in. @default 1 */
  readonly seed?: number;
}

/** Measures every built-in recommender of a project against its gold layer, in a worker thread of its own; external ones are listed as skipped. */
export async function measureStoredProject(data: DataDir, projectId: string, options: MeasureProjectOptions = {}): Promise<Result<RecommenderMeasures[], string>> {
  const gathered = await goldExamples(data, projectId, options.gold ?? 'gold');
  if (!gathered.ok) return gathered;
  const { project, records, examples } = gathered.value;
  const annotations = examples.reduce((sum, e) => sum + e.spans.length, 0);
  const thread = new RecommenderThread();
  try {
    const out: RecommenderMeasures[] = [];
    for (const record of records) {
      const plan = readRecommenderConfig(record, project.schema);
      if (!plan.ok) {
        out.push({ recommender: record.name, kind: record.kind, skipped: plan.errors.join('; ') });
        continue;
      }
      if (!('config' in plan.value)) {
        out.push({ recommender: record.name, kind: record.kind, skipped: 'an external model server trains itself' });
        continue;
      }
      const labels = plan.value.labels;
      const measured = await thread.measure(plan.value.config, examples, { folds: options.folds ?? 5, seed: options.seed ?? 1, points: options.points ?? 8, ...(labels === undefined ? {} : { labels }) });
      out.push({ ...measured.report, kind: record.kind, documents: examples.length, annotations, curve: measured.curve });
    }
    return ok(out);
  } finally {
    await thread.close();
  }
}

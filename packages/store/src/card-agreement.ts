/**
 * Agreement figures for a dataset card: unitizing alpha over the annotator
 * layers of an export, read and measured as `glossa agreement` does.
 */
import { computeAgreement } from '@glossa/core';
import { GOLD_LAYER, SHARED_LAYER } from '@glossa/collab';
import type { AgreementSummary } from '@glossa/formats';
import { readAgreementInput } from './agreement-input.js';
import type { DataDir } from './data-dir.js';

/** The measure named in the card. */
export const CARD_AGREEMENT_MEASURE = "Krippendorff's alpha_u (unitizing, characters), mean over labels";

/**
 * Measures agreement between the annotator layers among `layers` (every
 * layer but `shared` and `gold`) over the documents at least two of them
 * annotated. Returns undefined when there are fewer than two annotators or
 * the measure is undefined (no document compared, no label used).
 */
export async function cardAgreement(data: DataDir, project: string, layers: readonly string[]): Promise<AgreementSummary | undefined> {
  const annotators = layers.filter((layer) => layer !== SHARED_LAYER && layer !== GOLD_LAYER);
  if (annotators.length < 2) return undefined;
  const read = await readAgreementInput(data, project, { annotators, unit: 'char' });
  if (!read.ok) return undefined;
  const report = computeAgreement(read.value.input);
  const value = report.overall.alpha_u;
  if (value === null || report.documents === 0) return undefined;
  const perLabel: Record<string, number> = {};
  for (const [label, measures] of Object.entries(report.labels)) if (measures.alpha_u !== null) perLabel[label] = measures.alpha_u;
  return { measure: CARD_AGREEMENT_MEASURE, value, perLabel, documents: report.documents };
}

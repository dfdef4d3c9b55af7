/**
 * How far a document has come, derived from the document list (its layers
 * and their annotation counts):
 * - `curated`: the gold layer has spans;
 * - `not-started`: no layer has spans;
 * - `annotated`: every annotator of the project has spans in the document;
 * - `in-progress`: anything else (some layers have spans).
 *
 * The annotators of a project are the annotator layers (every layer but
 * `shared` and `gold`) found in any of its documents: the server's document
 * list does not name the users who have a role. A shared-mode project has no
 * annotator layers, so its documents go from not started to in progress to
 * curated.
 */
import type { DocumentListing } from '../api.js';
import { GOLD_LAYER, SHARED_LAYER } from '../access.js';

/** The stage of a document. */
export type DocumentStatus = 'not-started' | 'in-progress' | 'annotated' | 'curated';

/** How each status reads in the UI. */
export const DOCUMENT_STATUS_NAMES: Readonly<Record<DocumentStatus, string>> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  annotated: 'Annotated',
  curated: 'Curated',
};

/** Whether a layer id is an annotator's own layer. */
export function isAnnotatorLayer(layer: string): boolean {
  return layer !== SHARED_LAYER && layer !== GOLD_LAYER;
}

/** The annotator layers found in any document of the project, sorted. */
export function projectAnnotators(documents: readonly DocumentListing[]): string[] {
  const found = new Set<string>();
  for (const doc of documents) for (const layer of doc.layers) if (isAnnotatorLayer(layer.layer)) found.add(layer.layer);
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The status of one document, given the project's annotators (see the module comment). */
export function documentStatus(doc: DocumentListing, annotators: readonly string[]): DocumentStatus {
  const spans = (layer: string): number => doc.layers.find((l) => l.layer === layer)?.spans ?? 0;
  if (spans(GOLD_LAYER) > 0) return 'curated';
  if (!doc.layers.some((layer) => layer.spans > 0)) return 'not-started';
  if (annotators.length > 0 && annotators.every((annotator) => spans(annotator) > 0)) return 'annotated';
  return 'in-progress';
}

/**
 * The reserved layer names of the model. A corpus's spans and document labels
 * belong to layers: `shared` (a team annotating together), `gold` (the curated
 * result) or an annotator's own id (independent annotation).
 */

/** The reserved layer a team annotates together in a shared-mode project, and the layer of spans whose file names no annotator. */
export const SHARED_LAYER = 'shared';

/** The reserved layer holding the curated result. */
export const GOLD_LAYER = 'gold';

/** Whether `layer` is one of the reserved layer names (`shared`, `gold`) rather than an annotator's own layer. */
export function isReservedLayer(layer: string): boolean {
  return layer === SHARED_LAYER || layer === GOLD_LAYER;
}

/**
 * When document labels were chosen. The core model's document labels carry
 * no time, so a corpus records it in a document's metadata, under
 * {@link DOCUMENT_LABEL_TIMES}: `{ [layer]: { [group]: milliseconds } }`.
 * Importers that read a time (W3C `created`) write it there; exporters
 * that write a time (W3C) read it there, and write none where it is absent.
 */

/** The metadata key of document-label times: `{ [layer]: { [group]: ms since the epoch } }`. */
export const DOCUMENT_LABEL_TIMES = 'documentLabelTimes';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * When a layer's label of a group was chosen, in milliseconds since the
 * epoch, as recorded in the document's metadata; `undefined` when no time
 * is recorded (a time of 0 or less, or not a finite number, is no time).
 */
export function documentLabelTime(meta: Readonly<Record<string, unknown>>, layer: string, group: string): number | undefined {
  const times = meta[DOCUMENT_LABEL_TIMES];
  if (!isRecord(times) || !Object.hasOwn(times, layer)) return undefined;
  const ofLayer = times[layer];
  if (!isRecord(ofLayer) || !Object.hasOwn(ofLayer, group)) return undefined;
  const time = ofLayer[group];
  return typeof time === 'number' && Number.isFinite(time) && time > 0 ? time : undefined;
}

/** The metadata with one more document-label time recorded (a new object; the given one is not changed). */
export function withDocumentLabelTime(meta: Readonly<Record<string, unknown>>, layer: string, group: string, time: number): Record<string, unknown> {
  const times = isRecord(meta[DOCUMENT_LABEL_TIMES]) ? (meta[DOCUMENT_LABEL_TIMES] as Record<string, unknown>) : {};
  const ofLayer = isRecord(times[layer]) ? (times[layer] as Record<string, unknown>) : {};
  return { ...meta, [DOCUMENT_LABEL_TIMES]: { ...times, [layer]: { ...ofLayer, [group]: time } } };
}

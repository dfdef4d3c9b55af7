/**
 * Recording what a format cannot carry: notes, statuses, document labels.
 */
import type { ExportLayer } from './prepare.js';
import type { LossRecorder } from './report.js';

/** What a format can carry besides spans' boundaries and labels. */
export interface FormatCarries {
  readonly notes: boolean;
  readonly statuses: boolean;
  readonly documentLabels: boolean;
}

/**
 * Records, for one layer of one document, every note, status other than
 * the layer's own (`ExportLayer.status`: what the selection or the gold
 * layer already says) and document label the format cannot carry.
 */
export function recordUncarried(document: string, layer: ExportLayer, carries: FormatCarries, losses: LossRecorder): void {
  for (const s of layer.spans) {
    if (!carries.notes && s.note !== '') losses.record('note', { document, layer: layer.name, span: s.id, detail: `note on ${s.label} [${s.start},${s.end}): ${truncate(s.note)}` });
    if (!carries.statuses && s.status !== (layer.status ?? 'proposed')) losses.record('status', { document, layer: layer.name, span: s.id, detail: `${s.label} [${s.start},${s.end}) is ${s.status}` });
  }
  if (!carries.documentLabels) {
    for (const [group, value] of Object.entries(layer.labels)) {
      losses.record('document-label', { document, layer: layer.name, detail: `${group} = ${typeof value === 'string' ? value : value.join('|')}` });
    }
  }
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/**
 * A corpus document as the first state of its rooms: the content room
 * (`<project>/<doc>`, the text and the metadata) and one layer room per
 * layer (`<project>/<doc>/layers/<layer>`, spans anchored to the content
 * with their fragments, the relations between them under their ids, and
 * document labels), each encoded as one Yjs update.
 */
import * as Y from 'yjs';
import type { DocumentLabels } from '@glossa/core';
import { IMPORT_ORIGIN, contentRoom, createContentDoc, layerRoom, writeAnnotations, writeDocLabels, writeRelations } from '@glossa/collab';
import type { CorpusDocument } from '@glossa/formats';
import type { RoomUpdate } from './update-log.js';
import { layersOf } from './import-checks.js';

/** A document ready to be written: its rooms' state and what its catalog entry holds. */
export interface DocumentRooms {
  readonly id: string;
  readonly title?: string;
  readonly meta: Record<string, unknown>;
  readonly rooms: readonly RoomUpdate[];
  /** The layers written, sorted. */
  readonly layers: readonly string[];
  /** The number of spans, all layers together. */
  readonly spans: number;
}

/** Builds the Y.Docs of a document's rooms and encodes each as one update. */
export function documentRooms(project: string, doc: CorpusDocument): DocumentRooms {
  const meta: Record<string, unknown> = { ...doc.meta };
  const content = createContentDoc(doc.text, meta);
  const rooms: RoomUpdate[] = [{ room: contentRoom(project, doc.id), update: Y.encodeStateAsUpdate(content) }];
  const layers = layersOf(doc);
  for (const layer of layers) {
    const layerDoc = new Y.Doc();
    const spans = doc.spans.filter((s) => s.layer === layer).map(({ layer: _layer, ...span }) => span);
    writeAnnotations(layerDoc, content, spans, IMPORT_ORIGIN);
    const relations = (doc.relations ?? []).filter((r) => r.layer === layer).map(({ layer: _layer, ...relation }) => relation);
    writeRelations(layerDoc, relations, IMPORT_ORIGIN);
    const labels: DocumentLabels | undefined = doc.labels[layer];
    if (labels && Object.keys(labels).length > 0) writeDocLabels(layerDoc, labels, IMPORT_ORIGIN);
    rooms.push({ room: layerRoom(project, doc.id, layer), update: Y.encodeStateAsUpdate(layerDoc) });
    layerDoc.destroy();
  }
  content.destroy();
  const title = typeof doc.meta['title'] === 'string' ? doc.meta['title'] : undefined;
  return { id: doc.id, ...(title === undefined ? {} : { title }), meta, rooms, layers, spans: doc.spans.length };
}

/**
 * The worker thread of `buildDocumentRooms`: builds the rooms of the
 * documents it is sent and sends their updates back (transferred, not
 * copied). It runs one import and is then terminated, so the memory the
 * Y.Docs took goes back with the thread.
 */
import { parentPort } from 'node:worker_threads';
import type { CorpusDocument } from '@glossa/formats';
import { documentRooms } from './document-rooms.js';

/** What the worker is sent: the project and its documents. @internal */
export interface DocumentRoomsRequest {
  readonly project: string;
  readonly docs: readonly CorpusDocument[];
}

parentPort?.once('message', (request: DocumentRoomsRequest) => {
  try {
    const built = request.docs.map((doc) => documentRooms(request.project, doc));
    const transfer = built.flatMap((doc) => doc.rooms.map((room) => room.update.buffer as ArrayBuffer));
    parentPort?.postMessage({ ok: true, built }, transfer);
  } catch (error) {
    parentPort?.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});

/**
 * Building the rooms of imported documents without blocking the event
 * loop. A large import (a text of half a million lines is a million Yjs
 * types) takes seconds of CPU and gigabytes of heap: it is built in a
 * worker thread, which ends with the import and gives its memory back to
 * the system, while the server goes on relaying and answering. A small one
 * is built in place, one document per turn of the event loop.
 */
import { createRequire } from 'node:module';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CorpusDocument } from '@glossa/formats';
import { documentRooms, type DocumentRooms } from './document-rooms.js';
import type { DocumentRoomsRequest } from './document-rooms-worker.js';

/**
 * The work (characters of text plus spans and relations, all documents
 * together) from which rooms are built in a worker thread rather than in
 * place: about 50 ms of building on a slow core.
 */
export const OFF_THREAD_IMPORT_WORK = 100_000;

/** The work of building a document's rooms, in the units of `OFF_THREAD_IMPORT_WORK`. */
function workOf(doc: CorpusDocument): number {
  return doc.text.length + 20 * (doc.spans.length + (doc.relations?.length ?? 0));
}

/**
 * Builds the rooms of `docs` (in their order): in a worker thread when their
 * work passes `threshold` (default `OFF_THREAD_IMPORT_WORK`), else in place.
 */
export async function buildDocumentRooms(project: string, docs: readonly CorpusDocument[], threshold = OFF_THREAD_IMPORT_WORK): Promise<DocumentRooms[]> {
  const work = docs.reduce((sum, doc) => sum + workOf(doc), 0);
  if (work > threshold) return buildInWorker({ project, docs });
  const built: DocumentRooms[] = [];
  for (const doc of docs) {
    built.push(documentRooms(project, doc));
    await nextTurn();
  }
  return built;
}

/** Starts the worker: its JavaScript when this module runs built, its TypeScript (through tsx) when it runs from the sources. */
function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./document-rooms-worker.js', here));
  const entry = fileURLToPath(new URL('./document-rooms-worker.ts', here));
  const tsx = createRequire(here).resolve('tsx/cjs/api');
  const source = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`;
  return new Worker(source, { eval: true, execArgv: ['--conditions=source'] });
}

function buildInWorker(request: DocumentRoomsRequest): Promise<DocumentRooms[]> {
  return new Promise((resolve, reject) => {
    const worker = startWorker();
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.once('message', (reply: { ok: true; built: DocumentRooms[] } | { ok: false; error: string }) => {
      settle(() => (reply.ok ? resolve(reply.built) : reject(new Error(`building the imported rooms failed: ${reply.error}`))));
    });
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the import worker exited with code ${code} before answering`))));
    worker.postMessage(request);
  });
}

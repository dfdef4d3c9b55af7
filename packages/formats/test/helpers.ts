/**
 * Running exports into memory and feeding their files back to importers,
 * and expanding JSON-LD offline.
 */
import { readFileSync } from 'node:fs';
import type { CorpusDocument, ExportContext, ExportReport, FormatAdapter, ImportInput } from '../src/index.js';
import { MemorySink } from '../src/index.js';
import { schema, stream } from './corpus.js';

/** Exports documents with a format into memory. */
export async function exportTo(format: FormatAdapter, docs: readonly CorpusDocument[], ctx: Partial<ExportContext> = {}): Promise<{ sink: MemorySink; report: ExportReport }> {
  if (format.export === undefined) throw new Error(`${format.name} cannot export`);
  const sink = new MemorySink();
  const report = await format.export(stream(docs), { schema, project: 'test', ...ctx }, sink);
  return { sink, report };
}

/** The files of a sink as import input. */
export function asInput(sink: MemorySink): ImportInput {
  return { files: [...sink.files.entries()].map(([path, bytes]) => ({ path, bytes })) };
}

/** Every file of a sink as text, by path. */
export function texts(sink: MemorySink): Record<string, string> {
  return Object.fromEntries([...sink.files.keys()].sort().map((p) => [p, sink.text(p)]));
}

/** Import input from texts. */
export function inputOf(files: Record<string, string | Uint8Array>): ImportInput {
  return { files: Object.entries(files).map(([path, c]) => ({ path, bytes: typeof c === 'string' ? new TextEncoder().encode(c) : c })) };
}

const annoContext = JSON.parse(readFileSync(new URL('../assets/anno.jsonld', import.meta.url), 'utf8')) as object;

/** A JSON-LD document loader that serves the Web Annotation context from the package's copy (the machine is offline). */
export async function offlineDocumentLoader(url: string): Promise<{ contextUrl: undefined; documentUrl: string; document: object }> {
  if (url !== 'http://www.w3.org/ns/anno.jsonld') throw new Error(`offline: ${url}`);
  return { contextUrl: undefined, documentUrl: url, document: annoContext };
}

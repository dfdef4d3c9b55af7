/**
 * Running exports into memory and feeding their files back to importers.
 */
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

/**
 * The relation fixtures (`fixtures/relations/`, see its README): their
 * schema, their files as import input, and exports and imports with them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { formatSchemaError, parseSchemaJson } from '@glossa/core';
import type { LabelSchema } from '@glossa/core';
import type { CorpusDocument, ExportContext, ExportReport, FormatAdapter, ImportInput } from '../src/index.js';
import { MemorySink, formatIssue } from '../src/index.js';
import { stream } from './corpus.js';

const ROOT = new URL('./fixtures/relations/', import.meta.url);

/** The fixtures' schema: span labels `measure` and `budget`, relation labels `funded-by` (directed) and `same-as` (undirected). */
export const relationSchema: LabelSchema = (() => {
  const parsed = parseSchemaJson(readFileSync(new URL('schema.json', ROOT), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.map(formatSchemaError).join('\n'));
  return parsed.value;
})();

/** One fixture file's text. */
export function fixtureText(path: string): string {
  return readFileSync(new URL(path, ROOT), 'utf8');
}

/** The files of a fixture folder (or one file), as import input with paths relative to the folder. */
export function fixtureInput(path: string): ImportInput {
  const url = new URL(path, ROOT);
  if (!statSync(url).isDirectory()) return { files: [{ path: path.split('/').pop() as string, bytes: readFileSync(url) }] };
  const files = readdirSync(url, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(new URL(`${path}/${name}`, ROOT)).isFile())
    .sort()
    .map((name) => ({ path: name, bytes: readFileSync(new URL(`${path}/${name}`, ROOT)) }));
  return { files };
}

/** Imports with a format and the fixtures' schema; throws with the formatted issues on failure. */
export async function importWith(format: FormatAdapter, input: ImportInput): Promise<{ documents: CorpusDocument[]; losses: readonly unknown[] }> {
  if (format.import === undefined) throw new Error(`${format.name} cannot import`);
  const result = await format.import(input, { schema: relationSchema });
  if (!result.ok) throw new Error(result.errors.map(formatIssue).join('\n'));
  return { documents: [...result.value], losses: result.losses ?? [] };
}

/** Exports with a format and the fixtures' schema into memory. */
export async function exportWith(format: FormatAdapter, docs: readonly CorpusDocument[], ctx: Partial<ExportContext> = {}): Promise<{ sink: MemorySink; report: ExportReport }> {
  if (format.export === undefined) throw new Error(`${format.name} cannot export`);
  const sink = new MemorySink();
  const report = await format.export(stream(docs), { schema: relationSchema, project: 'relations', ...ctx }, sink);
  return { sink, report };
}

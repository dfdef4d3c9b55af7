/**
 * `glossa import FILE… --project P`: imports `.txt` files and native JSONL
 * corpora into a project, all or nothing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseSchemaFile, IMPORT_FORMATS, PROJECT_MODES, importDocuments, importFormatOf, openDataDir, type ImportFormat, type ImportSource, type ProjectMode } from '@glossa/server';
import { formatIssue, type FormatIssue } from '@glossa/formats';
import type { LabelSchema } from '@glossa/core';
import { CliError, UsageError, type CliIO, type Command } from '../command.js';
import { dataDir, dataOption, parseFlags, required } from '../args.js';

const usage = `Usage: glossa import FILE… --project P [options]

Imports .txt files (one document each, its id the file name without
extension, its text kept exactly) and native JSONL corpora (one line per
document, offsets in code points; each span goes into the layer of its
annotator, "shared" when it names none). Everything is checked first: an
import applies completely or not at all.

Options:
  --project P        the project (created on first import)
  --format F         ${IMPORT_FORMATS.join(' | ')} (default: from each file's extension)
  --mode M           ${PROJECT_MODES.join(' | ')}: the mode of a new project (default shared)
  --schema FILE      the label schema of a new project (default: seeds/schema.json)
  --replace          replace documents whose id already exists
  --data DIR         the data directory (default ./.glossa)`;

const flags = {
  ...dataOption,
  project: { type: 'string' },
  format: { type: 'string' },
  mode: { type: 'string' },
  schema: { type: 'string' },
  replace: { type: 'boolean' },
} as const;

function isImportFormat(value: string): value is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(value);
}

function isProjectMode(value: string): value is ProjectMode {
  return (PROJECT_MODES as readonly string[]).includes(value);
}

/** Reads a file as UTF-8 text, failing with a message that names it. */
async function readText(file: string, shownAs: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, expected a file' : (error as Error).message;
    throw new CliError(`glossa import: cannot read ${shownAs}: ${reason}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new CliError(`glossa import: ${shownAs}: not valid UTF-8 text; expected a UTF-8 encoded file`);
  }
}

function issuesError(issues: readonly FormatIssue[]): CliError {
  const lines = issues.map((issue) => `  ${formatIssue(issue)}`);
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return new CliError(`glossa import: ${count}; nothing was imported:\n${lines.join('\n')}`);
}

/** The `glossa import` command. */
export const command: Command = {
  summary: 'Import .txt or native JSONL files into a project',
  usage,
  async run(argv: readonly string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseFlags('import', argv, flags, true);
    const project = required('import', 'project', values.project);
    if (positionals.length === 0) throw new UsageError('glossa import: no FILE given; expected one or more .txt or .jsonl files');
    if (values.format !== undefined && !isImportFormat(values.format)) {
      throw new UsageError(`glossa import: unknown --format "${values.format}"; expected one of ${IMPORT_FORMATS.join(', ')}`);
    }
    if (values.mode !== undefined && !isProjectMode(values.mode)) {
      throw new UsageError(`glossa import: unknown --mode "${values.mode}"; expected one of ${PROJECT_MODES.join(', ')}`);
    }
    const sources: ImportSource[] = [];
    for (const file of positionals) {
      const format = values.format ?? importFormatOf(file);
      if (format === undefined || !isImportFormat(format)) {
        throw new CliError(`glossa import: ${file}: cannot tell the format from the extension; expected .${IMPORT_FORMATS.join(' or .')}, or give --format`);
      }
      sources.push({ name: file, format, content: await readText(path.resolve(io.cwd, file), file) });
    }
    let schema: LabelSchema | undefined;
    if (values.schema !== undefined) {
      const parsed = parseSchemaFile(values.schema, await readText(path.resolve(io.cwd, values.schema), values.schema));
      if (!parsed.ok) throw issuesError(parsed.errors);
      schema = parsed.value;
    }

    const data = openDataDir(dataDir(io, values.data));
    try {
      const result = await importDocuments(data, sources, {
        project,
        ...(values.mode === undefined ? {} : { mode: values.mode }),
        ...(schema === undefined ? {} : { schema }),
        replace: values.replace === true,
      });
      if (!result.ok) throw issuesError(result.errors);
      const s = result.value;
      const documents = s.documents.length === 1 ? '1 document' : `${s.documents.length} documents`;
      const spans = s.spans === 1 ? '1 span' : `${s.spans} spans`;
      const layers = s.layers.length === 0 ? 'no layers' : `${s.layers.length === 1 ? '1 layer' : `${s.layers.length} layers`} (${s.layers.join(', ')})`;
      const replaced = s.replaced.length === 0 ? '' : `, ${s.replaced.length} replaced`;
      const created = s.projectCreated ? ` (created, ${data.catalog.getProject(s.project)?.mode ?? 'shared'} mode)` : '';
      io.stdout.write(`Imported ${documents}${replaced}, ${spans} in ${layers} into project "${s.project}"${created}.\n`);
      return 0;
    } finally {
      await data.close();
    }
  },
};

/**
 * `glossa import FILE… --project P`: imports files of any importable format
 * (native JSONL, brat, W3C, Label Studio, doccano, CoNLL, WebAnno TSV, text,
 * Markdown, HTML) into a project, all or nothing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_MAX_IMPORT_BYTES, formatIssue, type FormatIssue } from '@glossa/formats';
import { PROJECT_MODES, isProjectMode } from '@glossa/collab';
import { FILE_IMPORT_FORMATS, importFiles, parseSchemaFile } from '@glossa/store';
import type { LabelSchema } from '@glossa/core';
import { CliError, UsageError, type CliIO, type Command } from '../command.js';
import { dataLocation, DATABASE_USAGE, dataOption, parseFlags, required } from '../args.js';
import { openOrCreateDataDir } from '../data-dir.js';
import { EXTENSION_FORMATS, readImportFiles } from '../import-files.js';
import { seedSchema } from '../seeds.js';

const usage = `Usage: glossa import FILE|FOLDER… --project P [options]

Imports documents and their annotations. Without --format the format comes
from each file's extension,
  ${Object.keys(EXTENSION_FORMATS).join(' ')}
refined by the content (a .jsonl of doccano records, a .json W3C page), or
for a folder from the files in it (brat, webanno, w3c, doccano, labelstudio,
conll or txt). Offsets in files are Unicode code points (WebAnno TSV:
UTF-16 units).

  txt      one document per file, its id the file name, its text kept exactly
  md/html  one document per file: the Markdown source / the visible text
  jsonl    native JSONL: every layer (annotator), status, note and label
  brat     a folder: <doc>.txt + <doc>.ann, one sub-folder per annotator
  w3c      a folder: pages/*.jsonld and texts/<doc>.txt; creator = annotator
  webanno  .tsv files or a folder of <annotator>/<doc>.tsv
  doccano  <annotator>.jsonl files (all.jsonl: the shared layer)
  labelstudio  a JSON array of tasks; completed_by = annotator
  conll    token/tag lines; corpus.<annotator>.conll for one annotator

Spans go into the layer of their annotator ("shared" when a file names
none); the same document in several annotators' files becomes one document
with several layers. Everything is checked first: an import applies
completely or not at all. Files over 50 MiB are refused.

Options:
  --project P        the project (created on first import)
  --format F         ${FILE_IMPORT_FORMATS.join(' | ')}
  --mode M           ${PROJECT_MODES.join(' | ')}: the mode of a new project (default shared)
  --schema FILE      the label schema of a new project (default: seeds/schema.json)
  --replace          replace documents whose id already exists
  --data DIR         the data directory (default ./.glossa)
${DATABASE_USAGE}

Exit codes: 0 imported; 1 a file could not be read or has problems
(nothing imported); 2 bad flags.`;

const flags = {
  ...dataOption,
  project: { type: 'string' },
  format: { type: 'string' },
  mode: { type: 'string' },
  schema: { type: 'string' },
  replace: { type: 'boolean' },
} as const;

/** Reads a schema file as UTF-8 text, failing with a message that names it. */
async function readSchemaText(file: string, shownAs: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, expected a file' : (error as Error).message;
    throw new CliError(`glossa import: cannot read ${shownAs}: ${reason}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
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
  summary: 'Import documents and annotations in any supported format into a project',
  usage,
  async run(argv: readonly string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseFlags('import', argv, flags, true);
    const project = required('import', 'project', values.project);
    if (positionals.length === 0) throw new UsageError('glossa import: no FILE given; expected one or more files or folders to import');
    if (values.format !== undefined && !FILE_IMPORT_FORMATS.includes(values.format)) {
      throw new UsageError(`glossa import: unknown --format "${values.format}"; expected one of ${FILE_IMPORT_FORMATS.join(', ')}`);
    }
    if (values.mode !== undefined && !isProjectMode(values.mode)) {
      throw new UsageError(`glossa import: unknown --mode "${values.mode}"; expected one of ${PROJECT_MODES.join(', ')}`);
    }
    const gathered = await readImportFiles(positionals, io.cwd, values.format, DEFAULT_MAX_IMPORT_BYTES);
    let schema: LabelSchema | undefined;
    if (values.schema !== undefined) {
      const parsed = parseSchemaFile(values.schema, await readSchemaText(path.resolve(io.cwd, values.schema), values.schema));
      if (!parsed.ok) throw issuesError(parsed.errors);
      schema = parsed.value;
    }
    if (gathered.issues.length > 0) throw issuesError(gathered.issues);

    const data = await openOrCreateDataDir(dataLocation('import', io, values));
    try {
      // The seed schema is read only for a project this import creates.
      const creates = schema === undefined && (await data.catalog.getProject(project)) === undefined;
      const result = await importFiles(data, gathered.sources, {
        project,
        ...(values.mode === undefined ? {} : { mode: values.mode }),
        ...(schema === undefined ? {} : { schema }),
        ...(creates ? { defaultSchema: seedSchema() } : {}),
        replace: values.replace === true,
      });
      if (!result.ok) throw issuesError(result.errors);
      const s = result.value;
      const documents = s.documents.length === 1 ? '1 document' : `${s.documents.length} documents`;
      const spans = s.spans === 1 ? '1 span' : `${s.spans} spans`;
      const layers = s.layers.length === 0 ? 'no layers' : `${s.layers.length === 1 ? '1 layer' : `${s.layers.length} layers`} (${s.layers.join(', ')})`;
      const replaced = s.replaced.length === 0 ? '' : `, ${s.replaced.length} replaced`;
      const created = s.projectCreated ? ` (created, ${(await data.catalog.getProject(s.project))?.mode ?? 'shared'} mode)` : '';
      io.stdout.write(`Imported ${documents}${replaced}, ${spans} in ${layers} into project "${s.project}"${created}.\n`);
      return 0;
    } finally {
      await data.close();
    }
  },
};

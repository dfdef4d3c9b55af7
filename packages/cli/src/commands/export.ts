/**
 * `glossa export --project P --format F --out PATH`: writes a project as a
 * dataset in any exportable format, streaming, all or nothing, with a loss
 * report on stderr and in `<out>.report.json`.
 */
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ANNOTATION_STATUSES, type AnnotationStatus } from '@glossa/core';
import {
  CONSOLIDATION_METHODS,
  ExportLayoutError,
  ExportLossError,
  ProgressPrinter,
  SplitSpecError,
  exportFormatNames,
  formatIssue,
  getFormat,
  parseSplitSpec,
  type ConsolidationMethod,
  type ExportLayout,
  type ExportReport,
  type ExportSink,
  type FormatAdapter,
  type FormatIssue,
  type SplitOptions,
  type TagScheme,
} from '@glossa/formats';
import { openProjectExport } from '@glossa/store';
import { CliError, UsageError, type CliIO, type Command } from '../command.js';
import { dataLocation, DATABASE_USAGE, dataOption, parseFlags, required } from '../args.js';
import { openDataDirFor } from '../data-dir.js';
import { StdoutSink, stageExport, type StagedExport } from '../disk-export.js';

/** The tagging schemes `--scheme` takes. */
const SCHEMES: readonly TagScheme[] = ['bio', 'bioes', 'iob1'];

/** Loss examples printed per kind on stderr (the report file keeps more). */
const EXAMPLES_SHOWN = 3;

/** Which formats each format-specific flag applies to. */
const FLAG_FORMATS: Readonly<Record<string, readonly string[]>> = {
  split: ['hf'],
  seed: ['hf'],
  stratify: ['hf'],
  tokens: ['hf'],
  parquet: ['hf'],
  scheme: ['conll', 'hf'],
  ents: ['spacy'],
  'base-url': ['w3c'],
};

function formatList(): string {
  return exportFormatNames
    .map((name) => {
      const format = getFormat(name) as FormatAdapter;
      return `                         ${name.padEnd(12)} ${format.kind === 'folder' ? 'a folder' : `a ${format.extension ?? ''} file, or a folder`}`;
    })
    .join('\n');
}

const usage = `Usage: glossa export --project P --format F --out PATH [options]

Writes a project's documents as a dataset. Offsets are Unicode code points
(WebAnno TSV: UTF-16 units), end exclusive, into texts with LF line breaks
(jsonl keeps texts exactly, CRLF included). Without --layer every layer is
exported; without --consolidate jsonl, w3c and conll keep every layer apart,
and the other formats use a document's gold layer where it has one,
otherwise every annotator separately. What the format cannot carry is
counted on stderr and in <out>.report.json. A failed export writes nothing.
The REST export route runs the same pipeline: the same request gives the
same bytes.

The output is exactly --out: a file format writes that one file (conll: a
tag column per layer unless consolidated; labelstudio: the tasks; w3c: one
JSON-LD AnnotationCollection with the texts), or, when --out ends with /,
is an existing folder or --folder is given, its folder form there (conll: a
file per layer; labelstudio: the tasks and the labeling config; w3c: the
collection, its pages and texts/). A folder format always writes a folder.

Options:
  --project P          the project
  --format F           the format, one of:
${formatList()}
  --out PATH           the file to write (file formats; - for standard
                       output), or the folder to create (folder formats, and
                       the folder form of a file format: a PATH ending in /)
  --folder             write the folder form of a file format at --out
  --force              replace the content of an existing non-empty --out folder
  --layer L            export only layer L (repeatable)
  --consolidate M      ${CONSOLIDATION_METHODS.join(' | ')}
  --status S           export only spans with status S (repeatable; default
                       proposed and accepted; jsonl and w3c: every status)
  --strip-boilerplate  cut the text under labels excluded from export out of
                       the documents, shifting offsets (jsonl and w3c keep
                       excluded labels as spans unless this is given)
  --strict             fail on any loss instead of reporting it (exit 1, no output)
  --split SPEC         hf: splits by document, e.g. train=0.8,validation=0.1,test=0.1
  --seed N             hf: seed of the split hash (default 0)
  --stratify GROUP     hf: stratify splits by a document-label group
  --tokens             hf: token-classification rows instead of span rows
  --parquet            hf: Parquet files instead of JSONL
  --scheme S           conll, hf --tokens: ${SCHEMES.join(' | ')} (default bio)
  --ents               spacy: also write non-overlapping spans as doc.ents
  --base-url URL       w3c: base of document IRIs (default urn:glossa:<project>:)
  --data DIR           the data directory (default ./.glossa)
${DATABASE_USAGE}

Exit codes: 0 written (losses are reported, not errors); 1 bad project,
layer, output path, or a loss with --strict; 2 bad flags.`;

const flags = {
  ...dataOption,
  project: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  folder: { type: 'boolean' },
  layer: { type: 'string', multiple: true },
  consolidate: { type: 'string' },
  status: { type: 'string', multiple: true },
  'strip-boilerplate': { type: 'boolean' },
  strict: { type: 'boolean' },
  split: { type: 'string' },
  seed: { type: 'string' },
  stratify: { type: 'string' },
  tokens: { type: 'boolean' },
  parquet: { type: 'boolean' },
  scheme: { type: 'string' },
  ents: { type: 'boolean' },
  'base-url': { type: 'string' },
} as const;

type ExportFlags = ReturnType<typeof parseFlags<typeof flags>>['values'];

/** The checked export request, before the project is opened. */
interface ExportRequest {
  readonly project: string;
  readonly format: FormatAdapter;
  readonly out: string;
  readonly consolidation?: ConsolidationMethod;
  readonly statuses?: readonly AnnotationStatus[];
  readonly splits?: SplitOptions;
  readonly scheme?: TagScheme;
  readonly baseUrl?: string;
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new UsageError(`glossa export: unknown --${flag} "${value}"; expected one of ${allowed.join(', ')}`);
  return found;
}

/** Checks every flag that can be checked without the project. */
function checkFlags(values: ExportFlags): ExportRequest {
  const project = required('export', 'project', values.project);
  const name = required('export', 'format', values.format);
  const out = required('export', 'out', values.out);
  const format = getFormat(name);
  if (format?.export === undefined) {
    const importOnly = format === undefined ? '' : ` ("${name}" can only be imported)`;
    throw new UsageError(`glossa export: unknown --format "${name}"${importOnly}; expected one of ${exportFormatNames.join(', ')}`);
  }
  for (const [flag, formats] of Object.entries(FLAG_FORMATS)) {
    if (values[flag as keyof ExportFlags] !== undefined && !formats.includes(name)) {
      throw new UsageError(`glossa export: --${flag} applies to --format ${formats.join(' or ')}, not ${name}`);
    }
  }
  if (out === '-' && format.kind === 'folder') throw new UsageError(`glossa export: --out - (standard output) needs a file format; ${name} writes a folder`);
  if (out === '-' && values.folder === true) throw new UsageError('glossa export: --out - (standard output) writes one file; --folder writes a folder');
  const consolidation = oneOf('consolidate', values.consolidate, CONSOLIDATION_METHODS);
  const statuses = values.status?.map((s) => oneOf('status', s, ANNOTATION_STATUSES) as AnnotationStatus);
  const scheme = oneOf('scheme', values.scheme, SCHEMES);
  if ((values.seed !== undefined || values.stratify !== undefined) && values.split === undefined) {
    throw new UsageError(`glossa export: --${values.seed !== undefined ? 'seed' : 'stratify'} needs --split`);
  }
  let splits: SplitOptions | undefined;
  if (values.split !== undefined) {
    let shares;
    try {
      shares = parseSplitSpec(values.split);
    } catch (error) {
      if (error instanceof SplitSpecError) throw new UsageError(`glossa export: bad --split "${values.split}": ${error.message}`);
      throw error;
    }
    let seed = 0;
    if (values.seed !== undefined) {
      if (!/^\d{1,15}$/.test(values.seed)) throw new UsageError(`glossa export: bad --seed "${values.seed}"; expected a whole number ≥ 0`);
      seed = Number(values.seed);
    }
    splits = { shares, seed, ...(values.stratify === undefined ? {} : { stratifyBy: values.stratify }) };
  }
  const baseUrl = values['base-url'];
  if (baseUrl !== undefined && !URL.canParse(baseUrl)) throw new UsageError(`glossa export: bad --base-url "${baseUrl}"; expected an absolute URL such as https://example.org/docs/`);
  return {
    project,
    format,
    out,
    ...(consolidation === undefined ? {} : { consolidation }),
    ...(statuses === undefined ? {} : { statuses: [...new Set(statuses)] }),
    ...(splits === undefined ? {} : { splits }),
    ...(scheme === undefined ? {} : { scheme }),
    ...(baseUrl === undefined ? {} : { baseUrl }),
  };
}

/**
 * Whether the export writes one file or a folder: a folder format always a
 * folder; a file format its folder form when --folder is given, --out ends
 * with a path separator or names an existing folder, otherwise one file.
 */
async function outputLayout(format: FormatAdapter, out: string, target: string | undefined, folder: boolean): Promise<ExportLayout> {
  if (format.kind === 'folder' || folder || /[/\\]$/.test(out)) return 'folder';
  if (target === undefined) return 'file';
  const existing = await stat(target).catch(() => undefined);
  return existing?.isDirectory() === true ? 'folder' : 'file';
}

function issuesError(issues: readonly FormatIssue[]): CliError {
  // Issues about the request itself (project, layer) read best as their message alone.
  return new CliError(`glossa export: ${issues.map((issue) => (issue.file === undefined && issue.record === undefined ? issue.message : formatIssue(issue))).join('\n  ')}`);
}

/** The losses of a report for the terminal: the total, then each kind with its first examples. */
function lossLines(report: ExportReport, reportFile: string | undefined): string {
  const total = report.losses.reduce((n, l) => n + l.count, 0);
  if (total === 0) return '';
  const where = reportFile === undefined ? '' : `; every kind with its first examples is in ${reportFile}`;
  const lines = [`glossa export: ${report.format} could not carry everything: ${total} ${total === 1 ? 'loss' : 'losses'}${where}`];
  for (const loss of report.losses) {
    lines.push(`  ${loss.kind}: ${loss.count}`);
    for (const e of loss.examples.slice(0, EXAMPLES_SHOWN)) lines.push(`    ${e.document}${e.layer === undefined ? '' : ` (${e.layer})`}: ${e.detail}`);
  }
  return lines.join('\n') + '\n';
}

/** The `glossa export` command. */
export const command: Command = {
  summary: 'Export a project as a dataset in any format',
  usage,
  async run(argv: readonly string[], io: CliIO): Promise<number> {
    const { values } = parseFlags('export', argv, flags);
    const request = checkFlags(values);
    const { project, format, out } = request;
    const data = await openDataDirFor('export', dataLocation('export', io, values), 'import documents first or give --data');
    const warn = (issue: FormatIssue): void => void io.stderr.write(`glossa export: warning: ${formatIssue(issue)}\n`);
    let staged: StagedExport | undefined;
    try {
      const target = out === '-' ? undefined : path.resolve(io.cwd, out.replace(/[/\\]+$/, '') || out);
      const layout = await outputLayout(format, out, target, values.folder === true);
      const stderr = io.stderr as typeof io.stderr & { isTTY?: boolean };
      const progress = new ProgressPrinter({ write: (chunk: string) => stderr.write(chunk), isTTY: stderr.isTTY === true }, { label: `export ${format.name}` });
      let total = 0;
      const opened = await openProjectExport(data, project, {
        format: format.name,
        ...(values.layer === undefined ? {} : { layers: values.layer }),
        ...(request.consolidation === undefined ? {} : { consolidation: request.consolidation }),
        ...(request.statuses === undefined ? {} : { statuses: request.statuses }),
        stripBoilerplate: values['strip-boilerplate'] === true,
        strict: values.strict === true,
        ...(request.splits === undefined ? {} : { splits: request.splits }),
        ...(request.scheme === undefined ? {} : { scheme: request.scheme }),
        ...(request.baseUrl === undefined ? {} : { baseUrl: request.baseUrl }),
        tokens: values.tokens === true,
        parquet: values.parquet === true,
        ents: values.ents === true,
        layout,
        ...(layout === 'file' ? { fileName: target === undefined ? `corpus${format.extension ?? ''}` : path.basename(target) } : {}),
        onProgress: (event) => progress.update({ ...event, total }),
        onOrphan: warn,
        onLayerProblem: warn,
      });
      if (!opened.ok) throw issuesError(opened.errors);
      total = opened.value.documentCount;
      const { schema } = opened.value.project;
      const group = request.splits?.stratifyBy;
      if (group !== undefined && !schema.documentLabels.some((g) => g.id === group)) {
        const groups = schema.documentLabels.map((g) => g.id);
        throw new UsageError(`glossa export: unknown --stratify group "${group}" in the schema of project "${project}"; expected ${groups.length === 0 ? 'a document-label group, but the schema has none' : `one of ${groups.join(', ')}`}`);
      }

      let sink: ExportSink;
      if (target === undefined) {
        sink = new StdoutSink(io.stdout, opened.value.context.fileName ?? `corpus${format.extension ?? ''}`, format.name);
      } else {
        staged = await stageExport(target, layout, values.force === true, out);
        sink = staged.sink;
      }
      let report: ExportReport;
      try {
        report = await opened.value.run(sink);
      } catch (error) {
        if (error instanceof ExportLayoutError) {
          throw new CliError(
            `glossa export: ${error.message}\nglossa export: nothing was written; give --consolidate METHOD (one tag column), --layer L (only those layers), or a folder path (ending in /, or --folder) for the folder form`,
          );
        }
        if (error instanceof ExportLossError) {
          throw new CliError(`glossa export: ${error.message}\nglossa export: nothing was written; without --strict the export reports its losses instead`);
        }
        if ((error as NodeJS.ErrnoException).code !== undefined && error instanceof Error) throw new CliError(`glossa export: cannot write ${out}: ${error.message}`);
        throw error;
      }
      let reportFile: string | undefined;
      if (staged !== undefined && target !== undefined) {
        await staged.commit();
        staged = undefined;
        reportFile = `${out.replace(/[/\\]+$/, '') || out}.report.json`;
        await writeFile(`${target}.report.json`, JSON.stringify({ project, out, ...report }, null, 2) + '\n');
      }
      io.stderr.write(lossLines(report, reportFile));
      progress.finish(report);
      return 0;
    } finally {
      await staged?.discard();
      await data.close();
    }
  },
};

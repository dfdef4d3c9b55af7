/**
 * `glossa export --project P --format jsonl --out FILE`: writes a project's
 * documents as a dataset, streaming, with offsets in Unicode code points.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { MissingDataDirError, exportDocuments, openDataDir, type DataDir } from '@glossa/server';
import { formatIssue, serializeJsonl, type FormatIssue } from '@glossa/formats';
import { CliError, UsageError, type CliIO, type Command } from '../command.js';
import { dataDir, dataOption, parseFlags, required } from '../args.js';

/** The formats `glossa export` writes. */
export const EXPORT_FORMATS = ['jsonl'] as const;

const usage = `Usage: glossa export --project P --format F --out FILE [options]

Writes a project's documents as a dataset. Offsets are Unicode code points,
end exclusive. Without --layer every layer is exported, each span carrying
its annotator (layer).

Options:
  --project P        the project
  --format F         ${EXPORT_FORMATS.join(' | ')} (native JSONL: one line per document)
  --out FILE         the file to write, or - for standard output
  --layer L          export only layer L (repeatable)
  --data DIR         the data directory (default ./.glossa)`;

const flags = {
  ...dataOption,
  project: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  layer: { type: 'string', multiple: true },
} as const;

function issuesError(issues: readonly FormatIssue[]): CliError {
  // Issues about the request itself (project, layer) read best as their message alone.
  return new CliError(`glossa export: ${issues.map((issue) => (issue.file === undefined && issue.record === undefined ? issue.message : formatIssue(issue))).join('\n  ')}`);
}

/** Writes `lines` to `out`, waiting for the stream to drain when its buffer is full. */
async function writeLines(lines: AsyncIterable<string>, out: Writable): Promise<void> {
  for await (const line of lines) {
    if (!out.write(line.endsWith('\n') ? line : line + '\n')) await once(out, 'drain');
  }
}

function openExisting(dir: string): DataDir {
  try {
    return openDataDir(dir, { create: false });
  } catch (error) {
    if (error instanceof MissingDataDirError) throw new CliError(`glossa export: ${error.message}; import documents first or give --data`);
    throw error;
  }
}

/** The `glossa export` command. */
export const command: Command = {
  summary: 'Export a project as a dataset',
  usage,
  async run(argv: readonly string[], io: CliIO): Promise<number> {
    const { values } = parseFlags('export', argv, flags);
    const project = required('export', 'project', values.project);
    const format = required('export', 'format', values.format);
    const out = required('export', 'out', values.out);
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`glossa export: unknown --format "${format}"; expected one of ${EXPORT_FORMATS.join(', ')}`);
    }
    const data = openExisting(dataDir(io, values.data));
    const warn = (issue: FormatIssue): void => void io.stderr.write(`glossa export: warning: ${formatIssue(issue)}\n`);
    try {
      const opened = exportDocuments(data, project, {
        ...(values.layer === undefined ? {} : { layers: values.layer }),
        onOrphan: warn,
        onLayerProblem: warn,
      });
      if (!opened.ok) throw issuesError(opened.errors);
      const lines = serializeJsonl(opened.value.documents, { layers: opened.value.layers });
      if (out === '-') {
        await writeLines(lines, io.stdout);
        return 0;
      }
      // Write beside the target and rename, so a failed export leaves no half-written file.
      const target = path.resolve(io.cwd, out);
      const partial = `${target}.partial-${process.pid}`;
      const stream = createWriteStream(partial);
      try {
        await once(stream, 'open');
        await writeLines(lines, stream);
        stream.end();
        await once(stream, 'finish');
        await rename(partial, target);
      } catch (error) {
        stream.destroy();
        await rm(partial, { force: true });
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EACCES') {
          throw new CliError(`glossa export: cannot write ${out}: ${(error as Error).message}`);
        }
        throw error;
      }
      return 0;
    } finally {
      await data.close();
    }
  },
};

/**
 * `glossa list [--project P] [--json]`: the projects of a data directory, or
 * the documents of one project with their layers and span counts.
 */
import { describeDocuments, listProjectSummaries } from '@glossa/store';
import { CliError, type CliIO, type Command } from '../command.js';
import { dataLocation, DATABASE_USAGE, dataOption, parseFlags, shownLocation } from '../args.js';
import { openExistingDataDir } from '../data-dir.js';

const usage = `Usage: glossa list [--project P] [--json] [--data DIR | --database URL]

Without --project: every project with its mode, schema and number of
documents. With --project: its documents with their length (in Unicode code
points) and the number of annotations in each layer. A missing data
directory lists no projects and is not created.

Options:
  --project P        list the documents of project P
  --json             print JSON instead of a table
  --data DIR         the data directory (default ./.glossa)
${DATABASE_USAGE}`;

const flags = { ...dataOption, project: { type: 'string' }, json: { type: 'boolean' } } as const;

/** Lays out rows as left-aligned columns separated by two spaces. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** The `glossa list` command. */
export const command: Command = {
  summary: 'List projects, documents, layers and counts',
  usage,
  async run(argv: readonly string[], io: CliIO): Promise<number> {
    const { values } = parseFlags('list', argv, flags);
    const dir = dataLocation('list', io, values);
    const data = await openExistingDataDir(dir);
    if (values.project === undefined) {
      let projects: Awaited<ReturnType<typeof listProjectSummaries>> = [];
      try {
        if (data) projects = await listProjectSummaries(data);
      } finally {
        await data?.close();
      }
      if (values.json === true) io.stdout.write(JSON.stringify(projects, null, 2) + '\n');
      else if (projects.length === 0) io.stdout.write(`No projects in ${shownLocation(dir)}.\n`);
      else io.stdout.write(table(['PROJECT', 'MODE', 'DOCUMENTS', 'SCHEMA'], projects.map((p) => [p.id, p.mode, String(p.documents), p.schema])));
      return 0;
    }
    if (!data) throw new CliError(`glossa list: unknown project "${values.project}"; there is no data directory at ${shownLocation(dir)}`);
    try {
      const project = await data.catalog.getProject(values.project);
      const described = await describeDocuments(data, values.project);
      if (!described.ok || !project) throw new CliError(`glossa list: ${described.ok ? `unknown project "${values.project}"` : described.errors.map((issue) => issue.message).join('; ')}`);
      const documents = described.value;
      if (values.json === true) {
        io.stdout.write(JSON.stringify({ project: { id: project.id, mode: project.mode, schema: project.schema.name, created: project.created }, documents }, null, 2) + '\n');
        return 0;
      }
      io.stdout.write(`Project "${project.id}" (${project.mode} mode, schema "${project.schema.name}"): ${documents.length === 1 ? '1 document' : `${documents.length} documents`}\n`);
      if (documents.length > 0) {
        const rows = documents.map((d) => [d.id, String(d.characters), d.layers.length === 0 ? '-' : d.layers.map((l) => `${l.layer}: ${l.spans}`).join(', ')]);
        io.stdout.write(table(['DOCUMENT', 'CHARACTERS', 'LAYERS (ANNOTATIONS)'], rows));
      }
      return 0;
    } finally {
      await data.close();
    }
  },
};

/**
 * `glossa recommender add|list|remove`: the recommenders a project runs.
 * A pattern file or gazetteer given with `--file` is checked against the
 * project's schema and copied into the configuration, so the server never
 * reads the path again; `--url` names an external model server (kinds
 * `http` and `labelstudio`), which only whoever holds the data directory
 * (an administrator) can configure.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RECOMMENDER_KINDS, readRecommenderConfig, recommenderRecordOf } from '@glossa/server/internal';
import { RecommenderExistsError, invalidRecommenderNameReason } from '@glossa/store';
import { CliError, UsageError, type CliIO, type Command } from '../command.js';
import { dataLocation, dataOption, parseFlags, required } from '../args.js';
import { openDataDirFor } from '../data-dir.js';

const usage = `Usage: glossa recommender <add|list|remove> [options]

  glossa recommender add NAME --project P --kind KIND [--file FILE] [--url URL] [--labels L1,L2]
      Adds a recommender to project P. KIND is one of ${RECOMMENDER_KINDS.join(', ')}.
      --file: a pattern file (patterns; spaCy/Prodigy JSONL) or a gazetteer
      (string-match; text<TAB>label lines), copied in when added.
      --url: the model server of an http or labelstudio recommender.
      --labels: only these labels of the schema (default: every label).
  glossa recommender list --project P [--json]
      Lists the project's recommenders (name, kind, labels, file, URL).
  glossa recommender remove NAME --project P
      Removes a recommender; its suggestions go at the next run.

Options:
  --data DIR         the data directory (default ./.glossa)`;

const flags = {
  ...dataOption,
  project: { type: 'string' },
  kind: { type: 'string' },
  file: { type: 'string' },
  url: { type: 'string' },
  labels: { type: 'string' },
  json: { type: 'boolean' },
} as const;

function readConfigFile(io: CliIO, file: string): { name: string; text: string } {
  const absolute = path.resolve(io.cwd, file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`glossa recommender add: cannot read --file ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(error)}`);
  }
  try {
    return { name: path.basename(file), text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    throw new CliError(`glossa recommender add: --file ${file} is not UTF-8 text`);
  }
}

/** The `glossa recommender` command. */
export const command: Command = {
  summary: 'Add, list or remove the recommenders of a project',
  usage,
  async run(argv: readonly string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseFlags('recommender', argv, flags, true);
    const [action, name, ...extra] = positionals;
    if (action !== 'add' && action !== 'list' && action !== 'remove') {
      throw new UsageError(`glossa recommender: expected add, list or remove${action === undefined ? '' : `, got "${action}"`}`);
    }
    const command = `recommender ${action}`;
    if (extra.length > 0 || (action === 'list' && name !== undefined)) throw new UsageError(`glossa ${command}: unexpected argument "${extra[0] ?? name}"`);
    if (action !== 'list' && name === undefined) throw new UsageError(`glossa ${command}: expected a recommender NAME`);
    const project = required(command, 'project', values.project);
    if (action !== 'add') {
      for (const flag of ['kind', 'file', 'url', 'labels'] as const) if (values[flag] !== undefined) throw new UsageError(`glossa ${command}: --${flag} only applies to add`);
    }
    if (action !== 'list' && values.json === true) throw new UsageError(`glossa ${command}: --json only applies to list`);
    let request: Parameters<typeof recommenderRecordOf>[0] | undefined;
    if (action === 'add') {
      const reason = invalidRecommenderNameReason(name as string);
      if (reason !== undefined) throw new UsageError(`glossa ${command}: recommender name "${name}" ${reason}`);
      const kind = required(command, 'kind', values.kind);
      if (!RECOMMENDER_KINDS.includes(kind)) throw new UsageError(`glossa ${command}: unknown --kind "${kind}"; expected one of ${RECOMMENDER_KINDS.join(', ')}`);
      const labels = values.labels?.split(',').map((l) => l.trim());
      if (labels !== undefined && labels.some((l) => l === '')) throw new UsageError(`glossa ${command}: bad --labels "${values.labels}"; expected label ids separated by commas`);
      const file = values.file === undefined ? undefined : readConfigFile(io, values.file);
      request = { project, name: name as string, kind, ...(labels === undefined ? {} : { labels }), ...(file === undefined ? {} : { file }), ...(values.url === undefined ? {} : { url: values.url }) };
    }
    const data = await openDataDirFor(command, dataLocation(command, io, values), 'give --data or import a project first');
    try {
      const record = await data.catalog.getProject(project);
      if (!record) {
        const known = (await data.catalog.listProjects()).map((p) => p.id);
        throw new CliError(`glossa ${command}: unknown project "${project}"; ${known.length === 0 ? 'there are no projects' : `expected one of ${known.join(', ')}`}`);
      }
      if (action === 'list') {
        const listed = await data.recommenders.list(project);
        if (values.json === true) {
          io.stdout.write(`${JSON.stringify(listed.map(({ name: n, kind, config, created }) => ({ name: n, kind, config, created })), null, 2)}\n`);
          return 0;
        }
        if (listed.length === 0) io.stdout.write(`Project ${project} has no recommenders.\n`);
        for (const r of listed) {
          const labels = Array.isArray(r.config['labels']) ? r.config['labels'].join(',') : 'every label';
          const file = r.config['file'] as { name?: string } | undefined;
          const url = typeof r.config['url'] === 'string' ? `\t${r.config['url']}` : '';
          io.stdout.write(`${r.name}\t${r.kind}\t${labels}${file?.name === undefined ? '' : `\t${file.name}`}${url}\n`);
        }
        return 0;
      }
      if (action === 'remove') {
        if (!(await data.recommenders.remove(project, name as string))) throw new CliError(`glossa ${command}: project "${project}" has no recommender "${name}"`);
        io.stdout.write(`Removed recommender ${name} from ${project}.\n`);
        return 0;
      }
      const stored = recommenderRecordOf(request as NonNullable<typeof request>);
      const plan = readRecommenderConfig(stored, record.schema);
      if (!plan.ok) throw new CliError(plan.errors.map((issue) => `glossa ${command}: ${issue}`).join('\n'));
      try {
        await data.recommenders.add(stored);
      } catch (error) {
        if (error instanceof RecommenderExistsError) throw new CliError(`glossa ${command}: ${error.message}; remove it first or choose another name`);
        throw error;
      }
      io.stdout.write(`Added ${stored.kind} recommender ${stored.name} to ${project}.\n`);
      return 0;
    } finally {
      await data.close();
    }
  },
};

/**
 * `glossa suggest`: runs a project's recommenders over the data directory
 * (training what needs training, predicting, writing the suggestion rooms
 * or, with `--into`, proposed annotations of a layer); `glossa suggest
 * evaluate` cross-validates them against a gold layer; `glossa suggest
 * stats` counts what users did with suggestions.
 */
import { OffsetIndex } from '@glossa/core';
import { evaluateStoredProject, feedbackStoredProject, suggestStoredProject, type RecommenderEvaluation } from '@glossa/server/internal';
import type { FeedbackCounts, PrecisionRecall } from '@glossa/suggest';
import { CliError, UsageError, type CliIO, type Command } from '../command.js';
import { dataLocation, dataOption, parseFlags, required } from '../args.js';
import { openDataDirFor } from '../data-dir.js';

const usage = `Usage: glossa suggest [evaluate|stats] [options]

  glossa suggest --project P [--doc D …] [--recommender NAME …] [--min-score X] [--into LAYER] [--json]
      Trains the project's recommenders and writes their suggestions into the
      suggestion rooms (every scope), or with --into as proposed annotations
      of LAYER (batch pre-annotation, learning from LAYER and gold).
      --json prints one line per suggestion:
      {"doc","start","end","label","score","recommender","scope"} (code points).
      A recommender that fails (an external model server down) is reported
      and the others run; the exit status is then 1.
  glossa suggest evaluate --project P --gold LAYER [--folds K] [--json]
      Precision, recall and F1 (exact and overlap) per recommender and label,
      by K-fold cross-validation over the documents LAYER annotates (K = 5).
  glossa suggest stats --project P [--json]
      Shown, accepted, rejected and corrected suggestions, with rates, per
      recommender, label and user.

Options:
  --data DIR         the data directory (default ./.glossa)`;

const runFlags = {
  ...dataOption,
  project: { type: 'string' },
  doc: { type: 'string', multiple: true },
  recommender: { type: 'string', multiple: true },
  'min-score': { type: 'string' },
  into: { type: 'string' },
  json: { type: 'boolean' },
} as const;
const evaluateFlags = { ...dataOption, project: { type: 'string' }, gold: { type: 'string' }, folds: { type: 'string' }, json: { type: 'boolean' } } as const;
const statsFlags = { ...dataOption, project: { type: 'string' }, json: { type: 'boolean' } } as const;

function number(command: string, flag: string, value: string | undefined, check: (n: number) => boolean, expected: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`glossa ${command}: bad --${flag} "${value}"; expected ${expected}`);
  return n;
}

const percent = (x: number | null): string => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);
const prf = (p: PrecisionRecall): string => `P ${percent(p.precision)}  R ${percent(p.recall)}  F1 ${percent(p.f1)}`;

async function runSuggest(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags('suggest', argv, runFlags, true);
  if (positionals.length > 0) throw new UsageError(`glossa suggest: unexpected argument "${positionals[0]}"; expected evaluate, stats or options`);
  const project = required('suggest', 'project', values.project);
  const minScore = number('suggest', 'min-score', values['min-score'], (n) => n >= 0 && n <= 1, 'a number from 0 to 1');
  const data = await openDataDirFor('suggest', dataLocation('suggest', io, values), 'give --data or import a project first');
  try {
    const json = values.json === true;
    const lines: string[] = [];
    const offsets = new Map<string, OffsetIndex>();
    const result = await suggestStoredProject(data, project, {
      ...(values.doc === undefined ? {} : { docs: values.doc }),
      ...(values.recommender === undefined ? {} : { recommenders: values.recommender }),
      ...(minScore === undefined ? {} : { minScore }),
      ...(values.into === undefined ? {} : { into: values.into }),
      onProgress: (message) => io.stderr.write(`${message}\n`),
      onSuggestion: (s) => {
        if (!json) return;
        let index = offsets.get(s.doc);
        if (index === undefined || index.utf16Length !== s.text.length) offsets.set(s.doc, (index = new OffsetIndex(s.text)));
        lines.push(JSON.stringify({ doc: s.doc, start: index.toCodePoint(s.start), end: index.toCodePoint(s.end), label: s.label, score: s.score, recommender: s.recommender, scope: s.scope }));
      },
    });
    if (!result.ok) throw new CliError(result.errors.map((e) => `glossa suggest: ${e}`).join('\n'));
    if (json) io.stdout.write(lines.map((l) => `${l}\n`).join(''));
    else {
      const where = values.into === undefined ? 'suggestion rooms' : `proposed annotations of layer ${values.into}`;
      for (const [name, count] of Object.entries(result.value.written)) {
        if (result.value.failed[name] === undefined) io.stdout.write(`${name}: ${count} suggestion${count === 1 ? '' : 's'} written as ${where}\n`);
      }
    }
    const failed = Object.entries(result.value.failed);
    for (const [name, error] of failed) io.stderr.write(`glossa suggest: recommender ${name} failed: ${error}\n`);
    return failed.length === 0 ? 0 : 1;
  } finally {
    await data.close();
  }
}

function evaluationText(report: RecommenderEvaluation): string {
  if ('skipped' in report) return `${report.recommender} (${report.kind}): skipped, ${report.skipped}\n`;
  const head = `${report.recommender} (${report.kind}), ${report.folds} folds over ${report.documents} documents\n  all labels  exact: ${prf(report.micro.exact)}  overlap: ${prf(report.micro.overlap)}\n`;
  return head + report.labels.map((l) => `  ${l.label}  exact: ${prf(l.exact)}  overlap: ${prf(l.overlap)}\n`).join('');
}

async function runEvaluate(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags('suggest evaluate', argv, evaluateFlags, true);
  if (positionals.length > 0) throw new UsageError(`glossa suggest evaluate: unexpected argument "${positionals[0]}"`);
  const project = required('suggest evaluate', 'project', values.project);
  const gold = required('suggest evaluate', 'gold', values.gold);
  const folds = number('suggest evaluate', 'folds', values.folds, (n) => Number.isInteger(n) && n >= 2, 'a whole number of at least 2');
  const data = await openDataDirFor('suggest evaluate', dataLocation('suggest evaluate', io, values), 'give --data or import a project first');
  try {
    const result = await evaluateStoredProject(data, project, { gold, ...(folds === undefined ? {} : { folds }) });
    if (!result.ok) throw new CliError(result.errors.map((e) => `glossa suggest evaluate: ${e}`).join('\n'));
    io.stdout.write(values.json === true ? `${JSON.stringify(result.value, null, 2)}\n` : result.value.map(evaluationText).join(''));
    return 0;
  } finally {
    await data.close();
  }
}

function countsText(name: string, c: FeedbackCounts): string {
  return `  ${name}: shown ${c.shown}, accepted ${c.accepted} (${percent(c.acceptedRate)}), rejected ${c.rejected} (${percent(c.rejectedRate)}), corrected ${c.corrected} (${percent(c.correctedRate)})\n`;
}

async function runStats(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags('suggest stats', argv, statsFlags, true);
  if (positionals.length > 0) throw new UsageError(`glossa suggest stats: unexpected argument "${positionals[0]}"`);
  const project = required('suggest stats', 'project', values.project);
  const data = await openDataDirFor('suggest stats', dataLocation('suggest stats', io, values), 'give --data or import a project first');
  try {
    const result = await feedbackStoredProject(data, project);
    if (!result.ok) throw new CliError(result.errors.map((e) => `glossa suggest stats: ${e}`).join('\n'));
    const stats = result.value;
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
      return 0;
    }
    let text = `Suggestions of ${project}\n${countsText('all', stats.total)}`;
    for (const [title, group] of [['By recommender', stats.byRecommender], ['By label', stats.byLabel], ['By user', stats.byUser]] as const) {
      text += `${title}\n${Object.entries(group).map(([name, c]) => countsText(name, c)).join('')}`;
    }
    io.stdout.write(text);
    return 0;
  } finally {
    await data.close();
  }
}

/** The `glossa suggest` command. */
export const command: Command = {
  summary: 'Run, evaluate and measure the recommenders of a project',
  usage,
  run(argv: readonly string[], io: CliIO): Promise<number> {
    if (argv[0] === 'evaluate') return runEvaluate(argv.slice(1), io);
    if (argv[0] === 'stats') return runStats(argv.slice(1), io);
    return runSuggest(argv, io);
  },
};

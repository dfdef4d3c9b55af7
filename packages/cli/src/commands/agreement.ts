/**
 * `glossa agreement --project P`: inter-annotator agreement of a project's
 * annotator layers, per label, per pair and per document, as a table or JSON.
 */
import type { AgreementReport, AgreementUnit, ConfusionReport } from '@glossa/core';
import { GOLD_LAYER, SHARED_LAYER } from '@glossa/collab';
import { AGREEMENT_UNITS, agreementJson, measureAgreement, readAgreementInput } from '@glossa/store';
import { CliError, UsageError, type CliIO, type Command } from '../command.js';
import { dataLocation, DATABASE_USAGE, dataOption, parseFlags, shownLocation, required } from '../args.js';
import { openExistingDataDir } from '../data-dir.js';

const usage = `Usage: glossa agreement --project P [options]

Measures how far the annotators of project P agree, per label: Cohen's
kappa (mean over pairs), Fleiss' kappa, Krippendorff's alpha and unitizing
alpha_u, and span F1 (exact and overlap); then per pair of annotators and
per document. Every annotator layer takes part except "${SHARED_LAYER}" and
"${GOLD_LAYER}"; a document counts for an annotator who has a layer for it.
A dash marks a value that is undefined (e.g. kappa when nobody used a label).
When the layers hold relations, a relation table follows: relation F1 per
relation label and per pair, a relation matching one whose ends match
(exact: the same spans, fragments included; overlap: overlapping spans)
with the same label and direction. Relations with an end deleted
(dangling) are counted and left out.

Options:
  --project P          the project
  --unit U             char (non-whitespace characters, default) | token
  --annotators A,B,…   only these layers (at least two; may name gold)
  --labels L,…         only these labels (default: every label used)
  --docs D,…           only these documents
  --confusion          also print, for each pair, the label confusion matrix
  --json               print JSON instead of tables
  --data DIR           the data directory (default ./.glossa)
${DATABASE_USAGE}`;

const flags = {
  ...dataOption,
  project: { type: 'string' },
  unit: { type: 'string' },
  annotators: { type: 'string' },
  labels: { type: 'string' },
  docs: { type: 'string' },
  confusion: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** Splits a comma-separated flag value; an empty entry is a usage error. */
function list(flag: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw new UsageError(`glossa agreement: --${flag} "${value}" has an empty entry; expected names separated by commas`);
  return [...new Set(items)];
}

/** A measure with three decimals, or a dash when undefined. */
function figure(value: number | null): string {
  return value === null ? '-' : value.toFixed(3);
}

/** Lays out rows as columns: the first left-aligned, the others right-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

/** The report as readable tables: labels × measures, then pairs, then documents. */
function formatReport(project: string, report: AgreementReport): string {
  const unitName = report.unit === 'char' ? 'character unit' : 'token';
  const parts = [
    `Agreement in project "${project}": ${plural(report.annotators.length, 'annotator')} (${report.annotators.join(', ')}), ${plural(report.documents, 'document')} compared, ${plural(report.units, unitName)}\n`,
  ];
  const measures = (m: { kappa: number | null; fleiss: number | null; alpha: number | null; alpha_u: number | null; f1_exact: number | null; f1_overlap: number | null }): string[] =>
    [m.kappa, m.fleiss, m.alpha, m.alpha_u, m.f1_exact, m.f1_overlap].map(figure);
  const labelRows = Object.entries(report.labels).map(([label, m]) => [label, String(m.support), ...measures(m)]);
  labelRows.push([`(mean of ${plural(report.overall.labels, 'label')})`, String(report.overall.support), ...measures(report.overall)]);
  parts.push(table(['LABEL', 'SUPPORT', 'KAPPA', 'FLEISS', 'ALPHA', 'ALPHA_U', 'F1_EXACT', 'F1_OVERLAP'], labelRows));
  const pairRows = report.pairs.map((p) => [`${p.a} / ${p.b}`, String(p.documents), String(p.units), figure(p.kappa), figure(p.f1_exact), figure(p.f1_overlap)]);
  parts.push(table(['PAIR', 'DOCUMENTS', 'UNITS', 'KAPPA', 'F1_EXACT', 'F1_OVERLAP'], pairRows));
  const relations = formatRelations(report);
  if (relations !== '') parts.push(relations);
  if (report.perDocument.length > 0) {
    const docRows = report.perDocument.map((d) => [d.doc, d.annotators.join(', '), String(d.units), figure(d.kappa), figure(d.alpha), figure(d.f1_exact), figure(d.f1_overlap)]);
    parts.push(table(['DOCUMENT', 'ANNOTATORS', 'UNITS', 'KAPPA', 'ALPHA', 'F1_EXACT', 'F1_OVERLAP'], docRows));
  }
  return parts.join('\n');
}

/** Relation F1 per relation label and per pair, or nothing when no layer holds a relation. */
function formatRelations(report: AgreementReport): string {
  const { relations } = report;
  const labels = Object.entries(relations.labels);
  if (labels.length === 0 && relations.dangling === 0) return '';
  const rows = labels.map(([label, m]) => [label, String(m.support), figure(m.f1_exact), figure(m.f1_overlap)]);
  rows.push([`(mean of ${plural(relations.overall.labels, 'relation label')})`, String(relations.overall.support), figure(relations.overall.f1_exact), figure(relations.overall.f1_overlap)]);
  const pairRows = relations.pairs.map((p) => [`${p.a} / ${p.b}`, figure(p.f1_exact), figure(p.f1_overlap)]);
  const dangling = relations.dangling === 0 ? '' : `${plural(relations.dangling, 'dangling relation')} (an end deleted) left out\n`;
  return (
    table(['RELATION', 'SUPPORT', 'F1_EXACT', 'F1_OVERLAP'], rows) + '\n' + table(['RELATION PAIR', 'F1_EXACT', 'F1_OVERLAP'], pairRows) + dangling
  );
}

/** Each pair's confusion matrix, rows the first annotator's labels, columns the second's. */
function formatConfusion(confusion: ConfusionReport): string {
  return confusion.pairs
    .map((pair) => {
      const rows = pair.matrix.map((row, i) => [confusion.labels[i] as string, ...row.map(String)]);
      return `Confusion (units): ${pair.a} in rows, ${pair.b} in columns, ${plural(pair.documents, 'document')}\n` + table([`${pair.a} \\ ${pair.b}`, ...confusion.labels], rows);
    })
    .join('\n');
}

/** The `glossa agreement` command. */
export const command: Command = {
  summary: 'Inter-annotator agreement figures',
  usage,
  async run(argv: readonly string[], io: CliIO): Promise<number> {
    const { values } = parseFlags('agreement', argv, flags);
    const project = required('agreement', 'project', values.project);
    const unit = values.unit ?? 'char';
    if (!(AGREEMENT_UNITS as readonly string[]).includes(unit)) throw new UsageError(`glossa agreement: unknown --unit "${unit}"; expected one of ${AGREEMENT_UNITS.join(', ')}`);
    const annotators = list('annotators', values.annotators);
    const labels = list('labels', values.labels);
    const docs = list('docs', values.docs);

    const dir = dataLocation('agreement', io, values);
    const data = await openExistingDataDir(dir);
    if (data === undefined) throw new CliError(`glossa agreement: unknown project "${project}"; there is no data directory at ${shownLocation(dir)}`);
    try {
      const read = await readAgreementInput(data, project, {
        unit: unit as AgreementUnit,
        ...(annotators ? { annotators } : {}),
        ...(labels ? { labels } : {}),
        ...(docs ? { docs } : {}),
      });
      if (!read.ok) throw new CliError(`glossa agreement: ${read.errors.map((issue) => issue.message).join('; ')}`);
      const { input, orphans } = read.value;
      if (orphans > 0) io.stderr.write(`glossa agreement: ${plural(orphans, 'annotation')} whose text was deleted ${orphans === 1 ? 'was' : 'were'} left out\n`);
      const result = measureAgreement(input, { confusion: values.confusion === true });
      if (values.json === true) {
        io.stdout.write(JSON.stringify(agreementJson(result), null, 2) + '\n');
      } else {
        io.stdout.write(formatReport(project, result.report));
        if (result.confusion) io.stdout.write('\n' + formatConfusion(result.confusion));
      }
      return 0;
    } finally {
      await data.close();
    }
  },
};

/**
 * The agreement sections of the dashboard: the overall figures, per label
 * (an SVG bar chart of a chosen measure and a table), per pair of
 * annotators (an SVG heat map of Cohen's κ and a table), relation F1
 * (when the layers have relations), label confusion and per document. Every chart has the same figures in a table beside it.
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { labelById } from '@glossa/core';
import type { AgreementMeasures, AgreementReport, ConfusionReport, LabelSchema } from '@glossa/core';
import { safeColor } from '@glossa/prosemirror';
import { BarChart } from '../charts/bar-chart.js';
import { HeatMap } from '../charts/heat-map.js';
import { formatMeasure } from './agreement-figures.js';
import { ConfusionSection } from './confusion-section.js';
import { RelationAgreementSection } from './relation-section.js';
import { MEASURES, MeasureCell, NumericHeader } from './figure-cells.js';
import { labelName } from '../components/label-field.js';
import { plural } from '../components/plural.js';

/** The agreement figures: overall, per label (a bar chart and a table), per pair of annotators (a heat map and a table), confusion and per document. */
export function AgreementFigures({ schema, report, confusion }: { readonly schema: LabelSchema; readonly report: AgreementReport; readonly confusion: ConfusionReport }): JSX.Element {
  const [measure, setMeasure] = useState<keyof AgreementMeasures>('kappa');
  const labels = Object.keys(report.labels);
  const measureName = MEASURES.find((m) => m.key === measure)?.name ?? measure;
  return (
    <>
      <section class="panel dashboard-section" aria-labelledby="overall-title">
        <h2 id="overall-title">Overall</h2>
        <p>
          {plural(report.annotators.length, 'annotator', 'annotators')} ({report.annotators.join(', ')}), {plural(report.documents, 'document', 'documents')} compared,{' '}
          {plural(report.units, 'unit', 'units')} ({report.unit === 'char' ? 'non-whitespace characters' : 'tokens'}), {plural(report.overall.labels, 'label', 'labels')} with
          support, {plural(report.overall.support, 'span', 'spans')}.
        </p>
        <table class="table" data-testid="overall-table">
          <caption class="visually-hidden">Overall agreement: the mean of each measure over labels with support</caption>
          <thead>
            <tr>
              {MEASURES.map((m) => (
                <NumericHeader key={m.key}>{m.name}</NumericHeader>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {MEASURES.map((m) => (
                <MeasureCell key={m.key} measure={m.key} value={report.overall[m.key]} />
              ))}
            </tr>
          </tbody>
        </table>
      </section>

      <section class="panel dashboard-section" aria-labelledby="labels-title">
        <h2 id="labels-title">Per label</h2>
        <label class="field field-inline">
          <span>Chart of</span>
          <select value={measure} onChange={(e) => setMeasure(e.currentTarget.value as keyof AgreementMeasures)} data-testid="measure-select">
            {MEASURES.map((m) => (
              <option key={m.key} value={m.key}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <BarChart
          id="label-chart"
          title={`${measureName} per label`}
          description={`A bar per label; the table below gives the same figures. Labels: ${labels.map((l) => `${labelName(schema, l)} ${formatMeasure(report.labels[l]?.[measure] ?? null)}`).join('; ')}.`}
          bars={labels.map((l) => ({ key: l, name: labelName(schema, l), value: report.labels[l]?.[measure] ?? null, color: safeColor(labelById(schema, l)?.color) }))}
          format={formatMeasure}
          measure={measureName}
        />
        <table class="table" data-testid="label-table">
          <caption>Agreement per label (the chart’s figures as a table)</caption>
          <thead>
            <tr>
              <th scope="col">Label</th>
              {MEASURES.map((m) => (
                <NumericHeader key={m.key}>{m.name}</NumericHeader>
              ))}
              <NumericHeader>Support</NumericHeader>
            </tr>
          </thead>
          <tbody>
            {labels.map((l) => {
              const row = report.labels[l];
              return (
                <tr key={l} data-label={l}>
                  <th scope="row">{labelName(schema, l)}</th>
                  {MEASURES.map((m) => (
                    <MeasureCell key={m.key} measure={m.key} value={row?.[m.key] ?? null} />
                  ))}
                  <td class="numeric" data-measure="support">
                    {row?.support ?? 0}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section class="panel dashboard-section" aria-labelledby="pairs-title">
        <h2 id="pairs-title">Per pair of annotators</h2>
        <HeatMap
          id="pair-heat-map"
          title="Cohen’s κ per pair of annotators"
          description={`A cell per pair, blue for agreement, red for disagreement; the table below gives the same figures. ${report.pairs.map((p) => `${p.a} and ${p.b}: ${formatMeasure(p.kappa)}`).join('; ')}.`}
          names={report.annotators}
          pairs={report.pairs.map((p) => ({ a: p.a, b: p.b, value: p.kappa }))}
          format={formatMeasure}
          measure="κ"
        />
        <table class="table" data-testid="pair-table">
          <caption>Agreement per pair (the heat map’s figures as a table)</caption>
          <thead>
            <tr>
              <th scope="col">Pair</th>
              <NumericHeader>Documents</NumericHeader>
              <NumericHeader>Units</NumericHeader>
              <NumericHeader>κ (mean over labels)</NumericHeader>
              <NumericHeader>F1 exact</NumericHeader>
              <NumericHeader>F1 overlap</NumericHeader>
            </tr>
          </thead>
          <tbody>
            {report.pairs.map((p) => (
              <tr key={`${p.a}|${p.b}`} data-a={p.a} data-b={p.b}>
                <th scope="row">
                  {p.a} × {p.b}
                </th>
                <td class="numeric">{p.documents}</td>
                <td class="numeric">{p.units.toLocaleString('en')}</td>
                <MeasureCell measure="kappa" value={p.kappa} />
                <MeasureCell measure="f1_exact" value={p.f1_exact} />
                <MeasureCell measure="f1_overlap" value={p.f1_overlap} />
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <RelationAgreementSection schema={schema} report={report} />
      <ConfusionSection schema={schema} confusion={confusion} />

      <section class="panel dashboard-section" aria-labelledby="documents-agreement-title">
        <h2 id="documents-agreement-title">Per document</h2>
        <table class="table" data-testid="document-agreement-table">
          <caption class="visually-hidden">Agreement within each compared document</caption>
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Annotators</th>
              <NumericHeader>Units</NumericHeader>
              <NumericHeader>κ</NumericHeader>
              <NumericHeader>α</NumericHeader>
              <NumericHeader>F1 exact</NumericHeader>
              <NumericHeader>F1 overlap</NumericHeader>
            </tr>
          </thead>
          <tbody>
            {report.perDocument.map((d) => (
              <tr key={d.doc} data-doc={d.doc}>
                <th scope="row">{d.doc}</th>
                <td>{d.annotators.join(', ')}</td>
                <td class="numeric">{d.units.toLocaleString('en')}</td>
                <MeasureCell measure="kappa" value={d.kappa} />
                <MeasureCell measure="alpha" value={d.alpha} />
                <MeasureCell measure="f1_exact" value={d.f1_exact} />
                <MeasureCell measure="f1_overlap" value={d.f1_overlap} />
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

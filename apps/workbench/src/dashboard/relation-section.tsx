/**
 * Relation agreement on the dashboard: F1 over relations whose ends match
 * (exactly, or overlapping) with the same label and direction, per relation
 * label and per pair of annotators, as the server's agreement report gives
 * it. Shown only when the report has relation figures with support.
 */
import type { JSX } from 'preact';
import { relationLabelById } from '@glossa/core';
import type { AgreementReport, LabelSchema } from '@glossa/core';
import { formatMeasure } from './agreement-figures.js';
import { NumericHeader } from './figure-cells.js';
import { plural } from '../components/plural.js';

/** A table cell with one relation figure. */
function Figure({ value, measure }: { readonly value: number | null; readonly measure: string }): JSX.Element {
  return (
    <td class="numeric" data-measure={measure}>
      {formatMeasure(value)}
    </td>
  );
}

/** The relation agreement section, or nothing when the report has no relation with support. */
export function RelationAgreementSection({ schema, report }: { readonly schema: LabelSchema; readonly report: AgreementReport }): JSX.Element | null {
  // A server from before relation agreement sends no `relations`.
  const relations = (report as Partial<AgreementReport>).relations;
  if (relations === undefined || relations.overall.support === 0) return null;
  const labels = Object.entries(relations.labels);
  return (
    <section class="panel dashboard-section" aria-labelledby="relations-agreement-title" data-testid="relation-agreement">
      <h2 id="relations-agreement-title">Relations</h2>
      <p>
        {plural(relations.overall.support, 'relation', 'relations')} of {plural(relations.overall.labels, 'relation label', 'relation labels')} compared; a relation matches
        another with the same label and direction whose ends match{relations.dangling > 0 ? `; ${plural(relations.dangling, 'relation', 'relations')} with a deleted end left out` : ''}.
      </p>
      <table class="table" data-testid="relation-agreement-labels">
        <caption class="visually-hidden">Relation F1 per relation label, and overall (the mean over labels with support)</caption>
        <thead>
          <tr>
            <th scope="col">Relation label</th>
            <NumericHeader>F1 exact</NumericHeader>
            <NumericHeader>F1 overlap</NumericHeader>
            <NumericHeader>Relations</NumericHeader>
          </tr>
        </thead>
        <tbody>
          {labels.map(([id, figures]) => (
            <tr key={id} data-relation-label={id}>
              <th scope="row">{relationLabelById(schema, id)?.name ?? id}</th>
              <Figure measure="f1_exact" value={figures.f1_exact} />
              <Figure measure="f1_overlap" value={figures.f1_overlap} />
              <td class="numeric">{figures.support}</td>
            </tr>
          ))}
          <tr data-relation-label="">
            <th scope="row">Overall</th>
            <Figure measure="f1_exact" value={relations.overall.f1_exact} />
            <Figure measure="f1_overlap" value={relations.overall.f1_overlap} />
            <td class="numeric">{relations.overall.support}</td>
          </tr>
        </tbody>
      </table>
      {relations.pairs.length > 0 && (
        <table class="table" data-testid="relation-agreement-pairs">
          <caption class="visually-hidden">Relation F1 per pair of annotators, over every relation label</caption>
          <thead>
            <tr>
              <th scope="col">Pair</th>
              <NumericHeader>F1 exact</NumericHeader>
              <NumericHeader>F1 overlap</NumericHeader>
            </tr>
          </thead>
          <tbody>
            {relations.pairs.map((pair) => (
              <tr key={`${pair.a}\u0000${pair.b}`}>
                <th scope="row">
                  {pair.a} – {pair.b}
                </th>
                <Figure measure="f1_exact" value={pair.f1_exact} />
                <Figure measure="f1_overlap" value={pair.f1_overlap} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

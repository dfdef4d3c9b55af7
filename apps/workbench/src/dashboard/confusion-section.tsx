/**
 * The label confusion of the dashboard: per pair of annotators, the units
 * where one used a label and the other another (or none).
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { ConfusionReport, LabelSchema } from '@glossa/core';
import { NumericHeader } from './figure-cells.js';
import { labelName } from '../components/label-field.js';

/** The confusion matrix of one pair of annotators (a choice of pair when there are several). */
export function ConfusionSection({ schema, confusion }: { readonly schema: LabelSchema; readonly confusion: ConfusionReport }): JSX.Element {
  const [chosen, setChosen] = useState(0);
  const pair = confusion.pairs[Math.min(chosen, confusion.pairs.length - 1)];
  const name = (l: string, i: number): string => (i === confusion.labels.length - 1 ? 'none' : labelName(schema, l));
  return (
    <section class="panel dashboard-section" aria-labelledby="confusion-title">
      <h2 id="confusion-title">Label confusion</h2>
      {confusion.pairs.length > 1 && (
        <label class="field field-inline">
          <span>Pair</span>
          <select value={String(chosen)} onChange={(e) => setChosen(Number(e.currentTarget.value))}>
            {confusion.pairs.map((p, i) => (
              <option key={`${p.a}|${p.b}`} value={String(i)}>
                {p.a} × {p.b}
              </option>
            ))}
          </select>
        </label>
      )}
      {pair !== undefined && (
        <div class="table-scroll">
          <table class="table confusion" data-testid="confusion-table">
            <caption>
              Units where {pair.a} (rows) used one label and {pair.b} (columns) another, over the {pair.documents} documents both have
            </caption>
            <thead>
              <tr>
                <th scope="col">
                  {pair.a} ↓ / {pair.b} →
                </th>
                {confusion.labels.map((l, j) => (
                  <NumericHeader key={`c-${j}`}>{name(l, j)}</NumericHeader>
                ))}
              </tr>
            </thead>
            <tbody>
              {pair.matrix.map((row, i) => (
                <tr key={`r-${i}`}>
                  <th scope="row">{name(confusion.labels[i] ?? '', i)}</th>
                  {row.map((count, j) => (
                    <td class={i === j ? 'numeric diagonal' : 'numeric'} key={`c-${j}`}>
                      {count.toLocaleString('en')}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

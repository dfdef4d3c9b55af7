/**
 * The pieces the dashboard's tables share: the agreement measures in the
 * order the tables show them, a heading of a column of figures, a cell with
 * one figure.
 */
import type { ComponentChildren, JSX } from 'preact';
import type { AgreementMeasures } from '@glossa/core';
import { formatMeasure } from './agreement-figures.js';

/** The measures a label has, in the order the tables show them. */
export const MEASURES: readonly { readonly key: keyof AgreementMeasures; readonly name: string }[] = [
  { key: 'kappa', name: 'κ (Cohen, mean over pairs)' },
  { key: 'fleiss', name: 'Fleiss κ' },
  { key: 'alpha', name: 'α (nominal)' },
  { key: 'alpha_u', name: 'αu (unitizing)' },
  { key: 'f1_exact', name: 'F1 exact' },
  { key: 'f1_overlap', name: 'F1 overlap' },
];

/** A column heading of a column of figures. */
export function NumericHeader({ children }: { readonly children: ComponentChildren }): JSX.Element {
  return (
    <th scope="col" class="numeric">
      {children}
    </th>
  );
}

/** A table cell with one agreement figure, marked with the measure it shows. */
export function MeasureCell({ measure, value }: { readonly measure: keyof AgreementMeasures; readonly value: number | null }): JSX.Element {
  return (
    <td class="numeric" data-measure={measure}>
      {formatMeasure(value)}
    </td>
  );
}


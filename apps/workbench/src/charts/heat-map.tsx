/**
 * A heat map of a pairwise measure (e.g. Cohen's κ per pair of annotators)
 * drawn as plain SVG: one cell per pair, colored on a diverging scale, the
 * value written in the cell. Accessible: the chart is an image with a title
 * and a description, each cell has its own title, and callers show the same
 * figures in a table.
 */
import type { JSX } from 'preact';
import { agreementFill, agreementInk } from './color-scale.js';

/** One pair's value; the map is symmetric, so (a, b) fills both cells. */
export interface HeatMapPair {
  readonly a: string;
  readonly b: string;
  readonly value: number | null;
}

/** Props of `HeatMap`. */
export interface HeatMapProps {
  /** Unique on the page: the ids of the title and description derive from it. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** The rows and columns, in order. */
  readonly names: readonly string[];
  readonly pairs: readonly HeatMapPair[];
  /** Prints a value in a cell and its title. */
  readonly format: (value: number | null) => string;
  /** The measure's name in cell titles, e.g. `κ`. */
  readonly measure: string;
}

const CELL = 64;
const MARGIN = 110;

/** The heat map. */
export function HeatMap({ id, title, description, names, pairs, format, measure }: HeatMapProps): JSX.Element {
  const value = (a: string, b: string): number | null | undefined => pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a))?.value;
  const size = MARGIN + CELL * names.length + 8;
  return (
    <svg class="chart heat-map" role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${size} ${size}`} width={size} height={size} data-testid={id}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {names.map((name, i) => (
        <g key={`labels-${name}`}>
          <text x={MARGIN - 8} y={MARGIN + CELL * i + CELL / 2} text-anchor="end" dominant-baseline="middle" class="chart-axis">
            {name}
          </text>
          <text x={MARGIN + CELL * i + CELL / 2} y={MARGIN - 8} text-anchor="start" transform={`rotate(-45 ${MARGIN + CELL * i + CELL / 2} ${MARGIN - 8})`} class="chart-axis">
            {name}
          </text>
        </g>
      ))}
      {names.map((row, i) =>
        names.map((column, j) => {
          const x = MARGIN + CELL * j;
          const y = MARGIN + CELL * i;
          if (i === j) {
            return (
              <g key={`${row}-${column}`}>
                <rect x={x} y={y} width={CELL} height={CELL} fill="#f4f6f8" stroke="#c9d1d9" />
              </g>
            );
          }
          const v = value(row, column);
          const shown = v === undefined ? null : v;
          return (
            <g key={`${row}-${column}`} class="heat-cell" data-a={row} data-b={column} data-value={v === undefined || v === null ? '' : String(v)}>
              <title>{`${row} × ${column}: ${measure} = ${format(shown)}`}</title>
              <rect x={x} y={y} width={CELL} height={CELL} fill={agreementFill(shown)} stroke="#c9d1d9" />
              <text x={x + CELL / 2} y={y + CELL / 2} text-anchor="middle" dominant-baseline="middle" fill={agreementInk(shown)} class="chart-value">
                {format(shown)}
              </text>
            </g>
          );
        }),
      )}
    </svg>
  );
}

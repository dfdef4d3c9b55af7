/**
 * A horizontal bar chart of one value per item (e.g. κ per label), plain
 * SVG: a bar from zero to the value, the value written after it, `n/a` for
 * an undefined value. Accessible: an image with a title and a description,
 * a title on every bar, and callers show the same figures in a table.
 */
import type { JSX } from 'preact';

/** One bar. */
export interface Bar {
  /** A stable key (e.g. the label id). */
  readonly key: string;
  /** What the axis shows. */
  readonly name: string;
  readonly value: number | null;
  /** The bar's fill, `#rrggbb`. */
  readonly color: string;
}

/** Props of `BarChart`. */
export interface BarChartProps {
  /** Unique on the page: the ids of the title and description derive from it. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly bars: readonly Bar[];
  /** Prints a value. */
  readonly format: (value: number | null) => string;
  /** The measure's name in bar titles. */
  readonly measure: string;
}

const ROW = 28;
const NAME_WIDTH = 190;
const PLOT_WIDTH = 360;
const VALUE_WIDTH = 60;

/** The bar chart; the axis runs from −1 when a value is negative, else from 0, to 1. */
export function BarChart({ id, title, description, bars, format, measure }: BarChartProps): JSX.Element {
  const min = bars.some((bar) => bar.value !== null && bar.value < 0) ? -1 : 0;
  const scale = (value: number): number => NAME_WIDTH + ((Math.max(min, Math.min(1, value)) - min) / (1 - min)) * PLOT_WIDTH;
  const zero = scale(0);
  const width = NAME_WIDTH + PLOT_WIDTH + VALUE_WIDTH;
  const height = ROW * bars.length + 24;
  return (
    <svg class="chart bar-chart" role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${width} ${height}`} width={width} height={height} data-testid={id}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {bars.map((bar, i) => {
        const y = i * ROW;
        const end = bar.value === null ? zero : scale(bar.value);
        return (
          <g key={bar.key} class="bar" data-key={bar.key} data-value={bar.value === null ? '' : String(bar.value)}>
            <title>{`${bar.name}: ${measure} = ${format(bar.value)}`}</title>
            <text x={NAME_WIDTH - 8} y={y + ROW / 2} text-anchor="end" dominant-baseline="middle" class="chart-axis">
              {bar.name}
            </text>
            <rect x={Math.min(zero, end)} y={y + 5} width={Math.max(1, Math.abs(end - zero))} height={ROW - 10} fill={bar.value === null ? '#e9ecef' : bar.color} />
            <text x={Math.max(zero, end) + 6} y={y + ROW / 2} dominant-baseline="middle" class="chart-value">
              {format(bar.value)}
            </text>
          </g>
        );
      })}
      <line x1={zero} x2={zero} y1={0} y2={ROW * bars.length} stroke="#4f5862" />
      <text x={scale(min)} y={ROW * bars.length + 16} text-anchor="middle" class="chart-axis">
        {String(min)}
      </text>
      {min < 0 && (
        <text x={zero} y={ROW * bars.length + 16} text-anchor="middle" class="chart-axis">
          0
        </text>
      )}
      <text x={scale(1)} y={ROW * bars.length + 16} text-anchor="middle" class="chart-axis">
        1
      </text>
    </svg>
  );
}

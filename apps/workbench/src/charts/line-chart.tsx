/**
 * A line chart of values in [0, 1] against a count (e.g. F1 against the
 * number of annotations), one line per series, plain SVG. Accessible as
 * `BarChart`: an image with a title and a description, a title on every
 * point, and callers show the same figures in a table.
 */
import type { JSX } from 'preact';

/** One series: its points, in order of `x`. */
export interface LineSeries {
  readonly key: string;
  readonly name: string;
  /** `#rrggbb`. */
  readonly color: string;
  readonly points: readonly { readonly x: number; readonly y: number | null }[];
}

/** Props of `LineChart`. */
export interface LineChartProps {
  /** Unique on the page: the ids of the title and description derive from it. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly xName: string;
  readonly yName: string;
  readonly series: readonly LineSeries[];
}

const WIDTH = 520;
const HEIGHT = 240;
const LEFT = 44;
const BOTTOM = 36;
const TOP = 12;
const RIGHT = 140;

/** The chart; y runs from 0 to 1, x from 0 to the largest count. */
export function LineChart({ id, title, description, xName, yName, series }: LineChartProps): JSX.Element {
  const maxX = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.x)));
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const x = (value: number): number => LEFT + (value / maxX) * plotWidth;
  const y = (value: number): number => TOP + (1 - Math.max(0, Math.min(1, value))) * plotHeight;
  return (
    <svg class="chart line-chart" role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} data-testid={id}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <line x1={LEFT} x2={LEFT} y1={TOP} y2={TOP + plotHeight} stroke="#4f5862" />
      <line x1={LEFT} x2={LEFT + plotWidth} y1={TOP + plotHeight} y2={TOP + plotHeight} stroke="#4f5862" />
      {[0, 0.5, 1].map((tick) => (
        <text key={tick} x={LEFT - 6} y={y(tick)} text-anchor="end" dominant-baseline="middle" class="chart-axis">
          {String(tick)}
        </text>
      ))}
      <text x={LEFT} y={HEIGHT - 6} class="chart-axis">
        0
      </text>
      <text x={LEFT + plotWidth} y={HEIGHT - 6} text-anchor="end" class="chart-axis">
        {`${maxX} ${xName}`}
      </text>
      {series.map((s, k) => {
        const defined = s.points.filter((p): p is { x: number; y: number } => p.y !== null);
        return (
          <g key={s.key} class="series" data-key={s.key}>
            <polyline fill="none" stroke={s.color} stroke-width="2" points={defined.map((p) => `${x(p.x)},${y(p.y)}`).join(' ')} />
            {defined.map((p) => (
              <circle key={p.x} cx={x(p.x)} cy={y(p.y)} r="3.5" fill={s.color}>
                <title>{`${s.name}: ${yName} ${p.y.toFixed(2)} after ${p.x} ${xName}`}</title>
              </circle>
            ))}
            <text x={LEFT + plotWidth + 10} y={TOP + 14 + k * 18} class="chart-axis" fill={s.color}>
              {s.name}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

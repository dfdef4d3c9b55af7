/**
 * Progress of an export on a stream: a bar with counts and rate on a TTY,
 * plain periodic lines otherwise, and a one-line summary at the end.
 */
import type { ExportReport } from './report.js';

/** Progress after a document has been written. */
export interface ProgressEvent {
  /** Documents written so far. */
  readonly documents: number;
  /** Spans written so far. */
  readonly spans: number;
  /** Documents expected in total, when known. */
  readonly total?: number;
}

/** Receives progress events. */
export type ProgressListener = (event: ProgressEvent) => void;

/** The stream progress is written to (e.g. `process.stderr`). */
export interface ProgressStream {
  /** Writes a chunk of text; the return value is ignored. */
  write(chunk: string): unknown;
  /** Whether the stream is a terminal: a progress bar is redrawn in place there; elsewhere plain lines are printed. */
  readonly isTTY?: boolean;
}

/** Options of a `ProgressPrinter`. */
export interface ProgressOptions {
  /** What is being done, e.g. `export conll`. */
  readonly label: string;
  /** No progress is shown for fewer documents than this. @default 20 */
  readonly minDocuments?: number;
  /** Milliseconds between plain lines on a non-TTY stream. @default 2000 */
  readonly lineIntervalMs?: number;
  /** Milliseconds between bar redraws on a TTY. @default 100 */
  readonly redrawIntervalMs?: number;
  /** Bar width in characters. @default 30 */
  readonly barWidth?: number;
  /** The clock, in milliseconds. @default performance.now */
  readonly now?: () => number;
}

/**
 * Prints progress for long exports. Use `listener` as an export's
 * `onProgress`, then `finish(report)` for the summary line.
 */
export class ProgressPrinter {
  readonly #stream: ProgressStream;
  readonly #options: Required<Omit<ProgressOptions, 'now'>>;
  readonly #now: () => number;
  readonly #started: number;
  #lastDraw = Number.NEGATIVE_INFINITY;
  #drewBar = false;

  constructor(stream: ProgressStream, options: ProgressOptions) {
    this.#stream = stream;
    this.#options = { minDocuments: 20, lineIntervalMs: 2000, redrawIntervalMs: 100, barWidth: 30, ...options };
    this.#now = options.now ?? (() => performance.now());
    this.#started = this.#now();
  }

  /** The listener to pass as `onProgress`. */
  readonly listener: ProgressListener = (event) => this.update(event);

  /** Shows progress when due (rate-limited). */
  update(event: ProgressEvent): void {
    if (event.documents < this.#options.minDocuments && (event.total === undefined || event.total < this.#options.minDocuments)) return;
    const now = this.#now();
    const tty = this.#stream.isTTY === true;
    const interval = tty ? this.#options.redrawIntervalMs : this.#options.lineIntervalMs;
    const done = event.total !== undefined && event.documents >= event.total;
    if (now - this.#lastDraw < interval && !done) return;
    this.#lastDraw = now;
    const seconds = Math.max((now - this.#started) / 1000, 1e-3);
    const rate = `${formatCount(event.documents / seconds)} docs/s`;
    const counts = event.total === undefined ? `${event.documents} documents` : `${event.documents}/${event.total} documents`;
    if (tty) {
      const fraction = event.total === undefined || event.total === 0 ? 0 : Math.min(1, event.documents / event.total);
      const filled = Math.round(fraction * this.#options.barWidth);
      const bar = event.total === undefined ? '' : `[${'#'.repeat(filled)}${'.'.repeat(this.#options.barWidth - filled)}] `;
      this.#stream.write(`\r${this.#options.label} ${bar}${counts}, ${event.spans} spans, ${rate}\u001b[K`);
      this.#drewBar = true;
    } else {
      this.#stream.write(`${this.#options.label}: ${counts}, ${event.spans} spans, ${rate}\n`);
    }
  }

  /** Ends the bar and writes the summary line. */
  finish(report: ExportReport): void {
    if (this.#drewBar) this.#stream.write('\n');
    this.#stream.write(`${summaryLine(report)}\n`);
  }
}

/** One line: documents, spans, bytes, time and losses of an export. */
export function summaryLine(report: ExportReport): string {
  const bytes = report.files.reduce((a, f) => a + f.bytes, 0);
  const lost = report.losses.reduce((a, l) => a + l.count, 0);
  return (
    `${report.format}: ${report.documents} documents, ${report.spans} spans, ${formatBytes(bytes)} in ${report.files.length} file${report.files.length === 1 ? '' : 's'}, ` +
    `${(report.elapsedMs / 1000).toFixed(2)} s${lost === 0 ? ', nothing lost' : `, ${lost} losses (see report)`}`
  );
}

/** Bytes as `B`, `kB`, `MB` or `GB` (powers of 1000). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(n >= 10 ? 0 : 1);
}

/**
 * The export report: what was written, and everything a format could not
 * carry, counted with its first examples. Nothing is dropped silently.
 */

/**
 * What kind of information an export lost:
 * - `overlap`: a span overlapping another one where the format allows no overlap (kept: the earlier, longer one);
 * - `token-boundary`: a span not on token boundaries, expanded to the covering tokens;
 * - `no-token`: a span covering only whitespace, left out of a token-level format;
 * - `empty-document`: a document without tokens, left out of a token-level format (CoNLL writes no `-DOCSTART-` block without tokens);
 * - `note`: a span's note in a format without notes;
 * - `status`: a span's non-default status (`accepted`, `rejected`) in a format without statuses;
 * - `document-label`: a document label in a format without document labels;
 * - `annotator`: the annotator of a layer in a format without annotators;
 * - `status-filter`: a span left out by the status filter;
 * - `excluded-label`: a span whose label is excluded from export (`excludeFromExport`);
 * - `boilerplate-cut`: a span cut short or removed because boilerplate text was stripped;
 * - `no-gold`: a document exported without spans because it has no gold layer;
 * - `consolidation`: a span, relation or label left out by consolidation (majority, intersection);
 * - `unknown-label`: a span or relation whose label is not in the schema;
 * - `fragment`: a discontinuous span in a format without fragments, written as its covering span;
 * - `relation`: a relation in a format without relations;
 * - `dangling-relation`: a relation with an end that is no span of its layer (deleted, or left out of
 *   the export by a filter or by consolidation), never exported;
 * - `relation-ends`: a relation joining spans whose labels its relation label does not allow (the
 *   schema's `sourceLabels` / `targetLabels`), never exported;
 * - `relation-direction`: a relation whose direction differs from its label's, in a format that writes
 *   the label's direction (brat, doccano, WebAnno TSV);
 * - `score`: a model's score on a span, in a format without scores;
 * - `model-version`: the version of the model that proposed a span, in a format without one.
 *
 * An import counts what it reads but does not keep (`ImportResult.losses`):
 * - `event`: a brat event (`E` line);
 * - `normalization`: a brat normalization (`N` line);
 * - `attribute`: a brat attribute (`A` or `M` line) other than Glossa's `Status`.
 */
export type LossKind =
  | 'overlap'
  | 'token-boundary'
  | 'no-token'
  | 'empty-document'
  | 'note'
  | 'status'
  | 'document-label'
  | 'annotator'
  | 'status-filter'
  | 'excluded-label'
  | 'boilerplate-cut'
  | 'no-gold'
  | 'consolidation'
  | 'unknown-label'
  | 'fragment'
  | 'relation'
  | 'dangling-relation'
  | 'relation-ends'
  | 'relation-direction'
  | 'score'
  | 'model-version'
  | 'event'
  | 'normalization'
  | 'attribute';

/** One example of a loss: where it happened and what was lost. */
export interface LossExample {
  readonly document: string;
  readonly layer?: string;
  /** The span id, when the loss concerns a span. */
  readonly span?: string;
  /** The relation id, when the loss concerns a relation. */
  readonly relation?: string;
  /** What was lost, in words (`HATE [6,14) overlaps SPAM [0,9)`). */
  readonly detail: string;
}

/** The count and first examples of one kind of loss. */
export interface LossEntry {
  readonly kind: LossKind;
  readonly count: number;
  readonly examples: readonly LossExample[];
}

/** A file an export wrote. */
export interface WrittenFile {
  /** Path relative to the export root. */
  readonly path: string;
  readonly bytes: number;
}

/** What an export did: counts, files and losses. The CLI prints it and writes `<out>.report.json`. */
export interface ExportReport {
  readonly format: string;
  readonly documents: number;
  readonly spans: number;
  /** Live relations handed to the format (those it cannot carry are also counted in `losses`); absent from reports made without relations in mind. */
  readonly relations?: number;
  readonly files: readonly WrittenFile[];
  readonly losses: readonly LossEntry[];
  /** Milliseconds the export took. */
  readonly elapsedMs: number;
}

/** Thrown by a strict export at the first loss. */
export class ExportLossError extends Error {
  override readonly name = 'ExportLossError';
  constructor(
    readonly kind: LossKind,
    readonly example: LossExample,
  ) {
    super(`strict export: ${kind} in document ${example.document}${example.layer === undefined ? '' : ` (layer ${example.layer})`}: ${example.detail}`);
  }
}

/** How many examples of each kind a report keeps. */
export const LOSS_EXAMPLES_KEPT = 5;

/**
 * Counts losses by kind, keeping the first examples. In strict mode the
 * first loss throws `ExportLossError`.
 */
export class LossRecorder {
  readonly #counts = new Map<LossKind, { count: number; examples: LossExample[] }>();

  constructor(readonly strict = false) {}

  /** Records one loss. @throws ExportLossError in strict mode. */
  record(kind: LossKind, example: LossExample): void {
    if (this.strict) throw new ExportLossError(kind, example);
    let entry = this.#counts.get(kind);
    if (entry === undefined) {
      entry = { count: 0, examples: [] };
      this.#counts.set(kind, entry);
    }
    entry.count++;
    if (entry.examples.length < LOSS_EXAMPLES_KEPT) entry.examples.push(example);
  }

  /** The number of losses of one kind. */
  count(kind: LossKind): number {
    return this.#counts.get(kind)?.count ?? 0;
  }

  /** Every kind recorded, in a stable order (by kind name). */
  entries(): LossEntry[] {
    return [...this.#counts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([kind, { count, examples }]) => ({ kind, count, examples: [...examples] }));
  }
}

/** Formats a report's losses as lines for a terminal (`overlap: 3 (first: d1 alice: …)`). */
export function formatLosses(report: ExportReport): string[] {
  return report.losses.map((l) => {
    const first = l.examples[0];
    const where = first === undefined ? '' : ` (first: ${first.document}${first.layer === undefined ? '' : ` ${first.layer}`}: ${first.detail})`;
    return `${l.kind}: ${l.count}${where}`;
  });
}

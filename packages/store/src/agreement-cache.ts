/**
 * Answers of the agreement route kept while the project they were measured
 * on is unchanged, so dashboards that ask again and again do not make the
 * server read and measure every room of the project each time.
 *
 * Each answer is kept under its project and normalized request, with a
 * fingerprint of everything the measurement reads: the version (row count
 * and largest row id, see `RoomVersion`) of every stored room of the project,
 * and the project's mode, schema and document ids in order from the catalog.
 * A request whose fingerprint is unchanged is answered from the cache
 * without loading any room. Rows are only appended, replaced by a compaction
 * snapshot with a new, larger id, or deleted, and ids are never reused, so
 * any write to a room changes the fingerprint. The fingerprint is read
 * before the input: a write while the measurement runs leaves the answer
 * kept under the older fingerprint, and the next request measures again.
 *
 * Only the rows' ids are compared, not their bytes: a row overwritten in
 * place (which the store never does) goes unnoticed until the project
 * changes again. The tests use exactly that to show that an unchanged
 * project is not read; `hits` and `misses` count the requests for the same
 * purpose. Requests the project cannot answer (an unknown name, too few
 * annotators) and failures are never kept.
 */
import { createHash } from 'node:crypto';
import { ok, type AgreementUnit, type Result } from '@glossa/core';
import { agreementJson, measureAgreement, readAgreementInput, type AgreementJson, type AgreementSelection, type AgreementSelectionIssue } from './agreement-input.js';
import { VersionedCache } from './versioned-cache.js';
import type { DataDir } from './data-dir.js';

/** How many answers an `AgreementCache` keeps by default: a dashboard's few queries for each of a few projects. */
export const DEFAULT_AGREEMENT_CACHE_ENTRIES = 32;

/** What the agreement route is asked: a selection, and whether to add the confusion matrices. */
export interface AgreementRequest extends AgreementSelection {
  /** Add each pair's confusion matrix. @default false */
  readonly confusion?: boolean;
}

/** Options of an `AgreementCache`. */
export interface AgreementCacheOptions {
  /** The most answers kept; the least recently used one is forgotten first. @default 32 (`DEFAULT_AGREEMENT_CACHE_ENTRIES`) */
  readonly capacity?: number;
}

/**
 * Agreement answers of one data directory, each valid while its project is
 * unchanged. Keep one for as long as the data directory is open.
 *
 * @example
 * const agreements = new AgreementCache(data);
 * const first = await agreements.answer('policy', { unit: 'token' }); // reads and measures the project
 * const again = await agreements.answer('policy', { unit: 'token' }); // answered from the cache
 */
export class AgreementCache {
  private readonly answers: VersionedCache<Result<AgreementJson, AgreementSelectionIssue>>;

  /**
   * @param data The data directory whose projects are measured.
   * @throws RangeError when `options.capacity` is not a positive integer.
   */
  constructor(
    readonly data: DataDir,
    options: AgreementCacheOptions = {},
  ) {
    this.answers = new VersionedCache(options.capacity ?? DEFAULT_AGREEMENT_CACHE_ENTRIES);
  }

  /** The most answers the cache holds at once. */
  get capacity(): number {
    return this.answers.capacity;
  }

  /** How many answers the cache holds; never more than its capacity. */
  get size(): number {
    return this.answers.size;
  }

  /** Requests answered from the cache. @internal for tests and diagnostics. */
  get hits(): number {
    return this.answers.hits;
  }

  /** Requests that read and measured the project (new, changed or forgotten). @internal for tests and diagnostics. */
  get misses(): number {
    return this.answers.misses;
  }

  /**
   * The agreement JSON of `project` for `request`, as `agreementJson`
   * makes it: the kept answer when the project is unchanged since it was
   * measured, otherwise measured again (and kept). A selection the project
   * cannot answer comes back as issues, as from `readAgreementInput`, and
   * is not kept; a failure to read storage rejects and keeps nothing. The
   * answer is frozen: it may be shared with later requests.
   */
  async answer(project: string, request: AgreementRequest = {}): Promise<Result<AgreementJson, AgreementSelectionIssue>> {
    const fingerprint = await projectFingerprint(this.data, project);
    const measure = async (): Promise<Result<AgreementJson, AgreementSelectionIssue>> => {
      const { confusion, ...selection } = request;
      const read = await readAgreementInput(this.data, project, selection);
      if (!read.ok) return read;
      return deepFreeze(ok(agreementJson(measureAgreement(read.value.input, { confusion: confusion === true }))));
    };
    return this.answers.get(agreementRequestKey(project, request), fingerprint, measure, (result) => result.ok);
  }
}

/**
 * The cache key of a request: the project and the request with its
 * defaults filled in and repeated names dropped. Documents are sorted,
 * since which ones are selected is all that counts; annotators and labels
 * keep their order, which the answer follows (pairs, per-label figures).
 * @internal exported for tests.
 */
export function agreementRequestKey(project: string, request: AgreementRequest): string {
  const unit: AgreementUnit = request.unit ?? 'char';
  const distinct = (names: readonly string[] | undefined): string[] | null => (names === undefined ? null : [...new Set(names)]);
  const docs = distinct(request.docs)?.sort() ?? null;
  return JSON.stringify([project, unit, distinct(request.annotators), distinct(request.labels), docs, request.confusion === true]);
}

/**
 * A digest of everything the agreement of `project` is measured from: its
 * mode, schema and document ids (in order) from the catalog, and the version
 * of each of its stored rooms, all read at one moment
 * (`Catalog.projectVersion`). Undefined for an unknown project. @internal
 * exported for tests.
 */
export async function projectFingerprint(data: DataDir, project: string): Promise<string | undefined> {
  const version = await data.catalog.projectVersion(project);
  if (version === undefined) return undefined;
  const hash = createHash('sha256');
  hash.update(JSON.stringify([version.project.mode, version.project.schema, version.documents]));
  for (const { room, rows, maxId } of version.rooms) hash.update(JSON.stringify([room, rows, maxId]));
  return hash.digest('base64');
}

/** Freezes `value` and every object and array inside it, so a shared answer cannot be changed by one of its readers. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * The recommenders contract: which recommenders each project runs, by name,
 * with their configuration as a JSON object. The store keeps configurations
 * as given; what a kind means and which options it takes is the server's
 * business (`@glossa/suggest` for the built-in kinds).
 */
import { checkCatalogId } from './catalog.js';

/** A JSON value, as a recommender's configuration holds. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { readonly [key: string]: JsonValue };

/** A recommender to add to a project. */
export interface NewRecommender {
  readonly project: string;
  /** The recommender's name within the project (also the `recommender` of its suggestions). */
  readonly name: string;
  /** Its kind (`string-match`, `patterns`, `passage-classifier`, `tagger`, `http`, `labelstudio`…): lowercase letters, digits and `-`. */
  readonly kind: string;
  /** Its configuration (options, rule files' text, a backend's URL), as a JSON object. */
  readonly config: JsonObject;
}

/** A recommender as stored: what was added and when. */
export interface RecommenderRecord extends NewRecommender {
  /** When it was added, in milliseconds since the epoch. */
  readonly created: number;
}

/**
 * Recommender configurations per project. Writes are committed when they
 * resolve. `onRecommendersChanged` tells of additions and removals (the
 * server retrains): the embedded backend reports this process's, a networked
 * backend every process's.
 */
export interface RecommenderStore {
  /** The project's recommenders, by name. */
  list(project: string): Promise<RecommenderRecord[]>;
  /** The recommender `name` of `project`, or undefined. */
  get(project: string, name: string): Promise<RecommenderRecord | undefined>;
  /**
   * Adds a recommender. Rejects with `UnknownProjectError` for a project
   * that does not exist, `RecommenderExistsError` when the name is taken in
   * the project, and `RangeError` for a bad name, kind or configuration.
   */
  add(recommender: NewRecommender, created?: number): Promise<RecommenderRecord>;
  /** Removes a recommender; resolves whether it existed. */
  remove(project: string, name: string): Promise<boolean>;
  /** Calls `listener` with the project's id after a recommender of it is added or removed; returns a function that removes it. */
  onRecommendersChanged(listener: (project: string) => void): () => void;
}

/** A recommender name already taken in a project. */
export class RecommenderExistsError extends Error {
  override readonly name = 'RecommenderExistsError';
  constructor(
    readonly project: string,
    readonly recommender: string,
  ) {
    super(`project "${project}" already has a recommender named "${recommender}"`);
  }
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const KIND_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;

/** Why `name` cannot be a recommender's name, or undefined when it can. */
export function invalidRecommenderNameReason(name: string): string | undefined {
  return NAME_PATTERN.test(name) ? undefined : 'must be 1–64 characters: letters, digits, "_", "." or "-", starting with a letter or digit';
}

function checkJson(value: unknown, where: string, depth: number): void {
  if (depth > 64) throw new RangeError(`${where}: nested more than 64 levels deep`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${where}: expected a finite number, found ${String(value)}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkJson(item, `${where}[${i}]`, depth + 1));
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) checkJson(item, `${where}.${key}`, depth + 1);
    return;
  }
  throw new RangeError(`${where}: expected a JSON value, found ${typeof value}`);
}

/** Checks a recommender about to be added. @throws RangeError naming the field */
export function checkNewRecommender(recommender: NewRecommender): void {
  checkCatalogId('project', recommender.project);
  const nameReason = invalidRecommenderNameReason(recommender.name);
  if (nameReason !== undefined) throw new RangeError(`recommender name ${JSON.stringify(recommender.name)} ${nameReason}`);
  if (!KIND_PATTERN.test(recommender.kind)) throw new RangeError(`recommender kind ${JSON.stringify(recommender.kind)} must be lowercase letters, digits and "-", starting with a letter`);
  const config: unknown = recommender.config;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new RangeError('recommender config: expected a JSON object');
  checkJson(config, 'recommender config', 0);
}

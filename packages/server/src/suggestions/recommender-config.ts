/**
 * What a stored recommender configuration means. The store keeps each
 * recommender as a kind and a JSON object; this module is the one place
 * that reads them: `labels` (which of the schema's labels it suggests),
 * `file` (the text of a pattern file or gazetteer, copied in when it was
 * added, so the server never reads a path later) and `url` (an external
 * backend's address, which only an administrator sets). Every problem names
 * the recommender and the field.
 */
import { fail, ok, type LabelSchema, type Result } from '@glossa/core';
import type { JsonObject, NewRecommender, RecommenderRecord } from '@glossa/store';
import { formatSuggestIssue, parseGazetteer, parsePatternFile, type RecommenderConfig } from '@glossa/suggest';

/** Kinds that run in-process (in a worker thread), over `@glossa/suggest`. */
export const BUILT_IN_KINDS = ['string-match', 'patterns', 'passage-classifier', 'tagger'] as const;
/** Kinds that call an external model server over HTTP. */
export const EXTERNAL_KINDS = ['http', 'labelstudio'] as const;
/** Every recommender kind. */
export const RECOMMENDER_KINDS: readonly string[] = [...BUILT_IN_KINDS, ...EXTERNAL_KINDS];

/** A built-in kind. */
export type BuiltInKind = (typeof BUILT_IN_KINDS)[number];
/** An external kind. */
export type ExternalKind = (typeof EXTERNAL_KINDS)[number];

/** A file copied into a configuration: its name (for messages) and its text. */
export interface ConfigFile {
  readonly name: string;
  readonly text: string;
}

/** A recommender read from its stored configuration: a built-in one with the options of `@glossa/suggest`, or an external backend. */
export type RecommenderPlan =
  | { readonly name: string; readonly kind: BuiltInKind; readonly labels?: readonly string[]; readonly config: RecommenderConfig }
  | { readonly name: string; readonly kind: ExternalKind; readonly labels?: readonly string[]; readonly url: string };

/** What `glossa recommender add` (or an admin's request) gives for a new recommender. */
export interface RecommenderRequest {
  readonly project: string;
  readonly name: string;
  readonly kind: string;
  readonly labels?: readonly string[];
  readonly file?: ConfigFile;
  readonly url?: string;
}

function isBuiltIn(kind: string): kind is BuiltInKind {
  return (BUILT_IN_KINDS as readonly string[]).includes(kind);
}

function isExternal(kind: string): kind is ExternalKind {
  return (EXTERNAL_KINDS as readonly string[]).includes(kind);
}

function readLabels(config: JsonObject, where: string, schema: LabelSchema): Result<readonly string[] | undefined, string> {
  const labels = config['labels'];
  if (labels === undefined) return ok(undefined);
  if (!Array.isArray(labels) || labels.length === 0 || !labels.every((l): l is string => typeof l === 'string')) {
    return fail([`${where}: labels: expected a non-empty list of label ids`]);
  }
  const known = new Set(schema.labels.map((l) => l.id));
  const unknown = labels.filter((l) => !known.has(l));
  if (unknown.length > 0) return fail([`${where}: labels: unknown label ${unknown.map((l) => JSON.stringify(l)).join(', ')}; expected one of ${[...known].join(', ')}`]);
  return ok(labels);
}

function readFile(config: JsonObject, where: string): Result<ConfigFile | undefined, string> {
  const file = config['file'];
  if (file === undefined) return ok(undefined);
  if (typeof file !== 'object' || file === null || Array.isArray(file)) return fail([`${where}: file: expected { name, text }`]);
  const { name, text } = file as { name?: unknown; text?: unknown };
  if (typeof name !== 'string' || typeof text !== 'string') return fail([`${where}: file: expected { name, text } with string fields`]);
  return ok({ name, text });
}

/** Whether `url` is an absolute http(s) URL without credentials; the reason when not. */
function urlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `expected an absolute http:// or https:// URL, got ${JSON.stringify(url)}`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `expected an http:// or https:// URL, got ${JSON.stringify(url)}`;
  if (parsed.username !== '' || parsed.password !== '') return 'the URL must not hold credentials';
  return undefined;
}

/**
 * Reads a stored recommender against its project's schema. Issues name the
 * recommender and the field: an unknown kind (listing the known ones), a
 * label not in the schema, a pattern file or gazetteer with issues (file and
 * line), a file where the kind takes none, a missing or bad URL.
 */
export function readRecommenderConfig(record: Pick<RecommenderRecord, 'name' | 'kind' | 'config'>, schema: LabelSchema): Result<RecommenderPlan, string> {
  const where = `recommender "${record.name}"`;
  const { kind, name, config } = record;
  if (!isBuiltIn(kind) && !isExternal(kind)) return fail([`${where}: unknown kind "${kind}"; expected one of ${RECOMMENDER_KINDS.join(', ')}`]);
  const labelsRead = readLabels(config, where, schema);
  if (!labelsRead.ok) return labelsRead;
  const fileRead = readFile(config, where);
  if (!fileRead.ok) return fileRead;
  const labels = labelsRead.value;
  const file = fileRead.value;
  const labelSet = new Set(labels ?? schema.labels.map((l) => l.id));
  const url = config['url'];
  if (isExternal(kind)) {
    if (file !== undefined) return fail([`${where}: a ${kind} recommender takes --url, not a file`]);
    if (typeof url !== 'string') return fail([`${where}: a ${kind} recommender needs a url`]);
    const problem = urlProblem(url);
    if (problem !== undefined) return fail([`${where}: url: ${problem}`]);
    return ok({ name, kind, url, ...(labels === undefined ? {} : { labels }) });
  }
  if (url !== undefined) return fail([`${where}: a ${kind} recommender takes no url (only http and labelstudio do)`]);
  const only = labels === undefined ? {} : { labels };
  switch (kind) {
    case 'patterns': {
      if (file === undefined) return fail([`${where}: a patterns recommender needs a pattern file (JSONL of {"label", "pattern"})`]);
      const rules = parsePatternFile(file.text, { file: file.name, labels: labelSet });
      if (!rules.ok) return fail(rules.errors.map((issue) => `${where}: ${formatSuggestIssue(issue)}`));
      return ok({ name, kind, ...only, config: { kind, name, rules: rules.value } });
    }
    case 'string-match': {
      if (file === undefined) return ok({ name, kind, ...only, config: { kind, name } });
      const gazetteer = parseGazetteer(file.text, { file: file.name, labels: labelSet });
      if (!gazetteer.ok) return fail(gazetteer.errors.map((issue) => `${where}: ${formatSuggestIssue(issue)}`));
      return ok({ name, kind, ...only, config: { kind, name, gazetteer: gazetteer.value } });
    }
    case 'passage-classifier':
    case 'tagger':
      if (file !== undefined) return fail([`${where}: a ${kind} recommender learns from annotations and takes no file`]);
      return ok({ name, kind, ...only, config: { kind, name, ...only } });
  }
}

/** The stored form of a request: the kind and a JSON object of labels, file and URL. */
export function recommenderRecordOf(request: RecommenderRequest): NewRecommender {
  const config: Record<string, JsonObject[keyof JsonObject]> = {};
  if (request.labels !== undefined) config['labels'] = [...request.labels];
  if (request.file !== undefined) config['file'] = { name: request.file.name, text: request.file.text };
  if (request.url !== undefined) config['url'] = request.url;
  return { project: request.project, name: request.name, kind: request.kind, config };
}

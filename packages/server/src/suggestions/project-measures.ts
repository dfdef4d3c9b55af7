/**
 * Measures of a stored project's recommenders: cross-validated precision,
 * recall and F1 against a layer taken as gold (`evaluateStoredProject`),
 * and what users did with the suggestions they were shown
 * (`feedbackStoredProject`).
 */
import * as Y from 'yjs';
import { fail, ok, type Result } from '@glossa/core';
import { parseRoom, parseSuggestionRoom, readFeedback, readSuggestionEntries, strongerRole, suggestionScope, type Role } from '@glossa/collab';
import { ALL_PROJECTS, type DataDir, type ProjectRecord, type RecommenderRecord } from '@glossa/store';
import { crossValidate, feedbackStatistics, type EvaluationReport, type FeedbackRecord, type FeedbackStatistics, type ShownRecord, type TrainingExample } from '@glossa/suggest';
import { ProjectCorpus } from './project-corpus.js';
import { readRecommenderConfig } from './recommender-config.js';

async function projectOrIssue(data: DataDir, id: string): Promise<Result<ProjectRecord, string>> {
  const project = await data.catalog.getProject(id);
  if (project !== undefined) return ok(project);
  const known = (await data.catalog.listProjects()).map((p) => p.id);
  return fail([`unknown project "${id}"; ${known.length === 0 ? 'there are no projects' : `expected one of ${known.join(', ')}`}`]);
}

/** What `evaluateStoredProject` reports per recommender. */
export type RecommenderEvaluation = (EvaluationReport & { readonly folds: number; readonly kind: string; readonly documents: number }) | { readonly recommender: string; readonly kind: string; readonly skipped: string };

/** A project, its recommenders and the documents a layer taken as gold annotates, as training examples. @internal */
export async function goldExamples(
  data: DataDir,
  projectId: string,
  gold: string,
): Promise<Result<{ project: ProjectRecord; records: RecommenderRecord[]; examples: TrainingExample[] }, string>> {
  const found = await projectOrIssue(data, projectId);
  if (!found.ok) return found;
  const project = found.value;
  const corpus = new ProjectCorpus(data, projectId);
  const docs = await corpus.documents();
  const layers = new Set<string>();
  for (const doc of docs) for (const layer of await corpus.documentLayers(doc)) layers.add(layer);
  if (!layers.has(gold)) return fail([`unknown layer "${gold}" in project "${projectId}"; expected one of ${[...layers].sort().join(', ') || '(no layers yet)'}`]);
  const records = await data.recommenders.list(projectId);
  if (records.length === 0) return fail([`project "${projectId}" has no recommenders; add one with glossa recommender add`]);
  const examples: TrainingExample[] = [];
  for (const doc of docs) {
    const content = await corpus.content(doc);
    const spans = (await corpus.layer(doc, gold)).spans;
    if (content !== null && spans.length > 0) examples.push({ document: { id: doc, text: content.text }, spans });
  }
  corpus.clear();
  if (examples.length < 2) return fail([`layer "${gold}" annotates ${examples.length} document${examples.length === 1 ? '' : 's'} of project "${projectId}"; cross-validation needs at least 2`]);
  return ok({ project, records, examples });
}

/**
 * Cross-validates every built-in recommender of a project against the
 * layer `gold` (k folds over the documents that layer annotates): per label
 * and pooled, exact and overlap precision, recall and F1. External
 * recommenders are listed as skipped (their training is their server's).
 */
export async function evaluateStoredProject(data: DataDir, projectId: string, options: { readonly gold: string; readonly folds?: number; readonly seed?: number }): Promise<Result<RecommenderEvaluation[], string>> {
  const folds = options.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2) return fail([`--folds must be a whole number of at least 2, got ${String(options.folds)}`]);
  const gathered = await goldExamples(data, projectId, options.gold);
  if (!gathered.ok) return gathered;
  const { project, records, examples } = gathered.value;
  const out: RecommenderEvaluation[] = [];
  for (const record of records) {
    const plan = readRecommenderConfig(record, project.schema);
    if (!plan.ok) return plan;
    if (!('config' in plan.value)) {
      out.push({ recommender: record.name, kind: record.kind, skipped: 'an external model server trains itself' });
      continue;
    }
    const report = crossValidate(plan.value.config, examples, { folds, seed: options.seed ?? 1, ...(plan.value.labels === undefined ? {} : { labels: plan.value.labels }) });
    out.push({ ...report, kind: record.kind, documents: examples.length });
  }
  return ok(out);
}

/**
 * What users did with suggestions, over a stored project: a suggestion is
 * shown to each member whose scope holds it (`suggestionScope`), and every
 * suggestion someone gave feedback on counts as shown to them; each user's
 * latest feedback on a suggestion is its outcome (see `feedbackStatistics`).
 */
export async function feedbackStoredProject(data: DataDir, projectId: string): Promise<Result<FeedbackStatistics, string>> {
  const found = await projectOrIssue(data, projectId);
  if (!found.ok) return found;
  const project = found.value;
  const members = new Map<string, Role>();
  for (const user of await data.users.listUsers()) {
    const role = strongerRole(user.roles[projectId], user.roles[ALL_PROJECTS]);
    if (role !== undefined) members.set(user.name, role);
  }
  const shown: ShownRecord[] = [];
  const feedback: FeedbackRecord[] = [];
  for (const room of await data.updates.listRooms(`${projectId}/`)) {
    const suggestions = parseSuggestionRoom(room);
    const isLayer = parseRoom(room)?.kind === 'layer';
    if ((suggestions === null || suggestions.project !== projectId) && !isLayer) continue;
    const state = await data.updates.load(room);
    if (state === null) continue;
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, state);
      if (suggestions !== null) {
        const viewers = [...members].filter(([user, role]) => suggestionScope(role, project.mode, user) === suggestions.scope).map(([user]) => user);
        for (const entry of readSuggestionEntries(doc).entries) for (const user of viewers) shown.push({ key: entry.key, user, recommender: entry.recommender, label: entry.label });
      } else {
        for (const f of readFeedback(doc).entries) feedback.push({ key: f.suggestion, action: f.action, by: f.by, at: f.at, recommender: f.recommender, label: f.label });
      }
    } finally {
      doc.destroy();
    }
  }
  return ok(feedbackStatistics({ shown, feedback }));
}

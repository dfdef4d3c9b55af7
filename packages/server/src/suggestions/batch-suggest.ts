/**
 * `suggestStoredProject`: what `glossa suggest` does, over the store alone.
 * Each selected recommender trains per scope on the whole project (its
 * scope's layers and gold), predicts the selected documents, and its
 * suggestions are written into the suggestion rooms, or, with `into`, as
 * `proposed` annotations of that layer with the model's provenance (batch
 * pre-annotation; the layer's own annotations and rejections are left out,
 * so running it twice adds nothing twice).
 */
import { randomUUID } from 'node:crypto';
import { fail, ok, type Result } from '@glossa/core';
import { ContentIndex, isRoomId, layerRoom, modelOrigin, strongerRole, suggestionRoom, writeAnnotationEntry, writeSuggestionsWith, type Role } from '@glossa/collab';
import { ALL_PROJECTS, type DataDir, type ProjectRecord, type RecommenderRecord } from '@glossa/store';
import type { PredictionContext, Suggestion } from '@glossa/suggest';
import { errorMessage } from '../error-message.js';
import { ProjectCorpus } from './project-corpus.js';
import { readRecommenderConfig, type RecommenderPlan } from './recommender-config.js';
import { EXTERNAL_RECOMMENDERS, createRunner, type ExternalRecommenderFactory } from './runners.js';
import { keptSuggestions, scopeExamples } from './scope-training.js';
import { projectScopes } from './scopes.js';
import { changeStoredRoom } from './stored-writes.js';
import type { ExternalKind } from './recommender-config.js';

/** What `suggestStoredProject` runs. */
export interface BatchSuggestOptions {
  /** Only these documents are predicted (all are learned from). @default every document */
  readonly docs?: readonly string[];
  /** Only these recommenders. @default every configured one */
  readonly recommenders?: readonly string[];
  /** Suggestions below this score are left out. @default 0 */
  readonly minScore?: number;
  /** Write proposed annotations into this layer instead of suggestion rooms (learning from it and gold). */
  readonly into?: string;
  /** Told of each step, in words. */
  readonly onProgress?: (message: string) => void;
  /** Told of each suggestion kept (UTF-16 offsets into `text`). */
  readonly onSuggestion?: (suggestion: BatchSuggestion) => void;
  /** Factories of external recommender kinds. @default EXTERNAL_RECOMMENDERS */
  readonly external?: Partial<Record<ExternalKind, ExternalRecommenderFactory>>;
}

/** A suggestion kept by a batch run. */
export interface BatchSuggestion extends Suggestion {
  readonly doc: string;
  /** The scope it was made for (with `into`: the layer). */
  readonly scope: string;
  /** The document's text. */
  readonly text: string;
}

/** What a batch run did. */
export interface BatchSummary {
  /** Suggestions written, by recommender. */
  readonly written: Readonly<Record<string, number>>;
  /** Rooms changed. */
  readonly rooms: number;
  /**
   * Recommenders that failed (an external backend down, say), with the
   * error; the others ran. What a failed one wrote for the scopes before
   * its failure stays written.
   */
  readonly failed: Readonly<Record<string, string>>;
}

async function checkSelection(data: DataDir, project: ProjectRecord, options: BatchSuggestOptions): Promise<Result<{ records: RecommenderRecord[]; plans: RecommenderPlan[]; docs: string[] }, string>> {
  const records = await data.recommenders.list(project.id);
  if (records.length === 0) return fail([`project "${project.id}" has no recommenders; add one with glossa recommender add`]);
  const names = records.map((r) => r.name);
  const unknownRecommenders = (options.recommenders ?? []).filter((n) => !names.includes(n));
  if (unknownRecommenders.length > 0) return fail(unknownRecommenders.map((n) => `unknown recommender "${n}" in project "${project.id}"; expected one of ${names.join(', ')}`));
  const selected = options.recommenders === undefined ? records : records.filter((r) => options.recommenders?.includes(r.name));
  const plans: RecommenderPlan[] = [];
  for (const record of selected) {
    const plan = readRecommenderConfig(record, project.schema);
    if (!plan.ok) return plan;
    plans.push(plan.value);
  }
  const all = (await data.catalog.listDocuments(project.id)).map((d) => d.id);
  const unknownDocs = (options.docs ?? []).filter((d) => !all.includes(d));
  if (unknownDocs.length > 0) return fail(unknownDocs.map((d) => `unknown document "${d}" in project "${project.id}"`));
  if (options.into !== undefined && !isRoomId(options.into)) return fail([`--into ${JSON.stringify(options.into)} is not a layer id (1–128 characters of letters, digits, ".", "_" or "-")`]);
  const minScore = options.minScore ?? 0;
  if (!(minScore >= 0 && minScore <= 1)) return fail([`--min-score must be a number from 0 to 1, got ${String(options.minScore)}`]);
  return ok({ records: selected, plans, docs: all });
}

async function members(data: DataDir, project: string): Promise<Map<string, Role>> {
  const out = new Map<string, Role>();
  for (const user of await data.users.listUsers()) {
    const role = strongerRole(user.roles[project], user.roles[ALL_PROJECTS]);
    if (role !== undefined) out.set(user.name, role);
  }
  return out;
}

/** Trains, predicts and writes suggestions of a stored project; problems with the request come back as messages. */
export async function suggestStoredProject(data: DataDir, projectId: string, options: BatchSuggestOptions = {}): Promise<Result<BatchSummary, string>> {
  const project = await data.catalog.getProject(projectId);
  if (project === undefined) {
    const known = (await data.catalog.listProjects()).map((p) => p.id);
    return fail([`unknown project "${projectId}"; ${known.length === 0 ? 'there are no projects' : `expected one of ${known.join(', ')}`}`]);
  }
  const checked = await checkSelection(data, project, options);
  if (!checked.ok) return checked;
  const { plans, docs } = checked.value;
  const corpus = new ProjectCorpus(data, projectId);
  const layers = new Set<string>();
  for (const doc of docs) for (const layer of await corpus.documentLayers(doc)) layers.add(layer);
  const scopes = options.into !== undefined ? [options.into] : projectScopes(project.mode, layers, await members(data, projectId));
  const predictDocs = new Set(options.docs ?? docs);
  const progress = options.onProgress ?? (() => undefined);
  const written: Record<string, number> = {};
  const failed: Record<string, string> = {};
  let rooms = 0;
  for (const plan of plans) {
    const planLabels = plan.labels ?? project.schema.labels.map((l) => l.id);
    const runner = createRunner(plan, { project: projectId, labels: planLabels, onProblem: progress }, options.external ?? EXTERNAL_RECOMMENDERS);
    if (typeof runner === 'string') return fail([`recommender "${plan.name}": ${runner}`]);
    written[plan.name] = 0;
    try {
      const labels = new Set(planLabels);
      for (const scope of scopes) {
        const { examples, documents } = await scopeExamples(corpus, docs, scope, labels);
        const version = await runner.train(scope, examples);
        progress(`${plan.name}: trained for ${scope} on ${examples.length} annotated document${examples.length === 1 ? '' : 's'} (model ${version})`);
        const targets = documents.filter((d) => predictDocs.has(d.id));
        const contexts: PredictionContext[] = [];
        for (const d of targets) contexts.push({ labels: planLabels, spans: (await corpus.layer(d.id, scope)).spans });
        const predicted = await runner.predict(scope, targets, contexts);
        for (const [i, document] of targets.entries()) {
          const content = await corpus.content(document.id);
          if (content === null) continue;
          const kept = keptSuggestions(predicted[i] ?? [], document.text, await corpus.layer(document.id, scope), labels, options.minScore);
          for (const s of kept) options.onSuggestion?.({ ...s, doc: document.id, scope, text: document.text });
          const index = new ContentIndex(content.doc);
          const changed =
            options.into === undefined
              ? await changeStoredRoom(data, suggestionRoom(projectId, document.id, scope), (room) => writeSuggestionsWith(room, index, plan.name, kept.map((s) => ({ ...s, recommender: plan.name })), modelOrigin(plan.name)))
              : await changeStoredRoom(data, layerRoom(projectId, document.id, options.into), (layer) => {
                  const at = Date.now();
                  layer.transact(() => {
                    for (const s of kept) {
                      const anchors = { start: index.encodeAnchor(s.start, 0), end: index.encodeAnchor(s.end, -1) };
                      const span = { id: randomUUID(), start: s.start, end: s.end, label: s.label, author: plan.name, status: 'proposed' as const, note: '', created: at, source: 'model' as const };
                      writeAnnotationEntry(layer, span, anchors, document.text.slice(s.start, s.end), undefined, { recommender: plan.name, score: s.score, modelVersion: s.modelVersion });
                    }
                  }, modelOrigin(plan.name));
                });
          if (changed) rooms++;
          written[plan.name] = (written[plan.name] ?? 0) + kept.length;
        }
        progress(`${plan.name}: ${scope}: predicted ${targets.length} document${targets.length === 1 ? '' : 's'}`);
      }
    } catch (error) {
      failed[plan.name] = errorMessage(error);
      progress(`${plan.name}: failed: ${failed[plan.name]}`);
    } finally {
      await runner.close();
    }
  }
  return ok({ written, rooms, failed });
}

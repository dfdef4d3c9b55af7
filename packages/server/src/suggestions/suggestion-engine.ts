/**
 * `SuggestionEngine`: runs each project's recommenders beside the relay and
 * writes what they suggest into the suggestion rooms. A commit to a layer
 * (or to a document's text) marks the scopes that learn from it; each
 * recommender's `RunQueue` waits for a quiet moment, retrains the marked
 * scopes and predicts, documents open in an editor first. Training and
 * prediction of the built-in recommenders happen in a worker thread per
 * recommender; the engine's own work on the main thread is reading rooms
 * and writing suggestions, never on the commit path (a commit only marks).
 *
 * What is written for a scope leaves out suggestions of labels the
 * recommender is not configured for, those a user of the scope rejected
 * (same text and label, whatever the model), and those a span of the same
 * label in the scope's layer already overlaps.
 */
import type { LabelSchema, TextDocument } from '@glossa/core';
import { contentRoom, parseRoom, parseSuggestionRoom, strongerRole, suggestionRoom, type ProjectMode, type Role, type SuggestionInput } from '@glossa/collab';
import type { DataDir, RecommenderRecord } from '@glossa/store';
import { ALL_PROJECTS } from '@glossa/store';
import type { PredictionContext, Suggestion } from '@glossa/suggest';
import { errorMessage } from '../error-message.js';
import type { Logger } from '../logger.js';
import type { RoomManager } from '../room-manager.js';
import { ProjectCorpus } from './project-corpus.js';
import { readRecommenderConfig, type ExternalKind, type RecommenderPlan } from './recommender-config.js';
import { RunQueue } from './run-queue.js';
import { keptSuggestions, scopeExamples } from './scope-training.js';
import { EXTERNAL_RECOMMENDERS, createRunner, type ExternalRecommenderFactory, type RecommenderRunner } from './runners.js';
import { ALL_SCOPES, projectScopes, scopesOfLayer } from './scopes.js';
import { SuggestionWriter } from './suggestion-writer.js';

/** Options of the suggestion engine. */
export interface SuggestionEngineOptions {
  /** Quiet time after a change before a recommender runs, in milliseconds. @default 300 */
  readonly debounceMs?: number;
  /** Documents predicted per request to a recommender (open documents go first, in their own request). @default 16 */
  readonly batchSize?: number;
  /** Interval at which every project's recommenders are read again (another process may have changed them), in milliseconds; 0: never. @default 5000 */
  readonly resyncMs?: number;
  /** Factories of external recommender kinds. @default EXTERNAL_RECOMMENDERS */
  readonly external?: Partial<Record<ExternalKind, ExternalRecommenderFactory>>;
}

/** What the engine tells of each suggestion room it wrote. */
export interface SuggestionsWritten {
  readonly project: string;
  readonly doc: string;
  readonly scope: string;
  readonly recommender: string;
  readonly modelVersion: string;
  /** How many suggestions the room now holds from this recommender. */
  readonly count: number;
}

interface RunningRecommender {
  readonly record: RecommenderRecord;
  readonly plan: RecommenderPlan;
  readonly runner: RecommenderRunner;
  readonly queue: RunQueue;
}

interface ProjectState {
  readonly corpus: ProjectCorpus;
  readonly recommenders: Map<string, RunningRecommender>;
}

/** What the engine needs of the server. @internal */
export interface SuggestionEngineContext {
  readonly data: DataDir;
  readonly rooms: RoomManager;
  readonly logger: Logger;
}

/** Runs recommenders and keeps the suggestion rooms up to date. */
export class SuggestionEngine {
  private readonly projects = new Map<string, ProjectState>();
  private readonly writer: SuggestionWriter;
  private readonly debounceMs: number;
  private readonly batchSize: number;
  private readonly external: Partial<Record<ExternalKind, ExternalRecommenderFactory>>;
  private readonly listeners = new Set<(event: SuggestionsWritten) => void>();
  private readonly unsubscribe: (() => void)[] = [];
  private syncing: Promise<void> = Promise.resolve();
  private readonly resyncMs: number;
  private resyncTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly context: SuggestionEngineContext,
    options: SuggestionEngineOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 300;
    this.batchSize = options.batchSize ?? 16;
    this.external = options.external ?? EXTERNAL_RECOMMENDERS;
    this.resyncMs = options.resyncMs ?? 5000;
    this.writer = new SuggestionWriter(context.rooms);
  }

  /** Starts listening to commits and configuration changes, and runs every configured recommender once. */
  start(): Promise<void> {
    const { data } = this.context;
    this.unsubscribe.push(data.updates.onCommit((rooms) => this.onCommit(rooms)));
    this.unsubscribe.push(data.recommenders.onRecommendersChanged((project) => void this.sync(project)));
    this.syncing = this.syncAll();
    if (this.resyncMs > 0) {
      this.resyncTimer = setInterval(() => {
        this.syncing = this.syncing.then(() => this.syncAll()).catch((error: unknown) => this.context.logger.error('recommenders could not be read', { error: errorMessage(error) }));
      }, this.resyncMs);
      this.resyncTimer.unref();
    }
    return this.syncing.catch((error: unknown) => this.context.logger.error('suggestions could not start', { error: errorMessage(error) }));
  }

  private async syncAll(): Promise<void> {
    for (const project of await this.context.data.catalog.listProjects()) await this.syncProject(project.id);
  }

  /** Calls `listener` after each suggestion room write; returns a function that removes it. */
  onWritten(listener: (event: SuggestionsWritten) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Re-reads a project's recommenders (after a change made by another process, say). */
  sync(project: string): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncProject(project)).catch((error: unknown) => {
      this.context.logger.error('recommenders could not be read', { project, error: errorMessage(error) });
    });
    return this.syncing;
  }

  /** Resolves once no recommender is running or waiting to run. */
  async idle(): Promise<void> {
    for (;;) {
      await this.syncing;
      const queues = [...this.projects.values()].flatMap((p) => [...p.recommenders.values()].map((r) => r.queue));
      if (queues.every((q) => !q.isRunning && !q.isQueued)) return;
      await Promise.all(queues.map((q) => q.idle()));
    }
  }

  /** Stops every recommender (a run in progress is abandoned) and frees their threads. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.resyncTimer !== undefined) clearInterval(this.resyncTimer);
    for (const off of this.unsubscribe.splice(0)) off();
    await this.syncing;
    const running = [...this.projects.values()].flatMap((p) => [...p.recommenders.values()]);
    // Threads first: a training in progress is abandoned, not waited for, so shutdown stays quick.
    await Promise.all(running.map((r) => r.runner.close()));
    await Promise.all(running.map((r) => r.queue.close()));
    for (const project of this.projects.values()) project.corpus.clear();
    this.projects.clear();
  }

  /**
   * Marks what a commit changed: on the commit path, so it only records.
   * `null` (another process's notifications may have been missed) marks
   * every project's corpus stale.
   */
  private onCommit(rooms: ReadonlySet<string> | null): void {
    if (rooms === null) {
      for (const project of this.projects.values()) {
        project.corpus.clear();
        for (const recommender of project.recommenders.values()) recommender.queue.schedule([ALL_SCOPES]);
      }
      return;
    }
    for (const name of rooms) {
      const room = parseRoom(name);
      if (room === null) continue; // suggestion rooms (the engine's own writes) and anything else
      const project = this.projects.get(room.project);
      if (project === undefined) continue;
      const scopes = room.kind === 'content' ? [ALL_SCOPES] : scopesOfLayer(room.layer);
      project.corpus.invalidate(name, room.kind, room.doc);
      for (const recommender of project.recommenders.values()) recommender.queue.schedule(scopes);
    }
  }

  private async syncProject(projectId: string): Promise<void> {
    if (this.closed) return;
    const { data, logger } = this.context;
    const project = await data.catalog.getProject(projectId);
    const records = project === undefined ? [] : await data.recommenders.list(projectId);
    let state = this.projects.get(projectId);
    if (state === undefined) {
      if (records.length === 0) return;
      state = { corpus: new ProjectCorpus(data, projectId), recommenders: new Map() };
      this.projects.set(projectId, state);
    }
    const wanted = new Map(records.map((r) => [r.name, r]));
    for (const [name, running] of state.recommenders) {
      const record = wanted.get(name);
      if (record !== undefined && record.created === running.record.created && record.kind === running.record.kind) continue;
      state.recommenders.delete(name);
      await running.queue.close();
      await running.runner.close();
      await this.clearSuggestions(projectId, name);
    }
    for (const record of records) {
      if (state.recommenders.has(record.name) || project === undefined) continue;
      const plan = readRecommenderConfig(record, project.schema);
      if (!plan.ok) {
        logger.error('recommender not run: its configuration is not valid', { project: projectId, recommender: record.name, error: plan.errors.join('; ') });
        continue;
      }
      const labels = plan.value.labels ?? project.schema.labels.map((l) => l.id);
      const onProblem = (message: string): void => logger.warn('external recommender', { project: projectId, recommender: record.name, problem: message });
      const runner = createRunner(plan.value, { project: projectId, labels, onProblem }, this.external);
      if (typeof runner === 'string') {
        logger.error('recommender not run', { project: projectId, recommender: record.name, error: runner });
        continue;
      }
      const name = record.name;
      const queue = new RunQueue(
        (scopes) => this.run(projectId, name, scopes),
        this.debounceMs,
        (error) => {
          if (!this.closed) logger.error('recommender run failed', { project: projectId, recommender: name, error: errorMessage(error) });
        },
      );
      state.recommenders.set(name, { record, plan: plan.value, runner, queue });
      queue.schedule([ALL_SCOPES]);
    }
    if (state.recommenders.size === 0) {
      state.corpus.clear();
      this.projects.delete(projectId);
    }
  }

  /** The project's members and their roles there (a role in every project counts). */
  private async members(project: string): Promise<Map<string, Role>> {
    const members = new Map<string, Role>();
    for (const user of await this.context.data.users.listUsers()) {
      const role = strongerRole(user.roles[project], user.roles[ALL_PROJECTS]);
      if (role !== undefined) members.set(user.name, role);
    }
    return members;
  }

  private async scopesOf(project: string, mode: ProjectMode, corpus: ProjectCorpus, docs: readonly string[]): Promise<string[]> {
    const layers = new Set<string>();
    for (const doc of docs) for (const layer of await corpus.documentLayers(doc)) layers.add(layer);
    return projectScopes(mode, layers, await this.members(project));
  }

  /** One run of a recommender: retrain each scope and write its suggestions. */
  private async run(projectId: string, name: string, marked: ReadonlySet<string>): Promise<void> {
    const state = this.projects.get(projectId);
    const recommender = state?.recommenders.get(name);
    const project = await this.context.data.catalog.getProject(projectId);
    if (state === undefined || recommender === undefined || project === undefined) return;
    const docs = await state.corpus.documents();
    const all = await this.scopesOf(projectId, project.mode, state.corpus, docs);
    const scopes = marked.has(ALL_SCOPES) ? all : all.filter((scope) => marked.has(scope));
    for (const scope of scopes) {
      if (this.closed || state.recommenders.get(name) !== recommender) return;
      await this.runScope(projectId, project.schema, state.corpus, recommender, scope, docs);
    }
  }

  private async runScope(project: string, schema: LabelSchema, corpus: ProjectCorpus, recommender: RunningRecommender, scope: string, docs: readonly string[]): Promise<void> {
    const labels = new Set(recommender.plan.labels ?? schema.labels.map((l) => l.id));
    const { examples, documents } = await scopeExamples(corpus, docs, scope, labels);
    const texts = new Map(documents.map((d) => [d.id, d.text]));
    const modelVersion = await recommender.runner.train(scope, examples);
    // Documents open in an editor (their content or suggestion room is loaded) first.
    const isOpen = (doc: string): boolean => this.context.rooms.get(contentRoom(project, doc)) !== undefined || this.context.rooms.get(suggestionRoom(project, doc, scope)) !== undefined;
    const ordered = [...texts.keys()].sort((a, b) => Number(isOpen(b)) - Number(isOpen(a)));
    const open = ordered.filter(isOpen);
    const batches = [open, ...chunk(ordered.slice(open.length), this.batchSize)].filter((batch) => batch.length > 0);
    for (const batch of batches) {
      const documents: TextDocument[] = batch.map((id) => ({ id, text: texts.get(id) as string }));
      const contexts: PredictionContext[] = [];
      for (const id of batch) contexts.push({ labels: [...labels], spans: (await corpus.layer(id, scope)).spans });
      const predicted = await recommender.runner.predict(scope, documents, contexts);
      for (const [i, document] of documents.entries()) {
        await this.writeScope(project, corpus, recommender, scope, document, predicted[i] ?? [], labels, modelVersion);
      }
    }
  }

  private async writeScope(
    project: string,
    corpus: ProjectCorpus,
    recommender: RunningRecommender,
    scope: string,
    document: TextDocument,
    predicted: readonly Suggestion[],
    labels: ReadonlySet<string>,
    modelVersion: string,
  ): Promise<void> {
    const content = await corpus.content(document.id);
    // The text changed while the model predicted: the change scheduled another run, which predicts on the new text.
    if (content === null || content.text !== document.text) return;
    const kept = keptSuggestions(predicted, document.text, await corpus.layer(document.id, scope), labels);
    const name = recommender.record.name;
    const inputs: SuggestionInput[] = kept.map(({ start, end, label, score, modelVersion: version, explanation }) => ({
      start,
      end,
      label,
      score,
      recommender: name,
      modelVersion: version,
      ...(explanation === undefined ? {} : { explanation }),
    }));
    const room = suggestionRoom(project, document.id, scope);
    await this.writer.write(room, content.doc, name, inputs);
    const event: SuggestionsWritten = { project, doc: document.id, scope, recommender: name, modelVersion, count: inputs.length };
    for (const listener of this.listeners) listener(event);
  }

  /** Removes a recommender's suggestions from every suggestion room of a project. */
  private async clearSuggestions(project: string, recommender: string): Promise<void> {
    const { data } = this.context;
    for (const name of await data.updates.listRooms(`${project}/`)) {
      const room = parseSuggestionRoom(name);
      if (room === null || room.project !== project) continue;
      const content = await new ProjectCorpus(data, project).content(room.doc);
      if (content === null) continue;
      try {
        await this.writer.write(name, content.doc, recommender, []);
      } catch (error) {
        this.context.logger.error('suggestions of a removed recommender could not be cleared', { room: name, error: errorMessage(error) });
      }
    }
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

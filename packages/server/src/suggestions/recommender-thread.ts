/**
 * `RecommenderThread`: one worker thread running built-in recommenders,
 * started when first asked and started again after it died. Requests are
 * answered in order; a request in flight when the thread dies is rejected
 * (the models it held are gone, so the caller trains again).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TextDocument } from '@glossa/core';
import type { RecommenderConfig, Suggestion, TrainingExample } from '@glossa/suggest';
import type { MeasureOptions, Measured, WorkerRequest, WorkerResponse } from './worker-protocol.js';

type Pending = { resolve: (response: WorkerResponse & { ok: true }) => void; reject: (error: Error) => void };
type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

/** The worker thread died or failed to start; its models are gone. */
export class RecommenderThreadError extends Error {
  override readonly name = 'RecommenderThreadError';
}

/**
 * How to start the worker module next to this one: the built `.js` as is;
 * from the TypeScript sources (tests, `pnpm start`), through a bootstrap
 * that registers the `tsx` loader in the thread first (with the `source`
 * export condition, as the main thread resolves packages).
 */
const SOURCE_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.loader).then((tsx) => { tsx.register(); return import(workerData.entry); });
`;

/** The file of `tsx/esm/api` for `import` (what the package's `exports` name under the `import` condition). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return path.join(path.dirname(manifest), pkg.exports['./esm/api']?.import.default ?? 'dist/esm/api/index.mjs');
}

function startWorker(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./recommender-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSource) return new Worker(entry);
  const loader = pathToFileURL(tsxEsmApi()).href;
  return new Worker(SOURCE_BOOTSTRAP, { eval: true, execArgv: ['--conditions=source'], workerData: { loader, entry: entry.href } });
}

/** A worker thread that trains and predicts with the built-in recommenders of `@glossa/suggest`. */
export class RecommenderThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  /** Trains a model under `key` (replacing the one there); resolves with its version. */
  async train(key: string, config: RecommenderConfig, examples: readonly TrainingExample[]): Promise<string> {
    const response = await this.request({ type: 'train', key, config, examples });
    if (response.type !== 'trained') throw new RecommenderThreadError(`unexpected answer ${response.type} to train`);
    return response.version;
  }

  /** Suggestions of the model under `key` for each document, in order. */
  async predict(key: string, documents: readonly TextDocument[]): Promise<Suggestion[][]> {
    const response = await this.request({ type: 'predict', key, documents });
    if (response.type !== 'predicted') throw new RecommenderThreadError(`unexpected answer ${response.type} to predict`);
    return response.suggestions.map((list) => [...list]);
  }

  /** Cross-validates a recommender over `examples` and draws its learning curve, in the thread. */
  async measure(config: RecommenderConfig, examples: readonly TrainingExample[], options: MeasureOptions): Promise<Measured> {
    const response = await this.request({ type: 'measure', config, examples, options });
    if (response.type !== 'measured') throw new RecommenderThreadError(`unexpected answer ${response.type} to measure`);
    return response.measured;
  }

  /** Drops the model under `key`. */
  async forget(key: string): Promise<void> {
    if (this.worker === null) return;
    await this.request({ type: 'forget', key });
  }

  /** Stops the thread; pending requests are rejected and later ones refused. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    this.failPending(new RecommenderThreadError('the recommender thread was closed'));
    if (worker !== null) await worker.terminate();
  }

  private start(): Worker {
    const worker = startWorker();
    worker.unref();
    worker.on('message', (response: WorkerResponse) => {
      const pending = this.pending.get(response.id);
      if (pending === undefined) return;
      this.pending.delete(response.id);
      if (response.ok) pending.resolve(response);
      else pending.reject(new RecommenderThreadError(response.error));
    });
    const died = (error: Error): void => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failPending(error);
    };
    worker.on('error', (error) => died(new RecommenderThreadError(`the recommender thread failed: ${error.message}`)));
    worker.on('exit', (code) => died(new RecommenderThreadError(`the recommender thread exited with code ${code}`)));
    return worker;
  }

  private failPending(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of pending) reject(error);
  }

  private request(body: RequestBody): Promise<WorkerResponse & { ok: true }> {
    if (this.closed) return Promise.reject(new RecommenderThreadError('the recommender thread was closed'));
    this.worker ??= this.start();
    const id = this.nextId++;
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...body, id } as WorkerRequest);
    }).finally(() => {
      if (this.pending.size === 0) this.worker?.unref();
    }) as Promise<WorkerResponse & { ok: true }>;
  }
}

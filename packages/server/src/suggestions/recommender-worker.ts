/**
 * The worker thread in which built-in recommenders train and predict, off
 * the relay's event loop. It keeps the models it trained, by key, so only
 * examples go in and suggestions come out; a model never crosses threads.
 * Messages are `WorkerRequest`s; each gets one `WorkerResponse` with its id.
 */
import { parentPort } from 'node:worker_threads';
import type { TextDocument } from '@glossa/core';
import { createRecommender, crossValidate, learningCurve, predictSuggestions, type RecommenderConfig, type RecommenderModel } from '@glossa/suggest';
import type { WorkerRequest, WorkerResponse } from './worker-protocol.js';

const models = new Map<string, RecommenderModel>();

function handle(request: WorkerRequest): WorkerResponse {
  switch (request.type) {
    case 'train': {
      const config: RecommenderConfig = request.config;
      const model = createRecommender(config).train(request.examples);
      models.set(request.key, model);
      return { id: request.id, ok: true, type: 'trained', version: model.version };
    }
    case 'predict': {
      const model = models.get(request.key);
      if (model === undefined) return { id: request.id, ok: false, error: `no model trained under "${request.key}"` };
      const suggestions = request.documents.map((document: TextDocument) => predictSuggestions(model, document));
      return { id: request.id, ok: true, type: 'predicted', suggestions };
    }
    case 'forget':
      models.delete(request.key);
      return { id: request.id, ok: true, type: 'forgotten' };
    case 'measure': {
      const { folds, seed, points, labels } = request.options;
      const only = labels === undefined ? {} : { labels };
      const report = crossValidate(request.config, request.examples, { folds, seed, ...only });
      const curve = learningCurve(request.config, request.examples, { folds, seed, points, ...only });
      return { id: request.id, ok: true, type: 'measured', measured: { report, curve } };
    }
  }
}

const port = parentPort;
if (port === null) throw new Error('recommender-worker runs as a worker thread');
port.on('message', (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    response = handle(request);
  } catch (error) {
    response = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});

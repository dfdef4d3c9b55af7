/**
 * Model provenance in Label Studio tasks: `predictions[]`. Each layer's
 * spans that a named model proposed (source `model:<recommender>`, or a
 * `modelVersion`) are written again as one prediction per model, as Label
 * Studio holds a model's pre-annotations: `model_version`
 * (`<recommender>@<version>`; `<recommender>@` without a version; the bare
 * version for source `model`), `score` (the mean of its regions' scores)
 * and `result` (the same regions as in the layer's annotation, same ids).
 * Reading matches an annotation's region to a prediction's region by id,
 * offsets and label and gives it that prediction's provenance; predictions
 * whose regions no annotation holds are not read (they were never
 * annotations).
 */
import { modelSource, recommenderOf } from '@glossa/core';
import type { AnnotationSource } from '@glossa/core';
import type { CorpusSpan } from './model.js';

/** A recommender's name as `model_version` carries it: letters, digits, `_`, `.`, `-`, starting with a letter or digit. */
const RECOMMENDER = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Where a span came from, as far as a prediction tells. */
export interface PredictedProvenance {
  readonly source: AnnotationSource;
  readonly modelVersion?: string;
}

/** The `model_version` of a span's provenance, or undefined when it names no model. @internal */
export function modelVersionField(span: Pick<CorpusSpan, 'source' | 'modelVersion'>): string | undefined {
  const recommender = recommenderOf(span.source);
  if (recommender !== undefined && RECOMMENDER.test(recommender)) return `${recommender}@${span.modelVersion ?? ''}`;
  if (span.source === 'model' && span.modelVersion !== undefined && !span.modelVersion.includes('@')) return span.modelVersion;
  return undefined;
}

/** The provenance a `model_version` names (see the module comment). @internal */
export function provenanceOf(modelVersion: string): PredictedProvenance {
  const at = modelVersion.indexOf('@');
  if (at > 0 && RECOMMENDER.test(modelVersion.slice(0, at))) {
    const version = modelVersion.slice(at + 1);
    return { source: modelSource(modelVersion.slice(0, at)), ...(version === '' ? {} : { modelVersion: version }) };
  }
  return { source: 'model', ...(modelVersion === '' ? {} : { modelVersion }) };
}

/**
 * The predictions of a task: per model (in order of first appearance), its
 * regions; `regions` are the annotation results of each span, by layer, in
 * the layers' order.
 * @internal
 */
export function taskPredictions(layers: readonly { readonly spans: readonly CorpusSpan[]; readonly regions: readonly Record<string, unknown>[] }[]): Record<string, unknown>[] {
  const models = new Map<string, { regions: Record<string, unknown>[]; scores: number[] }>();
  for (const layer of layers) {
    layer.spans.forEach((span, i) => {
      const version = modelVersionField(span);
      const region = layer.regions[i];
      if (version === undefined || region === undefined) return;
      let model = models.get(version);
      if (model === undefined) models.set(version, (model = { regions: [], scores: [] }));
      model.regions.push(region);
      if (span.score !== undefined) model.scores.push(span.score);
    });
  }
  return [...models].map(([version, { regions, scores }]) => ({
    model_version: version,
    ...(scores.length === 0 ? {} : { score: scores.reduce((a, b) => a + b, 0) / scores.length }),
    result: regions,
  }));
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The key that matches an annotation's region to a prediction's: id, code point offsets, label. */
function regionKey(id: unknown, value: Json): string | undefined {
  const labels = value['labels'];
  if (typeof id !== 'string' || !Array.isArray(labels)) return undefined;
  return JSON.stringify([id, value['start'], value['end'], labels]);
}

/**
 * Reads a task's `predictions`: the provenance of each region they hold, by
 * region key (`predictedKey`). Problems name the field.
 * @internal
 */
export function readPredictions(predictions: unknown, at: (field: string, message: string) => void): Map<string, PredictedProvenance> {
  const out = new Map<string, PredictedProvenance>();
  if (predictions === undefined) return out;
  if (!Array.isArray(predictions)) {
    at('predictions', 'expected an array');
    return out;
  }
  predictions.forEach((p: unknown, k) => {
    const pf = `predictions[${k}]`;
    if (!isObject(p)) return at(pf, 'expected a prediction object');
    const version = p['model_version'];
    if (version !== undefined && typeof version !== 'string') return at(`${pf}.model_version`, 'expected a string');
    const score = p['score'];
    if (score !== undefined && !(typeof score === 'number' && Number.isFinite(score))) return at(`${pf}.score`, 'expected a number');
    const result = p['result'] ?? [];
    if (!Array.isArray(result)) return at(`${pf}.result`, 'expected an array');
    const provenance = provenanceOf(version ?? '');
    for (const r of result) {
      if (!isObject(r) || !isObject(r['value'])) continue;
      const key = regionKey(r['id'], r['value']);
      if (key !== undefined && !out.has(key)) out.set(key, provenance);
    }
  });
  return out;
}

/** The key of an annotation's region, to look up in `readPredictions`' answer. @internal */
export function predictedKey(region: Json): string | undefined {
  return isObject(region['value']) ? regionKey(region['id'], region['value']) : undefined;
}

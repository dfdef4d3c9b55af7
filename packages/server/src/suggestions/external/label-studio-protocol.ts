/**
 * Label Studio ML backends, as the Label Studio ML SDK serves them:
 * `GET /health`, `POST /setup` (the project and its labeling config; answers
 * the model version), `POST /train` (annotations with their tasks) and
 * `POST /predict` (tasks; answers `results`, one prediction per task, each
 * with `result` regions `{from_name, to_name, type: "labels", value: {start,
 * end, text, labels}}`, a `score` and a `model_version`).
 *
 * Glossa's labels become a labeling config of one `Labels` control named
 * `label` over one `Text` object named `text` (`$text`), each label id a
 * `Label` value. Regions of other types (choices, relations, …) are not
 * spans and are left out; a region with several labels is one suggestion
 * per label.
 */
import type { TrainingExample } from '@glossa/suggest';
import { protocolError } from './errors.js';
import { codePointSpans, type BackendProtocol, type WireSuggestion } from './protocol.js';
import { isRecord, readArray, readInteger, readOptionalScore, readOptionalString, readOptionalVersion, required } from './wire-values.js';

/** The control and object names of the labeling config Glossa sends. */
export const LABEL_STUDIO_NAMES = { control: 'label', object: 'text' } as const;

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The Label Studio labeling config for span labels. */
export function labelStudioConfig(labels: readonly string[]): string {
  const items = labels.map((l) => `    <Label value="${escapeAttribute(l)}"/>`).join('\n');
  return `<View>\n  <Labels name="${LABEL_STUDIO_NAMES.control}" toName="${LABEL_STUDIO_NAMES.object}">\n${items}\n  </Labels>\n  <Text name="${LABEL_STUDIO_NAMES.object}" value="$text"/>\n</View>`;
}

/** A Label Studio result region for a span (code point offsets, as Label Studio's Python backends count). */
function region(span: { start: number; end: number; label: string; text: string }, id: string): Record<string, unknown> {
  return { id, from_name: LABEL_STUDIO_NAMES.control, to_name: LABEL_STUDIO_NAMES.object, type: 'labels', value: { start: span.start, end: span.end, text: span.text, labels: [span.label] } };
}

/** Numeric task ids, as Label Studio has them: the position of the example (1-based). */
function task(id: number, text: string): Record<string, unknown> {
  return { id, data: { [LABEL_STUDIO_NAMES.object]: text } };
}

/** Reads one region of a prediction's `result`: its suggestions (one per label), nothing for a region that is not a span, or a message. */
function readRegion(entry: unknown, at: string, predictionScore: number | undefined, modelVersion: string | undefined): WireSuggestion[] | string {
  if (!isRecord(entry)) return `${at}: expected an object`;
  const type = entry['type'];
  const value = entry['value'];
  if (!isRecord(value)) return `${at}.value: expected an object`;
  const labels = value['labels'];
  if (type !== undefined && type !== 'labels') return [];
  if (!Array.isArray(labels)) return `${at}.value.labels: expected an array of label values`;
  const start = readInteger(value, 'start', `${at}.value`);
  if (!start.ok) return start.message;
  const end = readInteger(value, 'end', `${at}.value`);
  if (!end.ok) return end.message;
  const quote = readOptionalString(value, 'text', `${at}.value`);
  if (!quote.ok) return quote.message;
  const score = readOptionalScore(entry, 'score', at);
  if (!score.ok) return score.message;
  const out: WireSuggestion[] = [];
  for (const [k, label] of labels.entries()) {
    if (typeof label !== 'string' || label === '') return `${at}.value.labels[${k}]: expected a label value`;
    const s = score.value ?? predictionScore;
    out.push({ start: start.value, end: end.value, label, ...(quote.value === undefined ? {} : { quote: quote.value }), ...(s === undefined ? {} : { score: s }), ...(modelVersion === undefined ? {} : { modelVersion }) });
  }
  return out;
}

function annotations(examples: readonly TrainingExample[], labels: readonly string[]): Record<string, unknown>[] {
  return examples.map((e, i) => ({
    id: i + 1,
    result: codePointSpans(e.document.text, e.spans, labels).map((s, k) => region(s, `${i + 1}-${k + 1}`)),
    task: task(i + 1, e.document.text),
  }));
}

/** The Label Studio ML backend protocol. */
export function labelStudioProtocol(project: string): BackendProtocol {
  return {
    kind: 'labelstudio',

    async health(client, signal) {
      const { body } = await client.request('GET', 'health', undefined, signal);
      return isRecord(body) && body['status'] === 'UP';
    },

    async modelVersion(client, labels, signal) {
      const { body } = await client.request('POST', 'setup', { project, schema: labelStudioConfig(labels), hostname: '', access_token: '', extra_params: {} }, signal);
      if (!isRecord(body)) throw protocolError(client.backend, 'POST /setup', 'expected an object with model_version');
      const version = required(readOptionalVersion(body, 'model_version', 'setup'), client.backend, 'POST /setup');
      return version ?? 'unversioned';
    },

    async train(client, examples, labels, signal) {
      const sent = annotations(examples, labels).filter((a) => (a['result'] as unknown[]).length > 0);
      // The SDK answers 400 to a training request without annotations: there is nothing to send.
      if (sent.length === 0) return undefined;
      await client.request('POST', 'train', { annotations: sent, project, label_config: labelStudioConfig(labels), params: {} }, signal);
      return undefined;
    },

    async predict(client, request, signal) {
      const { document, labels } = request;
      const { body } = await client.request('POST', 'predict', { tasks: [task(1, document.text)], project, label_config: labelStudioConfig(labels), model_version: request.modelVersion, params: { context: {} } }, signal);
      if (!isRecord(body)) throw protocolError(client.backend, 'POST /predict', 'expected an object with results');
      const results = required(readArray(body, 'results', 'predict'), client.backend, 'POST /predict');
      const topVersion = required(readOptionalVersion(body, 'model_version', 'predict'), client.backend, 'POST /predict');
      const suggestions: WireSuggestion[] = [];
      const problems: string[] = [];
      // One prediction per task; one task was sent.
      const prediction = results[0];
      if (prediction === undefined) return { ...(topVersion === undefined ? {} : { modelVersion: topVersion }), suggestions, problems };
      if (!isRecord(prediction)) throw protocolError(client.backend, 'POST /predict', 'results[0]: expected an object with result');
      const regions = required(readArray(prediction, 'result', 'results[0]'), client.backend, 'POST /predict');
      const score = readOptionalScore(prediction, 'score', 'results[0]');
      const version = readOptionalVersion(prediction, 'model_version', 'results[0]');
      if (!score.ok) problems.push(score.message);
      if (!version.ok) problems.push(version.message);
      const modelVersion = (version.ok ? version.value : undefined) ?? topVersion;
      regions.forEach((entry, i) => {
        const read = readRegion(entry, `results[0].result[${i}]`, score.ok ? score.value : undefined, modelVersion);
        if (typeof read === 'string') problems.push(read);
        else suggestions.push(...read);
      });
      return { ...(modelVersion === undefined ? {} : { modelVersion }), suggestions, problems };
    },
  };
}

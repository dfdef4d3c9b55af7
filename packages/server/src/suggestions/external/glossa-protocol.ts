/**
 * Glossa's own model-server protocol, version 1 (`EXTERNAL-MODELS.md` in
 * this package documents it): `GET /v1/info`, `POST /v1/predict` with the
 * document's text, the schema's labels and its existing spans, and
 * `POST /v1/train`; offsets in code points, each span with its text.
 */
import { protocolError } from './errors.js';
import { codePointSpans, type BackendProtocol, type WireSuggestion } from './protocol.js';
import { isRecord, readArray, readInteger, readOptionalScore, readOptionalString, readOptionalVersion, readString, required } from './wire-values.js';

/** Statuses with which a backend says it does not train. */
const DOES_NOT_TRAIN = [404, 405, 501];

/** Reads one entry of `suggestions`; a message when it cannot. */
function readSuggestion(entry: unknown, at: string): WireSuggestion | string {
  if (!isRecord(entry)) return `${at}: expected an object`;
  const start = readInteger(entry, 'start', at);
  if (!start.ok) return start.message;
  const end = readInteger(entry, 'end', at);
  if (!end.ok) return end.message;
  const label = readString(entry, 'label', at);
  if (!label.ok) return label.message;
  const score = readOptionalScore(entry, 'score', at);
  if (!score.ok) return score.message;
  const quote = readOptionalString(entry, 'text', at);
  if (!quote.ok) return quote.message;
  const explanation = readOptionalString(entry, 'explanation', at);
  if (!explanation.ok) return explanation.message;
  return {
    start: start.value,
    end: end.value,
    label: label.value,
    ...(score.value === undefined ? {} : { score: score.value }),
    ...(quote.value === undefined ? {} : { quote: quote.value }),
    ...(explanation.value === undefined ? {} : { explanation: explanation.value }),
  };
}

/** The `/v1` protocol. */
export const glossaProtocol: BackendProtocol = {
  kind: 'http',

  async health(client, signal) {
    await glossaProtocol.modelVersion(client, [], signal);
    return true;
  },

  async modelVersion(client, _labels, signal) {
    const { body } = await client.request('GET', 'v1/info', undefined, signal);
    if (!isRecord(body)) throw protocolError(client.backend, 'GET /v1/info', 'expected an object');
    const version = required(readString(body, 'modelVersion', 'info'), client.backend, 'GET /v1/info');
    return version;
  },

  async train(client, examples, labels, signal) {
    const documents = examples.map((e) => ({ id: e.document.id, text: e.document.text, spans: codePointSpans(e.document.text, e.spans, labels) }));
    const { status, body } = await client.request('POST', 'v1/train', { labels, documents }, signal, DOES_NOT_TRAIN);
    if (DOES_NOT_TRAIN.includes(status)) return undefined;
    if (!isRecord(body)) throw protocolError(client.backend, 'POST /v1/train', 'expected an object with modelVersion');
    const version = required(readOptionalVersion(body, 'modelVersion', 'train'), client.backend, 'POST /v1/train');
    return version;
  },

  async predict(client, request, signal) {
    const { document, labels, spans, modelVersion } = request;
    const { body } = await client.request('POST', 'v1/predict', { document: { id: document.id, text: document.text }, labels, spans: codePointSpans(document.text, spans, labels), modelVersion }, signal);
    if (!isRecord(body)) throw protocolError(client.backend, 'POST /v1/predict', 'expected an object with suggestions');
    const list = required(readArray(body, 'suggestions', 'predict'), client.backend, 'POST /v1/predict');
    const version = required(readOptionalVersion(body, 'modelVersion', 'predict'), client.backend, 'POST /v1/predict');
    const suggestions: WireSuggestion[] = [];
    const problems: string[] = [];
    list.forEach((entry, i) => {
      const read = readSuggestion(entry, `suggestions[${i}]`);
      if (typeof read === 'string') problems.push(read);
      else suggestions.push(read);
    });
    return { ...(version === undefined ? {} : { modelVersion: version }), suggestions, problems };
  },
};

/**
 * Contract tests of the external recommender against model servers served
 * by the test over real HTTP: Glossa's `/v1` protocol and a Label
 * Studio-shaped ML backend (requests and answers in their shapes, offsets in
 * code points, the quote winning over offsets that disagree with it), a
 * backend that answers late (deadline, the queue, other backends not
 * delayed), one that errors (the circuit opens, refuses without calling,
 * lets one trial through after the cool-down and closes when it succeeds),
 * and one that counts offsets in UTF-16 code units.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TrainingExample } from '@glossa/suggest';
import { ExternalBackendError, externalRecommender, labelStudioConfig } from '../src/suggestions/external/index.js';
import { failingBackend, glossaBackend, labelStudioBackend, lateBackend, serveBackend, sendJson, type Backend } from './support/model-backends.js';

const open: Backend[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
});
async function started<B extends Backend>(backend: Promise<B>): Promise<B> {
  const b = await backend;
  open.push(b);
  return b;
}

/** Training text with emoji (two UTF-16 code units each) and CRLF before the annotated string. */
const TRAIN_TEXT = '🙂 The National Guard arrived.\r\nPolice 👮 watched.';
const EXAMPLES: TrainingExample[] = [
  {
    document: { id: 'd1', text: TRAIN_TEXT },
    spans: [
      { start: TRAIN_TEXT.indexOf('National Guard'), end: TRAIN_TEXT.indexOf('National Guard') + 'National Guard'.length, label: 'militarization' },
      { start: TRAIN_TEXT.indexOf('Police'), end: TRAIN_TEXT.indexOf('Police') + 'Police'.length, label: 'policing' },
    ],
  },
];
const LABELS = ['militarization', 'policing'];
/** A document where each learned string occurs after one emoji and again after three. */
const DOC = { id: 'd2', text: 'National Guard 🎉 then 🙂🙂 Police and the National Guard.' };

function quoted(text: string, suggestions: readonly { start: number; end: number; label: string }[]): string[] {
  return suggestions.map((s) => `${s.label}:${text.slice(s.start, s.end)}@${s.start}`);
}

describe('the /v1 protocol', () => {
  it('trains with code point spans, predicts with the labels and existing spans, and places suggestions in UTF-16', async () => {
    const backend = await started(glossaBackend());
    const recommender = externalRecommender({ name: 'strings', kind: 'http', url: backend.url, labels: LABELS });
    const model = await recommender.train(EXAMPLES);
    expect(model).toEqual({ kind: 'http', name: 'strings', version: 'v1' });
    const train = backend.received.find((r) => r.path === '/v1/train');
    // Code points: the emoji before "National" counts one, CRLF two.
    expect(train?.body).toEqual({
      labels: LABELS,
      documents: [
        {
          id: 'd1',
          text: TRAIN_TEXT,
          spans: [
            { start: 6, end: 20, label: 'militarization', text: 'National Guard' },
            { start: 31, end: 37, label: 'policing', text: 'Police' },
          ],
        },
      ],
    });
    const existing = { start: DOC.text.indexOf('Police'), end: DOC.text.indexOf('Police') + 6, label: 'policing' };
    const suggestions = await recommender.predict(model, DOC, { spans: [existing] });
    const predict = backend.received.find((r) => r.path === '/v1/predict');
    expect(predict?.body).toEqual({ document: DOC, labels: LABELS, spans: [{ start: 25, end: 31, label: 'policing', text: 'Police' }], modelVersion: 'v1' });
    expect(quoted(DOC.text, suggestions)).toEqual(['militarization:National Guard@0', 'policing:Police@28', 'militarization:National Guard@43']);
    expect(suggestions.every((s) => s.score === 0.8 && s.recommender === 'strings' && s.modelVersion === 'v1')).toBe(true);
    expect(recommender.stats()).toMatchObject({ offsetMismatches: 0, droppedSuggestions: 0, succeeded: 2, failed: 0, circuit: 'closed' });
  });

  it('asks /v1/info for the version when the backend does not train, and sends only the labels the context allows', async () => {
    const backend = await started(
      serveBackend((request, response) => {
        if (request.path.endsWith('/v1/train')) return sendJson(response, 501, { error: 'not trainable' });
        if (request.path.endsWith('/v1/info')) return sendJson(response, 200, { modelVersion: 'fixed-3' });
        sendJson(response, 200, { suggestions: [{ start: 0, end: 4, label: 'policing', text: 'Riot' }] });
      }),
    );
    const recommender = externalRecommender({ name: 'fixed', kind: 'http', url: `${backend.url}/models/fixed`, labels: LABELS });
    const model = await recommender.train(EXAMPLES);
    expect(model.version).toBe('fixed-3');
    expect(backend.received.map((r) => r.path)).toEqual(['/models/fixed/v1/train', '/models/fixed/v1/info']);
    const suggestions = await recommender.predict(model, { id: 'd', text: 'Riot police.' }, { labels: ['policing'] });
    expect((backend.received.at(-1)?.body as { labels: string[] }).labels).toEqual(['policing']);
    expect(suggestions).toEqual([{ start: 0, end: 4, label: 'policing', score: 1, recommender: 'fixed', modelVersion: 'fixed-3' }]);
  });

  it('drops suggestions it cannot read, outside the text, or with a label outside the schema, counts them and says why', async () => {
    const backend = await started(
      serveBackend((_request, response) =>
        sendJson(response, 200, {
          modelVersion: 'm',
          suggestions: [
            { start: 0, end: 4, label: 'policing', score: 0.5 },
            { start: 0, end: 4, label: 'weather', score: 0.5 },
            { start: -1, end: 4, label: 'policing' },
            { start: 2, end: 99, label: 'policing' },
            { start: 0, end: 4, label: 'policing', score: 7 },
            'junk',
          ],
        }),
      ),
    );
    const problems: string[] = [];
    const recommender = externalRecommender({ name: 'messy', kind: 'http', url: backend.url, labels: LABELS, onProblem: (m) => problems.push(m) });
    const suggestions = await recommender.predict({ kind: 'http', name: 'messy', version: 'm' }, { id: 'd', text: 'Riot police.' });
    expect(quoted('Riot police.', suggestions)).toEqual(['policing:Riot@0']);
    expect(recommender.stats().droppedSuggestions).toBe(5);
    expect(problems).toEqual([
      'recommender messy: dropped a suggestion on d: suggestions[4].score: expected a number in [0, 1], got number 7',
      'recommender messy: dropped a suggestion on d: suggestions[5]: expected an object',
      'recommender messy: dropped weather at [0, 4) on d: the label is not in the schema',
      'recommender messy: dropped policing at [-1, 4) on d: [-1, 4) is not a non-empty range of the text\'s 12 code points',
      'recommender messy: dropped policing at [2, 99) on d: [2, 99) is not a non-empty range of the text\'s 12 code points',
    ]);
  });

  it('rejects an answer that is not the protocol with an error naming the backend and the call', async () => {
    const backend = await started(serveBackend((_request, response) => sendJson(response, 200, { predictions: [] })));
    const recommender = externalRecommender({ name: 'odd', kind: 'http', url: backend.url, labels: LABELS });
    const failure = await recommender.predict({ kind: 'http', name: 'odd', version: 'x' }, DOC).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ExternalBackendError);
    expect((failure as ExternalBackendError).reason).toBe('protocol');
    expect((failure as Error).message).toBe('recommender odd: POST /v1/predict: predict.suggestions: expected an array, got nothing');
  });

  it('refuses a configuration without an http URL or labels', () => {
    expect(() => externalRecommender({ name: 'x', kind: 'http', url: 'file:///etc/passwd', labels: LABELS })).toThrow('recommender x: url: expected http or https, not file:');
    expect(() => externalRecommender({ name: 'x', kind: 'http', url: 'http://127.0.0.1:1/?next=http://elsewhere', labels: LABELS })).toThrow('expected no query or fragment');
    expect(() => externalRecommender({ name: 'x', kind: 'labelstudio', url: 'http://127.0.0.1:1', labels: [] })).toThrow('recommender x: labels: expected at least one label');
  });
});

describe('Label Studio ML backends', () => {
  it('sets up with a labeling config, trains with annotations in its shape, and reads its predictions', async () => {
    const backend = await started(labelStudioBackend());
    const recommender = externalRecommender({ name: 'ls', kind: 'labelstudio', url: backend.url, labels: LABELS, project: '7' });
    expect(await recommender.health()).toBe(true);
    const model = await recommender.train(EXAMPLES);
    expect(model.version).toBe('ls-1');
    const train = backend.received.find((r) => r.path === '/train')?.body as Record<string, unknown>;
    expect(train).toEqual({
      annotations: [
        {
          id: 1,
          result: [
            { id: '1-1', from_name: 'label', to_name: 'text', type: 'labels', value: { start: 6, end: 20, text: 'National Guard', labels: ['militarization'] } },
            { id: '1-2', from_name: 'label', to_name: 'text', type: 'labels', value: { start: 31, end: 37, text: 'Police', labels: ['policing'] } },
          ],
          task: { id: 1, data: { text: TRAIN_TEXT } },
        },
      ],
      project: '7',
      label_config: labelStudioConfig(LABELS),
      params: {},
    });
    expect(labelStudioConfig(LABELS)).toBe('<View>\n  <Labels name="label" toName="text">\n    <Label value="militarization"/>\n    <Label value="policing"/>\n  </Labels>\n  <Text name="text" value="$text"/>\n</View>');
    expect(backend.received.find((r) => r.path === '/setup')?.body).toEqual({ project: '7', schema: labelStudioConfig(LABELS), hostname: '', access_token: '', extra_params: {} });
    const suggestions = await recommender.predict(model, DOC);
    expect(backend.received.at(-1)?.body).toEqual({ tasks: [{ id: 1, data: { text: DOC.text } }], project: '7', label_config: labelStudioConfig(LABELS), model_version: 'ls-1', params: { context: {} } });
    expect(quoted(DOC.text, suggestions)).toEqual(['militarization:National Guard@0', 'policing:Police@28', 'militarization:National Guard@43']);
    expect(suggestions.every((s) => s.score === 0.6 && s.modelVersion === 'ls-1' && s.recommender === 'ls')).toBe(true);
    expect(recommender.stats().offsetMismatches).toBe(0);
  });

  it('lets value.text win where value.start and value.end disagree with it, and counts each mismatch', async () => {
    const backend = await started(labelStudioBackend({ unit: 'utf-16' }));
    const problems: string[] = [];
    const recommender = externalRecommender({ name: 'ls16', kind: 'labelstudio', url: backend.url, labels: LABELS, onProblem: (m) => problems.push(m) });
    const model = await recommender.train(EXAMPLES);
    const suggestions = await recommender.predict(model, DOC);
    expect(quoted(DOC.text, suggestions)).toEqual(['militarization:National Guard@0', 'policing:Police@28', 'militarization:National Guard@43']);
    // The first string precedes every emoji: its UTF-16 offsets are its code point offsets.
    expect(recommender.stats().offsetMismatches).toBe(2);
    expect(problems).toEqual([
      'recommender ls16: militarization at [43, 57) on d2: the offsets do not hold its text; placed at its text, code points [40, 54)',
      'recommender ls16: policing at [28, 34) on d2: the offsets do not hold its text; placed at its text, code points [25, 31)',
    ]);
  });

  it('reports a backend that is down as not healthy', async () => {
    const backend = await started(serveBackend((_request, response) => sendJson(response, 503, { status: 'DOWN' })));
    expect(await externalRecommender({ name: 'down', kind: 'labelstudio', url: backend.url, labels: LABELS }).health()).toBe(false);
  });
});

describe('a /v1 backend that counts UTF-16 code units', () => {
  it('is placed by its quotes, each disagreement counted', async () => {
    const backend = await started(glossaBackend({ unit: 'utf-16' }));
    const recommender = externalRecommender({ name: 'utf16', kind: 'http', url: backend.url, labels: LABELS });
    const model = await recommender.train(EXAMPLES);
    const suggestions = await recommender.predict(model, DOC);
    expect(quoted(DOC.text, suggestions)).toEqual(['militarization:National Guard@0', 'policing:Police@28', 'militarization:National Guard@43']);
    expect(recommender.stats().offsetMismatches).toBe(2);
  });

  it('without quotes, its offsets are read as code points: spans shift, and those past the end are dropped', async () => {
    const backend = await started(glossaBackend({ unit: 'utf-16', quote: false }));
    const recommender = externalRecommender({ name: 'utf16bare', kind: 'http', url: backend.url, labels: LABELS });
    const model = await recommender.train(EXAMPLES);
    const suggestions = await recommender.predict(model, DOC);
    // Read as code points, UTF-16 offsets land later than meant; the last span runs past the text's 55 code points.
    expect(quoted(DOC.text, suggestions)).toEqual(['militarization:National Guard@0', 'policing:ice an@31']);
    expect(recommender.stats()).toMatchObject({ offsetMismatches: 0, droppedSuggestions: 1 });
  });
});

describe('a backend that answers late', () => {
  it('times out without delaying another backend, and a call waiting for a slot times out without reaching it', async () => {
    const late = await started(lateBackend());
    const quick = await started(glossaBackend());
    const slow = externalRecommender({ name: 'slow', kind: 'http', url: late.url, labels: LABELS, timeoutMs: 300, concurrency: 1 });
    const fast = externalRecommender({ name: 'fast', kind: 'http', url: quick.url, labels: LABELS });
    const model = { kind: 'http', name: 'slow', version: 'v' } as const;
    const first = slow.predict(model, DOC).catch((e: unknown) => e);
    const queued = slow.predict(model, DOC).catch((e: unknown) => e);
    await late.arrived();
    // While the slow backend holds its answer, the other one trains and predicts.
    const fastModel = await fast.train(EXAMPLES);
    expect((await fast.predict(fastModel, DOC)).length).toBe(3);
    const [a, b] = await Promise.all([first, queued]);
    for (const failure of [a, b]) {
      expect(failure).toBeInstanceOf(ExternalBackendError);
      expect((failure as ExternalBackendError).reason).toBe('timeout');
      expect((failure as Error).message).toBe('recommender slow: POST /v1/predict: no answer within 300 ms');
    }
    expect(late.received.length).toBe(1);
    expect(slow.stats()).toMatchObject({ failed: 2, timedOut: 2, succeeded: 0 });
    late.release();
  });

  it('refuses calls beyond its queue at once, without counting them against the backend', async () => {
    const late = await started(lateBackend());
    const slow = externalRecommender({ name: 'slow', kind: 'http', url: late.url, labels: LABELS, timeoutMs: 60_000, concurrency: 1, maxQueue: 1 });
    const model = { kind: 'http', name: 'slow', version: 'v' } as const;
    const running = slow.predict(model, DOC);
    const waiting = slow.predict(model, DOC);
    const refused = await slow.predict(model, DOC).catch((e: unknown) => e);
    expect((refused as ExternalBackendError).reason).toBe('busy');
    await late.arrived();
    late.release();
    expect(await running).toEqual([]);
    expect(await waiting).toEqual([]);
    expect(slow.stats()).toMatchObject({ succeeded: 2, failed: 0, refused: 1, circuit: 'closed' });
  });
});

describe('a backend that errors', () => {
  it('opens the circuit after consecutive failures, refuses without calling, and closes after a successful trial', async () => {
    const backend = await started(failingBackend());
    let now = 1_000;
    const recommender = externalRecommender({ name: 'broken', kind: 'http', url: backend.url, labels: LABELS, failureThreshold: 3, cooldownMs: 10_000, now: () => now });
    const model = { kind: 'http', name: 'broken', version: 'v' } as const;
    for (let i = 0; i < 3; i++) {
      const failure = (await recommender.predict(model, DOC).catch((e: unknown) => e)) as ExternalBackendError;
      expect(failure.reason).toBe('http');
      expect(failure.status).toBe(500);
      expect(failure.message).toBe('recommender broken: POST /v1/predict: HTTP 500: {"error":"model crashed"}');
    }
    expect(recommender.stats()).toMatchObject({ circuit: 'open', failed: 3, opened: 1 });
    const refused = (await recommender.predict(model, DOC).catch((e: unknown) => e)) as ExternalBackendError;
    expect(refused.reason).toBe('unavailable');
    expect(backend.received.length).toBe(3);
    // After the cool-down one trial goes through; it fails, and the circuit opens again.
    now += 10_000;
    expect(recommender.stats().circuit).toBe('half-open');
    expect(((await recommender.predict(model, DOC).catch((e: unknown) => e)) as ExternalBackendError).reason).toBe('http');
    expect(backend.received.length).toBe(4);
    expect(recommender.stats().circuit).toBe('open');
    expect(await recommender.health()).toBe(false);
    expect(backend.received.length).toBe(4);
    // The backend recovers: the next trial succeeds and the circuit closes.
    backend.recover();
    now += 10_000;
    expect(await recommender.predict(model, DOC)).toEqual([]);
    expect(recommender.stats()).toMatchObject({ circuit: 'closed', failed: 4, succeeded: 1, refused: 2, opened: 1 });
  });

  it('counts an unreachable backend as failing', async () => {
    const backend = await serveBackend((_request, response) => sendJson(response, 200, {}));
    await backend.close();
    const recommender = externalRecommender({ name: 'gone', kind: 'labelstudio', url: backend.url, labels: LABELS, failureThreshold: 1 });
    const failure = (await recommender.train(EXAMPLES).catch((e: unknown) => e)) as ExternalBackendError;
    expect(failure.reason).toBe('network');
    expect(failure.message).toMatch(/^recommender gone: POST \/train: /);
    expect(recommender.stats().circuit).toBe('open');
  });
});

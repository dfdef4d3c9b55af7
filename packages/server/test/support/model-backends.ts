/**
 * Model servers for the external recommender's contract tests, served over
 * real HTTP on port 0: a `/v1` one and a Label Studio-shaped one that learn
 * the annotated strings and suggest their other occurrences, one that holds
 * its answers until the test releases them, one that fails, one that counts
 * offsets in UTF-16 code units instead of code points. Each records the
 * requests it received.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request a backend received: method, path and parsed JSON body. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/** A running backend. */
export interface Backend {
  readonly url: string;
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

type Handler = (request: ReceivedRequest, response: ServerResponse) => void | Promise<void>;

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text === '' ? undefined : (JSON.parse(text) as unknown));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    request.on('error', reject);
  });
}

/** Sends a JSON answer. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Serves `handler` on 127.0.0.1, port 0. */
export async function serveBackend(handler: Handler): Promise<Backend> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    void readJson(req).then(
      (body) => {
        const request = { method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://backend').pathname, body };
        received.push(request);
        return handler(request, res);
      },
      () => sendJson(res, 400, { error: 'not JSON' }),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Code point offsets of every occurrence of `needle` in `text`. */
function occurrences(text: string, needle: string, unit: 'code-point' | 'utf-16'): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    const start = unit === 'utf-16' ? at : Array.from(text.slice(0, at)).length;
    found.push({ start, end: start + (unit === 'utf-16' ? needle.length : Array.from(needle).length) });
  }
  return found;
}

interface LearnedString {
  readonly text: string;
  readonly label: string;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * A `/v1` backend: `/v1/train` learns every annotated string (quoted by the
 * span's code point offsets), `/v1/predict` suggests every occurrence of a
 * learned string with score 0.8, counting offsets as `unit` says (code points
 * as the protocol wants, or UTF-16 code units as a careless backend would);
 * `quote: false` leaves `text` out of the suggestions.
 */
export function glossaBackend(options: { unit?: 'code-point' | 'utf-16'; quote?: boolean } = {}): Promise<Backend> {
  const unit = options.unit ?? 'code-point';
  let learned: LearnedString[] = [];
  let version = 0;
  return serveBackend((request, response) => {
    const body = record(request.body);
    if (request.method === 'GET' && request.path === '/v1/info') return sendJson(response, 200, { name: 'strings', modelVersion: `v${version}` });
    if (request.method === 'POST' && request.path === '/v1/train') {
      learned = [];
      for (const doc of (body['documents'] as { text: string; spans: { start: number; end: number; label: string }[] }[]) ?? []) {
        const points = Array.from(doc.text);
        for (const s of doc.spans) learned.push({ text: points.slice(s.start, s.end).join(''), label: s.label });
      }
      version++;
      return sendJson(response, 200, { modelVersion: `v${version}` });
    }
    if (request.method === 'POST' && request.path === '/v1/predict') {
      const text = String(record(body['document'])['text']);
      const suggestions = learned.flatMap((l) => occurrences(text, l.text, unit).map((o) => ({ ...o, label: l.label, score: 0.8, ...(options.quote === false ? {} : { text: l.text }) })));
      return sendJson(response, 200, { modelVersion: `v${version}`, suggestions });
    }
    sendJson(response, 404, { error: `no route ${request.method} ${request.path}` });
  });
}

/**
 * A Label Studio ML backend: `/health`, `/setup` (answers its model
 * version), `/train` (learns the regions' `value.text` with their labels),
 * `/predict` (one prediction per task, regions of every learned string with
 * code point offsets, or UTF-16 ones with `unit: 'utf-16'`).
 */
export function labelStudioBackend(options: { unit?: 'code-point' | 'utf-16' } = {}): Promise<Backend> {
  const unit = options.unit ?? 'code-point';
  let learned: LearnedString[] = [];
  let version = 0;
  return serveBackend((request, response) => {
    const body = record(request.body);
    if (request.method === 'GET' && request.path === '/health') return sendJson(response, 200, { status: 'UP', model_class: 'Strings' });
    if (request.method === 'POST' && request.path === '/setup') return sendJson(response, 200, { model_version: `ls-${version}` });
    if (request.method === 'POST' && request.path === '/train') {
      learned = [];
      for (const annotation of (body['annotations'] as { result: { value: { text: string; labels: string[] } }[] }[]) ?? []) {
        for (const region of annotation.result) for (const label of region.value.labels) learned.push({ text: region.value.text, label });
      }
      version++;
      return sendJson(response, 201, { job: `job-${version}` });
    }
    if (request.method === 'POST' && request.path === '/predict') {
      const tasks = body['tasks'] as { id: number; data: { text: string } }[];
      const results = tasks.map((task) => ({
        result: learned.flatMap((l, k) =>
          occurrences(task.data.text, l.text, unit).map((o, j) => ({ id: `r${k}-${j}`, from_name: 'label', to_name: 'text', type: 'labels', value: { start: o.start, end: o.end, text: l.text, labels: [l.label] } })),
        ),
        score: 0.6,
        model_version: `ls-${version}`,
      }));
      return sendJson(response, 200, { results });
    }
    sendJson(response, 404, { error: `no route ${request.method} ${request.path}` });
  });
}

/** A backend that answers every request only when the test calls `release()` (with `/v1` answers). */
export async function lateBackend(): Promise<Backend & { release(): void; arrived(): Promise<void> }> {
  let releaseAll!: () => void;
  const released = new Promise<void>((resolve) => (releaseAll = resolve));
  let arrivedOnce!: () => void;
  const arrived = new Promise<void>((resolve) => (arrivedOnce = resolve));
  const backend = await serveBackend(async (request, response) => {
    arrivedOnce();
    await released;
    if (request.path === '/v1/info') return sendJson(response, 200, { modelVersion: 'late' });
    sendJson(response, 200, { modelVersion: 'late', suggestions: [] });
  });
  return { ...backend, release: releaseAll, arrived: () => arrived };
}

/** A backend that fails every request with HTTP 500 until `recover()`, then answers as a `/v1` backend without suggestions. */
export async function failingBackend(): Promise<Backend & { recover(): void }> {
  let failing = true;
  const backend = await serveBackend((request, response) => {
    if (failing) return sendJson(response, 500, { error: 'model crashed' });
    if (request.path === '/v1/info') return sendJson(response, 200, { modelVersion: 'recovered' });
    sendJson(response, 200, { modelVersion: 'recovered', suggestions: [] });
  });
  return { ...backend, recover: () => (failing = false) };
}

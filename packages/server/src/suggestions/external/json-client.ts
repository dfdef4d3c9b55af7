/**
 * JSON over HTTP to one model server: requests go only to paths under the
 * configured base URL (redirects are refused, so the server never fetches
 * another URL), bodies are read up to a size limit, and every failure is an
 * {@link ExternalBackendError} naming the backend, the method and the path.
 */
import { ExternalBackendError } from './errors.js';

/** A JSON answer: its status and its parsed body. */
export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** Options of a {@link JsonClient}. */
export interface JsonClientOptions {
  /** The backend's name, in errors. */
  readonly backend: string;
  /** The base URL (http or https); paths are resolved under it. */
  readonly url: string;
  /** Extra request headers (an `Authorization` header, say). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Largest response body read, in bytes. @default 16 MiB */
  readonly maxResponseBytes?: number;
}

/** JSON requests to one backend (see the module comment). */
export class JsonClient {
  private readonly base: URL;
  /** The backend's name, in errors. */
  readonly backend: string;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly maxResponseBytes: number;

  constructor(options: JsonClientOptions) {
    let base: URL;
    try {
      base = new URL(options.url);
    } catch {
      throw new RangeError(`recommender ${options.backend}: url: expected an absolute http or https URL, not ${JSON.stringify(options.url)}`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new RangeError(`recommender ${options.backend}: url: expected http or https, not ${base.protocol}`);
    if (base.search !== '' || base.hash !== '') throw new RangeError(`recommender ${options.backend}: url: expected no query or fragment in ${options.url}`);
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.base = base;
    this.backend = options.backend;
    this.headers = options.headers ?? {};
    this.maxResponseBytes = options.maxResponseBytes ?? 16 * 1024 * 1024;
  }

  /** The URL a path (relative, e.g. `v1/predict`) resolves to: always under the base. */
  urlOf(path: string): URL {
    if (path.startsWith('/') || path.includes('..') || path.includes(':')) throw new RangeError(`not a relative path: ${path}`);
    return new URL(path, this.base);
  }

  /**
   * Sends a request and parses the JSON answer. Statuses in `accept` are
   * returned as they are (their body parsed when it is JSON, otherwise
   * `undefined`); any other status other than 2xx rejects with an `http`
   * failure.
   */
  async request(method: 'GET' | 'POST', path: string, body: unknown, signal: AbortSignal, accept: readonly number[] = []): Promise<JsonAnswer> {
    const what = `${method} /${path}`;
    let response: Response;
    try {
      response = await fetch(this.urlOf(path), {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...this.headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        redirect: 'error',
        signal,
      });
    } catch (error) {
      throw new ExternalBackendError(this.backend, 'network', `${what}: ${causeOf(error)}`);
    }
    const text = await this.readBody(response, what);
    const ok = response.status >= 200 && response.status < 300;
    if (!ok && !accept.includes(response.status)) {
      throw new ExternalBackendError(this.backend, 'http', `${what}: HTTP ${response.status}${text.trim() === '' ? '' : `: ${text.trim().slice(0, 200)}`}`, response.status);
    }
    if (text.trim() === '') return { status: response.status, body: undefined };
    try {
      return { status: response.status, body: JSON.parse(text) as unknown };
    } catch {
      if (!ok) return { status: response.status, body: undefined };
      throw new ExternalBackendError(this.backend, 'protocol', `${what}: expected a JSON body, got ${JSON.stringify(text.slice(0, 80))}`);
    }
  }

  private async readBody(response: Response, what: string): Promise<string> {
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > this.maxResponseBytes) {
      await response.body?.cancel();
      throw new ExternalBackendError(this.backend, 'protocol', `${what}: the answer is ${declared} bytes, more than the limit of ${this.maxResponseBytes}`);
    }
    if (!response.body) return '';
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > this.maxResponseBytes) {
          await reader.cancel();
          throw new ExternalBackendError(this.backend, 'protocol', `${what}: the answer is more than the limit of ${this.maxResponseBytes} bytes`);
        }
        chunks.push(value);
      }
    } catch (error) {
      if (error instanceof ExternalBackendError) throw error;
      throw new ExternalBackendError(this.backend, 'network', `${what}: ${causeOf(error)}`);
    }
    return new TextDecoder().decode(Buffer.concat(chunks));
  }
}

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

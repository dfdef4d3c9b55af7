/**
 * HTTP plumbing shared by the REST API and the static files: security
 * headers on every response, JSON bodies and errors, bounded body reading,
 * cookies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage } from './error-message.js';

/**
 * Headers sent with every response: a strict Content-Security-Policy (only
 * the server's own scripts, styles, images and connections; no framing, no
 * plugins), no MIME sniffing, no referrer, no framing.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/** Sets `SECURITY_HEADERS` on a response. */
export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

/** An HTTP error with a stable machine-readable code, answered as `{ error: { code, message } }`. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  /** Whether the connection is closed after the answer (the request's body was left unread). */
  readonly closeConnection: boolean;
  constructor(
    /** HTTP status, e.g. 403. */
    readonly status: number,
    /** Stable code, e.g. `forbidden`. */
    readonly code: string,
    message: string,
    options: { readonly closeConnection?: boolean } = {},
  ) {
    super(message);
    this.closeConnection = options.closeConnection ?? false;
  }
}

/** Sends a JSON body with a status. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** Sends `{ error: { code, message } }` with a status. */
export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

/** The client closed the connection before a streamed response was complete. */
export class ClientGoneError extends Error {
  override readonly name = 'ClientGoneError';
  constructor() {
    super('the client closed the connection before the response was complete');
  }
}

/**
 * Writes bytes to a response, waiting while its buffer is full. Rejects with
 * `ClientGoneError` once the connection is closed, so a streaming export stops
 * instead of waiting for a `drain` that never comes.
 */
export async function writeChunk(res: ServerResponse, bytes: Uint8Array | string): Promise<void> {
  if (res.destroyed) throw new ClientGoneError();
  if (bytes.length === 0 || res.write(bytes)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error): void => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onDrain = (): void => settle();
    const onClose = (): void => settle(new ClientGoneError());
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/**
 * Reads a request body of at most `limit` bytes, whether its length is
 * declared or chunked; throws `HttpError` 413 beyond it. Past the limit the
 * rest of the body is not read: the error asks for the connection to be
 * closed once the 413 is sent, so the client reads the answer instead of a
 * reset.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(new HttpError(413, 'body_too_large', `request body of ${declared} bytes exceeds the limit of ${limit} bytes`, { closeConnection: true }));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      stop();
      req.pause();
      chunks.length = 0;
      reject(new HttpError(413, 'body_too_large', `request body exceeds the limit of ${limit} bytes`, { closeConnection: true }));
    };
    const onEnd = (): void => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error): void => {
      stop();
      reject(error);
    };
    const onAborted = (): void => onError(new ClientGoneError());
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

/** Reads a JSON object body; throws `HttpError` 415/400 for the wrong type or bad JSON. */
export async function readJsonObject(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'unsupported_media_type', `expected Content-Type application/json, got ${JSON.stringify(type)}`);
  const body = await readBody(req, limit);
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new HttpError(400, 'bad_json', `request body is not valid JSON: ${errorMessage(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'bad_json', 'request body must be a JSON object');
  return value as Record<string, unknown>;
}

/** Reads a string field of a JSON body; throws `HttpError` 400 naming the field when it is missing or not a string. */
export function stringField(body: Record<string, unknown>, field: string, required: true): string;
export function stringField(body: Record<string, unknown>, field: string, required: false): string | undefined;
export function stringField(body: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const value = body[field];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') throw new HttpError(400, 'bad_field', `field "${field}": expected a non-empty string`);
  return value;
}

/** Parses a `Cookie` header into name → value (first occurrence wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (name === '' || cookies.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}

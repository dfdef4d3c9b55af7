/**
 * Acceptance: requests at the edges of HTTP get an answer, never a reset or
 * silence: a chunked body over the import limit gets 413, a request Node's
 * parser refuses (`Content-Length: -1`) gets 400, and an empty import is
 * refused without writing anything.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { serverPerTest } from '../packages/server/test/support/server-harness.js';
import { BACKENDS } from '../packages/store/test/support/backends.js';


/**
 * Posts a chunked body of 64 KiB chunks until the server answers (or
 * `maxBytes` are sent) and resolves with the status and body of the answer.
 */
function postChunked(url: string, token: string, maxBytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' } });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // Writing after the server closed its side fails; the answer already came.
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = (): void => {
      while (!answered && !req.destroyed && sent < maxBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (sent >= maxBytes && !answered) req.end();
    };
    pump();
  });
}

/** Sends raw bytes and resolves with everything the server sent back before closing. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

describe.each(BACKENDS.map((backend) => [backend.name, backend] as const))('on %s', (_backend, backend) => {
  const { start } = serverPerTest(backend);

  describe('HTTP edges', () => {
    it('answers a chunked import body over the limit with 413 before reading it all', async () => {
      const limit = 1024 * 1024;
      const ts = await start({ maxImportBytes: limit });
      const answer = await postChunked(`${ts.baseUrl}/api/projects/team/import?name=big.txt`, ts.token('cora'), 16 * limit);
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toEqual({ error: { code: 'body_too_large', message: `request body exceeds the limit of ${limit} bytes` } });
      expect(await ts.server.data.catalog.getDocument('team', 'big')).toBeUndefined();
      // The server goes on answering.
      expect((await fetch(`${ts.baseUrl}/api/health`)).status).toBe(200);
    });

    it.each([
      ['Content-Length: -1', 'Content-Length: -1\r\n'],
      ['two different Content-Length headers', 'Content-Length: 1\r\nContent-Length: 2\r\n'],
    ])('answers a request with %s with 400 and a JSON error', async (_what, header) => {
      const ts = await start();
      const port = Number(new URL(ts.baseUrl).port);
      const answer = await rawExchange(port, `POST /api/projects/team/import?name=a.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n${header}\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      expect(JSON.parse(body)).toMatchObject({ error: { code: 'bad_request', message: expect.stringMatching(/^malformed HTTP request: .*Content-Length/i) as unknown } });
      expect((await fetch(`${ts.baseUrl}/api/health`)).status).toBe(200);
    });

    it.each([['txt', 'empty.txt'], ['jsonl', 'empty.jsonl']])('refuses an empty %s import and writes nothing', async (_format, name) => {
      const ts = await start();
      const before = await ts.server.data.catalog.listDocuments('team');
      const response = await fetch(`${ts.baseUrl}/api/projects/team/import?name=${name}`, { method: 'POST', headers: { Authorization: `Bearer ${ts.token('cora')}` }, body: '' });
      expect(response.status).toBe(422);
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).toBe(`${name}: the file is empty; expected a document (a .txt text or a JSONL line)`);
      expect(await ts.server.data.catalog.listDocuments('team')).toEqual(before);
    });
  });
});

/**
 * A project's guidelines over the REST API: empty until a curator writes
 * them, then served to every role in the project as written (Markdown,
 * raw HTML included: rendering is the client's job), and bad input
 * refused with a message naming the field.
 */
import { describe, expect, it } from 'vitest';
import { MAX_GUIDELINES_LENGTH } from '@glossa/store';
import { serverPerTest } from '../packages/server/test/support/server-harness.js';
import { BACKENDS } from '../packages/store/test/support/backends.js';


function request(baseUrl: string, token: string, method: 'GET' | 'PUT', body?: unknown): Promise<Response> {
  return fetch(`${baseUrl}/api/projects/solo/guidelines`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe.each(BACKENDS.map((backend) => [backend.name, backend] as const))('on %s', (_backend, backend) => {
  const { start } = serverPerTest(backend);

  describe('project guidelines', () => {
    it('are empty at first, written by a curator, read by an annotator as written, and cleared', async () => {
      const ts = await start();
      expect(await (await request(ts.baseUrl, ts.token('sam'), 'GET')).json()).toEqual({ markdown: '' });
      const markdown = '# Rules\n\nMark *whole* words. <script>alert(1)</script>';
      const saved = await request(ts.baseUrl, ts.token('cleo'), 'PUT', { markdown });
      expect(saved.status).toBe(200);
      expect(await saved.json()).toMatchObject({ markdown, updatedBy: 'cleo' });
      expect(await (await request(ts.baseUrl, ts.token('sam'), 'GET')).json()).toMatchObject({ markdown, updatedBy: 'cleo' });
      // An empty text clears them.
      expect((await request(ts.baseUrl, ts.token('cleo'), 'PUT', { markdown: '' })).status).toBe(200);
      expect(await (await request(ts.baseUrl, ts.token('sue'), 'GET')).json()).toMatchObject({ markdown: '' });
    });

    it.each([
      ['no markdown field', { text: 'x' }, /field "markdown": expected a string/],
      ['a markdown that is not a string', { markdown: 42 }, /field "markdown": expected a string/],
      ['too long a text', { markdown: 'x'.repeat(MAX_GUIDELINES_LENGTH + 1) }, new RegExp(`field "markdown": expected at most ${MAX_GUIDELINES_LENGTH} characters, got ${MAX_GUIDELINES_LENGTH + 1}`)],
    ])('refuses %s with 400 naming the field, and keeps what was saved', async (_what, body, message) => {
      const ts = await start();
      await request(ts.baseUrl, ts.token('cleo'), 'PUT', { markdown: 'Kept.' });
      const res = await request(ts.baseUrl, ts.token('cleo'), 'PUT', body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
      expect(await (await request(ts.baseUrl, ts.token('sam'), 'GET')).json()).toMatchObject({ markdown: 'Kept.' });
    });

    it('refuses a write by an annotator with 403', async () => {
      const ts = await start();
      const res = await request(ts.baseUrl, ts.token('sam'), 'PUT', { markdown: 'Mine.' });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/admin or curator role; "sam" is annotator/);
    });
  });
});

/**
 * `GET /api/projects/:p/documents/:d`: one document's title and the layers
 * the caller may read, as the listing shows them, for every role; unknown
 * projects and documents and malformed ids answered with a 404 naming them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, startTestServer, until, type TestServer } from '../packages/server/test/support/server-harness.js';

let ts: TestServer;

interface DocumentBody {
  readonly project: string;
  readonly id: string;
  readonly title?: string;
  readonly layers: readonly string[];
}

async function get(path: string, user: string | null): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${ts.baseUrl}${path}`, { headers: user === null ? {} : { Authorization: `Bearer ${ts.token(user)}` } });
  return { status: res.status, body: await res.json() };
}

function messageOf(body: unknown): string {
  return (body as { error: { message: string } }).error.message;
}

describe('one document of a project', () => {
  beforeAll(async () => {
    ts = await startTestServer();
    for (const user of ['sam', 'sue']) {
      const c = connectClient(ts.syncUrl, `solo/d1/layers/${user}`, ts.token(user));
      await c.synced;
      c.doc.getMap('annotations').set(`${user}-1`, new Y.Map());
      await until(c.doc, () => true, 'nothing');
      c.destroy();
    }
  });

  afterAll(async () => {
    await ts.close();
  });

  it('answers the title and the layers each role may read, as the listing does', async () => {
    for (const user of ['sam', 'sue', 'cleo']) {
      const one = await get('/api/projects/solo/documents/d1', user);
      expect(one.status).toBe(200);
      const body = one.body as DocumentBody;
      const listing = (await get('/api/projects/solo/documents', user)).body as { documents: { id: string; title?: string; layers: { layer: string }[] }[] };
      const listed = listing.documents.find((d) => d.id === 'd1');
      expect(body.project).toBe('solo');
      expect(body.id).toBe('d1');
      expect(body.title).toBe(listed?.title);
      expect([...body.layers].sort()).toEqual(listed?.layers.map((l) => l.layer).sort());
    }
    expect(((await get('/api/projects/solo/documents/d1', 'sam')).body as DocumentBody).layers).toEqual(['sam']);
    expect([...((await get('/api/projects/solo/documents/d1', 'cleo')).body as DocumentBody).layers].sort()).toEqual(['sam', 'sue']);
  });

  it('refuses callers without a role in the project', async () => {
    expect((await get('/api/projects/solo/documents/d1', null)).status).toBe(401);
    const outsider = await get('/api/projects/solo/documents/d1', 'alice');
    expect(outsider.status).toBe(403);
    expect(messageOf(outsider.body)).toMatch(/no role in project "solo"/);
  });

  it('answers 404 naming an unknown document or project, and a malformed id', async () => {
    const unknownDoc = await get('/api/projects/solo/documents/nope', 'sam');
    expect(unknownDoc.status).toBe(404);
    expect(messageOf(unknownDoc.body)).toBe('unknown document "nope" in project "solo"');
    const unknownProject = await get('/api/projects/nope/documents/d1', 'sam');
    expect(unknownProject.status).toBe(404);
    expect(messageOf(unknownProject.body)).toMatch(/unknown project "nope"/);
    const malformed = await get(`/api/projects/solo/documents/${encodeURIComponent('..\u0000%')}`, 'sam');
    expect(malformed.status).toBe(404);
    expect(messageOf(malformed.body)).toMatch(/unknown document/);
    const deeper = await get('/api/projects/solo/documents/d1/extra', 'sam');
    expect(deeper.status).toBe(404);
  });
});

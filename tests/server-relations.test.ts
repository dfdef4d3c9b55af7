/**
 * Relations and discontinuous spans through the REST API: a project
 * imported with them exports them (`GET /api/projects/:p/export`, JSONL and
 * brat), and `GET /api/projects/:p/agreement` gives relation F1 under
 * `relations`, the JSON of `glossa agreement --json` the dashboard reads.
 *
 * alice and bob both relate "measure" to a budget line; alice marks
 * "budget line", bob "budget" (overlapping): the relation matches only
 * when overlapping ends count. F1 exact 0, overlap 2·1/(1+1) = 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementReport, LabelSchema } from '@glossa/core';
import { importDocuments } from '@glossa/store';
import { readTar } from './support/tar.js';
import { TEST_SCHEMA, startTestServer, type TestServer } from '../packages/server/test/support/server-harness.js';
import { BACKENDS } from '../packages/store/test/support/backends.js';


const schema: LabelSchema = {
  ...TEST_SCHEMA,
  relationLabels: [{ id: 'funded-by', name: 'Funded by', description: 'Paid from.', directed: true, color: '#a8dadc' }],
};
const TEXT = 'The measure is funded by the budget line of the National and local Guard.';
const at = (s: string): { start: number; end: number } => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });
const national = at('National');
const guard = at('Guard');
const LINE = {
  id: 'd1',
  text: TEXT,
  spans: [
    { id: 'am', ...at('measure'), label: 'prevention', annotator: 'alice' },
    { id: 'ab', ...at('budget line'), label: 'prevention', annotator: 'alice' },
    { id: 'ag', start: national.start, end: guard.end, fragments: [[national.start, national.end], [guard.start, guard.end]], label: 'militarization', annotator: 'alice' },
    { id: 'bm', ...at('measure'), label: 'prevention', annotator: 'bob' },
    { id: 'bb', ...at('budget'), label: 'prevention', annotator: 'bob' },
  ],
  relations: [
    { id: 'r1', from: 'am', to: 'ab', label: 'funded-by', annotator: 'alice' },
    { id: 'r2', from: 'bm', to: 'bb', label: 'funded-by', annotator: 'bob' },
  ],
};

describe.each(BACKENDS.map((backend) => [backend.name, backend] as const))('on %s', (_backend, backend) => {
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startTestServer({}, undefined, backend);
    const imported = await importDocuments(ts.server.data, [{ name: 'corpus.jsonl', format: 'jsonl', content: JSON.stringify(LINE) + '\n' }], {
      project: 'rel',
      mode: 'independent',
      schema,
    });
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    await ts.server.users.setRole('cleo', 'rel', 'curator');
  });

  afterAll(async () => {
    await ts.close();
  });

  function get(route: string): Promise<Response> {
    return fetch(`${ts.baseUrl}${route}`, { headers: { Authorization: `Bearer ${ts.token('cleo')}` } });
  }

  describe('relations and fragments through the REST API', () => {
    it('exports them in JSONL', async () => {
      const res = await get('/api/projects/rel/export?format=jsonl');
      expect(res.status).toBe(200);
      const line = JSON.parse((await res.text()).trim()) as { spans: { id: string; fragments?: number[][] }[]; relations: { id: string; from: string; to: string }[] };
      expect(line.relations.map((r) => [r.id, r.from, r.to])).toEqual([
        ['r1', 'am', 'ab'],
        ['r2', 'bm', 'bb'],
      ]);
      expect(line.spans.find((s) => s.id === 'ag')?.fragments).toEqual([[national.start, national.end], [guard.start, guard.end]]);
    });

    it('exports them in brat (a tar with a folder per annotator)', async () => {
      const res = await get('/api/projects/rel/export?format=brat');
      expect(res.status).toBe(200);
      const files = readTar(new Uint8Array(await res.arrayBuffer()));
      const ann = (who: string): string => [...files].find(([name]) => name.startsWith(`${who}/`) && name.endsWith('.ann'))?.[1] ?? '';
      expect(ann('alice')).toMatch(/^R\d+\tfunded-by Arg1:T\d+ Arg2:T\d+$/m);
      expect(ann('alice')).toMatch(new RegExp(`^T\\d+\\tmilitarization ${national.start} ${national.end};${guard.start} ${guard.end}\\tNational Guard$`, 'm'));
      expect(ann('bob')).toMatch(/^R\d+\tfunded-by Arg1:T\d+ Arg2:T\d+$/m);
    });

    it('gives relation agreement in the agreement JSON', async () => {
      const res = await get('/api/projects/rel/agreement');
      expect(res.status).toBe(200);
      const { relations } = (await res.json()) as AgreementReport;
      expect(relations.labels).toEqual({ 'funded-by': { f1_exact: 0, f1_overlap: 1, support: 2 } });
      expect(relations.pairs).toEqual([{ a: 'alice', b: 'bob', f1_exact: 0, f1_overlap: 1 }]);
      expect(relations.dangling).toBe(0);
    });
  });
});

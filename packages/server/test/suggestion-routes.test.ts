/**
 * The suggestion routes: the document ranking for the caller's own
 * suggestion scope (uncertainty × novelty; an independent project's
 * annotator learns nothing of another annotator's layer from it), and the
 * suggestion statistics for curators; every refusal names why.
 */
import { describe, expect, it } from 'vitest';
import { contentRoom, layerRoom, localOrigin, suggestionRoom, writeAnnotations } from '@glossa/collab';
import type { SpanAnnotation } from '@glossa/core';
import { serverPerTest, until } from './support/server-harness.js';

const t = serverPerTest();

/** "The <project> document dN.\nA second paragraph.": "second paragraph" is [24, 40) in every document. */
function span(id: string, author: string): SpanAnnotation {
  return { id, start: 24, end: 40, label: 'prevention', author, status: 'proposed', note: '', created: 1, source: 'human' };
}

async function annotate(project: string, doc: string, layer: string, user: string): Promise<void> {
  const content = t.client(contentRoom(project, doc), user);
  const layerClient = t.client(layerRoom(project, doc, layer), user);
  await Promise.all([content.synced, layerClient.synced]);
  writeAnnotations(layerClient.doc, content.doc, [span(`${user}-1`, user)], localOrigin(user));
}

describe('GET /api/projects/:p/suggestions/ranking', () => {
  it('ranks the documents left to annotate in the caller’s scope, and keeps independent layers blind', async () => {
    const server = await t.start({ suggestions: { debounceMs: 20 } });
    const get = (user: string, project: string, what = 'ranking'): Promise<Response> => fetch(`${server.baseUrl}/api/projects/${project}/suggestions/${what}`, { headers: { Authorization: `Bearer ${server.token(user)}` } });
    for (const project of ['team', 'solo']) {
      await server.server.data.recommenders.add({ project, name: 'strings', kind: 'string-match', config: {} });
      await server.server.suggestions?.sync(project);
    }
    // Before anything is annotated: every document is fully uncertain and novel.
    const before = (await (await get('bob', 'team')).json()) as { scope: string; ranked: { id: string; usefulness: number }[]; annotated: string[] };
    expect(before).toEqual({ scope: 'shared', annotated: [], ranked: [expect.objectContaining({ id: 'd1', usefulness: 1 }), expect.objectContaining({ id: 'd2', usefulness: 1 })] });

    await annotate('team', 'd1', 'shared', 'alice');
    await annotate('solo', 'd1', 'sam', 'sam');
    const watcher = t.client(suggestionRoom('team', 'd2', 'shared'), 'bob');
    await watcher.synced;
    await until(watcher.doc, () => watcher.doc.getMap('suggestions').size === 1, 'the suggestion on d2', 30_000);
    await server.server.suggestions?.idle();

    // d1 is annotated; d2 holds one suggestion the model is sure of (score 1) and is much like d1: not useful.
    const team = (await (await get('bob', 'team')).json()) as { ranked: { id: string; uncertainty: number; novelty: number; usefulness: number }[]; annotated: string[] };
    expect(team.annotated).toEqual(['d1']);
    expect(team.ranked).toEqual([expect.objectContaining({ id: 'd2', uncertainty: 0, usefulness: 0 })]);
    expect(team.ranked[0]?.novelty).toBeLessThan(0.5);

    // Sue's scope knows nothing of Sam's layer; Sam's does.
    expect(((await (await get('sue', 'solo')).json()) as { annotated: string[] }).annotated).toEqual([]);
    expect(((await (await get('sam', 'solo')).json()) as { scope: string; annotated: string[] })).toMatchObject({ scope: 'sam', annotated: ['d1'] });
    // A curator's scope is gold.
    expect(((await (await get('cleo', 'solo')).json()) as { scope: string })).toMatchObject({ scope: 'gold' });
  });

  it('refuses viewers, strangers, unknown projects and anonymous callers, saying why', async () => {
    const server = await t.start({ suggestions: { debounceMs: 20 } });
    const ask = async (user: string | null, project: string, what = 'ranking'): Promise<{ status: number; message: string }> => {
      const res = await fetch(`${server.baseUrl}/api/projects/${project}/suggestions/${what}`, user === null ? {} : { headers: { Authorization: `Bearer ${server.token(user)}` } });
      return { status: res.status, message: ((await res.json()) as { error: { message: string } }).error.message };
    };
    expect(await ask('vera', 'team')).toEqual({ status: 403, message: 'ranking documents of project "team" needs a role that sees suggestions; "vera" is viewer' });
    expect(await ask('sam', 'team')).toMatchObject({ status: 403, message: 'user "sam" has no role in project "team"' });
    expect(await ask('bob', 'nowhere')).toMatchObject({ status: 404, message: 'unknown project "nowhere"' });
    expect((await ask(null, 'team')).status).toBe(401);
    expect(await ask('bob', 'team', 'stats')).toEqual({ status: 403, message: 'suggestion statistics of project "team" need the admin or curator role; "bob" is annotator' });
  });
});

describe('GET /api/projects/:p/suggestions/stats', () => {
  it('answers what glossa suggest stats counts', async () => {
    const server = await t.start({ suggestions: { debounceMs: 20 } });
    await server.server.data.recommenders.add({ project: 'team', name: 'strings', kind: 'string-match', config: {} });
    await server.server.suggestions?.sync('team');
    await annotate('team', 'd1', 'shared', 'alice');
    const watcher = t.client(suggestionRoom('team', 'd2', 'shared'), 'bob');
    await watcher.synced;
    await until(watcher.doc, () => watcher.doc.getMap('suggestions').size === 1, 'the suggestion on d2', 30_000);
    await server.server.suggestions?.idle();
    const res = await fetch(`${server.baseUrl}/api/projects/team/suggestions/stats`, { headers: { Authorization: `Bearer ${server.token('cora')}` } });
    expect(res.status).toBe(200);
    const stats = (await res.json()) as { total: { shown: number; accepted: number }; byRecommender: Record<string, { shown: number }>; byUser: Record<string, { shown: number }> };
    // d2's one suggestion counts as shown to each member whose scope is shared: root and ada (admins), alice and bob (annotators); not cora (gold) nor vera (none).
    expect(stats.total).toMatchObject({ shown: 4, accepted: 0 });
    expect(stats.byRecommender['strings']?.shown).toBe(4);
    expect(Object.keys(stats.byUser).sort()).toEqual(['ada', 'alice', 'bob', 'root']);
  });
});

describe('GET /api/projects/:p/suggestions/measures', () => {
  it('cross-validates each recommender against gold and draws its learning curve; says why there is nothing to measure', async () => {
    const server = await t.start({ suggestions: { debounceMs: 20 } });
    const get = (user: string, query = ''): Promise<Response> => fetch(`${server.baseUrl}/api/projects/team/suggestions/measures${query}`, { headers: { Authorization: `Bearer ${server.token(user)}` } });
    await server.server.data.recommenders.add({ project: 'team', name: 'strings', kind: 'string-match', config: {} });
    const missing = await get('cora');
    expect(missing.status).toBe(200);
    expect(await missing.json()).toEqual({ gold: 'gold', recommenders: [], unavailable: 'unknown layer "gold" in project "team"; expected one of (no layers yet)' });

    // The curator annotates "second paragraph" in both documents' gold layer (committed a moment later): each fold learns it from the other document.
    await annotate('team', 'd1', 'gold', 'cora');
    await annotate('team', 'd2', 'gold', 'cora');
    await server.server.suggestions?.idle();
    let body: { gold: string; recommenders: { recommender: string; documents: number; annotations: number; folds: number; micro: { exact: { f1: number } }; curve: { annotations: number; exact: { f1: number } }[] }[] } | undefined;
    for (let attempt = 0; attempt < 50 && body?.recommenders[0]?.documents !== 2; attempt++) {
      const res = await get('cora');
      body = res.status === 200 ? ((await res.json()) as typeof body) : undefined;
      if (body?.recommenders[0]?.documents !== 2) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(body).toMatchObject({ gold: 'gold', recommenders: [{ recommender: 'strings', kind: 'string-match', documents: 2, annotations: 2, folds: 2, micro: { exact: { f1: 1 } } }] });
    expect(body?.recommenders[0]?.curve).toEqual([expect.objectContaining({ annotations: 1, exact: expect.objectContaining({ f1: 1 }) as unknown })]);
    expect((await get('bob')).status).toBe(403);
  });
});

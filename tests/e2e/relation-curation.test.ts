/**
 * Relations in curation: two annotators' layers hold the same relation and
 * one of them a relation whose end was deleted behind collab's back (as an
 * old client can); the curator sees all three, dangling one marked, accepts
 * the relation from one layer and merges the other into its provenance,
 * and rejects the dangling one; the gold room, read by a stock Yjs client,
 * holds the relation between gold spans with both layers as provenance.
 * The dashboard shows relation F1, the figures of the server's agreement
 * report.
 */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { ANNOTATIONS_MAP, RELATIONS_MAP, createRelation, layerRoom, localOrigin } from '@glossa/collab';
import { recordIncidents } from './support/browser.js';
import { seriousViolations } from './support/axe.js';
import { SEED_DOCUMENT, seedDocument } from './support/server.js';
import { createAnnotatedProject, jsonlSpans, openRoom } from './support/rooms.js';
import { useWorkbench } from './support/workbench.js';

const PROJECT = 'linked';

const SPANS = [
  { annotator: 'alice', quote: 'Interior Secretary', label: 'militarization' },
  { annotator: 'bob', quote: 'Interior Secretary', label: 'militarization' },
  { annotator: 'alice', quote: 'socioeconomic conditions', label: 'social-prevention' },
  { annotator: 'bob', quote: 'socioeconomic conditions', label: 'social-prevention' },
  { annotator: 'alice', quote: 'human rights protections', label: 'human-rights' },
] as const;

const app = useWorkbench(async (server) => {
  const { text } = await seedDocument();
  await createAnnotatedProject(server, PROJECT, 'independent', [{ id: SEED_DOCUMENT, text, spans: jsonlSpans(text, SPANS) }]);
  await server.addUser('alice', 'annotator', PROJECT);
  await server.addUser('bob', 'annotator', PROJECT);
  await server.addUser('erin', 'curator', PROJECT);
});

/** The id of the annotation of `doc` whose quote is `quote`. */
function annotationWithQuote(doc: Y.Doc, quote: string): string {
  for (const [id, entry] of doc.getMap<Y.Map<unknown>>(ANNOTATIONS_MAP)) if (entry.get('quote') === quote) return id;
  throw new Error(`no annotation on ${quote}`);
}

/** Adds relations to an annotator's layer room as that annotator, and waits until the server has them. */
async function relate(user: string, build: (doc: Y.Doc) => void): Promise<void> {
  const room = await openRoom(app.server, layerRoom(PROJECT, SEED_DOCUMENT, user), app.server.server.tokens.issue(user, 'api', null).token);
  try {
    build(room.doc);
    const check = await openRoom(app.server, layerRoom(PROJECT, SEED_DOCUMENT, user), app.server.server.tokens.issue(user, 'api', null).token);
    try {
      await expect.poll(() => check.doc.getMap(RELATIONS_MAP).size, { timeout: 10_000 }).toBe(room.doc.getMap(RELATIONS_MAP).size);
    } finally {
      check.destroy();
    }
  } finally {
    room.destroy();
  }
}

/** The relations of both layers, written once for the file. */
let related: Promise<void> | null = null;
function relateBoth(): Promise<void> {
  related ??= (async () => {
    await relate('alice', (doc) => {
      const origin = localOrigin('alice');
      createRelation(doc, { from: annotationWithQuote(doc, 'Interior Secretary'), to: annotationWithQuote(doc, 'socioeconomic conditions'), label: 'funded-by', author: 'alice' }, origin);
      const rights = annotationWithQuote(doc, 'human rights protections');
      createRelation(doc, { from: rights, to: annotationWithQuote(doc, 'Interior Secretary'), label: 'same-as', directed: false, author: 'alice' }, origin);
      doc.transact(() => doc.getMap(ANNOTATIONS_MAP).delete(rights), origin);
    });
    await relate('bob', (doc) => {
      createRelation(doc, { from: annotationWithQuote(doc, 'Interior Secretary'), to: annotationWithQuote(doc, 'socioeconomic conditions'), label: 'funded-by', author: 'bob' }, localOrigin('bob'));
    });
  })();
  return related;
}

describe('relation agreement on the dashboard', () => {
  it('shows relation F1 per relation label and per pair, as the server reports it', async () => {
    await relateBoth();
    const { context, page } = await app.signIn('erin');
    try {
      await page.goto(`${app.server.url}/#/projects/${PROJECT}/dashboard`);
      await page.locator('[data-testid="dashboard"][data-synced="true"]').waitFor();
      const section = page.getByTestId('relation-agreement');
      await section.waitFor();
      const rows = (testId: string): Promise<(string | null)[][]> =>
        section.locator(`[data-testid="${testId}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((cell) => cell.textContent)));
      // Both layers relate the same two spans with funded-by; Alice's same-as has a deleted end and is left out.
      expect(await rows('relation-agreement-labels')).toEqual([
        ['funded-by', '1.000', '1.000', '2'],
        ['same-as', 'n/a', 'n/a', '0'],
        ['Overall', '1.000', '1.000', '2'],
      ]);
      expect(await section.textContent()).toContain('1 relation with a deleted end left out');
      // The same figures as the server's agreement report.
      const server = JSON.parse(await app.server.get(`/api/projects/${PROJECT}/agreement?unit=char`)) as { relations: { labels: Record<string, { f1_exact: number | null; support: number }>; dangling: number } };
      expect(server.relations.labels).toMatchObject({ 'funded-by': { f1_exact: 1, support: 2 }, 'same-as': { f1_exact: null, support: 0 } });
      expect(server.relations.dangling).toBe(1);
      expect(await rows('relation-agreement-pairs')).toEqual([['alice – bob', '1.000', '1.000']]);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('relation curation', () => {
  it('lists every layer’s relations, dangling ones too, accepts and merges one into gold with provenance, and rejects the dangling one', async () => {
    await relateBoth();
    const { context, page } = await app.signIn('erin');
    const incidents = recordIncidents(page);
    const gold = await openRoom(app.server, layerRoom(PROJECT, SEED_DOCUMENT, 'gold'), app.server.server.tokens.issue('erin', 'api', null).token);
    try {
      await page.goto(`${app.server.url}/#/projects/${PROJECT}`);
      await page.getByRole('link', { name: /^Curate / }).first().click();
      await page.locator('[data-testid="curation"][data-ready="true"]').waitFor();
      const items = page.locator('[data-testid="relation-curation"] li');
      await expect.poll(() => items.count()).toBe(3);
      const states = async (): Promise<string[]> => items.evaluateAll((lis) => lis.map((li) => `${li.getAttribute('data-layer') ?? ''}:${li.getAttribute('data-state') ?? ''}`).sort());
      expect(await states()).toEqual(['alice:dangling', 'alice:open', 'bob:open']);
      expect(await items.filter({ hasText: '(deleted)' }).locator('button', { hasText: 'Accept into gold' }).isDisabled()).toBe(true);

      // Accept Alice's relation; Bob's is then in gold too and can be merged into its provenance.
      await items.and(page.locator('[data-layer="alice"][data-state="open"]')).getByRole('button', { name: 'Accept into gold' }).click();
      await expect.poll(states).toEqual(['alice:dangling', 'alice:in gold', 'bob:in gold']);
      await items.and(page.locator('[data-layer="bob"]')).getByRole('button', { name: 'Merge into gold' }).click();
      await expect.poll(() => items.and(page.locator('[data-layer="bob"]')).getAttribute('data-provenance')).toBe('alice bob');
      await items.and(page.locator('[data-state="dangling"]')).getByRole('button', { name: 'Reject' }).click();
      await items.and(page.locator('[data-state="dangling"]')).getByRole('button', { name: 'Take back the rejection' }).waitFor();

      // The gold room holds one relation between the two gold spans, from both layers.
      const stored = (): unknown => {
        const annotations = gold.doc.getMap<Y.Map<unknown>>(ANNOTATIONS_MAP);
        return [...gold.doc.getMap<Y.Map<unknown>>(RELATIONS_MAP).values()].map((relation) => ({
          from: annotations.get(String(relation.get('from')))?.get('quote'),
          to: annotations.get(String(relation.get('to')))?.get('quote'),
          label: relation.get('label'),
          status: relation.get('status'),
          author: relation.get('author'),
          provenance: relation.get('provenance'),
        }));
      };
      await expect
        .poll(stored, { timeout: 5_000 })
        .toEqual([{ from: 'Interior Secretary', to: 'socioeconomic conditions', label: 'funded-by', status: 'accepted', author: 'erin', provenance: ['alice', 'bob'] }]);
      expect(await seriousViolations(page)).toEqual([]);
      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      gold.destroy();
      await context.close();
    }
  });
});

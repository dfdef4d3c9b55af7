/**
 * Curation in the browser: a curator opens a document that two annotators
 * annotated independently, sees their disagreements, accepts one span,
 * merges two others, accepts what both agree on and rejects the rest; the
 * gold layer room then holds the decisions with their provenance (read with
 * a stock Yjs client), and the export consolidated from gold carries them.
 */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { ANNOTATIONS_MAP, layerRoom } from '@glossa/collab';
import { recordIncidents } from './support/browser.js';
import { SEED_DOCUMENT, seedDocument } from './support/server.js';
import { codePointRange, createAnnotatedProject, jsonlSpans, openRoom } from './support/rooms.js';
import { readTar } from './support/tar.js';
import { useWorkbench } from './support/workbench.js';

const PROJECT = 'review';

let text: string;

/**
 * Alice and Bob agree on one span and disagree three ways: boundaries of a
 * social-prevention span, the label of "human rights protections", and a
 * crime-statistics span only Alice has.
 */
const SPANS = [
  { annotator: 'alice', quote: 'Interior Secretary', label: 'militarization' },
  { annotator: 'bob', quote: 'Interior Secretary', label: 'militarization' },
  { annotator: 'alice', quote: 'improving socioeconomic conditions', label: 'social-prevention' },
  { annotator: 'bob', quote: 'socioeconomic conditions, signaling', label: 'social-prevention' },
  { annotator: 'alice', quote: 'human rights protections', label: 'human-rights' },
  { annotator: 'bob', quote: 'human rights protections', label: 'justice-reform' },
  { annotator: 'alice', quote: '15 percent increase in murders', label: 'crime-statistics' },
] as const;

const app = useWorkbench(async (server) => {
  text = (await seedDocument()).text;
  await createAnnotatedProject(server, PROJECT, 'independent', [{ id: SEED_DOCUMENT, text, spans: jsonlSpans(text, SPANS) }]);
  await server.addUser('alice', 'annotator', PROJECT);
  await server.addUser('bob', 'annotator', PROJECT);
  await server.addUser('erin', 'curator', PROJECT);
  await server.addUser('vic', 'viewer', PROJECT);
});

/** The gold spans as a stock Yjs client reads them: quote, label and the stored fields. */
interface StoredGold {
  readonly quote: string;
  readonly label: string;
  readonly provenance: unknown;
  readonly source: unknown;
  readonly status: unknown;
  readonly author: unknown;
}

function storedGold(doc: Y.Doc): StoredGold[] {
  const annotations = doc.getMap<Y.Map<unknown>>(ANNOTATIONS_MAP);
  return [...annotations.values()]
    .map((entry) => ({
      quote: String(entry.get('quote')),
      label: String(entry.get('label')),
      provenance: entry.get('provenance'),
      source: entry.get('source'),
      status: entry.get('status'),
      author: entry.get('author'),
    }))
    .sort((a, b) => (a.quote < b.quote ? -1 : 1));
}

/** The parts of a Label Studio task the test reads. */
interface LabelStudioTask {
  readonly data: { readonly doc_id: string };
  readonly annotations: readonly {
    readonly completed_by: string;
    readonly result: readonly { readonly type: string; readonly value: { readonly start: number; readonly end: number; readonly labels?: readonly string[] } }[];
  }[];
}

describe('curation', () => {
  it('lists the disagreements, writes accepted and merged spans to gold with provenance, and exports them', async () => {
    const { context, page } = await app.signIn('erin');
    const incidents = recordIncidents(page);
    const gold = await openRoom(app.server, layerRoom(PROJECT, SEED_DOCUMENT, 'gold'), app.server.server.tokens.issue('erin', 'api', null).token);
    try {
      // The document list shows the status and the way to curation.
      await page.goto(`${app.server.url}/#/projects/${PROJECT}`);
      await page.getByTestId('document-table').waitFor();
      expect(await page.locator(`[data-testid="document-table"] td[data-status]`).first().getAttribute('data-status')).toBe('annotated');
      await page.getByRole('link', { name: /^Curate / }).first().click();
      await page.locator('[data-testid="curation"][data-ready="true"]').waitFor();

      // Three disagreements, each of its kind; the agreed span is not among them.
      const items = page.locator('[data-testid="disagreement-list"] li');
      await expect.poll(() => items.count()).toBe(3);
      const kinds = await items.evaluateAll((lis) => lis.map((li) => `${li.textContent?.includes('socioeconomic') ? 'socio' : li.textContent?.includes('human rights') ? 'rights' : 'stats'}:${li.getAttribute('data-kinds') ?? ''}`));
      expect(kinds.sort()).toEqual(['rights:labels', 'socio:boundaries', 'stats:missing']);
      // Disagreements are highlighted in the merged text, with one underline per annotator.
      expect(await page.locator('[data-testid="merged-text"] .mark-disagreement').count()).toBeGreaterThan(0);
      expect(await page.locator('[data-testid="merged-text"] .mark[data-layers="alice bob"]', { hasText: 'Interior Secretary' }).count()).toBe(1);

      // Accept Alice's label for "human rights protections".
      await items.filter({ hasText: 'human rights' }).locator('button').click();
      await page.locator('[data-testid="cluster-details"] tr[data-label="human-rights"] [data-testid="accept-candidate"]').click();
      await page.locator('[data-testid="gold-list"] li[data-label="human-rights"][data-provenance="alice"]').waitFor();

      // Merge the two social-prevention spans: the union of their boundaries, from both.
      await items.filter({ hasText: 'socioeconomic' }).locator('button').click();
      await page.locator('[data-testid="cluster-details"] [data-testid="merge-candidates"][data-label="social-prevention"]').click();
      await page.locator('[data-testid="gold-list"] li[data-label="social-prevention"][data-provenance="alice bob"]').waitFor();

      // Accept what both agree on; reject the span only Alice has.
      await page.getByTestId('accept-all-agree').click();
      await page.locator('[data-testid="gold-list"] li[data-label="militarization"][data-provenance="alice bob"]').waitFor();
      await items.filter({ hasText: '15 percent' }).locator('button').click();
      await page.getByTestId('reject-cluster').click();
      await expect.poll(() => page.locator('[data-testid="curation"]').getAttribute('data-open')).toBe('0');
      expect(await items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-state')).sort())).toEqual(['rejected', 'resolved', 'resolved']);

      // The gold room, read by a stock Yjs client, holds the three decisions with provenance.
      const expected: StoredGold[] = [
        { quote: 'Interior Secretary', label: 'militarization', provenance: ['alice', 'bob'], source: 'human', status: 'accepted', author: 'erin' },
        { quote: 'human rights protections', label: 'human-rights', provenance: ['alice'], source: 'human', status: 'accepted', author: 'erin' },
        { quote: 'improving socioeconomic conditions, signaling', label: 'social-prevention', provenance: ['alice', 'bob'], source: 'human', status: 'accepted', author: 'erin' },
      ].sort((a, b) => (a.quote < b.quote ? -1 : 1));
      await expect.poll(() => storedGold(gold.doc), { timeout: 5_000 }).toEqual(expected);

      // The document list now says it is curated.
      await page.goto(`${app.server.url}/#/projects/${PROJECT}`);
      await expect.poll(() => page.locator(`[data-testid="document-table"] td[data-status]`).first().getAttribute('data-status')).toBe('curated');

      // The export consolidated from gold (Label Studio tasks) carries exactly the gold spans, at their code-point offsets.
      const response = await fetch(`${app.server.url}/api/projects/${PROJECT}/export?format=labelstudio&consolidation=gold&archive=tar`, { headers: { Authorization: `Bearer ${app.server.adminToken}` } });
      expect(response.status).toBe(200);
      const taskFile = readTar(new Uint8Array(await response.arrayBuffer())).find((file) => file.name.endsWith('.json'));
      const tasks = JSON.parse(new TextDecoder().decode(taskFile?.content)) as LabelStudioTask[];
      const task = tasks.find((t) => t.data.doc_id === SEED_DOCUMENT);
      expect(task?.annotations.map((a) => a.completed_by)).toEqual(['gold']);
      const exported = (task?.annotations ?? []).flatMap((a) => a.result.filter((r) => r.type === 'labels').map((r) => ({ start: r.value.start, end: r.value.end, label: r.value.labels?.[0] })));
      expect(exported.sort((a, b) => a.start - b.start)).toEqual(expected.map((g) => ({ ...codePointRange(text, g.quote), label: g.label })).sort((a, b) => a.start - b.start));

      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      gold.destroy();
      await context.close();
    }
  });

  it('edits a gold span’s label and boundaries and refuses bad boundaries with a message', async () => {
    const { context, page } = await app.signIn('erin');
    const gold = await openRoom(app.server, layerRoom(PROJECT, SEED_DOCUMENT, 'gold'), app.server.server.tokens.issue('erin', 'api', null).token);
    try {
      await page.goto(`${app.server.url}/#/projects/${PROJECT}/documents/${SEED_DOCUMENT}/curate`);
      await page.locator('[data-testid="curation"][data-ready="true"]').waitFor();
      const item = page.locator('[data-testid="gold-list"] li[data-label="militarization"]');
      await item.getByRole('button', { name: /^Edit / }).click();
      const { start, end } = codePointRange(text, 'Interior Secretary');
      const cases = [
        { from: 'x', to: String(end), message: 'Start: expected a whole number of characters' },
        { from: String(start), to: String(start), message: `End: expected more than the start (${start})` },
        { from: String(start), to: '99999999', message: 'End: expected at most' },
      ];
      for (const bad of cases) {
        await item.getByLabel('Start (character)').fill(bad.from);
        await item.getByLabel('End (character, exclusive)').fill(bad.to);
        await item.getByRole('button', { name: 'Save' }).click();
        await item.getByRole('alert').filter({ hasText: bad.message }).waitFor();
      }
      // "Mexico's Interior Secretary": widen to the left by nine characters and relabel.
      await item.getByLabel('Start (character)').fill(String(start - 9));
      await item.getByLabel('End (character, exclusive)').fill(String(end));
      await item.getByLabel('Label').selectOption('government-coordination');
      await item.getByRole('button', { name: 'Save' }).click();
      await page.locator('[data-testid="gold-list"] li[data-label="government-coordination"]', { hasText: 'Mexico' }).waitFor();
      await expect
        .poll(() => storedGold(gold.doc).find((g) => g.quote.endsWith('Interior Secretary')))
        .toEqual({ quote: "Mexico's Interior Secretary", label: 'government-coordination', provenance: ['alice', 'bob'], source: 'human', status: 'accepted', author: 'erin' });
    } finally {
      gold.destroy();
      await context.close();
    }
  });

  it('refuses curation and the dashboard to a viewer with a clear message', async () => {
    const { context, page } = await app.signIn('vic');
    try {
      await page.goto(`${app.server.url}/#/projects/${PROJECT}/documents/${SEED_DOCUMENT}/curate`);
      await page.getByRole('alert').filter({ hasText: 'Curation is for curators and admins; your role in “review” is viewer.' }).waitFor();
      await page.goto(`${app.server.url}/#/projects/${PROJECT}/dashboard`);
      await page.getByRole('alert').filter({ hasText: 'The agreement dashboard is for curators and admins; your role in “review” is viewer.' }).waitFor();
    } finally {
      await context.close();
    }
  });
});

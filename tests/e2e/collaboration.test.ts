/**
 * Annotating together in the browser: two users on one document of a
 * shared-mode project see each other's annotations and cursors live, and
 * both annotations reach the export; in an independent-mode project each
 * annotator sees only their own layer while a curator sees all of them.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/build.js';
import { annotationItems, hoverText, openDocument, recordIncidents, selectText } from './support/browser.js';
import { SEED_DOCUMENT, seedDocument } from './support/server.js';
import { useWorkbench } from './support/workbench.js';

/** How soon a change of one user must show up for the other (the workbench's promise for live annotation). */
const LIVE_MS = 1_000;

/** A phrase in the seed document's first paragraph, used to wait for the text. */
const SAMPLE = 'Interior Secretary';

const app = useWorkbench(async (server) => {
  const doc = await seedDocument();
  await server.createProject('team', 'shared', [doc]);
  await server.createProject('solo', 'independent', [doc]);
  await server.addUser('alice', 'annotator', 'team');
  await server.addUser('bob', 'annotator', 'team');
  await server.addUser('carol', 'annotator', 'solo');
  await server.addUser('dave', 'annotator', 'solo');
  await server.addUser('erin', 'curator', 'solo');
});

describe('shared-mode project', () => {
  it('shows each user the other one’s annotation and cursor live, and exports both', async () => {
    const alice = await app.signIn('alice');
    const bob = await app.signIn('bob');
    const incidents = [recordIncidents(alice.page), recordIncidents(bob.page)];
    try {
      await Promise.all([openDocument(alice.page, app.server.url, 'team', SEED_DOCUMENT, SAMPLE), openDocument(bob.page, app.server.url, 'team', SEED_DOCUMENT, SAMPLE)]);

      // Both select and label at the same time.
      await Promise.all([selectText(alice.page, 'Interior Secretary'), selectText(bob.page, 'socioeconomic conditions')]);
      await Promise.all([alice.page.keyboard.press('1'), bob.page.keyboard.press('5')]);
      await annotationItems(alice.page, 'militarization').waitFor();
      await annotationItems(bob.page, 'social-prevention').waitFor();

      // Each sees the other's annotation, highlighted in the text and listed with its author.
      await annotationItems(alice.page, 'social-prevention').filter({ hasText: 'bob' }).waitFor({ timeout: LIVE_MS });
      await annotationItems(bob.page, 'militarization').filter({ hasText: 'alice' }).waitFor({ timeout: LIVE_MS });
      for (const page of [alice.page, bob.page]) {
        await expect.poll(() => page.locator('.glossa-annotation').count()).toBeGreaterThanOrEqual(2);
        expect(await page.locator('.glossa-annotation', { hasText: 'socioeconomic' }).getAttribute('data-labels')).toContain('social-prevention');
      }

      // Each sees the other's cursor, named, and the other's avatar.
      await alice.page.locator('.glossa-remote-cursor', { hasText: 'bob' }).waitFor({ state: 'attached', timeout: LIVE_MS });
      await bob.page.locator('.glossa-remote-cursor', { hasText: 'alice' }).waitFor({ state: 'attached', timeout: LIVE_MS });
      await alice.page.locator('[data-testid="presence"] [data-user="bob"]').waitFor();

      // Hovering an annotation shows its label and author.
      await hoverText(alice.page.locator('.glossa-annotation', { hasText: 'socioeconomic' }).first());
      await alice.page.getByTestId('hover-card').filter({ hasText: 'Social prevention' }).filter({ hasText: 'bob' }).waitFor();

      // Both annotations are in the export, with their authors and the exact text (code-point offsets).
      const text = (await seedDocument()).text;
      const spans = await app.server.exportedSpans('team', SEED_DOCUMENT);
      const quotes = spans.map((span) => ({ label: span.label, author: span.author ?? span.annotator, text: [...text].slice(span.start, span.end).join('') }));
      expect(quotes).toEqual(
        expect.arrayContaining([
          { label: 'militarization', author: 'alice', text: 'Interior Secretary' },
          { label: 'social-prevention', author: 'bob', text: 'socioeconomic conditions' },
        ]),
      );

      // The screenshot for the README: Alice's view with both annotations, Bob's selected.
      await annotationItems(alice.page, 'social-prevention').locator('button').click();
      await alice.page.getByTestId('annotation-details').filter({ hasText: 'bob' }).waitFor();
      // Clicking the list item may have scrolled the page under the header; the picture shows the page from its top.
      await alice.page.evaluate(() => window.scrollTo(0, 0));
      mkdirSync(path.join(REPO_ROOT, 'docs'), { recursive: true });
      await alice.page.screenshot({ path: path.join(REPO_ROOT, 'docs/workbench.png') });

      for (const incident of incidents) expect(incident).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      await alice.context.close();
      await bob.context.close();
    }
  });
});

describe('independent-mode project', () => {
  it('shows each annotator only their own layer and the curator every layer', async () => {
    const carol = await app.signIn('carol');
    const dave = await app.signIn('dave');
    try {
      await Promise.all([openDocument(carol.page, app.server.url, 'solo', SEED_DOCUMENT, SAMPLE), openDocument(dave.page, app.server.url, 'solo', SEED_DOCUMENT, SAMPLE)]);
      await selectText(carol.page, 'Interior Secretary');
      await carol.page.keyboard.press('1');
      await selectText(dave.page, 'human rights protections');
      await dave.page.keyboard.press('h');
      await annotationItems(carol.page).first().waitFor();
      await annotationItems(dave.page).first().waitFor();

      // Only their own layer is offered and shown.
      for (const [page, me, other] of [
        [carol.page, 'carol', 'dave'],
        [dave.page, 'dave', 'carol'],
      ] as const) {
        expect(await page.locator('.layer-toggles input').evaluateAll((inputs) => inputs.map((input) => input.getAttribute('data-layer')))).toEqual([me]);
        expect(await annotationItems(page).count()).toBe(1);
        expect(await annotationItems(page).first().getAttribute('data-author')).toBe(me);
        expect(await page.locator(`[data-testid="annotation-list"] li[data-author="${other}"]`).count()).toBe(0);
      }
      // The server keeps them apart as well: both are in their own layers of the export.
      await expect
        .poll(async () => (await app.server.exportedSpans('solo', SEED_DOCUMENT)).map((span) => `${span.annotator ?? ''}:${span.label}`).sort())
        .toEqual(['carol:militarization', 'dave:human-rights']);

      const erin = await app.signIn('erin');
      try {
        await openDocument(erin.page, app.server.url, 'solo', SEED_DOCUMENT, SAMPLE);
        await annotationItems(erin.page).nth(1).waitFor();
        const authors = await annotationItems(erin.page).evaluateAll((items) => items.map((item) => item.getAttribute('data-author')).sort());
        expect(authors).toEqual(['carol', 'dave']);
        const layers = await erin.page.locator('.layer-toggles input').evaluateAll((inputs) => inputs.map((input) => input.getAttribute('data-layer')).sort());
        expect(layers).toEqual(['carol', 'dave', 'gold']);
        // Hiding Carol's layer hides her annotation.
        await erin.page.locator('.layer-toggles input[data-layer="carol"]').uncheck();
        await expect.poll(() => annotationItems(erin.page).count()).toBe(1);
        expect(await annotationItems(erin.page).first().getAttribute('data-author')).toBe('dave');
      } finally {
        await erin.context.close();
      }
    } finally {
      await carol.context.close();
      await dave.context.close();
    }
  });
});

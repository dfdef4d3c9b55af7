/// <reference lib="dom" />
/**
 * A project's guidelines: a curator writes them in Markdown on the
 * guidelines page, with the keyboard, and saves them; an annotator opens
 * them from the label palette (in a new tab, the document stays open) and
 * finds every label with its key and description, linked to the section
 * of the guidelines about it. Raw HTML and `javascript:` links in the
 * Markdown are shown as text and never run. axe-core finds nothing serious
 * on the page, read or edited.
 */
import { describe, expect, it } from 'vitest';
import { documentUrl, openDocument, recordIncidents } from './support/browser.js';
import { seriousViolations } from './support/axe.js';
import { SEED_DOCUMENT, seedDocument, seedSchema } from './support/server.js';
import { useWorkbench } from './support/workbench.js';

const GUIDELINES = [
  '# How to work',
  '',
  'Read the whole text first. <img src="x" onerror="window.pwned = true"> <script>window.pwned = true</script>',
  '',
  '## Militarization',
  '',
  '- Mark *deploying the army*: “the National Guard was deployed”.',
  '- Not a **police** reform. [Not a link](javascript:window.pwned=true)',
].join('\n');

const app = useWorkbench(async (server) => {
  await server.createProject('policy', 'shared', [await seedDocument()]);
  await server.addUser('cleo', 'curator', 'policy');
  await server.addUser('ann', 'annotator', 'policy');
});

const guidelinesUrl = (): string => `${app.server.url}/#/projects/policy/guidelines`;

describe('guidelines', () => {
  it('are written by a curator with the keyboard and read by an annotator from the palette, HTML shown as text', async () => {
    const cleo = await app.signIn('cleo');
    const ann = await app.signIn('ann');
    const incidents = recordIncidents(ann.page);
    try {
      // The curator: from the project's page to the guidelines, then edit and save with the keyboard.
      await cleo.page.goto(`${app.server.url}/#/projects/policy`);
      await cleo.page.getByRole('link', { name: 'Guidelines' }).focus();
      await cleo.page.keyboard.press('Enter');
      await cleo.page.getByText('No guidelines have been written for this project yet.').waitFor();
      expect(await seriousViolations(cleo.page)).toEqual([]);
      await cleo.page.getByRole('button', { name: 'Edit guidelines' }).focus();
      await cleo.page.keyboard.press('Enter');
      await cleo.page.getByTestId('guidelines-editor').focus();
      await cleo.page.keyboard.insertText(GUIDELINES);
      // The preview follows the text as it is typed.
      await cleo.page.getByTestId('guidelines-text').getByRole('heading', { name: 'Militarization' }).waitFor();
      expect(await seriousViolations(cleo.page)).toEqual([]);
      await cleo.page.keyboard.press('Tab');
      await cleo.page.keyboard.press('Enter');
      await cleo.page.getByText('Last saved by cleo').waitFor();

      // The annotator: from the palette of a document, in a new tab.
      await openDocument(ann.page, app.server.url, 'policy', SEED_DOCUMENT, 'Interior Secretary');
      const opened = ann.context.waitForEvent('page');
      await ann.page.getByTestId('guidelines-link').focus();
      await ann.page.keyboard.press('Enter');
      const page = await opened;
      const pageIncidents = recordIncidents(page);
      await page.waitForURL(guidelinesUrl());
      await page.getByTestId('guidelines').waitFor();
      expect(ann.page.url()).toBe(documentUrl(app.server.url, 'policy', SEED_DOCUMENT));

      // Every label, with its key and description.
      for (const label of seedSchema().labels) {
        const entry = page.locator(`[data-label="${label.id}"]`);
        expect(await entry.locator('dt').textContent()).toContain(label.name);
        expect(await entry.locator('dd').textContent()).toContain(label.description);
        if (label.hotkey !== undefined) expect(await entry.locator('kbd').textContent()).toBe(label.hotkey);
      }
      // The Markdown, rendered, with the HTML as text and no script run.
      const text = page.getByTestId('guidelines-text');
      await text.getByRole('heading', { name: 'How to work', level: 2 }).waitFor();
      expect(await text.locator('em').allTextContents()).toEqual(['deploying the army']);
      expect(await text.textContent()).toContain('<img src="x" onerror="window.pwned = true">');
      expect(await text.textContent()).toContain('[Not a link](javascript:window.pwned=true)');
      expect(await text.locator('img, script, [onerror], a[href^="javascript"]').count()).toBe(0);
      expect(await page.evaluate(() => 'pwned' in window)).toBe(false);

      // The label's link leads to its section, by keyboard, and the route stays.
      await page.getByRole('link', { name: 'Rules and examples for Militarization' }).focus();
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Militarization');
      expect(page.url()).toBe(guidelinesUrl());
      expect(await seriousViolations(page)).toEqual([]);

      // An annotator may read them, not edit them.
      expect(await page.getByRole('button', { name: 'Edit guidelines' }).count()).toBe(0);
      for (const found of [incidents, pageIncidents]) expect(found).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      await cleo.context.close();
      await ann.context.close();
    }
  });
});

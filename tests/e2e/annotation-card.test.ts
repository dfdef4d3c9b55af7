/**
 * The selected annotation in the document view: a span imported without an
 * author says its author is unknown (in the list, the card and the hover
 * card) instead of naming the layer; and Ctrl+Z right after the card's
 * Delete button brings the annotation back, since the focus goes back to
 * the text.
 */
import { describe, expect, it } from 'vitest';
import { annotationItems, hoverText, openDocument, recordIncidents } from './support/browser.js';
import { SEED_DOCUMENT, seedDocument } from './support/server.js';
import { createAnnotatedProject, jsonlSpans } from './support/rooms.js';
import { useWorkbench } from './support/workbench.js';

const PROJECT = 'imported';
const SAMPLE = 'Interior Secretary';

const app = useWorkbench(async (server) => {
  const { text } = await seedDocument();
  // Spans of the shared layer as a file without authors gives them: the import names no one.
  const spans = jsonlSpans(text, [
    { annotator: 'shared', quote: 'Interior Secretary', label: 'militarization' },
    { annotator: 'shared', quote: 'human rights protections', label: 'human-rights' },
  ]);
  await createAnnotatedProject(server, PROJECT, 'shared', [{ id: SEED_DOCUMENT, text, spans }]);
  await server.addUser('ines', 'annotator', PROJECT);
});

describe('selected annotation', () => {
  it('says the author of an imported span is unknown, instead of naming the layer', async () => {
    const { context, page } = await app.signIn('ines');
    try {
      await openDocument(page, app.server.url, PROJECT, SEED_DOCUMENT, SAMPLE);
      const item = annotationItems(page, 'militarization');
      await item.filter({ hasText: 'author unknown' }).waitFor();
      expect(await annotationItems(page).filter({ hasText: /\bshared ·/ }).count()).toBe(0);
      await item.locator('button').click();
      expect(await page.getByTestId('details-author').textContent()).toBe('unknown');
      await hoverText(page.locator('.glossa-annotation', { hasText: 'Interior Secretary' }));
      const card = page.getByTestId('hover-card');
      await card.filter({ hasText: 'author unknown' }).waitFor();
      expect(await card.textContent()).not.toContain('by shared');
      expect(await page.getByTestId('filter-author').locator('option').allTextContents()).toEqual(['All authors', 'unknown']);
    } finally {
      await context.close();
    }
  });

  it('undoes the Delete button with Ctrl+Z pressed right after it', async () => {
    const { context, page } = await app.signIn('ines');
    const incidents = recordIncidents(page);
    try {
      await openDocument(page, app.server.url, PROJECT, SEED_DOCUMENT, SAMPLE);
      await annotationItems(page, 'human-rights').locator('button').click();
      await page.getByTestId('annotation-details').filter({ hasText: 'human rights protections' }).waitFor();
      await page.getByRole('button', { name: 'Delete annotation' }).click();
      await annotationItems(page, 'human-rights').waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.activeElement?.closest('.ProseMirror') !== null)).toBe(true);
      await page.keyboard.press('Control+z');
      await annotationItems(page, 'human-rights').waitFor();
      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      await context.close();
    }
  });
});

/**
 * Working without a mouse, and reading without rights: the keyboard-only
 * path creates, relabels and accepts an annotation; a viewer can read a
 * document but finds every edit control absent, and what a viewer types
 * changes nothing, locally or on the server.
 */
import { describe, expect, it } from 'vitest';
import { annotationItems, documentUrl, openDocument, recordIncidents, caretToStart } from './support/browser.js';
import { SEED_DOCUMENT, seedDocument } from './support/server.js';
import { useWorkbench } from './support/workbench.js';

const SAMPLE = 'Interior Secretary';

const app = useWorkbench(async (server) => {
  await server.createProject('team', 'shared', [await seedDocument()]);
  await server.addUser('kim', 'annotator', 'team');
  await server.addUser('vic', 'viewer', 'team');
  await server.addUser('ada', 'admin', 'team');
});

describe('keyboard-only annotation', () => {
  it('creates, relabels and accepts an annotation with keys alone', async () => {
    const { context, page } = await app.signIn('kim');
    const incidents = recordIncidents(page);
    try {
      await openDocument(page, app.server.url, 'team', SEED_DOCUMENT, SAMPLE);
      // Reach the text with Tab from the top of the page (skip link, header links, toolbar, palette…).
      await page.locator('body').focus();
      for (let i = 0; i < 80 && !(await page.locator('.ProseMirror').evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
      expect(await page.locator('.ProseMirror').evaluate((el) => el === document.activeElement)).toBe(true);

      // The caret starts at the beginning of the document: select two words, label them with "1".
      await caretToStart(page);
      await page.keyboard.press('Alt+Shift+ArrowRight');
      await page.keyboard.press('Alt+Shift+ArrowRight');
      await page.keyboard.press('1');
      await annotationItems(page, 'militarization').waitFor();
      expect(await annotationItems(page).count()).toBe(1);

      // Select it, relabel it with "2", accept it with Alt+A.
      await page.keyboard.press('Alt+ArrowDown');
      await page.getByTestId('annotation-details').waitFor();
      expect(await page.getByTestId('announcer').textContent()).toContain('Militarization');
      await page.keyboard.press('2');
      await page.getByTestId('details-label').filter({ hasText: 'Police professionalization' }).waitFor();
      await page.keyboard.press('Alt+a');
      await page.getByTestId('details-status').filter({ hasText: 'accepted' }).waitFor();
      expect(await annotationItems(page).count()).toBe(1);

      // The server has the relabelled, accepted annotation on the first two words.
      const text = (await seedDocument()).text;
      await expect
        .poll(async () => (await app.server.exportedSpans('team', SEED_DOCUMENT)).map((span) => ({ label: span.label, status: span.status, text: [...text].slice(span.start, span.end).join('') })))
        .toEqual([{ label: 'police-professionalization', status: 'accepted', text: 'HomeNewsBriefMexico Official' }]);

      // Undo with the keyboard goes back one step (to proposed), and only touches this user's change.
      await page.keyboard.press('Control+z');
      await annotationItems(page).filter({ hasText: 'proposed' }).waitFor();
      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      await context.close();
    }
  });
});

describe('viewer', () => {
  it('can read but finds every edit control absent, and typing changes nothing', async () => {
    const { context, page } = await app.signIn('vic');
    try {
      await page.goto(`${app.server.url}/#/projects/team`);
      await page.getByTestId('document-table').waitFor();
      expect(await page.getByRole('button', { name: 'Import…' }).count()).toBe(0);

      await openDocument(page, app.server.url, 'team', SEED_DOCUMENT, SAMPLE);
      await annotationItems(page).first().waitFor();
      const before = await app.server.exportedSpans('team', SEED_DOCUMENT);
      const textBefore = await page.locator('.ProseMirror').innerText();

      expect(await page.locator('.label-button').count()).toBe(0);
      expect(await page.locator('.ProseMirror').getAttribute('aria-readonly')).toBe('true');
      await annotationItems(page).first().locator('button').click();
      await page.getByTestId('annotation-details').waitFor();
      for (const name of ['Accept', 'Reject', 'Reset to proposed', 'Delete annotation', 'Save note']) {
        expect(await page.getByRole('button', { name }).count()).toBe(0);
      }
      expect(await page.getByTestId('note-input').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Undo' }).isDisabled()).toBe(true);
      expect(await page.locator('.doc-labels input').first().isDisabled()).toBe(true);

      // Keys that would edit do nothing: typing, deleting, label hotkeys, status keys.
      await page.locator('.ProseMirror').focus();
      await page.keyboard.press('Control+Home');
      await page.keyboard.type('XSS typed by a viewer');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Alt+Shift+ArrowRight');
      await page.keyboard.press('1');
      await page.keyboard.press('Alt+ArrowDown');
      await page.keyboard.press('Alt+r');
      await page.keyboard.press('Alt+Delete');
      expect(await page.locator('.ProseMirror').innerText()).toBe(textBefore);
      expect(await annotationItems(page).count()).toBe(before.length);

      // Reloading shows the server's state, still unchanged.
      await page.goto(documentUrl(app.server.url, 'team', SEED_DOCUMENT));
      await page.reload();
      await page.locator('.ProseMirror').filter({ hasText: SAMPLE }).waitFor();
      expect(await page.locator('.ProseMirror').innerText()).toBe(textBefore);
      expect(await app.server.exportedSpans('team', SEED_DOCUMENT)).toEqual(before);
    } finally {
      await context.close();
    }
  });
});

describe('text editing', () => {
  it('lets an admin change the text and undo the change', async () => {
    const { context, page } = await app.signIn('ada');
    const exportedText = async (): Promise<string> => (await app.server.exportedRecords('team')).find((record) => record.id === SEED_DOCUMENT)?.text ?? '';
    try {
      await openDocument(page, app.server.url, 'team', SEED_DOCUMENT, SAMPLE);
      // Everyone starts annotating; the text is changed in the Edit text mode.
      expect(await page.locator('.ProseMirror').getAttribute('aria-readonly')).toBe('true');
      await page.getByTestId('edit-text').click();
      expect(await page.locator('.ProseMirror').getAttribute('aria-readonly')).toBe('false');
      await page.locator('.ProseMirror').focus();
      await caretToStart(page);
      await page.keyboard.type('Edited. ');
      await expect.poll(exportedText).toMatch(/^Edited\. HomeNewsBrief/);
      await page.keyboard.press('Control+z');
      await expect.poll(exportedText).toMatch(/^HomeNewsBrief/);
      expect(await page.locator('.ProseMirror').innerText()).not.toContain('Edited.');
    } finally {
      await context.close();
    }
  });
});

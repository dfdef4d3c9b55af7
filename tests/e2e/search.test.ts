/// <reference lib="dom" />
/**
 * Finding in a document and annotating every occurrence, with the
 * keyboard: Ctrl+F reaches the find box, matches are highlighted and
 * counted, Enter / Shift+Enter and F3 / Shift+F3 move between them, the
 * case and whole-word options narrow them, and Escape goes back to the text
 * with the match selected, so a label key annotates it. Alt+O on a
 * selection opens "annotate all occurrences", which shows what it will
 * create (how many, each with its context, and the occurrences already
 * carrying the label, skipped) and creates it in one step that one Ctrl+Z
 * takes back. axe-core finds nothing serious in the find bar and the dialog.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { annotationItems, openDocument, recordIncidents, selectText } from './support/browser.js';
import { seriousViolations } from './support/axe.js';
import { SEED_DOCUMENT, seedDocument } from './support/server.js';
import { useWorkbench } from './support/workbench.js';

const SAMPLE = 'Interior Secretary';

const app = useWorkbench(async (server) => {
  await server.createProject('team', 'shared', [await seedDocument()]);
  await server.addUser('kim', 'annotator', 'team');
});

/** How many times `pattern` occurs in the seed text. */
async function occurrences(pattern: RegExp): Promise<number> {
  return [...(await seedDocument()).text.matchAll(pattern)].length;
}

/** The quote of each exported span with its label, in order. */
async function exportedQuotes(): Promise<string[]> {
  const text = [...(await seedDocument()).text];
  return (await app.server.exportedSpans('team', SEED_DOCUMENT)).map((span) => `${span.label}:${text.slice(span.start, span.end).join('')}`).sort();
}

function isFocused(page: Page, testId: string): Promise<boolean> {
  return page.getByTestId(testId).evaluate((element) => element === document.activeElement);
}

describe('search in a document', () => {
  it('finds, highlights and counts matches, moves between them with keys, and hands the current one to a label key', async () => {
    const { context, page } = await app.signIn('kim');
    const incidents = recordIncidents(page);
    try {
      await openDocument(page, app.server.url, 'team', SEED_DOCUMENT, SAMPLE);
      const all = await occurrences(/security/gi);
      const cased = await occurrences(/security/g);
      await page.locator('.ProseMirror').focus();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('Control+f');
      expect(await isFocused(page, 'find-input')).toBe(true);
      await page.keyboard.type('security');
      const count = page.getByTestId('find-count');
      await count.filter({ hasText: `1 of ${all}` }).waitFor();
      expect(await page.locator('.glossa-search-match').count()).toBe(all);
      expect(await page.locator('.glossa-search-current').allTextContents()).toEqual(['Security']);

      await page.keyboard.press('Enter');
      await count.filter({ hasText: `2 of ${all}` }).waitFor();
      await page.keyboard.press('Shift+Enter');
      await count.filter({ hasText: `1 of ${all}` }).waitFor();
      await page.keyboard.press('Shift+Enter');
      await count.filter({ hasText: `${all} of ${all}` }).waitFor();
      await page.keyboard.press('F3');
      await count.filter({ hasText: `1 of ${all}` }).waitFor();
      await page.keyboard.press('Shift+F3');
      await count.filter({ hasText: `${all} of ${all}` }).waitFor();

      await page.getByRole('checkbox', { name: 'Match case' }).check();
      await expect.poll(() => count.textContent()).toMatch(new RegExp(`of ${cased}$`));
      expect(await page.locator('.glossa-search-match').count()).toBe(cased);
      await page.getByRole('checkbox', { name: 'Match case' }).uncheck();
      await page.getByTestId('find-input').fill('secur');
      await count.filter({ hasText: /of/ }).waitFor();
      await page.getByRole('checkbox', { name: 'Whole words' }).check();
      await count.filter({ hasText: 'No match' }).waitFor();
      expect(await page.locator('.glossa-search-match').count()).toBe(0);
      await page.getByRole('checkbox', { name: 'Whole words' }).uncheck();
      expect(await seriousViolations(page)).toEqual([]);

      // Find a phrase, go back to the text with Escape: the match is selected and a label key annotates it.
      await page.getByTestId('find-input').fill('');
      await page.getByTestId('find-input').focus();
      await page.keyboard.type('strong social fabric');
      await count.filter({ hasText: '1 of 1' }).waitFor();
      await page.keyboard.press('Escape');
      expect(await page.locator('.ProseMirror').evaluate((element) => element === document.activeElement)).toBe(true);
      expect(await page.locator('.glossa-search-match').count()).toBe(0);
      await page.keyboard.press('5');
      await annotationItems(page, 'social-prevention').waitFor();
      await expect.poll(exportedQuotes).toEqual(['social-prevention:strong social fabric']);
      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      await context.close();
    }
  });

  it('annotates all occurrences of a selection after showing what it will create, skips those already labeled, and undoes them at once', async () => {
    const { context, page } = await app.signIn('kim');
    const incidents = recordIncidents(page);
    try {
      await openDocument(page, app.server.url, 'team', SEED_DOCUMENT, SAMPLE);
      const chong = await occurrences(/Osorio Chong/g);
      // One occurrence carries the label already.
      await selectText(page, 'Osorio Chong', 1);
      await page.keyboard.press('g');
      await annotationItems(page, 'government-coordination').waitFor();

      await selectText(page, 'Osorio Chong');
      await page.keyboard.press('Alt+o');
      const dialog = page.getByRole('dialog', { name: 'Annotate all occurrences' });
      await dialog.waitFor();
      expect(await page.getByTestId('annotate-all-text').inputValue()).toBe('Osorio Chong');
      await dialog.getByLabel('Label').selectOption('government-coordination');
      const summary = page.getByTestId('annotate-all-summary');
      await summary.filter({ hasText: `${chong} occurrences found: ${chong - 1} will be annotated with Government coordination; 1 already carries Government coordination and is skipped.` }).waitFor();
      const items = page.getByTestId('occurrence-list').locator('li');
      expect(await items.count()).toBe(chong);
      expect(await items.nth(0).textContent()).toContain('Miguel Ángel Osorio Chong recently said');
      expect(await items.nth(1).getAttribute('data-skipped')).toBe('true');
      expect(await seriousViolations(page)).toEqual([]);
      expect(await page.evaluate(() => Array.from(document.querySelectorAll('dialog[open]'), (d) => d.scrollWidth - d.clientWidth))).toEqual([0]);

      // Whole words and case change what is found; the text field submits with Enter.
      await page.getByTestId('annotate-all-text').fill('mexico');
      await summary.filter({ hasText: `${await occurrences(/mexico/gi)} occurrences found` }).waitFor();
      await dialog.getByRole('checkbox', { name: 'Match case' }).check();
      await summary.filter({ hasText: 'No occurrence of “mexico”.' }).waitFor();
      await dialog.getByRole('checkbox', { name: 'Match case' }).uncheck();
      await page.getByTestId('annotate-all-text').fill('Osorio Chong');
      await summary.filter({ hasText: `${chong - 1} will be annotated` }).waitFor();
      await page.getByTestId('annotate-all-text').press('Enter');
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(async () => (await exportedQuotes()).filter((quote) => quote === 'government-coordination:Osorio Chong').length).toBe(chong);
      await expect.poll(() => annotationItems(page, 'government-coordination').count()).toBe(chong);

      // Again: nothing left to create with that label.
      await selectText(page, 'Osorio Chong', 2);
      await page.keyboard.press('Alt+o');
      await summary.filter({ hasText: `none will be annotated; ${chong} already carry Government coordination and are skipped.` }).waitFor();
      expect(await dialog.getByRole('button', { name: 'Nothing to annotate' }).isDisabled()).toBe(true);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      // One Ctrl+Z takes back everything the dialog created, and only that.
      await page.locator('.ProseMirror').focus();
      await page.keyboard.press('Control+z');
      await expect.poll(async () => (await exportedQuotes()).filter((quote) => quote.startsWith('government-coordination:'))).toEqual(['government-coordination:Osorio Chong']);
      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      await context.close();
    }
  });
});

/**
 * Relations and discontinuous annotations in the workbench: a relation is
 * made, relabelled, reversed and deleted with the mouse and with the keys
 * alone (and an undo brings a deleted one back); an annotation gets a
 * second piece; two users see each other's relations live; the page with
 * relations drawn has no serious accessibility violation.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LabelSchema } from '@glossa/core';
import { annotationItems, clickText, hoverText, openDocument, recordIncidents, selectText, caretToStart } from './support/browser.js';
import { seriousViolations } from './support/axe.js';
import { seedDocument, seedSchema } from './support/server.js';
import { useWorkbench } from './support/workbench.js';

const SAMPLE = 'Interior Secretary';
const DOCS = ['keys', 'mouse', 'live', 'pieces'] as const;

/** The seed schema with two relation labels: a directed one (key `f`) and an undirected one (key `q`). */
function relationSchema(): LabelSchema {
  return {
    ...seedSchema(),
    relationLabels: [
      { id: 'funded-by', name: 'Funded by', description: 'The measure is paid for by the other.', directed: true, color: '#b39ddb', hotkey: 'f' },
      { id: 'same-as', name: 'Same as', description: 'Both name one thing.', directed: false, color: '#80cbc4', hotkey: 'q' },
    ],
  };
}

const app = useWorkbench(async (server) => {
  const { text } = await seedDocument();
  // One copy of the seed text per test, so that each starts without annotations.
  await server.createProject('rel', 'shared', DOCS.map((name) => ({ name: `${name}.txt`, text })), relationSchema());
  for (const user of ['kim', 'lee']) await server.addUser(user, 'annotator', 'rel');
});

/** The relation groups drawn above the text. */
function arcs(page: Page) {
  return page.locator('svg.glossa-relations .glossa-relation');
}

/** The relations listed in the side panel. */
function listed(page: Page) {
  return page.locator('[data-testid="relation-list"] li');
}

/** The editor id of the annotation whose text is `text`, from its decoration. */
async function annotationId(page: Page, text: string): Promise<string> {
  const ids = await page.locator('.glossa-annotation', { hasText: text }).first().getAttribute('data-annotation-ids');
  if (ids === null || ids === '') throw new Error(`no annotation on ${text}`);
  return decodeURIComponent(ids.split(' ')[0] as string);
}

/** Labels two phrases with keys 1 and 2 and waits for both. */
async function twoAnnotations(page: Page): Promise<{ a: string; b: string }> {
  await selectText(page, 'Interior Secretary');
  await page.keyboard.press('1');
  await annotationItems(page, 'militarization').waitFor();
  await selectText(page, 'socioeconomic conditions');
  await page.keyboard.press('2');
  await annotationItems(page, 'police-professionalization').waitFor();
  return { a: await annotationId(page, 'Interior Secretary'), b: await annotationId(page, 'socioeconomic conditions') };
}

/** The arc of the only relation: its label id and ends. */
async function onlyArc(page: Page): Promise<{ label: string | null; from: string | null; to: string | null }> {
  await expect.poll(() => arcs(page).count()).toBe(1);
  const arc = arcs(page).first();
  return { label: await arc.getAttribute('data-relation-label'), from: await arc.getAttribute('data-from'), to: await arc.getAttribute('data-to') };
}

describe('relations with the keys alone', () => {
  it('makes, relabels, reverses and deletes a relation, and Ctrl+Z brings it back', async () => {
    const { context, page } = await app.signIn('kim');
    const incidents = recordIncidents(page);
    try {
      await openDocument(page, app.server.url, 'rel', 'keys', SAMPLE);
      const { a, b } = await twoAnnotations(page);
      await page.locator('.ProseMirror').focus();
      await caretToStart(page);
      // Select the first annotation, start a relation, select the second, press the relation label's key.
      await page.keyboard.press('Alt+ArrowDown');
      await page.getByTestId('annotation-details').and(page.locator(`[data-annotation-id="${a}"]`)).waitFor();
      await page.keyboard.press('Alt+l');
      await page.getByTestId('relation-pending').waitFor();
      await page.keyboard.press('Alt+ArrowDown');
      await page.getByTestId('annotation-details').and(page.locator(`[data-annotation-id="${b}"]`)).waitFor();
      await page.keyboard.press('f');
      expect(await onlyArc(page)).toEqual({ label: 'funded-by', from: a, to: b });
      await expect.poll(() => listed(page).count()).toBe(1);
      expect(await page.getByTestId('relation-sentence').textContent()).toBe('Funded by: “Interior Secretary” → “socioeconomic conditions”');

      // The new relation is selected: its key relabels it, Alt+V reverses it.
      await page.keyboard.press('q');
      await expect.poll(async () => (await onlyArc(page)).label).toBe('same-as');
      expect(await page.getByTestId('relation-sentence').textContent()).toContain('↔');
      await page.keyboard.press('f');
      await expect.poll(async () => (await onlyArc(page)).label).toBe('funded-by');
      await page.keyboard.press('Alt+v');
      await expect.poll(() => onlyArc(page)).toEqual({ label: 'funded-by', from: b, to: a });

      // Alt+Delete deletes the relation, not the annotation; Ctrl+Z brings the relation back.
      await page.keyboard.press('Alt+Delete');
      await expect.poll(() => arcs(page).count()).toBe(0);
      expect(await listed(page).count()).toBe(0);
      expect(await annotationItems(page).count()).toBe(2);
      await page.keyboard.press('Control+z');
      await expect.poll(() => onlyArc(page)).toEqual({ label: 'funded-by', from: b, to: a });

      // Escape clears the relation selection; Alt+K selects the relation again.
      await page.keyboard.press('Escape');
      await page.getByTestId('relation-details').waitFor({ state: 'detached' });
      await page.keyboard.press('Alt+k');
      await page.getByTestId('relation-details').waitFor();
      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      await context.close();
    }
  });

  it('lists the relation keys in the key help', async () => {
    const { context, page } = await app.signIn('kim');
    try {
      await openDocument(page, app.server.url, 'rel', 'keys', SAMPLE);
      await page.getByRole('button', { name: 'Keys (?)' }).click();
      const help = page.getByTestId('shortcut-help');
      await help.waitFor();
      for (const text of ['Alt+L', 'Alt+V', 'Alt+K / Alt+Shift+K', 'Alt+F', 'Relation label keys of this project', 'make the relation being started Funded by']) {
        expect(await help.getByText(text, { exact: false }).count()).toBeGreaterThan(0);
      }
    } finally {
      await context.close();
    }
  });
});

describe('relations with the mouse', () => {
  it('makes, selects, relabels, reverses and deletes a relation with clicks', async () => {
    const { context, page } = await app.signIn('kim');
    const incidents = recordIncidents(page);
    try {
      await openDocument(page, app.server.url, 'rel', 'mouse', SAMPLE);
      const { a, b } = await twoAnnotations(page);
      await clickText(page.locator('.glossa-annotation', { hasText: 'Interior Secretary' }).first());
      await page.getByTestId('start-relation').click();
      await page.getByTestId('relation-pending').waitFor();
      await clickText(page.locator('.glossa-annotation', { hasText: 'socioeconomic conditions' }).first());
      await page.getByTestId('annotation-details').and(page.locator(`[data-annotation-id="${b}"]`)).waitFor();
      await page.getByTestId('relation-pending').locator('[data-relation-label="funded-by"]').click();
      expect(await onlyArc(page)).toEqual({ label: 'funded-by', from: a, to: b });

      // Clicking plain text clears the selections; clicking the arc's label selects the relation.
      await page.keyboard.press('Escape');
      await page.getByTestId('relation-details').waitFor({ state: 'detached' });
      await page.locator('svg.glossa-relations .glossa-relation-label').first().click();
      await page.getByTestId('relation-details').waitFor();
      expect(await arcs(page).first().getAttribute('class')).toContain('glossa-relation-selected');

      await page.getByTestId('relation-label-select').selectOption('same-as');
      await expect.poll(async () => (await onlyArc(page)).label).toBe('same-as');
      expect(await page.getByRole('button', { name: 'Reverse' }).isDisabled()).toBe(true);
      await page.getByTestId('relation-label-select').selectOption('funded-by');
      await page.getByRole('button', { name: 'Reverse' }).click();
      await expect.poll(() => onlyArc(page)).toEqual({ label: 'funded-by', from: b, to: a });
      await page.getByRole('button', { name: 'Delete relation' }).click();
      await expect.poll(() => arcs(page).count()).toBe(0);
      expect(await annotationItems(page).count()).toBe(2);
      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      await context.close();
    }
  });
});

describe('two users', () => {
  it('see each other’s relations live, and a deleted end hides the relation', async () => {
    const kim = await app.signIn('kim');
    const lee = await app.signIn('lee');
    try {
      await Promise.all([openDocument(kim.page, app.server.url, 'rel', 'live', SAMPLE), openDocument(lee.page, app.server.url, 'rel', 'live', SAMPLE)]);
      const { a, b } = await twoAnnotations(kim.page);
      await annotationItems(lee.page).nth(1).waitFor();
      await kim.page.locator('.ProseMirror').focus();
      await caretToStart(kim.page);
      await kim.page.keyboard.press('Alt+ArrowDown');
      await kim.page.keyboard.press('Alt+l');
      await kim.page.keyboard.press('Alt+ArrowDown');
      await kim.page.getByTestId('annotation-details').and(kim.page.locator(`[data-annotation-id="${b}"]`)).waitFor();
      await kim.page.keyboard.press('f');
      expect(await onlyArc(kim.page)).toEqual({ label: 'funded-by', from: a, to: b });
      // Lee sees it drawn and listed, and reverses it; Kim sees that.
      expect(await onlyArc(lee.page)).toEqual({ label: 'funded-by', from: a, to: b });
      await listed(lee.page).first().locator('button').click();
      await lee.page.getByRole('button', { name: 'Reverse' }).click();
      await expect.poll(() => onlyArc(kim.page)).toEqual({ label: 'funded-by', from: b, to: a });
      // Kim deletes an end: the relation goes from both pages.
      await clickText(kim.page.locator('.glossa-annotation', { hasText: 'Interior Secretary' }).first());
      await kim.page.getByRole('button', { name: 'Delete annotation' }).click();
      for (const page of [kim.page, lee.page]) {
        await expect.poll(() => arcs(page).count()).toBe(0);
        await expect.poll(() => listed(page).count()).toBe(0);
      }
    } finally {
      await kim.context.close();
      await lee.context.close();
    }
  });
});

describe('discontinuous annotations', () => {
  it('adds a piece to the selected annotation with Alt+F and with the button, shown as pieces, and passes axe with relations drawn', async () => {
    const { context, page } = await app.signIn('kim');
    try {
      await openDocument(page, app.server.url, 'rel', 'pieces', SAMPLE);
      const { a } = await twoAnnotations(page);
      // Select "Interior Secretary", then select "Miguel" and add it as a piece with Alt+F.
      await clickText(page.locator('.glossa-annotation', { hasText: 'Interior Secretary' }).first());
      await page.getByTestId('annotation-details').and(page.locator(`[data-annotation-id="${a}"]`)).waitFor();
      await selectText(page, 'Osorio');
      await page.keyboard.press('Alt+f');
      await page.getByTestId('details-pieces').waitFor();
      expect(await page.getByTestId('details-pieces').textContent()).toBe('“Interior Secretary” … “Osorio”');
      // Drawn as two pieces: the text between them is not part of the annotation.
      await expect.poll(() => page.locator('.glossa-annotation').evaluateAll((els, id) => els.filter((el) => (el.getAttribute('data-annotation-ids') ?? '').split(' ').map(decodeURIComponent).includes(id)).map((el) => el.textContent), a)).toEqual([
        'Interior Secretary',
        'Osorio',
      ]);
      // A third piece with the button.
      await selectText(page, 'Chong');
      await page.getByTestId('add-piece').click();
      await expect.poll(() => page.getByTestId('details-pieces').textContent()).toBe('“Interior Secretary” … “Osorio” … “Chong”');

      // A relation from the discontinuous annotation; the page passes axe with it drawn and the panels open.
      await page.keyboard.press('Alt+l');
      await clickText(page.locator('.glossa-annotation', { hasText: 'socioeconomic conditions' }).first());
      await page.keyboard.press('q');
      await expect.poll(() => arcs(page).count()).toBe(1);
      // The hover card names the pieces and the relation.
      await hoverText(page.locator('.glossa-annotation', { hasText: 'Osorio' }).first());
      await page.getByTestId('hover-pieces').waitFor();
      expect(await page.getByTestId('hover-pieces').textContent()).toBe('in 3 pieces: “Interior Secretary” … “Osorio” … “Chong”');
      expect(await page.getByTestId('hover-relation').first().textContent()).toBe('Same as: “Interior Secretary … Osorio … Chong” ↔ “socioeconomic conditions”');
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

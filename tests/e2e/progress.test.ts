/// <reference lib="dom" />
/**
 * Working through a project's documents: Alt+PageDown / Alt+PageUp (and
 * the links) open the next and previous document; Alt+M (and the checkbox)
 * marks a document done for the annotator, kept in the layer room's `done`
 * map, shown again after a reload and to the others; a single-choice
 * document label, once chosen, can be cleared again, with the keyboard.
 * axe-core finds nothing serious in the document view with these shown.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readDocLabels } from '@glossa/collab';
import { documentUrl, openDocument, recordIncidents } from './support/browser.js';
import { seriousViolations } from './support/axe.js';
import { seedDocument } from './support/server.js';
import { openRoom } from './support/rooms.js';
import { useWorkbench } from './support/workbench.js';

const DOCUMENTS = ['000_82643275e850ea20', '001_fb87d69a1fc6aabf', '002_b9dd55d4eb8bd278'] as const;
const [FIRST, MIDDLE, LAST] = DOCUMENTS;

const app = useWorkbench(async (server) => {
  await server.createProject('team', 'shared', await Promise.all(DOCUMENTS.map((id) => seedDocument(id))));
  await server.addUser('kim', 'annotator', 'team');
  await server.addUser('lee', 'annotator', 'team');
});

/** The start of a seed document's text, to wait for it in the editor. */
async function sample(id: string): Promise<string> {
  return (await seedDocument(id)).text.split('\n').find((line) => line.trim().length > 20)?.trim().slice(0, 20) ?? '';
}

/** Waits until the editor shows document `id`. */
async function showing(page: Page, id: string): Promise<void> {
  await page.waitForURL(documentUrl(app.server.url, 'team', id));
  await page.locator('.ProseMirror').filter({ hasText: await sample(id) }).waitFor();
}

/** The done marks and document labels of a document's shared layer, as the server holds them. */
async function sharedLayer(doc: string): Promise<{ done: Record<string, unknown>; labels: Record<string, unknown> }> {
  const room = await openRoom(app.server, `team/${doc}/layers/shared`, app.server.adminToken);
  try {
    return { done: room.doc.getMap('done').toJSON(), labels: { ...readDocLabels(room.doc) } };
  } finally {
    room.destroy();
  }
}

describe('moving through documents', () => {
  it('opens the next and previous document with Alt+PageDown / Alt+PageUp and the links', async () => {
    const { context, page } = await app.signIn('kim');
    const incidents = recordIncidents(page);
    try {
      await openDocument(page, app.server.url, 'team', MIDDLE, await sample(MIDDLE));
      await page.locator('.ProseMirror').focus();
      await page.keyboard.press('Alt+PageDown');
      await showing(page, LAST);
      expect(await page.getByRole('link', { name: 'Next document →' }).count()).toBe(0);
      await page.keyboard.press('Alt+PageUp');
      await showing(page, MIDDLE);
      await page.getByRole('link', { name: '← Previous document' }).focus();
      await page.keyboard.press('Enter');
      await showing(page, FIRST);
      expect(await page.getByRole('link', { name: '← Previous document' }).count()).toBe(0);
      expect(incidents.pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('done marks and document labels', () => {
  it('marks a document done in the layer room with Alt+M, shows it after a reload and to others, and takes it back', async () => {
    const kim = await app.signIn('kim');
    const lee = await app.signIn('lee');
    try {
      await openDocument(kim.page, app.server.url, 'team', MIDDLE, await sample(MIDDLE));
      const mark = kim.page.getByTestId('done-mark');
      expect(await mark.isChecked()).toBe(false);
      await kim.page.locator('.ProseMirror').focus();
      await kim.page.keyboard.press('Alt+m');
      await expect.poll(() => mark.isChecked()).toBe(true);
      await expect.poll(async () => Object.keys((await sharedLayer(MIDDLE)).done)).toEqual(['kim']);
      expect(typeof ((await sharedLayer(MIDDLE)).done['kim'] as { at?: unknown }).at).toBe('number');

      await kim.page.reload();
      await kim.page.locator('.ProseMirror').filter({ hasText: await sample(MIDDLE) }).waitFor();
      await expect.poll(() => kim.page.getByTestId('done-mark').isChecked()).toBe(true);
      await openDocument(lee.page, app.server.url, 'team', MIDDLE, await sample(MIDDLE));
      await lee.page.getByText('Also done: kim').waitFor();
      expect(await lee.page.getByTestId('done-mark').isChecked()).toBe(false);
      expect(await seriousViolations(kim.page)).toEqual([]);

      await kim.page.getByTestId('done-mark').focus();
      await kim.page.keyboard.press('Space');
      await expect.poll(async () => (await sharedLayer(MIDDLE)).done).toEqual({});
      await lee.page.getByText('Also done: kim').waitFor({ state: 'detached' });
    } finally {
      await kim.context.close();
      await lee.context.close();
    }
  });

  it('clears a single-choice document label with the keyboard', async () => {
    const { context, page } = await app.signIn('kim');
    try {
      await openDocument(page, app.server.url, 'team', LAST, await sample(LAST));
      const kind = page.getByRole('group', { name: 'Kind of document' });
      expect(await kind.getByRole('button', { name: 'Clear Kind of document' }).count()).toBe(0);
      await kind.getByRole('radio', { name: 'news-brief' }).focus();
      await page.keyboard.press('Space');
      await expect.poll(async () => (await sharedLayer(LAST)).labels).toEqual({ kind: 'news-brief' });
      await page.keyboard.press('Shift+Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Clear Kind of document');
      expect(await seriousViolations(page)).toEqual([]);
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await sharedLayer(LAST)).labels).toEqual({});
      expect(await kind.getByRole('radio', { checked: true }).count()).toBe(0);
      expect(await kind.getByRole('button', { name: 'Clear Kind of document' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

/// <reference lib="dom" />
/**
 * Working offline: a user loses the network, annotates, reloads the page
 * while still offline (the service worker serves the app, IndexedDB the
 * document and the pending annotation), comes back online, and the
 * annotation reaches the server and the other user.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { annotationItems, openDocument, recordIncidents, selectText } from './support/browser.js';
import { SEED_DOCUMENT, seedDocument } from './support/server.js';
import { useWorkbench } from './support/workbench.js';

const SAMPLE = 'Interior Secretary';

const app = useWorkbench(async (server) => {
  await server.createProject('team', 'shared', [await seedDocument()]);
  await server.addUser('olga', 'annotator', 'team');
  await server.addUser('pablo', 'annotator', 'team');
});

/** Resolves once the service worker controls the page (so a reload works offline). */
async function serviceWorkerInControl(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/**
 * Resolves once the IndexedDB copy of a room holds an update containing
 * `needle` (y-indexeddb keeps each update in the `updates` store of a
 * database named after the room).
 */
async function storedLocally(page: Page, database: string, needle: string): Promise<void> {
  await page.waitForFunction(
    async ({ database, needle }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(database);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        if (!db.objectStoreNames.contains('updates')) return false;
        const updates = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction('updates', 'readonly').objectStore('updates').getAll();
          request.onsuccess = () => resolve(request.result as unknown[]);
          request.onerror = () => reject(request.error);
        });
        const bytes = new TextEncoder().encode(needle);
        return updates.some((update) => {
          if (!(update instanceof Uint8Array)) return false;
          outer: for (let i = 0; i + bytes.length <= update.length; i++) {
            for (let j = 0; j < bytes.length; j++) if (update[i + j] !== bytes[j]) continue outer;
            return true;
          }
          return false;
        });
      } finally {
        db.close();
      }
    },
    { database, needle },
  );
}

describe('offline work', () => {
  it('keeps an annotation made offline through a reload and delivers it when back online', async () => {
    const olga = await app.signIn('olga');
    const pablo = await app.signIn('pablo');
    const incidents = recordIncidents(olga.page);
    try {
      await openDocument(olga.page, app.server.url, 'team', SEED_DOCUMENT, SAMPLE);
      await openDocument(pablo.page, app.server.url, 'team', SEED_DOCUMENT, SAMPLE);
      await serviceWorkerInControl(olga.page);
      await olga.page.locator('[data-testid="connection"][data-status="connected"]').waitFor();

      await olga.context.setOffline(true);
      await olga.page.locator('[data-testid="connection"][data-status="offline"]').waitFor();
      await selectText(olga.page, 'strengthening local security institutions');
      await olga.page.keyboard.press('9');
      await annotationItems(olga.page, 'justice-reform').waitFor();
      await storedLocally(olga.page, `glossa/olga/team/${SEED_DOCUMENT}/layers/shared`, 'justice-reform');
      // Nothing has reached the server or Pablo.
      expect((await app.server.exportedSpans('team', SEED_DOCUMENT)).length).toBe(0);
      expect(await annotationItems(pablo.page).count()).toBe(0);

      // Reload without a network: the app, the text and the pending annotation come back from this device.
      await olga.page.reload();
      await olga.page.locator('.ProseMirror').filter({ hasText: SAMPLE }).waitFor();
      await annotationItems(olga.page, 'justice-reform').waitFor();
      await olga.page.locator('[data-testid="connection"][data-status="offline"]').waitFor();

      // Back online: the annotation reaches the server and Pablo.
      await olga.context.setOffline(false);
      await olga.page.locator('[data-testid="connection"][data-status="connected"]').waitFor();
      await annotationItems(pablo.page, 'justice-reform').filter({ hasText: 'olga' }).waitFor();
      const text = (await seedDocument()).text;
      await expect
        .poll(async () => (await app.server.exportedSpans('team', SEED_DOCUMENT)).map((span) => [span.label, span.author ?? span.annotator, [...text].slice(span.start, span.end).join('')]))
        .toEqual([['justice-reform', 'olga', 'strengthening local security institutions']]);
      expect(incidents.pageErrors).toEqual([]);
      expect(incidents.dialogs).toEqual([]);
    } finally {
      await olga.context.close();
      await pablo.context.close();
    }
  });
});

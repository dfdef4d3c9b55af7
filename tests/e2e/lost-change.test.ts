/// <reference lib="dom" />
/**
 * A change that could not apply is told: Olga relabels an annotation while
 * offline; meanwhile another client deletes that annotation. When she is
 * back online the two converge on the deletion, and she sees a notice
 * naming the annotation's text and the label she gave it, which she can
 * dismiss with the keyboard. A deletion of an annotation she did not change
 * tells her nothing. axe-core finds nothing serious with the notice shown.
 */
import { describe, expect, it } from 'vitest';
import { ANNOTATIONS_MAP, deleteAnnotations, localOrigin } from '@glossa/collab';
import { annotationItems, openDocument, recordIncidents } from './support/browser.js';
import { seriousViolations } from './support/axe.js';
import { SEED_DOCUMENT, seedDocument } from './support/server.js';
import { createAnnotatedProject, jsonlSpans, openRoom } from './support/rooms.js';
import { useWorkbench } from './support/workbench.js';

const SAMPLE = 'Interior Secretary';
const LAYER_ROOM = `team/${SEED_DOCUMENT}/layers/shared`;

const app = useWorkbench(async (server) => {
  const { text } = await seedDocument();
  const spans = jsonlSpans(text, [
    { annotator: 'shared', quote: 'Interior Secretary', label: 'militarization' },
    { annotator: 'shared', quote: 'socioeconomic conditions', label: 'social-prevention' },
  ]);
  await createAnnotatedProject(server, 'team', 'shared', [{ id: SEED_DOCUMENT, text, spans }]);
  await server.addUser('olga', 'annotator', 'team');
});

/** Deletes the shared layer's annotation with `label` through a stock client of the server. */
async function deleteElsewhere(label: string): Promise<void> {
  const room = await openRoom(app.server, LAYER_ROOM, app.server.adminToken);
  try {
    const annotations = room.doc.getMap<{ get(key: string): unknown }>(ANNOTATIONS_MAP);
    const ids = [...annotations.entries()].filter(([, entry]) => entry.get('label') === label).map(([id]) => id);
    expect(ids).toHaveLength(1);
    deleteAnnotations(room.doc, ids, localOrigin('pablo'));
    // The server relays what it stored; a fresh client reading the room sees the deletion once it is durable.
    await expect.poll(async () => {
      const check = await openRoom(app.server, LAYER_ROOM, app.server.adminToken);
      try {
        return check.doc.getMap(ANNOTATIONS_MAP).has(ids[0] ?? '');
      } finally {
        check.destroy();
      }
    }).toBe(false);
  } finally {
    room.destroy();
  }
}

describe('a change that could not apply', () => {
  it('tells the user when an offline relabel met a deletion, naming the text and the label', async () => {
    const { context, page } = await app.signIn('olga');
    const incidents = recordIncidents(page);
    try {
      await openDocument(page, app.server.url, 'team', SEED_DOCUMENT, SAMPLE);
      await annotationItems(page, 'social-prevention').waitFor();
      await page.locator('[data-testid="connection"][data-status="connected"]').waitFor();
      await context.setOffline(true);
      await page.locator('[data-testid="connection"][data-status="offline"]').waitFor();

      // Offline: relabel "Interior Secretary" (2 = police professionalization) with the keyboard.
      await annotationItems(page, 'militarization').locator('button').click();
      await page.getByTestId('annotation-details').filter({ hasText: SAMPLE }).waitFor();
      await page.keyboard.press('2');
      await page.getByTestId('details-label').filter({ hasText: 'Police professionalization' }).waitFor();

      // Meanwhile, elsewhere: that annotation is deleted, and so is one Olga never touched.
      await deleteElsewhere('militarization');
      await deleteElsewhere('social-prevention');

      await context.setOffline(false);
      await page.locator('[data-testid="connection"][data-status="connected"]').waitFor();
      const notices = page.getByTestId('change-notices').locator('li');
      await notices.first().waitFor();
      expect(await notices.allTextContents()).toEqual([
        expect.stringContaining('Your change to “Interior Secretary” (Police professionalization, layer Shared) could not be applied: someone deleted that annotation'),
      ]);
      await annotationItems(page, 'police-professionalization').waitFor({ state: 'detached' });
      await annotationItems(page, 'social-prevention').waitFor({ state: 'detached' });
      expect(await app.server.exportedSpans('team', SEED_DOCUMENT)).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);

      await notices.first().getByRole('button', { name: 'Dismiss' }).focus();
      await page.keyboard.press('Enter');
      await notices.first().waitFor({ state: 'detached' });
      expect(incidents.pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

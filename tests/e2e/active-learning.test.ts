/**
 * Active learning in the workbench: within a document, Alt+U selects the
 * most uncertain suggestion first (not the first in the text), and the key
 * help lists it; across a project, the document list orders the documents
 * left to annotate by expected usefulness (uncertainty × novelty against
 * the annotated ones, ranked by the server) and "Next document" opens the
 * most useful one.
 */
import { describe, expect, it } from 'vitest';
import { recordIncidents } from './support/browser.js';
import { createAnnotatedProject, jsonlSpans } from './support/rooms.js';
import { useWorkbench } from './support/workbench.js';

/** Annotated: "guard" once (a sure suggestion, score 1), "army" twice as militarization and once otherwise (scores 2/3 and 1/3: uncertain). */
const PATROLS = 'The guard and the army patrol the city centre. The army stays in the barracks, the army sleeps.';
/** Nearly the annotated document: little to learn that it does not teach. */
const PATROLS_AGAIN = 'The guard and the army patrol the city centre. The army stays in the old barracks.';
/** Unlike anything annotated: the most useful next. */
const SCHOOLS = 'Teachers ask the guard about the army: parks, schools and youth clubs for every neighbourhood.';

const app = useWorkbench(async (server) => {
  const spans = jsonlSpans(PATROLS, [
    { annotator: 'shared', quote: 'guard', label: 'militarization' },
    { annotator: 'shared', quote: 'army', label: 'militarization', occurrence: 0 },
    { annotator: 'shared', quote: 'army', label: 'militarization', occurrence: 1 },
    { annotator: 'shared', quote: 'army', label: 'police-professionalization', occurrence: 2 },
  ]);
  await createAnnotatedProject(server, 'learn', 'shared', [
    { id: 'patrols', text: PATROLS, spans },
    { id: 'patrols-again', text: PATROLS_AGAIN, spans: [] },
    { id: 'schools', text: SCHOOLS, spans: [] },
  ]);
  await server.addUser('bob', 'annotator', 'learn');
  await server.server.data.recommenders.add({ project: 'learn', name: 'strings', kind: 'string-match', config: {} });
  await server.server.suggestions?.sync('learn');
  await server.server.suggestions?.idle();
});

describe('active learning', () => {
  it('orders the documents by expected usefulness, opens the most useful next, and selects its most uncertain suggestion first', async () => {
    const { page } = await app.signIn('bob');
    const incidents = recordIncidents(page);
    await page.goto(`${app.server.url}/#/projects/learn`);
    const rows = page.getByTestId('document-table').locator('tbody tr th a:first-child');
    await expect.poll(() => rows.allTextContents()).toEqual(['patrols', 'patrols-again', 'schools']);

    await page.getByLabel('Order by expected usefulness').check();
    // The annotated document goes last; of the others, the one unlike it first.
    await expect.poll(() => rows.allTextContents()).toEqual(['schools', 'patrols-again', 'patrols']);
    await page.getByTestId('document-table').locator('tr', { hasText: 'patrols' }).filter({ hasText: '(annotated)' }).waitFor();

    await page.getByTestId('next-useful-document').click();
    await page.locator('.ProseMirror').filter({ hasText: 'Teachers ask the guard' }).waitFor();
    expect(page.url()).toMatch(/#\/projects\/learn\/documents\/schools$/);
    // "guard" (sure) comes first in the text; "army" (2/3 and 1/3) is what the model is least sure of.
    await expect.poll(() => page.locator('.glossa-suggestion').count(), { timeout: 10_000 }).toBeGreaterThan(1);
    await page.locator('.ProseMirror p').first().click({ position: { x: 2, y: 5 } });
    await page.keyboard.press('Alt+u');
    await expect.poll(() => page.locator('.glossa-suggestion-selected').allTextContents()).toEqual(['army']);
    await page.keyboard.press('Escape');

    // The key help lists it.
    await page.keyboard.press('?');
    await page.getByTestId('shortcut-help').filter({ hasText: 'select the next most uncertain suggestion' }).waitFor();
    expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
  });
});

/**
 * The agreement dashboard in its users' words: the definitions name the
 * measures as the tables do, with no function signature, field name or
 * `null`; and a count of one is singular ("1 document compared").
 */
import { describe, expect, it } from 'vitest';
import { SEED_DOCUMENT, seedDocument } from './support/server.js';
import { createAnnotatedProject, jsonlSpans } from './support/rooms.js';
import { useWorkbench } from './support/workbench.js';

const PROJECT = 'pair';

const app = useWorkbench(async (server) => {
  const { text } = await seedDocument();
  const spans = jsonlSpans(text, [
    { annotator: 'alice', quote: 'Interior Secretary', label: 'militarization' },
    { annotator: 'bob', quote: 'Interior Secretary', label: 'militarization' },
    { annotator: 'bob', quote: 'human rights protections', label: 'human-rights' },
  ]);
  await createAnnotatedProject(server, PROJECT, 'independent', [{ id: SEED_DOCUMENT, text, spans }]);
  await server.addUser('erin', 'curator', PROJECT);
});

describe('dashboard wording', () => {
  it('defines the measures in words and counts one document in the singular', async () => {
    const { context, page } = await app.signIn('erin');
    try {
      await page.goto(`${app.server.url}/#/projects/${PROJECT}/dashboard`);
      const overall = page.locator('section[aria-labelledby="overall-title"] p').first();
      await overall.filter({ hasText: '1 document compared' }).waitFor();
      expect(await overall.textContent()).not.toMatch(/\b1 (documents|units|labels|spans)\b/);

      const definitions = (await page.getByTestId('agreement-definitions').textContent()) ?? '';
      expect(definitions).not.toMatch(/computeAgreement|computeConfusion|[{}]|\bnull\b|\bNaN\b|\w_\w|\btokenize\b|doc\.tokens|UTF-16/);
      // Every measure the tables show is defined under the name the tables give it.
      const headings = await page.getByTestId('overall-table').locator('th').allTextContents();
      expect(headings.length).toBeGreaterThan(0);
      for (const heading of headings) expect(definitions, heading).toContain(heading);
    } finally {
      await context.close();
    }
  });
});

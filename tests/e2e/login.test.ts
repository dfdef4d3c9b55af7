/**
 * The sign-in page loads without a failed request or a console error, the
 * first time and after signing out: the workbench asks the server who is
 * signed in only when this browser has signed someone in.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_VIEWPORT, recordIncidents, signIn } from './support/browser.js';
import { seedDocument } from './support/server.js';
import { useWorkbench } from './support/workbench.js';

const app = useWorkbench(async (server) => {
  await server.createProject('notes', 'shared', [await seedDocument()]);
  await server.addUser('lena', 'annotator', 'notes');
});

/** Starts recording the responses of the page that are errors (4xx, 5xx). */
function recordFailedResponses(page: Page): string[] {
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  return failed;
}

describe('sign-in page', () => {
  it('loads without a failed request or console error, also after signing out', async () => {
    const context = await app.browser.newContext({ viewport: DEFAULT_VIEWPORT });
    const page = await context.newPage();
    const incidents = recordIncidents(page);
    const failed = recordFailedResponses(page);
    try {
      await page.goto(`${app.server.url}/#/`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.waitForLoadState('networkidle');
      expect({ failed, incidents }).toEqual({ failed: [], incidents: { dialogs: [], pageErrors: [], consoleErrors: [] } });

      // Signed in, a reload still knows who is signed in.
      await signIn(page, app.server.url, 'lena');
      await page.reload();
      await page.getByTestId('signed-in-user').filter({ hasText: 'lena' }).waitFor();

      // Signed out, the reloaded page is the sign-in page, again without a failed request.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('dialog', { name: 'Sign out' }).getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.reload();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.waitForLoadState('networkidle');
      expect({ failed, incidents }).toEqual({ failed: [], incidents: { dialogs: [], pageErrors: [], consoleErrors: [] } });
    } finally {
      await context.close();
    }
  });
});

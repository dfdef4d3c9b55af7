/// <reference lib="dom" />
/**
 * Server administration in the browser, with the keyboard: the server's
 * administrator creates a project (independent mode, the seed schema),
 * adds a user with a generated password, gives them a new one, creates an
 * API token for them and revokes it; the user signs in with the new
 * password and finds the project; the token works until it is revoked.
 * A schema the server refuses is told with its field. Someone who is not
 * a server administrator gets no link and no page. axe-core finds nothing
 * serious on the page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './support/build.js';
import { DEFAULT_VIEWPORT, recordIncidents } from './support/browser.js';
import { seriousViolations } from './support/axe.js';
import { seedDocument } from './support/server.js';
import { useWorkbench } from './support/workbench.js';

const app = useWorkbench(async (server) => {
  await server.createProject('policy', 'shared', [await seedDocument()]);
  await server.addUser('ann', 'annotator', 'policy');
});

/** Focuses the form control labelled `label` and types `text` into it. */
async function typeInto(page: Page, label: string, text: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).focus();
  await page.keyboard.insertText(text);
}

/** Presses Enter on the button named `name`, reached by focus (as Tab would). */
async function press(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).focus();
  await page.keyboard.press('Enter');
}

/** Whether `token` is accepted by the API. */
async function tokenWorks(token: string): Promise<boolean> {
  return (await fetch(`${app.server.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } })).ok;
}

describe('administration', () => {
  it('creates a project, a user with a new password and a token, and revokes it, with the keyboard', async () => {
    const { context, page } = await app.signIn('root');
    const incidents = recordIncidents(page);
    try {
      await page.getByRole('link', { name: 'Administration' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      // A schema the server refuses is told with its field; the project is not made.
      await typeInto(page, 'Project id', 'fresh');
      await page.getByRole('radio', { name: /Independent/ }).focus();
      await page.keyboard.press('Space');
      await typeInto(page, 'Label schema (JSON, as in seeds/schema.json)', '{"version": 1, "name": "empty"}');
      await press(page, 'Create project');
      await page.getByTestId('admin-project-result').filter({ hasText: 'field "schema": labels' }).waitFor();
      // The seed schema, pasted.
      await page.getByTestId('admin-schema').fill('');
      await typeInto(page, 'Label schema (JSON, as in seeds/schema.json)', readFileSync(path.join(REPO_ROOT, 'seeds/schema.json'), 'utf8'));
      await press(page, 'Create project');
      await page.getByTestId('admin-project-result').filter({ hasText: 'Project “fresh” created (independent).' }).waitFor();
      await page.getByTestId('admin-project-table').getByRole('link', { name: 'fresh' }).waitFor();

      // A user with a generated password, then a new one.
      await typeInto(page, 'User name', 'nina');
      await page.getByTestId('admin-user-project').selectOption('fresh');
      await press(page, 'Save user');
      const firstPassword = await page.getByTestId('admin-user-result-secret').textContent();
      expect(await page.getByTestId('admin-user-result').textContent()).toContain('nina is annotator of fresh.');
      await press(page, 'New password for nina');
      await page.getByTestId('admin-user-result').filter({ hasText: 'New password of nina.' }).waitFor();
      const password = (await page.getByTestId('admin-user-result-secret').textContent()) ?? '';
      expect(password).not.toBe(firstPassword);
      expect(await page.locator('[data-user="nina"] td').first().textContent()).toBe('fresh: annotator');

      // A token for nina, shown once, then revoked.
      await page.getByTestId('admin-token-user').selectOption('nina');
      await press(page, 'Create token');
      await page.getByTestId('admin-token-result').filter({ hasText: 'New API token of nina.' }).waitFor();
      const token = (await page.getByTestId('admin-token-result-secret').textContent()) ?? '';
      expect(await tokenWorks(token)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      const row = page.locator('[data-state="valid"]', { has: page.getByRole('cell', { name: 'nina', exact: true }) });
      await row.getByRole('button', { name: /^Revoke token/ }).focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('admin-token-result').filter({ hasText: 'revoked' }).waitFor();
      expect(await tokenWorks(token)).toBe(false);

      // Nina signs in with the new password and finds the project.
      const nina = await app.browser.newContext({ viewport: DEFAULT_VIEWPORT });
      try {
        const ninaPage = await nina.newPage();
        await ninaPage.goto(`${app.server.url}/#/`);
        await ninaPage.getByLabel('User name').fill('nina');
        await ninaPage.getByLabel('Password').fill(password);
        await ninaPage.getByRole('button', { name: 'Sign in' }).click();
        await ninaPage.getByRole('link', { name: 'fresh' }).waitFor();
        expect(await ninaPage.getByRole('link', { name: 'Administration' }).count()).toBe(0);
      } finally {
        await nina.close();
      }
      // The one refused request is the schema's, which the browser logs as it logs every 4xx.
      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: ['Failed to load resource: the server responded with a status of 400 (Bad Request)'] });
    } finally {
      await context.close();
    }
  });

  it('is not offered to someone who is not a server administrator', async () => {
    const { context, page } = await app.signIn('ann');
    try {
      expect(await page.getByRole('link', { name: 'Administration' }).count()).toBe(0);
      await page.goto(`${app.server.url}/#/admin`);
      await page.getByRole('alert').filter({ hasText: 'Administration is for server administrators' }).waitFor();
      expect(await page.getByTestId('admin').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

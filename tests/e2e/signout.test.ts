/// <reference lib="dom" />
/**
 * Signing out and removing this browser's copies of the documents: a copy
 * whose changes the server holds is removed (its IndexedDB database is gone,
 * the edit is on the server); a copy holding an edit made offline is kept,
 * the dialog names its document, and once the network is back trying again
 * hands the edit to the server and removes the copy; signing out while the
 * server cannot be reached leaves the user signed in and says so. axe-core finds no
 * serious or critical violation in the dialog or on the signed-out page.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { annotationItems, openDocument, recordIncidents, selectText, signIn } from './support/browser.js';
import { SEED_DOCUMENT, seedDocument } from './support/server.js';
import { useWorkbench } from './support/workbench.js';

const SAMPLE = 'Interior Secretary';
const CONTENT_STORE = (user: string): string => `glossa/${user}/team/${SEED_DOCUMENT}`;
const LAYER_STORE = (user: string): string => `glossa/${user}/team/${SEED_DOCUMENT}/layers/shared`;
const REMOVE = "Sign out and remove this browser's copies";

const app = useWorkbench(async (server) => {
  await server.createProject('team', 'shared', [await seedDocument()]);
  await server.addUser('olga', 'annotator', 'team');
  await server.addUser('pablo', 'annotator', 'team');
});

/** A context that lets axe-core be injected (the CSP would block its inline script), signed in as `user`. */
async function signedInForAxe(user: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await app.browser.newContext({ bypassCSP: true, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await signIn(page, app.server.url, user);
  return { context, page };
}

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  readonly id: string;
  readonly impact?: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/** The serious and critical axe-core violations of the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact ?? ''}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** The names of the IndexedDB databases of the page's origin. */
async function databaseNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).flatMap((database) => (database.name === undefined ? [] : [database.name])).sort());
}

/** The spans of the seed document on the server as `[label, author, text]`. */
async function spansOnServer(): Promise<[string, string | undefined, string][]> {
  const text = [...(await seedDocument()).text];
  return (await app.server.exportedSpans('team', SEED_DOCUMENT)).map((span) => [span.label, span.author ?? span.annotator, text.slice(span.start, span.end).join('')]);
}

/** Presses Tab until the focused element is the button named `name`; fails after `limit` presses. */
async function tabTo(page: Page, name: string, limit = 10): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((name) => document.activeElement?.textContent?.trim() === name, name)) return;
  }
  throw new Error(`the button "${name}" is not reached with Tab`);
}

describe('signing out', () => {
  it('removes the copies the server holds after an edit made online, reached with the keyboard', async () => {
    const olga = await signedInForAxe('olga');
    const incidents = recordIncidents(olga.page);
    try {
      await openDocument(olga.page, app.server.url, 'team', SEED_DOCUMENT, SAMPLE);
      await olga.page.locator('[data-testid="connection"][data-status="connected"]').waitFor();
      await selectText(olga.page, 'strengthening local security institutions');
      await olga.page.keyboard.press('9');
      await annotationItems(olga.page, 'justice-reform').waitFor();
      expect(await databaseNames(olga.page)).toEqual(expect.arrayContaining([CONTENT_STORE('olga'), LAYER_STORE('olga')]));

      await olga.page.getByRole('button', { name: 'Sign out', exact: true }).click();
      const dialog = olga.page.getByRole('dialog', { name: 'Sign out' });
      await dialog.getByRole('button', { name: REMOVE }).waitFor();
      expect(await seriousViolations(olga.page)).toEqual([]);

      await tabTo(olga.page, REMOVE);
      await olga.page.keyboard.press('Enter');
      await olga.page.getByRole('button', { name: 'Sign in' }).waitFor();
      await olga.page.getByTestId('signed-out-notice').filter({ hasText: "This browser's copies of 1 document were removed." }).waitFor();
      expect(await seriousViolations(olga.page)).toEqual([]);

      expect((await databaseNames(olga.page)).filter((name) => name.startsWith('glossa/olga/'))).toEqual([]);
      expect(await spansOnServer()).toContainEqual(['justice-reform', 'olga', 'strengthening local security institutions']);
      expect(await olga.page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('glossa')))).toEqual([]);
      expect(incidents.pageErrors).toEqual([]);
      expect(incidents.dialogs).toEqual([]);
    } finally {
      await olga.context.close();
    }
  });

  it('keeps a copy holding an offline edit, names its document, and removes it once the edit reached the server', async () => {
    const pablo = await signedInForAxe('pablo');
    const incidents = recordIncidents(pablo.page);
    try {
      await openDocument(pablo.page, app.server.url, 'team', SEED_DOCUMENT, SAMPLE);
      await pablo.page.locator('[data-testid="connection"][data-status="connected"]').waitFor();
      await pablo.context.setOffline(true);
      await pablo.page.locator('[data-testid="connection"][data-status="offline"]').waitFor();
      await selectText(pablo.page, 'Second Mexico-European Union Public Security and Law Enforcement Dialogue');
      await pablo.page.keyboard.press('9');
      await annotationItems(pablo.page, 'justice-reform').filter({ hasText: 'pablo' }).waitFor();

      await pablo.page.getByRole('button', { name: 'Sign out', exact: true }).click();
      const dialog = pablo.page.getByRole('dialog', { name: 'Sign out' });
      await dialog.getByRole('button', { name: REMOVE }).click();
      const kept = dialog.getByTestId('kept-documents').locator('li').filter({ hasText: SEED_DOCUMENT });
      await kept.waitFor();
      await expect.poll(() => kept.textContent()).toContain('annotations of layer shared: the browser is offline');
      expect(await seriousViolations(pablo.page)).toEqual([]);

      // Still signed in, the copies kept, nothing on the server yet.
      await pablo.page.getByTestId('signed-in-user').filter({ hasText: 'pablo' }).waitFor();
      expect(await databaseNames(pablo.page)).toEqual(expect.arrayContaining([CONTENT_STORE('pablo'), LAYER_STORE('pablo')]));
      expect((await spansOnServer()).filter(([, author]) => author === 'pablo')).toEqual([]);

      // Only the server can end the session: offline, signing out keeping the copies leaves the user signed in, and says so.
      await dialog.getByRole('button', { name: 'Sign out and keep the copies' }).click();
      await expect.poll(() => dialog.getByTestId('sign-out-status').textContent()).toContain('You are still signed in: the server could not end the session');
      await pablo.page.getByTestId('signed-in-user').filter({ hasText: 'pablo' }).waitFor();

      // Back online, trying again hands the edit to the server, then removes the copies and signs out.
      await pablo.context.setOffline(false);
      await dialog.getByRole('button', { name: 'Try again' }).click();
      await pablo.page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect((await spansOnServer()).filter(([, author]) => author === 'pablo')).toEqual([
        ['justice-reform', 'pablo', 'Second Mexico-European Union Public Security and Law Enforcement Dialogue'],
      ]);
      expect((await databaseNames(pablo.page)).filter((name) => name.startsWith('glossa/pablo/'))).toEqual([]);
      expect(incidents.pageErrors).toEqual([]);
      expect(incidents.dialogs).toEqual([]);
    } finally {
      await pablo.context.close();
    }
  });
});

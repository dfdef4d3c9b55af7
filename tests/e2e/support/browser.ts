/// <reference lib="dom" />
/**
 * Driving Debian's Chromium with playwright-core: launching it, signing in
 * through the login form, opening a document and selecting text in the
 * editor, and collecting anything that looks like a script running or an
 * error (dialogs, page errors, console errors).
 */
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TEST_PASSWORD } from './server.js';

/** The Chromium binary: Debian's package, or `GLOSSA_CHROMIUM`. */
export const CHROMIUM = process.env['GLOSSA_CHROMIUM'] ?? '/usr/bin/chromium';

/** The flags for a headless Chromium in a container. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** Launches Chromium. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** What a page did that a test may want to assert never happens. */
export interface PageIncidents {
  /** Messages of `alert`, `confirm` and `prompt` dialogs (dismissed). */
  readonly dialogs: string[];
  /** Uncaught exceptions. */
  readonly pageErrors: string[];
  /** Console messages of type error. */
  readonly consoleErrors: string[];
}

/** Starts recording dialogs, page errors and console errors of a page. */
export function recordIncidents(page: Page): PageIncidents {
  const incidents: PageIncidents = { dialogs: [], pageErrors: [], consoleErrors: [] };
  page.on('dialog', (dialog) => {
    incidents.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => incidents.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') incidents.consoleErrors.push(message.text());
  });
  return incidents;
}

/** Signs in through the login form and waits for the project list. */
export async function signIn(page: Page, baseUrl: string, user: string): Promise<void> {
  await page.goto(`${baseUrl}/#/`);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-user').filter({ hasText: user }).waitFor();
}

/** A new context and page signed in as `user`. */
export async function signedInPage(browser: Browser, baseUrl: string, user: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await signIn(page, baseUrl, user);
  return { context, page };
}

/** The URL of a document's view. */
export function documentUrl(baseUrl: string, project: string, doc: string): string {
  return `${baseUrl}/#/projects/${encodeURIComponent(project)}/documents/${encodeURIComponent(doc)}`;
}

/** Opens a document and waits until its text is in the editor. */
export async function openDocument(page: Page, baseUrl: string, project: string, doc: string, textSample: string): Promise<void> {
  await page.goto(documentUrl(baseUrl, project, doc));
  await page.locator('.ProseMirror').filter({ hasText: textSample }).waitFor();
}

/**
 * Selects the first occurrence of `text` inside one paragraph of the
 * editor (the DOM selection, which ProseMirror reads) and focuses the editor.
 */
export async function selectText(page: Page, text: string, occurrence = 0): Promise<void> {
  await page.evaluate(
    ({ text, occurrence }) => {
      const editor = document.querySelector<HTMLElement>('.ProseMirror');
      if (editor === null) throw new Error('no editor on the page');
      editor.focus();
      const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const value = node.nodeValue ?? '';
        let index = value.indexOf(text);
        while (index >= 0) {
          if (seen === occurrence) {
            const selection = window.getSelection();
            if (selection === null) throw new Error('no selection API');
            selection.setBaseAndExtent(node, index, node, index + text.length);
            return;
          }
          seen++;
          index = value.indexOf(text, index + 1);
        }
      }
      throw new Error(`text ${JSON.stringify(text)} is not inside one text node of the editor`);
    },
    { text, occurrence },
  );
  // ProseMirror reads the DOM selection on selectionchange; wait until the palette says text is selected.
  await page.getByText('Choose a label for the selected text.').waitFor();
}

/** The locator of the annotation items in the side panel with a given label id. */
export function annotationItems(page: Page, label?: string) {
  return page.locator(label === undefined ? '[data-testid="annotation-list"] li' : `[data-testid="annotation-list"] li[data-label="${label}"]`);
}

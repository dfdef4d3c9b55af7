/// <reference lib="dom" />
/**
 * Hostile content stays inert and the pages stay accessible.
 *
 * XSS payloads (script tags, event-handler attributes, `javascript:` URLs,
 * SVG) in label names and descriptions, group names, notes and document text
 * are shown as text everywhere, and no script runs: no dialog opens, no
 * marker variable is set, no element of a payload exists, and the console
 * has no error (the server's CSP would report any inline script or style it
 * blocked). User names cannot carry markup: the user API refuses them.
 *
 * axe-core finds no serious or critical violation on the login page, the
 * document list, the document view, the export dialog, the curation page
 * (merged and side by side, a disagreement chosen) and the agreement
 * dashboard.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parseSchema } from '@glossa/core';
import type { LabelSchema } from '@glossa/core';
import { annotationItems, hoverText, openDocument, recordIncidents, selectText, signIn } from './support/browser.js';
import { SEED_DOCUMENT, TEST_PASSWORD, seedDocument } from './support/server.js';
import { createAnnotatedProject, jsonlSpans } from './support/rooms.js';
import { useWorkbench } from './support/workbench.js';
import { seriousViolations } from './support/axe.js';

/** Payloads that would run script if any of them were parsed as HTML or followed as a URL. */
const PAYLOADS = [
  `<script>window.__xss = 'script'; alert('script')</script>`,
  `<img src=x onerror="window.__xss = 'img'; alert('img')">`,
  `<svg onload="window.__xss = 'svg'; alert('svg')"><circle r="9"></circle></svg>`,
  `<a href="javascript:window.__xss = 'link'; alert('link')">a javascript: link</a>`,
  `"><iframe src="javascript:alert('iframe')"></iframe>`,
] as const;

const [SCRIPT, IMG, SVG, LINK, IFRAME] = PAYLOADS;

function hostileSchema(): LabelSchema {
  const parsed = parseSchema({
    version: 1,
    name: `Hostile ${SCRIPT}`,
    textColor: '#000000',
    groups: [{ id: 'evil', name: `Group ${SVG}`, description: `Group description ${LINK}` }],
    labels: [
      { id: 'script-label', name: `Script ${SCRIPT}`, description: `Described by ${IMG}`, color: '#f2cc8f', hotkey: '1', group: 'evil' },
      { id: 'img-label', name: `Image ${IMG}`, description: `Described by ${SVG}`, color: '#8fd694', hotkey: '2', group: 'evil' },
      { id: 'svg-label', name: `Vector ${SVG}`, description: `Described by ${IFRAME}`, color: '#81b1d8', hotkey: '3' },
      { id: 'link-label', name: `Link ${LINK}`, description: `Described by ${SCRIPT}`, color: '#c1e07a', hotkey: '4' },
    ],
    documentLabels: [{ id: 'verdict', name: `Verdict ${IMG}`, description: SCRIPT, choice: 'single', values: ['safe', 'unsafe'] }],
  });
  if (!parsed.ok) throw new Error(`the hostile schema is not valid: ${JSON.stringify(parsed.errors)}`);
  return parsed.value;
}

const HOSTILE_TEXT = ['A document that tries to run script.', ...PAYLOADS, 'The end of the hostile document.'].join('\n');

const app = useWorkbench(async (server) => {
  await server.createProject('hostile', 'shared', [{ name: 'payloads.txt', text: HOSTILE_TEXT }], hostileSchema());
  await server.createProject('team', 'shared', [await seedDocument()]);
  await server.addUser('mallory', 'annotator', 'hostile');
  await server.addUser('trent', 'curator', 'hostile');
  await server.addUser('ana', 'annotator', 'team');
  const seed = await seedDocument();
  await createAnnotatedProject(server, 'review', 'independent', [
    {
      id: SEED_DOCUMENT,
      text: seed.text,
      spans: jsonlSpans(seed.text, [
        { annotator: 'alice', quote: 'Interior Secretary', label: 'militarization' },
        { annotator: 'bob', quote: 'Interior Secretary', label: 'militarization' },
        { annotator: 'alice', quote: 'human rights protections', label: 'human-rights' },
        { annotator: 'bob', quote: 'human rights protections', label: 'justice-reform' },
        { annotator: 'alice', quote: '15 percent increase in murders', label: 'crime-statistics' },
      ]),
    },
  ]);
  await server.addUser('alice', 'annotator', 'review');
  await server.addUser('bob', 'annotator', 'review');
  await server.addUser('erin', 'curator', 'review');
});

/** Asserts that no payload became markup or ran on a page. */
async function expectInert(page: Page): Promise<void> {
  const state = await page.evaluate(() => ({
    marker: (window as unknown as { __xss?: unknown }).__xss ?? null,
    injected: document.querySelectorAll('#app script, #app iframe, #app img[src="x"], #app svg circle, #app a[href^="javascript:"], [onerror], [onload]').length,
    scripts: Array.from(document.querySelectorAll('script'), (script) => script.src).filter((src) => !/\/assets\/[^/]+\.js$/.test(src)),
  }));
  expect(state).toEqual({ marker: null, injected: 0, scripts: [] });
}

describe('hostile content', () => {
  it('renders payloads in labels, descriptions, notes and text as text, and runs nothing', async () => {
    const mallory = await app.signIn('mallory');
    const trent = await app.signIn('trent');
    const incidents = [recordIncidents(mallory.page), recordIncidents(trent.page)];
    try {
      await openDocument(mallory.page, app.server.url, 'hostile', 'payloads', 'A document that tries');
      const palette = mallory.page.locator('.palette-pane');
      for (const text of [`Script ${SCRIPT}`, `Image ${IMG}`, `Vector ${SVG}`, `Link ${LINK}`, `Described by ${IFRAME}`, `Group ${SVG}`]) {
        await palette.getByText(text, { exact: true }).waitFor();
      }
      await mallory.page.locator('.doc-labels').getByText(`Verdict ${IMG}`, { exact: true }).waitFor();
      for (const payload of PAYLOADS) await mallory.page.locator('.ProseMirror p', { hasText: payload }).waitFor();

      // Annotate a payload line with a hostile label and write a hostile note.
      await selectText(mallory.page, IMG);
      await mallory.page.keyboard.press('2');
      await annotationItems(mallory.page, 'img-label').locator('button').click();
      await mallory.page.getByTestId('note-input').fill(`Note ${SVG} ${SCRIPT}`);
      await mallory.page.getByRole('button', { name: 'Save note' }).click();
      await annotationItems(mallory.page, 'img-label').getByText(`Note ${SVG} ${SCRIPT}`, { exact: true }).waitFor();

      // The curator sees label, note and quote as text in the list, the details and the hover card.
      await openDocument(trent.page, app.server.url, 'hostile', 'payloads', 'A document that tries');
      const item = annotationItems(trent.page, 'img-label');
      await item.getByText(`Note ${SVG} ${SCRIPT}`, { exact: true }).waitFor();
      await item.getByText(`Image ${IMG}`, { exact: true }).waitFor();
      await item.locator('button').click();
      await trent.page.getByTestId('details-label').getByText(`Image ${IMG}`, { exact: true }).waitFor();
      await trent.page.getByTestId('details-note').getByText(`Note ${SVG} ${SCRIPT}`, { exact: true }).waitFor();
      await hoverText(trent.page.locator('.glossa-annotation').first());
      await trent.page.getByTestId('hover-card').getByText(`Note ${SVG} ${SCRIPT}`, { exact: true }).waitFor();

      // The project and document lists show the hostile schema name as text too.
      await trent.page.goto(`${app.server.url}/#/projects/hostile`);
      await trent.page.getByText(`Schema “Hostile ${SCRIPT}”`, { exact: false }).waitFor();

      for (const page of [mallory.page, trent.page]) await expectInert(page);
      for (const incident of incidents) expect(incident).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      await mallory.context.close();
      await trent.context.close();
    }
  });

  it('refuses user names that carry markup', async () => {
    const response = await fetch(`${app.server.url}/api/users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${app.server.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: IMG, role: 'annotator', project: 'hostile', password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('field "name"');
  });
});

describe('accessibility', () => {
  it('has no serious or critical axe-core violation on the login, document list and document pages', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${app.server.url}/#/`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await signIn(page, app.server.url, 'ana');
      await page.goto(`${app.server.url}/#/projects/team`);
      await page.getByTestId('document-table').waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await openDocument(page, app.server.url, 'team', SEED_DOCUMENT, 'Interior Secretary');
      await selectText(page, 'Interior Secretary');
      await page.keyboard.press('1');
      await annotationItems(page, 'militarization').locator('button').click();
      await page.getByTestId('annotation-details').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('has no serious or critical axe-core violation on the export dialog, the curation page and the agreement dashboard', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    try {
      await signIn(page, app.server.url, 'erin');
      await page.goto(`${app.server.url}/#/projects/review`);
      await page.getByRole('button', { name: 'Export…' }).click();
      await page.getByTestId('export-format').selectOption('brat');
      expect(await seriousViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');

      await page.goto(`${app.server.url}/#/projects/review/documents/${SEED_DOCUMENT}/curate`);
      await page.locator('[data-testid="curation"][data-ready="true"]').waitFor();
      await page.locator('[data-testid="disagreement-list"] li').first().waitFor();
      await page.locator('[data-testid="disagreement-list"] li button').first().click();
      expect(await seriousViolations(page)).toEqual([]);
      // The layout radio group works with the keyboard: focus the chosen layout, an arrow key picks the other.
      await page.getByRole('radio', { name: 'Merged' }).focus();
      await page.keyboard.press('ArrowRight');
      await page.locator('.side-by-side').waitFor();
      expect(await page.getByRole('radio', { name: 'Side by side' }).getAttribute('aria-checked')).toBe('true');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Side by side');
      expect(await seriousViolations(page)).toEqual([]);

      await page.goto(`${app.server.url}/#/projects/review/dashboard`);
      await page.locator('[data-testid="dashboard"][data-synced="true"]').waitFor();
      await page.getByTestId('overall-table').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByTestId('unit-select').selectOption('token');
      await page.locator('[data-testid="dashboard"][data-unit="token"][data-ready="true"]').waitFor();
      await page.getByTestId('overall-table').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

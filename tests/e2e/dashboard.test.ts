/**
 * The agreement dashboard in the browser: for the seed corpus annotated
 * independently by two annotators, the figures shown (tables, heat map and
 * bar chart) equal `computeAgreement` on the same layers as the server
 * exports them, in characters (computed in the browser) and in tokens
 * (asked from the server); they follow a change to a layer live, and the
 * page is written to docs/dashboard.png. A new annotator's layer shows up
 * in an open dashboard, document view and curation view without a reload.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { computeAgreement } from '@glossa/core';
import { tokenize } from '@glossa/formats';
import type { AgreementDocument, AgreementReport, AgreementSpan, AgreementUnit } from '@glossa/core';
import { contentRoom, layerRoom, writeAnnotations } from '@glossa/collab';
import { REPO_ROOT } from './support/build.js';
import { annotationItems, recordIncidents } from './support/browser.js';
import { createAnnotatedProject, openRoom } from './support/rooms.js';
import type { JsonlSpan } from './support/rooms.js';
import { useWorkbench } from './support/workbench.js';

const PROJECT = 'seeds';

/** Phrases each annotator marks, by label: a simple, reproducible stand-in for two people reading the seed texts. */
const PATTERNS: readonly { readonly label: string; readonly pattern: RegExp }[] = [
  { label: 'militarization', pattern: /\b(?:military|army|armed forces|militari[sz]\w*)\b/gi },
  { label: 'police-professionalization', pattern: /\bpolice\b/gi },
  { label: 'crime-statistics', pattern: /\b\d+ percent\b/gi },
  { label: 'human-rights', pattern: /\bhuman rights\b/gi },
  { label: 'anti-corruption', pattern: /\bcorrupt\w*\b/gi },
  { label: 'social-prevention', pattern: /\bprevent\w*\b/gi },
  { label: 'drug-policy', pattern: /\bdrugs?\b/gi },
  { label: 'government-coordination', pattern: /\bsecurity\b/gi },
];

interface SeedEntry {
  readonly id: string;
  readonly file: string;
}

function codePoints(text: string, utf16: number): number {
  return [...text.slice(0, utf16)].length;
}

/**
 * Alice marks every match; Bob skips every fifth, gives every fifth another
 * label, and stretches every fifth to the end of the next word.
 */
function seedLayers(text: string, counter: { n: number }): JsonlSpan[] {
  const spans: JsonlSpan[] = [];
  for (const { label, pattern } of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      spans.push({ start: codePoints(text, start), end: codePoints(text, end), label, annotator: 'alice' });
      const i = counter.n++;
      if (i % 5 === 0) continue;
      const next = /\s\S+/y;
      next.lastIndex = end;
      const stretched = i % 5 === 2 && next.test(text) ? next.lastIndex : end;
      spans.push({ start: codePoints(text, start), end: codePoints(text, stretched), label: i % 5 === 1 ? 'political-context' : label, annotator: 'bob' });
    }
  }
  return spans;
}

const app = useWorkbench(async (server) => {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'seeds/manifest.json'), 'utf8')) as { documents: SeedEntry[] };
  const counter = { n: 0 };
  const documents = manifest.documents.map((entry) => {
    const text = readFileSync(path.join(REPO_ROOT, 'seeds', entry.file), 'utf8');
    return { id: entry.id, text, spans: seedLayers(text, counter) };
  });
  await createAnnotatedProject(server, PROJECT, 'independent', documents);
  await server.addUser('alice', 'annotator', PROJECT);
  await server.addUser('bob', 'annotator', PROJECT);
  await server.addUser('erin', 'curator', PROJECT);
});

/** The annotators' layers as the server exports them, in UTF-16 offsets, ready for `computeAgreement`. */
async function exportedCorpus(): Promise<AgreementDocument[]> {
  return (await app.server.exportedRecords(PROJECT)).map((record) => {
    const points = [...record.text];
    const utf16 = (cp: number): number => points.slice(0, cp).join('').length;
    const layers: Record<string, AgreementSpan[]> = {};
    for (const span of record.spans) {
      const layer = span.annotator ?? 'shared';
      (layers[layer] ??= []).push({ start: utf16(span.start), end: utf16(span.end), label: span.label });
    }
    return { id: record.id, text: record.text, layers };
  });
}

/** How the dashboard prints a measure. */
function printed(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(3);
}

const MEASURES = ['kappa', 'fleiss', 'alpha', 'alpha_u', 'f1_exact', 'f1_overlap'] as const;

/** What the report says the dashboard must show, in the shape `shownFigures` reads it. */
function expectedFigures(report: AgreementReport): ShownFigures {
  return {
    overall: MEASURES.map((m) => printed(report.overall[m])),
    labels: Object.entries(report.labels).map(([label, row]) => [label, ...MEASURES.map((m) => printed(row[m])), String(row.support)]),
    pairs: report.pairs.map((p) => [p.a, p.b, printed(p.kappa), printed(p.f1_exact), printed(p.f1_overlap)]),
    heatMap: report.pairs.flatMap((p) => [
      [p.a, p.b, p.kappa === null ? '' : String(p.kappa)],
      [p.b, p.a, p.kappa === null ? '' : String(p.kappa)],
    ]),
    bars: Object.entries(report.labels).map(([label, row]) => [label, row.kappa === null ? '' : String(row.kappa)]),
  };
}

interface ShownFigures {
  readonly overall: readonly string[];
  readonly labels: readonly (readonly string[])[];
  readonly pairs: readonly (readonly string[])[];
  readonly heatMap: readonly (readonly string[])[];
  readonly bars: readonly (readonly string[])[];
}

/** The figures the page shows: table cells as text, chart marks by their exact values. */
async function shownFigures(page: Page): Promise<ShownFigures> {
  return page.evaluate((measures) => {
    const text = (element: Element | null): string => element?.textContent?.trim() ?? '';
    const overallRow = document.querySelector('[data-testid="overall-table"] tbody tr');
    return {
      overall: measures.map((m) => text(overallRow?.querySelector(`[data-measure="${m}"]`) ?? null)),
      labels: Array.from(document.querySelectorAll('[data-testid="label-table"] tbody tr')).map((row) => [
        row.getAttribute('data-label') ?? '',
        ...measures.map((m) => text(row.querySelector(`[data-measure="${m}"]`))),
        text(row.querySelector('[data-measure="support"]')),
      ]),
      pairs: Array.from(document.querySelectorAll('[data-testid="pair-table"] tbody tr')).map((row) => [
        row.getAttribute('data-a') ?? '',
        row.getAttribute('data-b') ?? '',
        ...['kappa', 'f1_exact', 'f1_overlap'].map((m) => text(row.querySelector(`[data-measure="${m}"]`))),
      ]),
      heatMap: Array.from(document.querySelectorAll('[data-testid="pair-heat-map"] .heat-cell')).map((cell) => [cell.getAttribute('data-a') ?? '', cell.getAttribute('data-b') ?? '', cell.getAttribute('data-value') ?? '']),
      bars: Array.from(document.querySelectorAll('[data-testid="label-chart"] .bar')).map((bar) => [bar.getAttribute('data-key') ?? '', bar.getAttribute('data-value') ?? '']),
    };
  }, MEASURES);
}

function sortRows(rows: readonly (readonly string[])[]): string[] {
  return rows.map((row) => row.join('|')).sort();
}

describe('agreement dashboard', () => {
  it('shows the figures of computeAgreement on the annotators’ layers and follows changes live', async () => {
    const { context, page } = await app.signIn('erin');
    const incidents = recordIncidents(page);
    try {
      await page.goto(`${app.server.url}/#/projects/${PROJECT}`);
      await page.getByRole('link', { name: 'Agreement dashboard' }).click();
      await page.locator('[data-testid="dashboard"][data-synced="true"]').waitFor();

      const report = computeAgreement({ documents: await exportedCorpus() });
      // The corpus gives real figures: every label has support and κ is defined.
      expect(report.documents).toBe(5);
      expect(Object.keys(report.labels).length).toBeGreaterThanOrEqual(5);
      expect(report.overall.kappa).not.toBeNull();
      const expected = expectedFigures(report);
      await expect.poll(async () => (await shownFigures(page)).overall).toEqual(expected.overall);
      const shown = await shownFigures(page);
      expect(sortRows(shown.labels)).toEqual(sortRows(expected.labels));
      expect(sortRows(shown.pairs)).toEqual(sortRows(expected.pairs));
      expect(sortRows(shown.heatMap)).toEqual(sortRows(expected.heatMap));
      expect(sortRows(shown.bars)).toEqual(sortRows(expected.bars));

      // Accessible charts: named images with a description, and the definitions on the page.
      for (const id of ['pair-heat-map', 'label-chart']) {
        const chart = page.getByTestId(id);
        expect(await chart.getAttribute('role')).toBe('img');
        expect(await chart.locator('title').first().textContent()).not.toBe('');
        expect(await chart.locator('desc').textContent()).toContain(';');
      }
      await page.getByTestId('agreement-definitions').filter({ hasText: 'κ (Cohen, mean over pairs): Cohen’s κ of each pair of annotators over the documents both have, then the mean over the pairs where it is defined.' }).waitFor();

      // Progress: both annotators have spans in all five documents.
      expect(await page.locator('[data-testid="annotator-progress"] tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent))).toEqual([
        expect.stringContaining('5 of 5'),
        expect.stringContaining('5 of 5'),
      ]);

      mkdirSync(path.join(REPO_ROOT, 'docs'), { recursive: true });
      await page.screenshot({ path: path.join(REPO_ROOT, 'docs/dashboard.png'), fullPage: true });

      // Bob adds a span with a stock client: the dashboard recomputes without a reload.
      const token = app.server.server.tokens.issue('bob', 'api', null).token;
      const doc = report.perDocument[0]?.doc as string;
      const content = await openRoom(app.server, contentRoom(PROJECT, doc), token);
      const layer = await openRoom(app.server, layerRoom(PROJECT, doc, 'bob'), token);
      try {
        const before = await shownFigures(page);
        writeAnnotations(layer.doc, content.doc, [{ id: 'late', start: 0, end: 4, label: 'boilerplate', author: 'bob', status: 'proposed', note: '', created: 0, source: 'human' }]);
        let after: AgreementReport | undefined;
        await expect
          .poll(async () => {
            after = computeAgreement({ documents: await exportedCorpus() });
            return Object.keys(after.labels).includes('boilerplate');
          })
          .toBe(true);
        const expectedAfter = expectedFigures(after as AgreementReport);
        await expect.poll(async () => sortRows((await shownFigures(page)).labels)).toEqual(sortRows(expectedAfter.labels));
        expect((await shownFigures(page)).overall).toEqual(expectedAfter.overall);
        expect(sortRows(before.labels)).not.toEqual(sortRows(expectedAfter.labels));
      } finally {
        content.destroy();
        layer.destroy();
      }
      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      await context.close();
    }
  });

  it('shows the server’s token figures and picks up a new annotator’s layer in the dashboard, the document view and curation', async () => {
    const { context, page } = await app.signIn('erin');
    const incidents = recordIncidents(page);
    const doc = (await exportedCorpus())[0]?.id as string;
    const editor = await context.newPage();
    const curation = await context.newPage();
    try {
      await page.goto(`${app.server.url}/#/projects/${PROJECT}/dashboard`);
      await page.locator('[data-testid="dashboard"][data-synced="true"]').waitFor();
      await page.getByTestId('unit-select').selectOption('token');
      await page.locator('[data-testid="dashboard"][data-unit="token"][data-ready="true"]').waitFor();
      const measured = async (unit: AgreementUnit): Promise<ShownFigures> => expectedFigures(computeAgreement({ documents: await exportedCorpus(), unit, tokenize }));
      const tokens = await measured('token');
      await expect.poll(async () => (await shownFigures(page)).overall).toEqual(tokens.overall);
      expect(sortRows((await shownFigures(page)).labels)).toEqual(sortRows(tokens.labels));
      expect(sortRows((await shownFigures(page)).pairs)).toEqual(sortRows(tokens.pairs));
      // Tokens are not characters: the figures differ.
      expect(tokens.labels).not.toEqual((await measured('char')).labels);
      await page.getByText(/units \(tokens\)/).waitFor();

      // A curator's document view and curation view are open before Carol starts.
      await editor.goto(`${app.server.url}/#/projects/${PROJECT}/documents/${encodeURIComponent(doc)}`);
      await editor.locator('.ProseMirror').waitFor();
      await curation.goto(`${app.server.url}/#/projects/${PROJECT}/documents/${encodeURIComponent(doc)}/curate`);
      await curation.locator('[data-testid="curation"][data-ready="true"]').waitFor();
      expect(await editor.locator('.layer-toggles input[data-layer="carol"]').count()).toBe(0);

      // Carol, a new annotator, annotates with a stock client: her layer is created on the server.
      await app.server.addUser('carol', 'annotator', PROJECT);
      const token = app.server.server.tokens.issue('carol', 'api', null).token;
      const content = await openRoom(app.server, contentRoom(PROJECT, doc), token);
      const layer = await openRoom(app.server, layerRoom(PROJECT, doc, 'carol'), token);
      try {
        const text = (await exportedCorpus()).find((d) => d.id === doc)?.text ?? '';
        const start = text.search(/\S/);
        writeAnnotations(layer.doc, content.doc, [{ id: 'c1', start, end: start + 5, label: 'boilerplate', author: 'carol', status: 'proposed', note: '', created: 0, source: 'human' }]);
        await expect.poll(async () => (await exportedCorpus()).some((d) => d.layers['carol'] !== undefined)).toBe(true);

        // The dashboard compares Carol too, in tokens as the server counts them.
        await page.locator('[data-testid="annotator-progress"] tr[data-annotator="carol"]').waitFor();
        await page.locator('[data-testid="pair-table"] tr[data-b="carol"]').first().waitFor();
        const withCarol = await measured('token');
        await expect.poll(async () => sortRows((await shownFigures(page)).pairs), { timeout: 10_000 }).toEqual(sortRows(withCarol.pairs));

        // The document view offers her layer and lists her annotation; curation shows her layer.
        await editor.locator('.layer-toggles input[data-layer="carol"]').waitFor();
        await annotationItems(editor).and(editor.locator('[data-author="carol"]')).waitFor();
        await curation.locator('.legend li', { hasText: 'carol' }).waitFor();
      } finally {
        content.destroy();
        layer.destroy();
      }
      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      await context.close();
    }
  });
});

/// <reference lib="dom" />
/**
 * What helps reading and annotating a document: label names on the spans
 * (a setting, kept by the browser across reloads), so that seventeen labels
 * can be told apart without hovering and without color; the shortcut help
 * on `?`, listing every key of the document view and the project's label
 * keys, not clipped at 1024 or 1400 pixels; the line saying what the keys
 * do, in the window wherever the text is scrolled; and, before a label key
 * is pressed, the stretch it will annotate (the selection snapped to whole
 * words, edge punctuation left out), in words and marked in the text.
 * axe-core finds nothing serious with the tags and the help shown.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SHORTCUT_GROUPS } from '../../apps/workbench/src/shortcuts.js';
import { openDocument, recordIncidents, selectText } from './support/browser.js';
import { seriousViolations } from './support/axe.js';
import { SEED_DOCUMENT, seedDocument, seedSchema } from './support/server.js';
import { createAnnotatedProject, spanPerParagraph } from './support/rooms.js';
import { useWorkbench } from './support/workbench.js';

const LABELS = seedSchema().labels;
const PARAGRAPHS = 200;

/** Paragraph `i`: a sentence whose first words carry label `i` (one paragraph per label of the schema, then more). */
function paragraph(i: number): string {
  return `Item ${i} names a measure of district ${i}, and the report of the ministry goes on about it for a while so that the line wraps.`;
}

const LONG = spanPerParagraph(
  Array.from({ length: PARAGRAPHS }, (_, i) => paragraph(i)),
  (i) => `Item ${i}`,
  (i) => ({ label: (LABELS[i % LABELS.length] ?? LABELS[0])?.id ?? 'militarization', annotator: 'shared', author: 'alice' }),
);

const app = useWorkbench(async (server) => {
  await createAnnotatedProject(server, 'reading', 'shared', [{ id: 'long', text: LONG.text, spans: LONG.spans }]);
  await server.createProject('team', 'shared', [await seedDocument()]);
  await server.addUser('kim', 'annotator', 'reading');
  await server.addUser('lia', 'annotator', 'team');
});

/** The label tags in the text, in document order. */
function tags(page: Page): Promise<string[]> {
  return page.locator('.glossa-label-tag').allTextContents();
}

/** The text of each range of the label key preview highlight. */
function previewHighlight(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const highlight = CSS.highlights.get('glossa-label-key-preview');
    return highlight === undefined ? [] : Array.from(highlight, (range) => range.toString());
  });
}

describe('label names on spans', () => {
  it('shows each span’s label name when the setting is on, keeps the setting across reloads, and tells all labels apart', async () => {
    const { context, page } = await app.signIn('kim');
    const incidents = recordIncidents(page);
    try {
      await openDocument(page, app.server.url, 'reading', 'long', 'Item 0 names');
      await page.locator('.glossa-annotation').first().waitFor();
      expect(await tags(page)).toEqual([]);
      // With the keyboard: reach the setting and press Space.
      await page.getByTestId('label-names-setting').focus();
      await page.keyboard.press('Space');
      await page.locator('.glossa-label-tag').first().waitFor();
      const shown = await tags(page);
      expect(shown.slice(0, LABELS.length)).toEqual(LABELS.map((label) => label.name));
      expect(new Set(shown.slice(0, LABELS.length)).size).toBe(LABELS.length);
      // A tag sits before its span's text and is no part of the text.
      const first = await page.locator('.ProseMirror p').first().evaluate((p) => ({ text: p.textContent, tag: p.querySelector('.glossa-label-tag')?.getAttribute('contenteditable') }));
      expect(first).toEqual({ text: `${LABELS[0]?.name ?? ''}${paragraph(0)}`, tag: 'false' });
      expect(await seriousViolations(page)).toEqual([]);

      await page.reload();
      await page.locator('.glossa-label-tag').first().waitFor();
      expect(await page.getByTestId('label-names-setting').isChecked()).toBe(true);
      await page.getByTestId('label-names-setting').uncheck();
      await page.locator('.glossa-label-tag').first().waitFor({ state: 'detached' });
      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      await context.close();
    }
  });
});

describe('shortcut help and the key line', () => {
  it.each([1024, 1400])('lists every key on ? at %i pixels wide, unclipped, and keeps the key line in the window', async (width) => {
    const { context, page } = await app.signIn('kim', { width, height: 800 });
    try {
      await openDocument(page, app.server.url, 'reading', 'long', 'Item 0 names');
      // The line saying what the keys do stays in the window three quarters down the text.
      await page.locator('.ProseMirror p').nth(Math.floor(PARAGRAPHS * 0.75)).scrollIntoViewIfNeeded();
      const hint = await page.getByTestId('key-hint').boundingBox();
      expect(hint !== null && hint.y >= 0 && hint.y + hint.height <= 800).toBe(true);
      expect(await page.getByTestId('key-hint').textContent()).toContain('Press ? for every key');

      await page.locator('.ProseMirror').focus();
      await page.keyboard.press('?');
      const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await help.waitFor();
      const text = (await help.textContent()) ?? '';
      for (const row of SHORTCUT_GROUPS.flatMap((group) => group.shortcuts)) expect(text, row.keys).toContain(row.keys);
      for (const label of LABELS.filter((l) => l.hotkey !== undefined)) expect(text).toContain(`label the selection ${label.name}`);
      expect(text).toContain('snapped to whole words');
      expect(await page.evaluate(() => Array.from(document.querySelectorAll('dialog[open], dialog[open] *'), (e) => e.scrollWidth - e.clientWidth).filter((d) => d > 0))).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await help.waitFor({ state: 'detached' });

      // `?` typed into a field is a character, not the help.
      await page.getByTestId('find-input').focus();
      await page.keyboard.press('?');
      expect(await page.getByTestId('find-input').inputValue()).toBe('?');
      expect(await help.count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

describe('what a label key will annotate', () => {
  it('shows the snapped stretch before the key is pressed, in words and in the text, and the key annotates exactly it', async () => {
    const { context, page } = await app.signIn('lia');
    const incidents = recordIncidents(page);
    try {
      await openDocument(page, app.server.url, 'team', SEED_DOCUMENT, 'Interior Secretary');
      // A selection that cuts words grows to take them whole.
      await selectText(page, 'terior Secretary Mig');
      await page.getByTestId('label-key-preview').filter({ hasText: 'A label key annotates “Interior Secretary Miguel”' }).waitFor();
      expect(await previewHighlight(page)).toEqual(['Interior Secretary Miguel']);

      // Quotes, spaces and a comma at the edges are left out; the keyboard makes the selection here.
      await selectText(page, '"strong social fabric" ');
      await page.getByTestId('label-key-preview').filter({ hasText: '“strong social fabric”' }).waitFor();
      expect(await previewHighlight(page)).toEqual(['strong social fabric']);
      await page.keyboard.press('Shift+ArrowRight');
      await page.keyboard.press('Shift+ArrowRight');
      await page.getByTestId('label-key-preview').filter({ hasText: '“strong social fabric" and”' }).waitFor();
      expect(await previewHighlight(page)).toEqual(['strong social fabric" and']);
      await page.keyboard.press('Shift+ArrowLeft');
      await page.keyboard.press('Shift+ArrowLeft');
      // The browser moves the selection and the editor reads it on selectionchange: press the key once the preview shows it.
      await page.getByTestId('label-key-preview').filter({ hasText: '“strong social fabric”' }).waitFor();
      await page.keyboard.press('5');
      const text = [...(await seedDocument()).text];
      await expect.poll(async () => (await app.server.exportedSpans('team', SEED_DOCUMENT)).map((span) => text.slice(span.start, span.end).join(''))).toEqual(['strong social fabric']);
      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      await context.close();
    }
  });
});

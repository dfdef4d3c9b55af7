/**
 * The workbench laid out at 1024 and 1400 pixels wide: no dialog and no
 * panel of the document view is clipped (nothing wider than its box); the
 * selected annotation's card stays in the window after selecting an
 * annotation three quarters down a long document; and the hover card of an
 * annotation leaves the line below it readable.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { clickText, hoverText, openDocument, recordIncidents } from './support/browser.js';
import { createAnnotatedProject, spanPerParagraph } from './support/rooms.js';
import { useWorkbench } from './support/workbench.js';

const PROJECT = 'reports';
const DOC = 'patrols';
const PARAGRAPHS = 400;
/** The paragraph whose annotation is selected: three quarters down the document. */
const TARGET = 300;

/** Paragraph `i`: a sentence naming district `i` (the annotated words) near its start, long enough to wrap. */
function paragraph(i: number): string {
  return `Report ${i}: the army patrolled district ${i} while the police counted ${i % 97} percent fewer incidents near the old market square, and the mayor asked for more street lighting.`;
}

/** The text, and one annotation of the shared layer per paragraph on “district <i>”. */
const { text: TEXT, spans: SPANS } = spanPerParagraph(
  Array.from({ length: PARAGRAPHS }, (_, i) => paragraph(i)),
  (i) => `district ${i}`,
  () => ({ label: 'militarization', annotator: 'shared', author: 'alice' }),
);

const app = useWorkbench(async (server) => {
  await createAnnotatedProject(server, PROJECT, 'shared', [{ id: DOC, text: TEXT, spans: SPANS }]);
  await server.addUser('carla', 'curator', PROJECT);
  await server.addUser('alice', 'annotator', PROJECT);
});

const WIDTHS = [1024, 1400] as const;

/** The elements matching `selector` whose content is wider than their box, described. */
function clipped(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements) =>
    elements.filter((e) => e.scrollWidth > e.clientWidth).map((e) => `${e.tagName.toLowerCase()}.${e.className} (${e.scrollWidth} in ${e.clientWidth})`),
  );
}

/** Whether a box lies inside the window. */
function inWindow(page: Page, box: { x: number; y: number; width: number; height: number } | null): boolean {
  const size = page.viewportSize();
  return box !== null && size !== null && box.y >= 0 && box.x >= 0 && box.y + box.height <= size.height && box.x + box.width <= size.width;
}

describe.each(WIDTHS)('at %i pixels wide', (width) => {
  it('clips no dialog and no panel, and keeps the selected annotation’s card in the window', async () => {
    const { context, page } = await app.signIn('carla', { width, height: 800 });
    const incidents = recordIncidents(page);
    try {
      await page.goto(`${app.server.url}/#/projects/${PROJECT}`);
      for (const [button, title] of [
        ['Import…', 'Import documents'],
        ['Export…', 'Export annotations'],
        ['Sign out', 'Sign out'],
      ] as const) {
        await page.getByRole('button', { name: button, exact: true }).click();
        const dialog = page.getByRole('dialog', { name: title });
        await dialog.waitFor();
        expect(await clipped(page, 'dialog[open]'), title).toEqual([]);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
      }

      await openDocument(page, app.server.url, PROJECT, DOC, 'Report 0:');
      await page.locator('.glossa-annotation').first().waitFor();
      expect(await clipped(page, '.palette-pane, .side-pane, .side-pane .panel, .text-pane')).toEqual([]);

      // Select the annotation three quarters down by clicking it in the text.
      const target = page.locator('.ProseMirror p').nth(TARGET);
      await target.scrollIntoViewIfNeeded();
      const annotation = target.locator('.glossa-annotation', { hasText: `district ${TARGET}` });
      await clickText(annotation);
      const card = page.getByTestId('annotation-details').filter({ hasText: `district ${TARGET}` });
      await card.waitFor();
      expect(inWindow(page, await card.boundingBox()), 'the card is in the window').toBe(true);
      expect(inWindow(page, await annotation.boundingBox()), 'the annotation is in the window').toBe(true);
      expect(await clipped(page, '.side-pane, .side-pane .panel')).toEqual([]);

      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      await context.close();
    }
  });
});

describe('hover card', () => {
  it('does not cover the hovered line nor the line below it', async () => {
    const { context, page } = await app.signIn('alice');
    try {
      await openDocument(page, app.server.url, PROJECT, DOC, 'Report 0:');
      const annotation = page.locator('.ProseMirror p').nth(3).locator('.glossa-annotation');
      await hoverText(annotation);
      const card = page.getByTestId('hover-card');
      await card.filter({ hasText: 'Militarization' }).waitFor();
      const cardBox = await card.boundingBox();
      // The line boxes of the hovered paragraph and the next one, from the rectangles of their text.
      const lines = await page.locator('.ProseMirror p').evaluateAll((paragraphs) =>
        paragraphs.slice(3, 5).flatMap((p) => {
          const range = document.createRange();
          range.selectNodeContents(p);
          return Array.from(range.getClientRects()).map((r) => ({ top: r.top, bottom: r.bottom, left: r.left, right: r.right }));
        }),
      );
      const hovered = await annotation.boundingBox();
      if (cardBox === null || hovered === null) throw new Error('the card or the annotation has no box');
      const hoveredLine = { top: hovered.y, bottom: hovered.y + hovered.height };
      const below = lines.filter((line) => line.top >= hoveredLine.bottom - 1).sort((a, b) => a.top - b.top);
      const nextLineTop = below[0]?.top;
      if (nextLineTop === undefined) throw new Error('no line below the hovered one');
      const covered = [...lines.filter((line) => line.top < hoveredLine.bottom && line.bottom > hoveredLine.top), ...below.filter((line) => line.top === nextLineTop)].filter(
        (line) => cardBox.y < line.bottom && cardBox.y + cardBox.height > line.top && cardBox.x < line.right && cardBox.x + cardBox.width > line.left,
      );
      expect(covered).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

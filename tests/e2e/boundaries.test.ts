/// <reference lib="dom" />
/**
 * Adjusting an annotation's boundaries in the document view: the selected
 * annotation has a handle at each end; dragging one moves that boundary
 * (shown while dragging, written on release). With the keyboard, Alt+B
 * starts adjusting: ← / → move the end and Shift+← / → the start by a
 * character, with Ctrl or Alt by a word, Enter ends it; Ctrl+Z undoes a
 * move. The server gets each new range. axe-core finds nothing serious
 * while adjusting.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { annotationItems, openDocument, recordIncidents, selectText, caretToStart } from './support/browser.js';
import { seriousViolations } from './support/axe.js';
import { SEED_DOCUMENT, seedDocument } from './support/server.js';
import { useWorkbench } from './support/workbench.js';

const SAMPLE = 'Interior Secretary';

const app = useWorkbench(async (server) => {
  await server.createProject('team', 'shared', [await seedDocument()]);
  await server.addUser('kim', 'annotator', 'team');
});

/** The quote of each exported span. */
async function exportedQuotes(): Promise<string[]> {
  const text = [...(await seedDocument()).text];
  return (await app.server.exportedSpans('team', SEED_DOCUMENT)).map((span) => text.slice(span.start, span.end).join(''));
}

/** A point just inside the left or right edge of the first occurrence of `text` in the editor, at mid-height. */
function textEdge(page: Page, text: string, side: 'left' | 'right'): Promise<{ x: number; y: number }> {
  return page.locator('.ProseMirror').evaluate(
    (editor, { text, side }) => {
      for (const paragraph of Array.from(editor.querySelectorAll('p'))) {
        const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          if (node.parentElement?.closest('[contenteditable="false"]') != null) continue;
          const at = (node as Text).data.indexOf(text);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, side === 'left' ? at : at + text.length - 1);
          range.setEnd(node, side === 'left' ? at + 1 : at + text.length);
          const box = range.getBoundingClientRect();
          return { x: side === 'left' ? box.left + 1 : box.right - 1, y: box.top + box.height / 2 };
        }
      }
      throw new Error(`no text node holds ${JSON.stringify(text)}`);
    },
    { text, side },
  );
}

/** Drags the selected annotation's handle of `boundary` to `to`. */
async function dragHandle(page: Page, boundary: 'start' | 'end', to: { x: number; y: number }): Promise<void> {
  const handle = page.locator(`.glossa-boundary-handle[data-boundary="${boundary}"]`);
  const box = await handle.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    return { x: rect.left, y: rect.top + rect.height / 2 };
  });
  await page.mouse.move(box.x, box.y);
  await page.mouse.down();
  await page.mouse.move((box.x + to.x) / 2, (box.y + to.y) / 2, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.locator('.glossa-boundary-preview').first().waitFor();
  await page.mouse.up();
}

/** The quote the selected annotation's card shows. */
function cardQuote(page: Page): Promise<string | null> {
  return page.getByTestId('annotation-details').locator('.quote').textContent();
}

describe('annotation boundaries', () => {
  it('moves with the handles and, after Alt+B, with the arrow keys by a character or a word', async () => {
    const { context, page } = await app.signIn('kim');
    const incidents = recordIncidents(page);
    try {
      await openDocument(page, app.server.url, 'team', SEED_DOCUMENT, SAMPLE);
      await selectText(page, SAMPLE);
      await page.keyboard.press('1');
      await annotationItems(page, 'militarization').waitFor();
      expect(await page.locator('.glossa-boundary-handle').count()).toBe(0);

      // Select it from the keyboard: its handles appear.
      await caretToStart(page);
      await page.keyboard.press('Alt+ArrowDown');
      await page.getByTestId('annotation-details').waitFor();
      expect(await page.locator('.glossa-boundary-handle').evaluateAll((handles) => handles.map((h) => h.getAttribute('data-boundary')))).toEqual(['start', 'end']);

      // Drag the end over the next word, then the start to "Secretary".
      await dragHandle(page, 'end', await textEdge(page, 'Miguel', 'right'));
      await expect.poll(exportedQuotes).toEqual(['Interior Secretary Miguel']);
      expect(await cardQuote(page)).toBe('“Interior Secretary Miguel”');
      await dragHandle(page, 'start', await textEdge(page, 'Secretary Miguel', 'left'));
      await expect.poll(exportedQuotes).toEqual(['Secretary Miguel']);

      // The keyboard: Alt+B, then the arrows.
      await page.locator('.ProseMirror').focus();
      await page.keyboard.press('Alt+b');
      await page.getByTestId('key-hint').filter({ hasText: 'Adjusting boundaries' }).waitFor();
      expect(await page.locator('.glossa-boundary-handle-active').count()).toBe(2);
      expect(await seriousViolations(page)).toEqual([]);
      const steps: [string, string][] = [
        ['ArrowRight', 'Secretary Miguel '],
        ['Control+ArrowRight', 'Secretary Miguel Ángel'],
        ['Alt+ArrowLeft', 'Secretary Miguel'],
        ['Shift+ArrowLeft', ' Secretary Miguel'],
        ['Control+Shift+ArrowLeft', 'Interior Secretary Miguel'],
        ['ArrowLeft', 'Interior Secretary Migue'],
      ];
      for (const [key, quote] of steps) {
        await page.keyboard.press(key);
        await expect.poll(() => cardQuote(page), { message: key }).toBe(`“${quote}”`);
      }
      await expect.poll(exportedQuotes).toEqual(['Interior Secretary Migue']);

      // Ctrl+Z takes back the last move; Enter ends adjusting, and the arrows move the caret again.
      await page.keyboard.press('Control+z');
      await expect.poll(exportedQuotes).toEqual(['Interior Secretary Miguel']);
      await page.keyboard.press('Enter');
      await page.getByTestId('key-hint').filter({ hasText: 'Select text, then press' }).waitFor();
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      expect(await exportedQuotes()).toEqual(['Interior Secretary Miguel']);
      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      await context.close();
    }
  });
});

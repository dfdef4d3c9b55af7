/**
 * A large document in the browser: about 220 kB of text in 2,000
 * paragraphs with 2,000 annotations. A curator opens it, types into the
 * first paragraph (the text lands in the editor and on the server, and the
 * annotation next to the typing keeps its exact text in the editor, the
 * side panel and the export), scrolls to the end and finds the last
 * annotation drawn there, and selects it with a click. Only the part of the
 * text near the screen is decorated. No timing is asserted.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { annotationItems, openDocument, recordIncidents } from './support/browser.js';
import { createAnnotatedProject, spanPerParagraph } from './support/rooms.js';
import { useWorkbench } from './support/workbench.js';

const PROJECT = 'archive';
const DOC = 'reports';
const PARAGRAPHS = 2_000;

/** Paragraph `i`: a sentence naming district `i` (the annotated words) and some filler. */
function paragraph(i: number): string {
  return `Report ${i}: the army patrolled district ${i} while the police counted ${i % 97} percent fewer incidents near the old market square.`;
}

/** The text, and one annotation per paragraph on “district <i>”. */
const { text: TEXT, spans: SPANS } = spanPerParagraph(
  Array.from({ length: PARAGRAPHS }, (_, i) => paragraph(i)),
  (i) => `district ${i}`,
  (i) => ({ label: i % 2 === 0 ? 'militarization' : 'police-professionalization', annotator: 'alice' }),
);

/**
 * Puts the caret into paragraph `index` of the editor (the DOM selection,
 * which ProseMirror reads): at its start, its end, or `offset` characters
 * in when given. Resolves once the browser has announced the new selection
 * (`selectionchange`, which ProseMirror reads it on) and its listeners ran,
 * so a key pressed next acts at the new caret, not at the previous one.
 */
async function placeCaret(page: Page, where: 'start' | 'end', index = 0, offset?: number): Promise<void> {
  await page.evaluate(
    async ({ where, index, offset }) => {
      const editor = document.querySelector<HTMLElement>('.ProseMirror');
      const paragraph = editor?.querySelectorAll('p')[index];
      if (editor === null || editor === undefined || paragraph === undefined) throw new Error(`no paragraph ${index} in the editor`);
      const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
      const nodes: Node[] = [];
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) nodes.push(node);
      let node = where === 'start' ? nodes[0] : nodes[nodes.length - 1];
      let at = where === 'start' ? 0 : (node?.nodeValue ?? '').length;
      if (offset !== undefined) {
        let rest = offset;
        for (const candidate of nodes) {
          const length = (candidate.nodeValue ?? '').length;
          if (rest <= length) {
            node = candidate;
            at = rest;
            break;
          }
          rest -= length;
        }
      }
      if (node === undefined) throw new Error(`paragraph ${index} has no text`);
      // A caret already there announces nothing: the wait then ends after a second.
      const announced = new Promise<void>((resolve) => {
        document.addEventListener('selectionchange', () => setTimeout(resolve, 0), { once: true });
        setTimeout(resolve, 1_000);
      });
      editor.focus();
      window.getSelection()?.setBaseAndExtent(node, at, node, at);
      await announced;
    },
    { where, index, offset },
  );
}

const app = useWorkbench(async (server) => {
  await createAnnotatedProject(server, PROJECT, 'independent', [{ id: DOC, text: TEXT, spans: SPANS }]);
  await server.addUser('alice', 'annotator', PROJECT);
  await server.addUser('erin', 'curator', PROJECT);
});

/** How long to poll the export for an edit: each poll exports the whole 220 kB document, which a busy machine takes a while to do. */
const EXPORT_POLL = { timeout: 10_000, interval: 100 };

/** The exported text of the document and the text under each of its spans. */
async function exported(): Promise<{ text: string; quotes: string[] }> {
  const [record] = await app.server.exportedRecords(PROJECT);
  if (record === undefined) throw new Error(`the export of ${PROJECT} has no document`);
  const points = [...record.text];
  return { text: record.text, quotes: record.spans.map((s) => points.slice(s.start, s.end).join('')) };
}

describe('a large document', () => {
  it('stays usable: typing lands, spans keep their text, and annotations are drawn where one scrolls', async () => {
    expect(TEXT.length).toBeGreaterThan(200_000);
    const { context, page } = await app.signIn('erin');
    const incidents = recordIncidents(page);
    try {
      await openDocument(page, app.server.url, PROJECT, DOC, 'Report 0: the army');
      await page.getByRole('heading', { name: /Annotations/ }).filter({ hasText: String(PARAGRAPHS) }).waitFor();
      // The list is paged: the first page and a button for more.
      await page.getByTestId('list-more').waitFor();
      expect(await annotationItems(page).count()).toBeLessThan(PARAGRAPHS);

      // Only the text near the screen is decorated: the first annotation is drawn, the last is not yet.
      await page.locator('.glossa-annotation', { hasText: /^district 0$/ }).waitFor();
      expect(await page.locator('.glossa-annotation', { hasText: /^district 1999$/ }).count()).toBe(0);

      // Type at the start of the first paragraph and right before its annotation, in the Edit text mode.
      await page.getByTestId('edit-text').click();
      await placeCaret(page, 'start');
      await page.keyboard.type('Late entry. ');
      await page.locator('.ProseMirror p').first().filter({ hasText: /^Late entry\. Report 0: the army/ }).waitFor();
      await page.locator('.glossa-annotation', { hasText: /^district 0$/ }).waitFor();
      await placeCaret(page, 'end');
      await page.keyboard.type(' Checked.');
      await page.locator('.ProseMirror p').first().filter({ hasText: /square\. Checked\.$/ }).waitFor();

      // The side panel (rebuilt once typing pauses) quotes the same text.
      await annotationItems(page).first().filter({ hasText: '“district 0”' }).waitFor();

      // The server has the typing, and the span still covers “district 0”.
      await expect.poll(async () => (await exported()).text.startsWith('Late entry. Report 0: the army patrolled district 0 '), EXPORT_POLL).toBe(true);
      await expect.poll(async () => (await exported()).text.split('\n')[0]?.endsWith('square. Checked.'), EXPORT_POLL).toBe(true);
      const { quotes } = await exported();
      expect(quotes).toHaveLength(PARAGRAPHS);
      expect(quotes.every((quote, i) => quote === `district ${i}`)).toBe(true);

      // Split the second paragraph inside its annotation: the editor, the side panel and the server agree on the span.
      await placeCaret(page, 'start', 1, 'Report 1: the army patrolled distr'.length);
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await exported()).quotes[1], EXPORT_POLL).not.toBe('district 1');
      const split = (await exported()).quotes[1] as string;
      const flat = split.replace(/\s+/g, ' ');
      await annotationItems(page).nth(1).filter({ hasText: `“${flat}”` }).waitFor();
      expect(await page.locator('.glossa-annotation', { hasText: /^ict 1$/ }).count()).toBe(split.endsWith('ict 1') ? 1 : 0);

      // Scroll to the end: the last annotation is drawn there and a click selects it.
      await page.locator('.ProseMirror p').last().scrollIntoViewIfNeeded();
      const last = page.locator('.glossa-annotation', { hasText: /^district 1999$/ });
      await last.waitFor();
      expect(await last.isVisible()).toBe(true);
      await last.click();
      await page.getByTestId('annotation-details').filter({ hasText: 'district 1999' }).waitFor();

      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      await context.close();
    }
  });
});

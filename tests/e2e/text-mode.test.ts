/// <reference lib="dom" />
/**
 * Annotating never changes the text. An admin starts annotating, like
 * everyone: typing a key that is no label key over a selection, Backspace,
 * Delete and Enter on it, cutting, pasting, dropping text, dragging the
 * selection elsewhere and composing with an input method all leave the
 * text as it was, in the editor and on the server. *Edit text* (reached and
 * pressed with the keyboard) unlocks it: typing and pasting change it, and
 * Ctrl+Z undoes the text only, while the annotations keep their own
 * history. An annotator is offered no *Edit text*.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { annotationItems, openDocument, recordIncidents, selectText, caretToStart } from './support/browser.js';
import { SEED_DOCUMENT, seedDocument } from './support/server.js';
import { useWorkbench } from './support/workbench.js';

const SAMPLE = 'Interior Secretary';

const app = useWorkbench(async (server) => {
  await server.createProject('team', 'shared', [await seedDocument()]);
  await server.addUser('ada', 'admin', 'team');
  await server.addUser('kim', 'annotator', 'team');
});

/** The text of the document as the server exports it. */
async function exportedText(): Promise<string> {
  return (await app.server.exportedRecords('team')).find((record) => record.id === SEED_DOCUMENT)?.text ?? '';
}

/** The text in the editor, paragraphs joined by `\n` (widgets left out). */
function editorText(page: Page): Promise<string> {
  return page.locator('.ProseMirror').evaluate((editor) =>
    Array.from(editor.querySelectorAll('p'), (p) => {
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      let text = '';
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) if (node.parentElement?.closest('[contenteditable="false"]') == null) text += (node as Text).data;
      return text;
    }).join('\n'),
  );
}

/** Dispatches a paste or a drop of `text` at the editor, as another application would deliver it. */
function deliverText(page: Page, type: 'paste' | 'drop', text: string): Promise<boolean> {
  return page.locator('.ProseMirror').evaluate(
    (editor, { type, text }) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      const box = editor.querySelector('p')?.getBoundingClientRect();
      const event =
        type === 'paste'
          ? new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
          : new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true, clientX: (box?.left ?? 0) + 5, clientY: (box?.top ?? 0) + 5 });
      return editor.dispatchEvent(event);
    },
    { type, text },
  );
}

/** Drags the selected text from the middle of `SAMPLE` to the start of the document, as a mouse does. */
async function dragSelection(page: Page): Promise<void> {
  const [from, to] = await page.locator('.ProseMirror').evaluate((editor, sample) => {
    const selection = window.getSelection();
    const range = selection?.rangeCount === 1 ? selection.getRangeAt(0) : null;
    if (range === null || range.toString() !== sample) throw new Error(`the selection is ${JSON.stringify(range?.toString())}, not the sample`);
    const inside = range.getClientRects()[0];
    const first = editor.querySelector('p')?.getBoundingClientRect();
    if (inside === undefined || first === undefined) throw new Error('no boxes to drag between');
    return [
      { x: inside.left + inside.width / 2, y: inside.top + inside.height / 2 },
      { x: first.left + 2, y: first.top + 4 },
    ];
  }, SAMPLE);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 8, from.y + 3, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

/** Composes `text` with an input method (Chromium's IME events) where the selection is. */
async function compose(page: Page, text: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: text.slice(0, 1), selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
  await cdp.send('Input.insertText', { text });
  await cdp.detach();
}

describe('annotation mode', () => {
  it('leaves the text unchanged whatever an admin does to a selection, and Edit text changes it with its own undo', async () => {
    const { context, page } = await app.signIn('ada');
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const incidents = recordIncidents(page);
    const original = (await seedDocument()).text;
    try {
      await openDocument(page, app.server.url, 'team', SEED_DOCUMENT, SAMPLE);
      const editor = page.locator('.ProseMirror');
      expect(await editor.getAttribute('aria-readonly')).toBe('true');
      expect(await page.getByTestId('edit-text').getAttribute('aria-pressed')).toBe('false');
      // An annotation first, so that its history can be told from the text's.
      await selectText(page, SAMPLE);
      await page.keyboard.press('1');
      await annotationItems(page, 'militarization').waitFor();

      for (const gesture of ['x', 'Backspace', 'Delete', 'Enter', 'Control+x', 'Control+v', 'Shift+Insert']) {
        await selectText(page, SAMPLE);
        await page.keyboard.press(gesture);
        expect(await editorText(page), gesture).toBe(original);
      }
      await selectText(page, SAMPLE);
      await page.keyboard.type('well done'); // no label key among these letters
      expect(await editorText(page), 'typing').toBe(original);
      for (const type of ['paste', 'drop'] as const) {
        await selectText(page, SAMPLE);
        expect(await deliverText(page, type, 'DELIVERED'), `${type} is cancelled`).toBe(false);
        expect(await editorText(page), type).toBe(original);
      }
      await selectText(page, SAMPLE);
      await dragSelection(page);
      expect(await editorText(page), 'drag').toBe(original);
      await selectText(page, SAMPLE);
      await compose(page, 'かな');
      await expect.poll(() => editorText(page), { message: 'composition' }).toBe(original);
      expect(await exportedText()).toBe(original);
      expect(await annotationItems(page).count()).toBe(1);

      // Edit text, with the keyboard: keys type and paste, and Ctrl+Z undoes the text alone.
      await page.getByTestId('edit-text').focus();
      await page.keyboard.press('Enter');
      expect(await page.getByTestId('edit-text').getAttribute('aria-pressed')).toBe('true');
      expect(await editor.getAttribute('aria-readonly')).toBe('false');
      await page.getByTestId('key-hint').filter({ hasText: 'Editing the text' }).waitFor();
      await editor.focus();
      await caretToStart(page);
      await page.keyboard.type('Edited 1. ');
      await expect.poll(exportedText).toBe(`Edited 1. ${original}`);
      expect(await deliverText(page, 'paste', 'Pasted. ')).toBe(false);
      await expect.poll(exportedText).toMatch(/^Edited 1\. Pasted\. HomeNewsBrief/);
      await page.keyboard.press('Control+z');
      await page.keyboard.press('Control+z');
      await expect.poll(exportedText).toBe(original);
      expect(await annotationItems(page, 'militarization').count()).toBe(1);

      // Back to annotating: Ctrl+Z now undoes the annotation, and the text is locked again.
      await page.getByTestId('edit-text').click();
      expect(await editor.getAttribute('aria-readonly')).toBe('true');
      await editor.focus();
      await page.keyboard.press('Control+z');
      await annotationItems(page, 'militarization').waitFor({ state: 'detached' });
      expect(await exportedText()).toBe(original);
      expect(incidents.pageErrors).toEqual([]);
      expect(incidents.dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('offers an annotator no Edit text', async () => {
    const { context, page } = await app.signIn('kim');
    try {
      await openDocument(page, app.server.url, 'team', SEED_DOCUMENT, SAMPLE);
      expect(await page.locator('.ProseMirror').getAttribute('aria-readonly')).toBe('true');
      expect(await page.getByTestId('edit-text').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

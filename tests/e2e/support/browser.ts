/// <reference lib="dom" />
/**
 * Driving Debian's Chromium with playwright-core: launching it, signing in
 * through the login form, opening a document and selecting text in the
 * editor, and collecting anything that looks like a script running or an
 * error (dialogs, page errors, console errors).
 */
import { expect } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
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

/**
 * Presses Ctrl+Home in the focused editor until the editor holds the caret
 * at the start of the text. ProseMirror reads a moved caret when the
 * browser reports it, and for a moment after it set the selection itself it
 * puts its own back instead; a key pressed next would act at the old place.
 */
export async function caretToStart(page: Page): Promise<void> {
  await expect
    .poll(async () => {
      await page.keyboard.press('Control+Home');
      return page.evaluate(() => {
        document.dispatchEvent(new Event('selectionchange'));
        const selection = window.getSelection();
        const first = document.querySelector('.ProseMirror')?.firstElementChild;
        return selection !== null && selection.isCollapsed && selection.anchorOffset === 0 && first != null && selection.anchorNode !== null && first.contains(selection.anchorNode);
      });
    })
    .toBe(true);
}

/** The window size of browser tests unless one asks for another. */
export const DEFAULT_VIEWPORT = { width: 1400, height: 900 } as const;

/** A new context and page signed in as `user`, with a window of `viewport`. */
export async function signedInPage(browser: Browser, baseUrl: string, user: string, viewport: { readonly width: number; readonly height: number } = DEFAULT_VIEWPORT): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
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

/** A point on the page, in CSS pixels from the viewport's top left corner. */
export interface PagePoint {
  readonly x: number;
  readonly y: number;
}

/** Where a mouse drag over a stretch of text starts and ends. */
export interface TextDrag {
  readonly from: PagePoint;
  readonly to: PagePoint;
}

/**
 * Finds the `occurrence`-th occurrence of `text` in one paragraph of the
 * editor (the text of widgets, such as other users' carets, does not
 * count), scrolls it to the middle of the viewport and returns where a drag
 * that selects exactly it starts and ends: a quarter into its first
 * character's box and three quarters into its last one's, measured with
 * `Range.getClientRects`, so a text that wraps over lines or a font of other
 * metrics still gives points on the text itself.
 *
 * It also focuses the editor with the caret where the drag starts, and has
 * ProseMirror read that caret at once: pressing the mouse in an editor
 * without focus makes ProseMirror, when the browser is slow to place the
 * caret (a busy machine), write its own older selection back 20 ms after
 * the focus (prosemirror-view's focus handler), and the browser then ends
 * the drag selection it had begun.
 */
export function prepareTextDrag(page: Page, text: string, occurrence = 0): Promise<TextDrag> {
  return page.evaluate(
    ({ text, occurrence }) => {
      const editor = document.querySelector<HTMLElement>('.ProseMirror');
      if (editor === null) throw new Error('no editor on the page');
      const isWidgetText = (node: Node): boolean => node.parentElement?.closest('[contenteditable="false"]') != null;
      let seen = 0;
      for (const block of Array.from(editor.querySelectorAll<HTMLElement>('p'))) {
        const nodes: Text[] = [];
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) if (!isWidgetText(node)) nodes.push(node as Text);
        const whole = nodes.map((node) => node.data).join('');
        // The text node and offset of a character index into `whole`.
        const locate = (index: number): [Text, number] => {
          let rest = index;
          for (const node of nodes) {
            if (rest < node.data.length) return [node, rest];
            rest -= node.data.length;
          }
          throw new Error(`index ${index} is past the paragraph`);
        };
        const charRect = (index: number): DOMRect => {
          const [node, offset] = locate(index);
          const range = document.createRange();
          range.setStart(node, offset);
          range.setEnd(node, offset + 1);
          const rect = Array.from(range.getClientRects()).find((r) => r.width > 0 && r.height > 0);
          if (rect === undefined) throw new Error(`character ${index} of ${JSON.stringify(text)} has no box on the page`);
          return rect;
        };
        for (let index = whole.indexOf(text); index >= 0; index = whole.indexOf(text, index + 1)) {
          if (seen++ !== occurrence) continue;
          const [startNode, startOffset] = locate(index);
          startNode.parentElement?.scrollIntoView({ block: 'center' });
          editor.focus({ preventScroll: true });
          // Collapsed, so the press cannot land inside a selection (which would drag that text instead).
          window.getSelection()?.setBaseAndExtent(startNode, startOffset, startNode, startOffset);
          document.dispatchEvent(new Event('selectionchange'));
          const first = charRect(index);
          const last = charRect(index + text.length - 1);
          return {
            from: { x: first.left + first.width / 4, y: first.top + first.height / 2 },
            to: { x: last.right - last.width / 4, y: last.top + last.height / 2 },
          };
        }
      }
      throw new Error(`text ${JSON.stringify(text)} (occurrence ${occurrence}) is not inside one paragraph of the editor`);
    },
    { text, occurrence },
  );
}

/** How many drags `selectText` makes before it gives up. */
const DRAG_ATTEMPTS = 3;

/**
 * Selects the `occurrence`-th occurrence of `text` inside one paragraph of
 * the page's ProseMirror editor as a user does: a mouse drag from its first
 * character to its last, on the boxes of the text itself (see
 * `prepareTextDrag`), and checks that exactly `text` is selected.
 *
 * ProseMirror reads the page's selection when the browser reports it
 * (`selectionchange`, a moment later) and writes its own selection into the
 * page whenever the editor is redrawn. Another user's caret or selection
 * (drawn as decorations) redraws it at any time, so one that lands between
 * the browser's move of the selection and ProseMirror's reading of it puts
 * the older selection back. A person's drag is slow enough for that to
 * pass unnoticed; this one is fast, so a drag whose selection comes out
 * other than `text` is made again, up to `DRAG_ATTEMPTS` times, and the
 * error names every result.
 */
export async function dragSelectText(page: Page, text: string, occurrence = 0): Promise<void> {
  const results: string[] = [];
  for (let attempt = 0; attempt < DRAG_ATTEMPTS; attempt++) {
    const { from, to } = await prepareTextDrag(page, text, occurrence);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 5 });
    // Read now: at mouseup ProseMirror puts back its own selection if a redraw came during the drag.
    await page.evaluate(() => document.dispatchEvent(new Event('selectionchange')));
    await page.mouse.up();
    const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '');
    if (selected === text) return;
    results.push(JSON.stringify(selected.length > 60 ? `${selected.slice(0, 59)}…` : selected));
    process.stderr.write(`dragSelectText: attempt ${attempt + 1} over ${JSON.stringify(text)} selected ${results[results.length - 1] ?? ''}\n`);
  }
  throw new Error(`dragging over ${JSON.stringify(text)} ${DRAG_ATTEMPTS} times selected ${results.join(', ')}`);
}

/** Selects text in the workbench's editor with `dragSelectText` and waits until the palette says text is selected. */
export async function selectText(page: Page, text: string, occurrence = 0): Promise<void> {
  await dragSelectText(page, text, occurrence);
  await page.getByText('Choose a label for the selected text.').waitFor();
}

/**
 * A point on the text inside `element`: the middle of the first box of its
 * text (from `Range.getClientRects`) that nothing else covers, not the
 * middle of its bounding box, which falls between the lines when the text
 * wraps. Scrolls the element into view first.
 */
async function textPoint(element: Locator): Promise<PagePoint> {
  await element.scrollIntoViewIfNeeded();
  return element.evaluate((target): PagePoint => {
    const walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      if (node.parentElement?.closest('[contenteditable="false"]') != null) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of Array.from(range.getClientRects())) {
        if (rect.width < 1 || rect.height < 1) continue;
        const point = { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
        const hit = document.elementFromPoint(point.x, point.y);
        if (hit !== null && target.contains(hit)) return point;
      }
    }
    throw new Error('no uncovered text box inside the element');
  });
}

/** Moves the mouse over the text inside `element` (see `textPoint`). */
export async function hoverText(element: Locator): Promise<void> {
  const point = await textPoint(element);
  await element.page().mouse.move(point.x, point.y);
}

/** Clicks the text inside `element` (see `textPoint`). */
export async function clickText(element: Locator): Promise<void> {
  const point = await textPoint(element);
  await element.page().mouse.click(point.x, point.y);
}

/** The locator of the annotation items in the side panel with a given label id. */
export function annotationItems(page: Page, label?: string) {
  return page.locator(label === undefined ? '[data-testid="annotation-list"] li' : `[data-testid="annotation-list"] li[data-label="${label}"]`);
}

/**
 * Suggestions in the stock editor, in Chromium: drawn unlike annotations
 * (a dashed underline and a marker, no tint and no solid band) in colour and
 * with forced colours, with an accessible description; reached, accepted
 * and rejected with the keyboard; and "accept all in view" accepts exactly
 * the suggestions on screen. The page is packages/prosemirror/test/browser/suggestion-page.ts.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { bundlePage } from '../../bench/browser/server.js';
import type { SuggestionPage } from '../../packages/prosemirror/test/browser/suggestion-page.js';
import { launchBrowser, recordIncidents } from './support/browser.js';

declare global {
  interface Window {
    glossaSuggestionPage: SuggestionPage;
  }
}

let browser: Browser;
let server: Server;
let url: string;

beforeAll(async () => {
  const script = await bundlePage('packages/prosemirror/test/browser/suggestion-page.ts');
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Suggestions</title>' +
    '<style>body{margin:0;font:16px/1.6 sans-serif}#editor{max-width:720px;margin:0 auto;padding:16px}' +
    '.ProseMirror{white-space:pre-wrap;outline:none}.ProseMirror p{margin:0 0 .8em}</style></head>' +
    '<body><div id="editor"></div><script type="module" src="/page.js"></script></body></html>';
  server = createServer((request, response) => {
    if (request.url === '/') response.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else if (request.url === '/page.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else if (request.url === '/favicon.ico') response.writeHead(204).end();
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
});

async function openPage(): Promise<{ page: Page; incidents: ReturnType<typeof recordIncidents> }> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
  const incidents = recordIncidents(page);
  await page.goto(url);
  await page.locator('.glossa-suggestion').first().waitFor();
  return { page, incidents };
}

/** How the first suggestion, the annotation and the suggestion over the annotation are drawn. */
function drawing(page: Page) {
  return page.evaluate(() => {
    const style = (element: Element | null, pseudo?: string) => {
      if (element === null) throw new Error('element missing');
      const s = getComputedStyle(element, pseudo);
      return { line: s.textDecorationLine, lineStyle: s.textDecorationStyle, background: s.backgroundColor, shadow: s.boxShadow, outline: s.outlineStyle, content: s.content };
    };
    const suggestion = document.querySelector('.glossa-suggestion.glossa-suggestion-start');
    const annotation = document.querySelector('.glossa-annotation');
    const nested = annotation?.querySelector('.glossa-suggestion') ?? annotation?.closest('.glossa-suggestion') ?? null;
    return {
      suggestion: style(suggestion),
      marker: style(suggestion, '::before'),
      annotation: style(annotation),
      annotationMarker: style(annotation, '::before'),
      nested: style(nested),
      suggestionIsAnnotation: suggestion?.classList.contains('glossa-annotation') ?? null,
      nestedDescription: nested?.getAttribute('aria-description') ?? null,
    };
  });
}

describe('suggestions drawn in the editor', () => {
  it('differ from annotations in line style and marker, in colour and with forced colours, and are described to assistive technology', async () => {
    const { page, incidents } = await openPage();
    for (const forcedColors of ['none', 'active'] as const) {
      await page.emulateMedia({ forcedColors });
      const drawn = await drawing(page);
      expect(drawn.suggestionIsAnnotation, forcedColors).toBe(false);
      expect(drawn.suggestion.line, forcedColors).toContain('underline');
      expect(drawn.suggestion.lineStyle, forcedColors).toBe('dashed');
      expect(drawn.marker.content, forcedColors).toContain('◇');
      expect(drawn.annotation.lineStyle === 'dashed' && drawn.annotation.line.includes('underline'), forcedColors).toBe(false);
      expect(['none', 'normal'], forcedColors).toContain(drawn.annotationMarker.content);
      expect(drawn.nested.lineStyle, forcedColors).toBe('dashed');
      expect(drawn.nestedDescription, forcedColors).toBe('Suggested Organization (score 0.40, tagger)');
      if (forcedColors === 'none') {
        expect(drawn.suggestion.background).toBe('rgba(0, 0, 0, 0)');
        expect(drawn.annotation.background).not.toBe('rgba(0, 0, 0, 0)');
        expect(drawn.annotation.shadow).not.toBe('none');
      }
    }
    await page.emulateMedia({ forcedColors: 'none' });

    const cdp = await page.context().newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { description?: { value?: string }; name?: { value?: string } }[] };
    const descriptions = nodes.map((node) => node.description?.value ?? '');
    expect(descriptions).toContain('Suggested Organization (score 0.90, string-match): annotated elsewhere');
    expect(descriptions.some((d) => d.startsWith('Place (bob, proposed)'))).toBe(true);
    expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    await page.close();
  });

  it('are reached, accepted and rejected with the keyboard, and "accept all in view" accepts what is on screen', async () => {
    const { page, incidents } = await openPage();
    await page.locator('.ProseMirror p').first().click({ position: { x: 2, y: 5 } });
    await expect.poll(() => page.evaluate(() => window.glossaSuggestionPage.caretParagraph())).toBe(0);
    await page.keyboard.press('Alt+Shift+ArrowDown');
    await expect.poll(() => page.locator('.glossa-suggestion-selected').first().textContent()).toContain('National');
    await page.keyboard.press('Alt+a');
    await expect.poll(() => page.evaluate(() => window.glossaSuggestionPage.annotations().filter((a) => a.label === 'org'))).toEqual([
      { text: 'National Guard', label: 'org', source: 'model', paragraph: 0 },
    ]);

    // Scroll to the middle and accept every suggestion in view.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
    const onScreen = await page.evaluate(() => {
      const full: number[] = [];
      const partly: number[] = [];
      document.querySelectorAll('.ProseMirror p').forEach((p, i) => {
        const marked = p.querySelector('.glossa-suggestion');
        if (marked === null) return;
        const rect = marked.getBoundingClientRect();
        if (rect.bottom > 0 && rect.top < window.innerHeight) partly.push(i);
        if (rect.top >= 4 && rect.bottom <= window.innerHeight - 4) full.push(i);
      });
      return { full, partly };
    });
    expect(onScreen.full.length).toBeGreaterThan(3);
    await page.keyboard.press('Alt+Shift+a');
    await expect.poll(() => page.evaluate(() => window.glossaSuggestionPage.annotations().filter((a) => a.source === 'model').length)).toBeGreaterThan(1);
    const accepted = (await page.evaluate(() => window.glossaSuggestionPage.annotations().filter((a) => a.source === 'model' && a.paragraph > 0).map((a) => a.paragraph))).sort((a, b) => a - b);
    for (const paragraph of onScreen.full) expect(accepted).toContain(paragraph);
    for (const paragraph of accepted) expect(onScreen.partly).toContain(paragraph);

    // Rejecting one hides every suggestion of its label on the same text.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const last = (await page.locator('.ProseMirror p').count()) - 1;
    await page.locator('.ProseMirror p').last().click({ position: { x: 2, y: 5 } });
    await expect.poll(() => page.evaluate(() => window.glossaSuggestionPage.caretParagraph())).toBe(last);
    await page.keyboard.press('Alt+Shift+ArrowUp');
    await expect.poll(() => page.locator('.glossa-suggestion-selected').count()).toBeGreaterThan(0);
    await page.keyboard.press('Alt+r');
    await expect.poll(() => page.locator('.glossa-suggestion[data-suggestion-labels="org"]').count()).toBe(1);
    const feedback = await page.evaluate(() => window.glossaSuggestionPage.feedback());
    expect(feedback.filter((f) => f.startsWith('rejected:'))).toEqual(['rejected:org:National Guard']);
    expect(feedback.filter((f) => f.startsWith('accepted:')).length).toBe(accepted.length + 1);
    expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    await page.close();
  });
});

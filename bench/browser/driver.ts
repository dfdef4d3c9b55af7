/**
 * Driving the benchmark page in Chromium with playwright-core: launching
 * the browser, opening an editor on a fresh page, typing real keystrokes.
 */
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import type { EditorKind, PageApi } from './protocol.js';

/** The Chromium binary (Debian's), overridable with GLOSSA_CHROMIUM. */
const CHROMIUM = process.env['GLOSSA_CHROMIUM'] ?? '/usr/bin/chromium';

declare const glossaBench: PageApi;

/** Launches headless Chromium as the benchmark runs it. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** A fresh page of the bench, with the editor of `kind` open; returns the page and its first-render time. */
export async function openEditor(browser: Browser, url: string, kind: EditorKind, relayUrl?: string): Promise<{ page: Page; firstRender: number }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => process.stderr.write(`page error (${kind}): ${error.message}\n`));
  await page.goto(url);
  await page.waitForFunction(() => 'glossaBench' in window);
  const firstRender = await page.evaluate(([k, r]) => glossaBench.open(k, r ?? undefined), [kind, relayUrl ?? null] as const);
  return { page, firstRender };
}

/**
 * Keydown-to-paint times of `count` real keystrokes at the caret, after
 * `warmup` keystrokes that are typed the same way but not reported (the
 * first ones after a page load pay for compiling the paths they take).
 */
export async function typeKeys(page: Page, caret: number, count: number, warmup = 0): Promise<number[]> {
  await page.evaluate((offset) => glossaBench.placeCaret(offset), caret);
  const latencies: number[] = [];
  for (let i = 0; i < warmup + count; i++) {
    await page.evaluate(() => glossaBench.armKeystroke());
    await page.keyboard.press(i % 5 === 4 ? 'Space' : 'x');
    const latency = await page.evaluate((index) => glossaBench.keystrokeLatency(index), i);
    if (i >= warmup) latencies.push(latency);
  }
  return latencies;
}

/// <reference lib="dom" />
/**
 * Working blind in an independent project, with two browsers: while
 * Carol selects text, Dave (another annotator, in a browser of his own)
 * receives no byte naming her and no caret or selection, only that someone
 * else is here, shown as one unnamed avatar; Erin, a curator, sees Carol's
 * named caret. axe-core finds nothing serious in Dave's view.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, openDocument, recordIncidents, selectText, signedInPage } from './support/browser.js';
import { seriousViolations } from './support/axe.js';
import { SEED_DOCUMENT, seedDocument } from './support/server.js';
import { useWorkbench } from './support/workbench.js';

const SAMPLE = 'Interior Secretary';

const app = useWorkbench(async (server) => {
  await server.createProject('solo', 'independent', [await seedDocument()]);
  await server.addUser('carol', 'annotator', 'solo');
  await server.addUser('dave', 'annotator', 'solo');
  await server.addUser('erin', 'curator', 'solo');
});

/** y-websocket's message type of an awareness update. */
const AWARENESS_MESSAGE = 1;

/** Every WebSocket frame the page receives from now on, as bytes. */
function recordFrames(page: Page): Buffer[] {
  const frames: Buffer[] = [];
  page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => frames.push(Buffer.from(payload))));
  return frames;
}

describe('an independent project', () => {
  it('sends an annotator no other annotator’s name, caret or selection, while a curator sees them', async () => {
    const daveBrowser = await launchBrowser();
    const carol = await app.signIn('carol');
    const erin = await app.signIn('erin');
    const dave = await signedInPage(daveBrowser, app.server.url, 'dave');
    const daveFrames = recordFrames(dave.page);
    const incidents = recordIncidents(dave.page);
    try {
      await openDocument(dave.page, app.server.url, 'solo', SEED_DOCUMENT, SAMPLE);
      await Promise.all([openDocument(carol.page, app.server.url, 'solo', SEED_DOCUMENT, SAMPLE), openDocument(erin.page, app.server.url, 'solo', SEED_DOCUMENT, SAMPLE)]);
      await dave.page.getByTestId('presence-hidden').waitFor();

      const before = daveFrames.length;
      await selectText(carol.page, 'human rights protections');
      // The curator sees Carol's caret, named, and her avatar.
      await erin.page.locator('.glossa-remote-cursor', { hasText: 'carol' }).waitFor({ state: 'attached' });
      await erin.page.locator('[data-testid="presence"] [data-user="carol"]').waitFor();
      // Dave is sent the awareness of that selection too, stripped to "someone is here".
      await expect.poll(() => daveFrames.slice(before).filter((frame) => frame[0] === AWARENESS_MESSAGE).length).toBeGreaterThan(0);

      const named = daveFrames.filter((frame) => frame.includes('carol') || frame.includes('erin'));
      expect(named.map((frame) => frame.toString('latin1').slice(0, 120))).toEqual([]);
      const awareness = daveFrames.filter((frame) => frame[0] === AWARENESS_MESSAGE).map((frame) => frame.toString('latin1'));
      expect(awareness.filter((text) => text.includes('cursor') || text.includes('selection') || text.includes('layer'))).toEqual([]);
      expect(await dave.page.locator('.glossa-remote-cursor, .glossa-remote-selection').count()).toBe(0);
      expect(await dave.page.locator('[data-testid="presence"] [data-user]').evaluateAll((items) => items.map((item) => item.getAttribute('data-user')))).toEqual(['dave']);
      expect(await dave.page.getByTestId('presence-hidden').textContent()).toContain('Others are here');
      expect(await seriousViolations(dave.page)).toEqual([]);
      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      await carol.context.close();
      await erin.context.close();
      await dave.context.close();
      await daveBrowser.close();
    }
  });
});

/// <reference lib="dom" />
/**
 * A selection dragged with the mouse while another user's caret keeps
 * moving: the other user's changes reach the page between every two moves
 * of the mouse, are held while the button is down, and are drawn once it
 * is released; the selection the user dragged is the one the browser
 * shows, the one ProseMirror holds, and the one a label key annotates,
 * at the first attempt.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ContentIndex, encodeSelection } from '@glossa/collab';
import { openDocument, prepareTextDrag, recordIncidents } from './support/browser.js';
import { SEED_DOCUMENT, seedDocument } from './support/server.js';
import { openRoom } from './support/rooms.js';
import { useWorkbench } from './support/workbench.js';

const SAMPLE = 'Interior Secretary';
/** Stretches of whole words, each inside one line, dragged over in turn. */
const PHRASES = ['Interior Secretary', 'socioeconomic conditions', 'human rights protections'];
/** Mouse moves per drag; the other user's caret moves between each two. */
const STEPS = 8;

const app = useWorkbench(async (server) => {
  await server.createProject('team', 'shared', [await seedDocument()]);
  await server.addUser('kim', 'annotator', 'team');
});

/** Counts the awareness messages (y-websocket message type 1) the page receives. */
function countAwarenessFrames(page: Page): { count: number } {
  const counter = { count: 0 };
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string' && payload[0] === 1) counter.count++;
    }),
  );
  return counter;
}

describe('a drag while another user moves', () => {
  it('keeps the dragged selection, and draws the other user’s caret once the button is released', async () => {
    const { context, page } = await app.signIn('kim');
    const incidents = recordIncidents(page);
    const frames = countAwarenessFrames(page);
    const other = await openRoom(app.server, `team/${SEED_DOCUMENT}`, app.server.adminToken);
    try {
      await openDocument(page, app.server.url, 'team', SEED_DOCUMENT, SAMPLE);
      const index = new ContentIndex(other.doc);
      const text = [...(await seedDocument()).text];
      other.awareness.setLocalStateField('user', { id: 'root', name: 'root', color: '#aa3377' });
      // The other user's selections stay inside one long paragraph, so that each is drawn as one stretch.
      let at = text.join('').indexOf("Mexico's Interior Secretary");
      expect(at).toBeGreaterThan(0);
      for (const [i, phrase] of PHRASES.entries()) {
        const { from, to } = await prepareTextDrag(page, phrase);
        await page.mouse.move(from.x, from.y);
        await page.mouse.down();
        for (let step = 1; step <= STEPS; step++) {
          await page.mouse.move(from.x + ((to.x - from.x) * step) / STEPS, from.y + ((to.y - from.y) * step) / STEPS);
          const seen = frames.count;
          at += 7;
          other.awareness.setLocalStateField('selection', encodeSelection(index, at, at + 4));
          await expect.poll(() => frames.count).toBeGreaterThan(seen);
        }
        // Held: nothing of the other user's last moves is drawn yet.
        const drawnDuringDrag = await page.locator('.glossa-remote-selection').allTextContents();
        await page.mouse.up();
        expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(phrase);
        expect(drawnDuringDrag.join('')).not.toBe(text.slice(at, at + 4).join(''));
        // Released: the other user's latest selection is drawn.
        await expect.poll(async () => (await page.locator('.glossa-remote-selection').allTextContents()).join('')).toBe(text.slice(at, at + 4).join(''));
        await page.getByTestId('label-key-preview').filter({ hasText: `“${phrase}”` }).waitFor();
        await page.keyboard.press(String(i + 1));
      }
      await expect
        .poll(async () => (await app.server.exportedSpans('team', SEED_DOCUMENT)).map((span) => text.slice(span.start, span.end).join('')).sort())
        .toEqual([...PHRASES].sort());
      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      other.destroy();
      await context.close();
    }
  });
});

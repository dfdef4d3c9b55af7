/**
 * The import dialog reads a file as `glossa import` does: a file that is not
 * UTF-8 (Latin-1 here) is refused with the byte offset of the first bad
 * byte and nothing is imported; a UTF-8 file goes to the server byte for
 * byte, a byte-order mark included, for the server's import to decide on.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { recordIncidents } from './support/browser.js';
import { SEED_DOCUMENT, seedDocument } from './support/server.js';
import { useWorkbench } from './support/workbench.js';

const PROJECT = 'inbox';

const app = useWorkbench(async (server) => {
  await server.createProject(PROJECT, 'shared', [await seedDocument()]);
  await server.addUser('carla', 'curator', PROJECT);
});

/** Opens the import dialog of the project and chooses a file with these bytes. */
async function chooseFile(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page.goto(`${app.server.url}/#/projects/${PROJECT}`);
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByRole('dialog', { name: 'Import documents' }).getByLabel('File').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(bytes) });
}

/** The ids of the project's documents, as the server lists them. */
async function documentIds(): Promise<string[]> {
  const body = JSON.parse(await app.server.get(`/api/projects/${PROJECT}/documents`)) as { documents: { id: string }[] };
  return body.documents.map((doc) => doc.id).sort();
}

describe('import dialog', () => {
  it('refuses a Latin-1 text naming the byte offset, as the CLI does, and imports nothing', async () => {
    const { context, page } = await app.signIn('carla');
    const incidents = recordIncidents(page);
    const requests: string[] = [];
    page.on('request', (request) => {
      // Import requests to the server, not the dialog's own code (loaded on demand as a chunk named after it).
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/api/') && pathname.endsWith('/import')) requests.push(request.url());
    });
    try {
      // "Hello café world" in Latin-1: é is the single byte 0xE9 at offset 9.
      await chooseFile(page, 'latin1.txt', Uint8Array.from([...Buffer.from('Hello caf'), 0xe9, ...Buffer.from(' world')]));
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'latin1.txt: invalid UTF-8 at byte offset 9: expected a UTF-8 text file' }).waitFor();
      expect(requests).toEqual([]);
      expect(await documentIds()).toEqual([SEED_DOCUMENT]);
      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      await context.close();
    }
  });

  it('sends a UTF-8 file with a byte-order mark, CRLF and emoji byte for byte', async () => {
    const { context, page } = await app.signIn('carla');
    try {
      const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('Café 👍🏽\r\nsecond line\n')]);
      await chooseFile(page, 'marked.txt', bytes);
      const [request] = await Promise.all([page.waitForRequest((r) => r.url().includes('/import')), page.getByRole('button', { name: 'Import', exact: true }).click()]);
      expect(new Uint8Array(request.postDataBuffer() ?? Buffer.alloc(0))).toEqual(bytes);
      await page.getByRole('status').filter({ hasText: 'Imported 1 document (marked)' }).waitFor();
      expect(await documentIds()).toEqual([SEED_DOCUMENT, 'marked'].sort());
    } finally {
      await context.close();
    }
  });
});

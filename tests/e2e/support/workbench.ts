/**
 * The setup every browser test file shares: a built workbench, a test
 * server serving it and a Chromium, started before the file's tests and
 * stopped after them.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureWorkbenchBuilt } from './build.js';
import { launchBrowser, signedInPage } from './browser.js';
import { startTestServer } from './server.js';
import type { TestServer } from './server.js';

/** How long building, starting and filling a server may take before the file fails. */
export const SETUP_TIMEOUT_MS = 180_000;

/** A running server with the workbench and a browser to open it in. */
export interface Workbench {
  readonly server: TestServer;
  readonly browser: Browser;
  /** A new browser context and page signed in as `user` through the login form, 1400×900 unless `viewport` says otherwise. */
  signIn(user: string, viewport?: { readonly width: number; readonly height: number }): Promise<{ context: BrowserContext; page: Page }>;
}

/**
 * Registers the hooks of a browser test file: before its tests, builds the
 * workbench if needed, starts a server, runs `setup` on it (projects,
 * users) and launches Chromium; after them, closes both. The returned
 * object's fields are available from the tests on.
 */
export function useWorkbench(setup: (server: TestServer) => Promise<void>): Workbench {
  let started: Partial<Workbench> = {};
  beforeAll(async () => {
    await ensureWorkbenchBuilt();
    const server = await startTestServer();
    started = { server };
    await setup(server);
    started = { server, browser: await launchBrowser() };
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await started.browser?.close();
    await started.server?.stop();
  });
  const workbench: Workbench = {
    get server(): TestServer {
      if (started.server === undefined) throw new Error('the test server is used before the file has started it');
      return started.server;
    },
    get browser(): Browser {
      if (started.browser === undefined) throw new Error('the browser is used before the file has launched it');
      return started.browser;
    },
    signIn: (user, viewport) => signedInPage(workbench.browser, workbench.server.url, user, viewport),
  };
  return workbench;
}

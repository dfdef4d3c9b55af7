import { ensureWorkbenchBuilt } from './support/build.js';
import { startTestServer, seedDocument, SEED_DOCUMENT } from './support/server.js';
import { launchBrowser, signedInPage, openDocument, selectText, recordIncidents } from './support/browser.js';

await ensureWorkbenchBuilt();
const t = await startTestServer();
await t.createProject('policy', 'shared', [await seedDocument()]);
await t.addUser('alice', 'annotator', 'policy');
await t.addUser('bob', 'annotator', 'policy');
const browser = await launchBrowser();
try {
  const a = await signedInPage(browser, t.url, 'alice');
  const inc = recordIncidents(a.page);
  a.page.on('console', (m) => console.log('console', m.type(), m.text()));
  a.page.on('pageerror', (e) => console.log('pageerror', e.message, e.stack));
  (globalThis as any).pg = a.page;
  const counts = new Map<string, number>();
  a.page.on('websocket', (ws) => ws.on('framesent', (f) => { const b = typeof f.payload === 'string' ? Buffer.from(f.payload) : f.payload; const k = ws.url().slice(-30) + ' type' + b[0]; counts.set(k, (counts.get(k) ?? 0) + 1); }));
  setInterval(() => console.log([...counts]), 1000).unref();
  await a.page.screenshot({ path: '/tmp/s-projects.png' });
  await a.page.goto(`${t.url}/#/projects/policy`);
  await a.page.getByTestId('document-table').waitFor();
  await a.page.screenshot({ path: '/tmp/s-docs.png' });
  await openDocument(a.page, t.url, 'policy', SEED_DOCUMENT, 'Interior Secretary');
  await selectText(a.page, 'Interior Secretary');
  await a.page.keyboard.press('1');
  await a.page.locator('.glossa-annotation').first().waitFor({ timeout: 5000 });
  const b = await signedInPage(browser, t.url, 'bob');
  await openDocument(b.page, t.url, 'policy', SEED_DOCUMENT, 'Interior Secretary');
  await b.page.locator('.glossa-annotation').first().waitFor({ timeout: 5000 });
  await selectText(b.page, 'socioeconomic conditions');
  await b.page.keyboard.press('5');
  await a.page.locator('.glossa-annotation').nth(1).waitFor({ timeout: 5000 });
  await a.page.screenshot({ path: '/tmp/s-doc.png' });
  console.log(inc);
  console.log(await t.get('/api/projects/policy/export'));
} catch (e) { console.log(e); await (globalThis as any).pg?.screenshot({ path: '/tmp/s-fail.png' }); } finally {
  await browser.close();
  await t.stop();
}

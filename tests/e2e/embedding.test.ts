/**
 * The library packages, installed like any others. They are built and
 * packed, then installed from their tarballs into a project outside the
 * workspace with no network (a registry on 127.0.0.1 and the pnpm store),
 * as the READMEs' install lines say. A consumer of their API and the README
 * examples type-check with moduleResolution bundler, node16 and nodenext
 * and run; core and formats import from plain Node; and the root README's
 * "Embed the editor" example, bundled with esbuild, annotates a document in
 * Chromium against a real `glossa serve`, whose annotation `glossa export`
 * then reads back.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { ANNOTATIONS_MAP, layerRoom } from '@glossa/collab';
import { runGlossa } from '../../packages/cli/test/support/run-cli.js';
import type { Run } from '../../packages/cli/test/support/run-cli.js';
import { dragSelectText, launchBrowser, recordIncidents } from './support/browser.js';
import { REPO_ROOT } from './support/build.js';
import { bundledCopies, bundlePages, createEmbedderProject, MODULE_RESOLUTIONS, typeCheck } from './support/embedder-project.js';
import type { BundledPages, EmbedderProject, ModuleResolution } from './support/embedder-project.js';
import { startGlossaServe } from './support/glossa-serve.js';
import { buildLibraryPackages, libraryPackages, packLibraryPackages, run } from './support/library-packages.js';
import { startLocalRegistry } from './support/npm-registry.js';
import type { LocalRegistry } from './support/npm-registry.js';
import { openRoom } from './support/rooms.js';
import { serveFolder } from './support/static-site.js';
import { TEST_PASSWORD } from './support/server.js';
import { SETUP_TIMEOUT_MS } from './support/workbench.js';

const SCHEMA = path.join(REPO_ROOT, 'seeds/schema.json');
const TEXT = 'The National Guard patrols the city.\nMayors ask for more police.';

/** The README examples that need a browser: their pages are bundled with the root README's. */
const BROWSER_EXAMPLES = ['readme-prosemirror.ts'];

/** The packages whose single copy in the embedder's bundle the peer dependencies promise. */
const SHARED_PACKAGES = ['yjs', 'y-prosemirror', 'y-protocols', 'lib0', 'prosemirror-model', 'prosemirror-state', 'prosemirror-view', 'prosemirror-transform'];

/** A child process's environment without options (such as `--conditions=source`) that an embedder would not have. */
const PLAIN_ENV: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };

let workDir = '';
let registry: LocalRegistry | undefined;
let project: EmbedderProject;

/** Runs once and keeps the promise: checks and the bundle are shared by the tests that need them. */
function memo<K, V>(make: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const made = new Map<K, Promise<V>>();
  return (key) => {
    const known = made.get(key);
    if (known !== undefined) return known;
    const fresh = make(key);
    made.set(key, fresh);
    return fresh;
  };
}

const typeChecked = memo((resolution: ModuleResolution) => typeCheck(project, resolution, resolution === 'nodenext' ? path.join(project.dir, 'out') : undefined));
let pagesBundled: Promise<BundledPages> | undefined;
const bundled = (): Promise<BundledPages> => (pagesBundled ??= bundlePages(project, ['page.ts', ...BROWSER_EXAMPLES], SCHEMA));

/** Steps that undo what a test started (servers, a browser, a room), most recent last; `afterAll` runs any a test left behind (when it timed out). */
const teardownSteps: (() => unknown)[] = [];

/** Runs the teardown steps from the most recent, each once, however the others end. */
async function tearDown(): Promise<void> {
  const failures: unknown[] = [];
  for (let step = teardownSteps.pop(); step !== undefined; step = teardownSteps.pop()) {
    try {
      await step();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, 'stopping what the test started failed');
}

/** Runs `test`, which registers with `teardown` how to undo what it starts; undone in reverse order however it ends. */
async function withTeardown(test: (teardown: (step: () => unknown) => void) => Promise<void>): Promise<void> {
  try {
    await test((step) => teardownSteps.push(step));
  } finally {
    await tearDown();
  }
}

function expectDone(run: Run): Run {
  expect(run.code, run.stderr).toBe(0);
  return run;
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'glossa-embedding-'));
  await buildLibraryPackages();
  const tarballDir = path.join(workDir, 'tarballs');
  mkdirSync(tarballDir);
  registry = await startLocalRegistry(path.join(REPO_ROOT, 'pnpm-lock.yaml'), await packLibraryPackages(tarballDir));
  project = await createEmbedderProject(path.join(workDir, 'embedder'), registry.url, ['@types/node']);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  try {
    await tearDown();
    await registry?.close();
  } finally {
    if (workDir !== '') await rm(workDir, { recursive: true, force: true });
  }
}, SETUP_TIMEOUT_MS);

describe('the packed library packages', () => {
  it('install from their tarballs and the pnpm store alone, with no network', () => {
    // Third-party tarballs came from the store: the registry was asked for none it lacks, and served only the packed packages (unless the store had them from an earlier run).
    expect(registry?.missingTarballs).toEqual([]);
    const library = libraryPackages().map((pkg) => pkg.name);
    expect(registry?.servedTarballs.filter((name) => !library.includes(name))).toEqual([]);
    for (const pkg of libraryPackages()) {
      const manifest = JSON.parse(readFileSync(path.join(project.dir, 'node_modules', pkg.name, 'package.json'), 'utf8')) as Record<string, unknown>;
      expect(manifest, pkg.name).toMatchObject({ version: pkg.version, license: 'MIT', type: 'module', sideEffects: false });
      expect(readFileSync(path.join(project.dir, 'node_modules', pkg.name, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
      expect(readFileSync(path.join(project.dir, 'node_modules', pkg.name, 'dist/index.d.ts.map'), 'utf8')).toContain('../src/index.ts');
      expect(readFileSync(path.join(project.dir, 'node_modules', pkg.name, 'dist/index.js.map'), 'utf8')).toContain('../src/index.ts');
      // The build's incremental state lives in dist (so deleting dist rebuilds it) but is not published.
      expect(existsSync(path.join(project.dir, 'node_modules', pkg.name, 'dist/tsconfig.tsbuildinfo')), pkg.name).toBe(false);
    }
  });

  it.each(Object.keys(MODULE_RESOLUTIONS) as ModuleResolution[])('type-check in a consumer with moduleResolution %s', async (resolution) => {
    expect(await typeChecked(resolution)).toEqual([]);
  });

  it('run in a consumer built by tsc for Node', async () => {
    expect(await typeChecked('nodenext')).toEqual([]);
    const { stdout } = await run(process.execPath, ['out/consumer.js', SCHEMA], project.dir, PLAIN_ENV);
    expect(JSON.parse(stdout)).toEqual({
      moved: 'Yes, The [militarization:National Guard] 🪖 patrols the city.',
      codePoint: 21,
      editor: { stored: ['militarization: National Guard'], placed: ['militarization: National Guard'] },
      exported: [{ start: 4, end: 18, label: 'militarization' }],
      tokens: ['The', 'National', 'Guard', '🪖', 'patrols', 'the', 'city', '.'],
      suggested: [[10, 24, 'militarization']],
    });
  });

  const nodeExamples = libraryPackages()
    .map((pkg) => path.basename(pkg.dir))
    .filter((folder) => !BROWSER_EXAMPLES.includes(`readme-${folder}.ts`));
  it.each(nodeExamples)('run the example at the top of the README of packages/%s', async (folder) => {
    expect(await typeChecked('nodenext')).toEqual([]);
    const { stdout } = await run(process.execPath, [`out/readme-${folder}.js`], project.dir, PLAIN_ENV);
    expect(stdout).not.toBe('');
  });

  it('import core and formats from plain Node ESM, with no bundler', async () => {
    const script = [
      "import { OffsetIndex, parseSchemaJson } from '@glossa/core';",
      "import { formats, getFormat } from '@glossa/formats';",
      "import { readFileSync } from 'node:fs';",
      `const schema = parseSchemaJson(readFileSync(${JSON.stringify(SCHEMA)}, 'utf8'));`,
      "console.log(JSON.stringify({ schema: schema.ok, codePoint: new OffsetIndex('a🪖b').toCodePoint(3), jsonl: typeof getFormat('jsonl')?.export, formats: formats.length > 5 }));",
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], project.dir, PLAIN_ENV);
    expect(JSON.parse(stdout)).toEqual({ schema: true, codePoint: 2, jsonl: 'function', formats: true });
  });
});

describe('the editor examples', () => {
  it('bundle with esbuild with one copy of Yjs, y-prosemirror and each ProseMirror package', async () => {
    const { metafile } = await bundled();
    for (const name of SHARED_PACKAGES) expect(bundledCopies(metafile, name), name).toHaveLength(1);
  });

  it("of @glossa/prosemirror's README annotates in Chromium with no server", async () => {
    const pages = await bundled();
    await withTeardown(async (teardown) => {
      const site = await serveFolder(pages.dir);
      teardown(() => site.close());
      const browser = await launchBrowser();
      teardown(() => browser.close());
      const tab = await browser.newPage();
      const incidents = recordIncidents(tab);
      await tab.goto(`${site.origin}/readme-prosemirror.html`);
      await tab.locator('.ProseMirror').filter({ hasText: 'Medellín to Lima' }).waitFor();
      await dragSelectText(tab, 'Lima');
      const logged = tab.waitForEvent('console', (message) => message.text().includes('place: Lima'));
      await tab.keyboard.press('p');
      await logged;
      await tab.locator('.ProseMirror [data-labels="place"]', { hasText: 'Lima' }).waitFor();
      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    });
  });

  it('of the root README annotates against glossa serve in Chromium; glossa export reads the annotation back (the server stopped)', async () => {
    const pages = await bundled();
    const dataDir = path.join(workDir, 'data');
    writeFileSync(path.join(workDir, 'brief.txt'), TEXT);
    expectDone(await runGlossa(workDir, ['import', 'brief.txt', '--project', 'embed', '--schema', SCHEMA, '--data', dataDir]));
    expectDone(await runGlossa(workDir, ['user', 'add', 'ana', '--role', 'annotator', '--project', 'embed', '--data', dataDir], { GLOSSA_PASSWORD: TEST_PASSWORD }));
    const token = expectDone(await runGlossa(workDir, ['token', 'create', 'ana', '--data', dataDir])).stdout.trim().split('\n').at(-1) ?? '';

    await withTeardown(async (teardown) => {
      const site = await serveFolder(pages.dir);
      teardown(() => site.close());
      const serve = await startGlossaServe(dataDir, ['--allow-origin', site.origin]);
      teardown(() => serve.stop());
      const browser = await launchBrowser();
      teardown(() => browser.close());
      const observer = await openRoom(serve, layerRoom('embed', 'brief', 'shared'), token);
      teardown(() => observer.destroy());
      const tab = await browser.newPage();
      const incidents = recordIncidents(tab);
      const connection = { server: `${serve.url.replace(/^http/, 'ws')}/sync`, token, user: 'ana', project: 'embed', doc: 'brief' };
      await tab.goto(`${site.origin}/page.html#${encodeURIComponent(JSON.stringify(connection))}`);
      await tab.locator('.ProseMirror').filter({ hasText: 'National Guard patrols' }).waitFor();

      await dragSelectText(tab, 'National Guard');
      await tab.waitForFunction(() => (window as unknown as { embeddedEditor?: { state: { selection: { empty: boolean } } } }).embeddedEditor?.state.selection.empty === false);
      const stored = annotationCount(observer.doc, 1);
      await tab.keyboard.press('1');
      await tab.locator('.ProseMirror [data-labels="militarization"]', { hasText: 'National Guard' }).waitFor();
      await stored;
      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    });

    expectDone(await runGlossa(workDir, ['export', '--project', 'embed', '--format', 'jsonl', '--out', 'spans.jsonl', '--data', dataDir]));
    const [record] = readFileSync(path.join(workDir, 'spans.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: string; spans: Record<string, unknown>[] });
    expect(record?.id).toBe('brief');
    expect(record?.spans).toEqual([expect.objectContaining({ start: 4, end: 18, label: 'militarization', author: 'ana' })]);
  });
});

/** Resolves once the layer room holds `count` annotations (as the server relayed them, so they are stored). */
function annotationCount(layer: Y.Doc, count: number): Promise<void> {
  const annotations = layer.getMap(ANNOTATIONS_MAP);
  return new Promise((resolve) => {
    const check = (): void => {
      if (annotations.size < count) return;
      annotations.unobserve(check);
      resolve();
    };
    annotations.observe(check);
    check();
  });
}

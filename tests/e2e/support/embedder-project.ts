/**
 * A project outside the workspace that uses the published packages, as a
 * developer's would: the README examples (their install lines and their
 * code, taken from the READMEs as they are), the fixtures in
 * `tests/fixtures/embedding`, packages installed by pnpm from a local
 * registry and the pnpm store, type-checked with each module resolution and
 * bundled for browsers with esbuild.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { Metafile } from 'esbuild';
import { REPO_ROOT } from './build.js';
import { libraryPackages, run, runPnpm } from './library-packages.js';

/** The fixtures copied into the project: the page around the root README's example, and a consumer of the wider API. */
export const EMBEDDING_FIXTURES = path.join(REPO_ROOT, 'tests/fixtures/embedding');

/** A README example: the packages its install line names, and its code. */
export interface ReadmeExample {
  readonly packages: readonly string[];
  readonly code: string;
}

/**
 * The install line (`npm install …` in the first `sh` block) and the code
 * (the first `ts` block) of the section of `readme` under `## heading`.
 * @throws Error naming the README when the section or either block is missing.
 */
export function readmeExample(readme: string, heading: string): ReadmeExample {
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`${readme}: no "## ${heading}" section`);
  const rest = text.slice(start + `\n## ${heading}\n`.length);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  const install = /```sh\nnpm install ([^\n]+)\n```/.exec(section)?.[1];
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (install === undefined || code === undefined) throw new Error(`${readme}: the "## ${heading}" section needs an \`npm install\` sh block and a ts block`);
  return { packages: install.trim().split(/\s+/), code };
}

/**
 * The README examples the project holds, by file name under `src/`: the
 * root README's "Embed the editor" as `embed.ts`, and each library
 * package's "Install and use" as `readme-<folder>.ts`.
 */
export function readmeExamples(): Map<string, ReadmeExample> {
  const examples = new Map([['embed.ts', readmeExample(path.join(REPO_ROOT, 'README.md'), 'Embed the editor')]]);
  for (const pkg of libraryPackages()) examples.set(`readme-${path.basename(pkg.dir)}.ts`, readmeExample(path.join(pkg.dir, 'README.md'), 'Install and use'));
  return examples;
}

/** The module resolutions an embedder's TypeScript may use, with the `module` setting each goes with. */
export const MODULE_RESOLUTIONS = { bundler: 'preserve', node16: 'node16', nodenext: 'nodenext' } as const;

/** A module resolution of `MODULE_RESOLUTIONS`. */
export type ModuleResolution = keyof typeof MODULE_RESOLUTIONS;

/** An installed project. */
export interface EmbedderProject {
  readonly dir: string;
  /** The folder of its sources: the README examples and the fixtures. */
  readonly src: string;
}

/**
 * Creates the project in `dir` with the README examples and the fixtures
 * under `src/`, and installs with pnpm what the examples' install lines
 * name, plus `extraPackages`, from `registry` and no other host: proxies
 * that lead nowhere stand in for the network, and the store is the
 * workspace's, so third-party tarballs come from it.
 */
export async function createEmbedderProject(dir: string, registry: string, extraPackages: readonly string[]): Promise<EmbedderProject> {
  const src = path.join(dir, 'src');
  mkdirSync(src, { recursive: true });
  const storeDir = (await runPnpm(['store', 'path'], REPO_ROOT)).stdout.trim();
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'embedder', private: true, type: 'module' }, null, 2) + '\n');
  writeFileSync(
    path.join(dir, '.npmrc'),
    [
      `registry=${registry}`,
      `store-dir=${storeDir}`,
      `cache-dir=${path.join(dir, '.pnpm-cache')}`,
      'proxy=http://127.0.0.1:9/',
      'https-proxy=http://127.0.0.1:9/',
      'noproxy=127.0.0.1',
      'strict-peer-dependencies=true',
      'ignore-scripts=true',
      'update-notifier=false',
      '',
    ].join('\n'),
  );
  const examples = readmeExamples();
  const packages = new Set([...[...examples.values()].flatMap((example) => example.packages), ...extraPackages]);
  await runPnpm(['add', ...packages], dir, { ...process.env, npm_config_registry: registry });
  for (const [file, example] of examples) writeFileSync(path.join(src, file), example.code);
  for (const file of ['page.ts', 'consumer.ts']) copyFileSync(path.join(EMBEDDING_FIXTURES, file), path.join(src, file));
  return { dir, src };
}

/**
 * Type-checks the project's `src` with a module resolution and returns the
 * error lines of `tsc`. With `bundler`, declarations are checked too
 * (`skipLibCheck: false`), the Glossa packages' included; node16 and
 * nodenext skip them, because y-prosemirror's declarations use
 * extension-less relative imports, which those resolutions refuse (the
 * Glossa declarations come from sources built with NodeNext, so theirs have
 * extensions). With `outDir`, the JavaScript is emitted there.
 */
export async function typeCheck(project: EmbedderProject, resolution: ModuleResolution, outDir?: string): Promise<string[]> {
  const config = path.join(project.dir, `tsconfig.${resolution}.json`);
  const compilerOptions = {
    target: 'ES2022',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    module: MODULE_RESOLUTIONS[resolution],
    moduleResolution: resolution,
    strict: true,
    types: ['node'],
    skipLibCheck: resolution !== 'bundler',
    ...(outDir === undefined ? { noEmit: true } : { outDir, rootDir: 'src' }),
  };
  writeFileSync(config, JSON.stringify({ compilerOptions, include: ['src'] }, null, 2));
  const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
  const output = await run(process.execPath, [tsc, '-p', config, '--pretty', 'false'], project.dir).then(
    (done) => done.stdout,
    (error: Error) => error.message,
  );
  return output.split('\n').filter((line) => /error TS\d+/.test(line));
}

/** Bundled pages: their folder, ready to be served, and esbuild's account of the inputs. */
export interface BundledPages {
  readonly dir: string;
  readonly metafile: Metafile;
}

/** A page whose `#editor` element a script fills. */
function pageHtml(script: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8" /><title>An editor with Glossa annotations</title><link rel="icon" href="data:," /></head>',
    `<body><main id="editor"></main><script type="module" src="${script}"></script></body>`,
    '</html>',
    '',
  ].join('\n');
}

/**
 * Bundles each of `entries` (files of `src/`) for browsers with esbuild
 * into `www/`, each with a page `<entry>.html` around it, beside the label
 * schema at `schema` as `schema.json`.
 */
export async function bundlePages(project: EmbedderProject, entries: readonly string[], schema: string): Promise<BundledPages> {
  const dir = path.join(project.dir, 'www');
  const result = await build({
    absWorkingDir: project.dir,
    entryPoints: entries.map((entry) => path.join(project.src, entry)),
    outdir: dir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: true,
    metafile: true,
    logLevel: 'silent',
  });
  for (const entry of entries) {
    const name = path.basename(entry, '.ts');
    writeFileSync(path.join(dir, `${name}.html`), pageHtml(`${name}.js`));
  }
  copyFileSync(schema, path.join(dir, 'schema.json'));
  return { dir, metafile: result.metafile };
}

/**
 * The folders under `node_modules` that the bundle took modules of `name`
 * from: one copy of a package in the bundle is one folder.
 */
export function bundledCopies(metafile: Metafile, name: string): string[] {
  const folder = new RegExp(`^(.*node_modules/${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})/`);
  const copies = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = folder.exec(input);
    if (match?.[1] !== undefined) copies.add(match[1]);
  }
  return [...copies];
}

/**
 * `pnpm bench:browser`: measures the annotation editor in Chromium beside a
 * bare ProseMirror editor holding the same text, in the same run.
 *
 * It builds the workload (workload.ts: a 1 MB text from the seed corpus,
 * 10,000 seeded annotations, the Yjs docs holding them), serves the page
 * and a WebSocket relay for two-page measurements (server.ts), drives
 * Debian's Chromium with playwright-core (driver.ts) over repeated fresh
 * page loads, interleaving the editors, and rewrites the "Browser" table of
 * bench/README.md with the machine's load beside it. Then it measures the
 * whole workbench through `glossa serve` beside the same bare page
 * (full-app.ts) into its own table.
 *
 * `pnpm bench:browser editor` runs only the editor rows, `pnpm
 * bench:browser app` only the whole workbench's, and `pnpm bench:browser
 * relations` (or `GLOSSA_BENCH_ONLY=relations`) only the relation rows (the
 * annotated editor with and without 1,000 relations), replacing only those
 * rows of the table.
 */
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { percentile } from '../harness.js';
import type { BenchResult } from '../harness.js';
import type { BenchFixture, EditorKind, PageApi } from './protocol.js';
import { APP_SECTION, replaceBrowserRows, writeBrowserTable } from './report.js';
import { appResults, measureApp, serveApp } from './full-app.js';
import { buildWorkload, root } from './workload.js';
import { serve } from './server.js';
import { launchBrowser, openEditor, typeKeys } from './driver.js';

/** Fresh page loads per editor kind. */
const LOADS = 5;
/** Measured keystrokes per page load, after the unmeasured warm-up ones. */
const KEYSTROKES = 40;
const WARMUP_KEYSTROKES = 5;
/** Measured annotations per page load (after one unmeasured). */
const ANNOTATES = 20;
/** Remote measurements per pair of pages (after two unmeasured), and pairs. */
const REMOTE_ROUNDS = 20;
const REMOTE_WARMUP = 2;
const REMOTE_PAIRS = 3;
/** One frame at 60 Hz, in milliseconds. */
const FRAME_MS = 16.7;

declare const glossaBench: PageApi;

/** Samples of one figure, one array per fresh page load (or pair of pages). */
type PerLoad = number[][];

interface Samples {
  firstRender: Record<EditorKind, number[]>;
  keystroke: Record<EditorKind, PerLoad>;
  annotate: PerLoad;
  scroll: Record<'annotated' | 'bare-decorated' | 'related', number[]>;
  remoteAnnotation: PerLoad;
  remoteText: PerLoad;
}

function emptyByKind<T>(make: () => T): Record<EditorKind, T> {
  return { bare: make(), 'bare-decorated': make(), empty: make(), annotated: make(), related: make() };
}

/**
 * Measures every editor kind over fresh page loads, interleaved so that
 * drift hits all alike, in an order that rotates from one load to the next
 * so that no kind always follows the same one.
 */
async function measureEditors(browser: Browser, url: string, fixture: BenchFixture, samples: Samples, kinds: readonly EditorKind[]): Promise<void> {
  for (let load = 0; load < LOADS; load++) {
    const order = [...kinds.slice(load % kinds.length), ...kinds.slice(0, load % kinds.length)];
    for (const kind of order) {
      process.stderr.write(`bench:browser: load ${load + 1}/${LOADS}, ${kind}…\n`);
      const { page, firstRender } = await openEditor(browser, url, kind);
      samples.firstRender[kind].push(firstRender);
      if (kind === 'annotated' || kind === 'bare-decorated' || kind === 'related') {
        const scrolled = await page.evaluate(() => glossaBench.scrollTo(0.75));
        if (kind === 'related' && scrolled.arcs === 0) throw new Error('no relation drawn in view after scrolling');
        if (kind === 'annotated' || kind === 'related') {
          const window = scrolled.window;
          if (window === null || scrolled.visiblePos < window.from || scrolled.visiblePos > window.to) {
            throw new Error(`viewport tracking: the decorated window ${JSON.stringify(window)} misses the visible position ${scrolled.visiblePos}`);
          }
        }
        samples.scroll[kind].push(scrolled.ms);
      }
      if (kind === 'related' || only === 'relations') {
        await page.close();
        continue;
      }
      samples.keystroke[kind].push(await typeKeys(page, fixture.caret, KEYSTROKES, WARMUP_KEYSTROKES));
      if (kind === 'annotated') {
        const times: number[] = [];
        for (let i = 0; i <= ANNOTATES; i++) {
          const [from, to] = fixture.annotateRanges[load * (ANNOTATES + 1) + i] as readonly [number, number];
          // Typing moved the text after the caret by the keystrokes typed.
          const shift = KEYSTROKES + WARMUP_KEYSTROKES;
          const ms = await page.evaluate(([f, t]) => glossaBench.annotate(f, t, 'policy'), [from + shift, to + shift] as const);
          if (i > 0) times.push(ms);
        }
        samples.annotate.push(times);
      }
      await page.close();
    }
  }
}

/** Time from a change in one page to the paint showing it in another, through the relay. */
async function measureRemote(browser: Browser, url: string, relayUrl: string, fixture: BenchFixture, samples: Samples): Promise<void> {
  for (let pair = 0; pair < REMOTE_PAIRS; pair++) {
    for (const kind of pair % 2 === 0 ? (['annotated', 'empty'] as const) : (['empty', 'annotated'] as const)) {
      process.stderr.write(`bench:browser: remote pair ${pair + 1}/${REMOTE_PAIRS}, ${kind}…\n`);
      const writer = await openEditor(browser, url, kind, relayUrl);
      const reader = await openEditor(browser, url, kind, relayUrl);
      await reader.page.evaluate((offset) => glossaBench.placeCaret(offset), fixture.caret);
      const times: number[] = [];
      for (let i = 0; i < REMOTE_WARMUP + REMOTE_ROUNDS; i++) {
        const awaited: 'annotation' | 'text' = kind === 'annotated' ? 'annotation' : 'text';
        const arrival = reader.page.evaluate((k) => glossaBench.awaitRemote(k), awaited);
        // Make sure the reader listens before the writer changes anything.
        await reader.page.evaluate(() => undefined);
        let sent: number;
        if (kind === 'annotated') {
          const round = pair * (REMOTE_WARMUP + REMOTE_ROUNDS) + i;
          const [from, to] = fixture.annotateRanges[round % fixture.annotateRanges.length] as readonly [number, number];
          sent = await writer.page.evaluate(([f, t]) => glossaBench.annotateAt(f, t, 'place'), [from, to] as const);
        } else {
          sent = await writer.page.evaluate((offset) => glossaBench.typeAt(offset, 'x'), fixture.caret);
        }
        const shown = await arrival;
        if (i >= REMOTE_WARMUP) times.push(shown - sent);
      }
      (kind === 'annotated' ? samples.remoteAnnotation : samples.remoteText).push(times);
      await writer.page.close();
      await reader.page.close();
    }
  }
}

function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** All samples of a figure, pooled over its loads. */
function pooled(loads: PerLoad): number[] {
  return loads.flat();
}

/** The median over loads of each load's p95: a p95 that one disturbed load cannot move. */
function p95OfLoads(loads: PerLoad): number {
  return median(loads.map((samples) => percentile(samples, 95)));
}

/** The relation figures: the annotated editor with 1,000 relations beside the same without them. */
function relationResults(samples: Samples, relations: number): BenchResult[] {
  const render = median(samples.firstRender.related);
  const renderBase = median(samples.firstRender.annotated);
  const scroll = median(samples.scroll.related);
  const scrollBase = median(samples.scroll.annotated);
  return [
    {
      name: `first render, 1 MB, 10k annotations and ${relations.toLocaleString('en-US')} relations (median of loads)`,
      value: render,
      baselineName: 'same editor, 10k annotations, no relations',
      baseline: renderBase,
      unit: 'ms',
      lowerIsBetter: true,
      goal: '≤ 1.2× baseline',
      met: render <= 1.2 * renderBase,
    },
    {
      name: `scroll to 75% until annotations and relations are drawn in view, ${relations.toLocaleString('en-US')} relations (median)`,
      value: scroll,
      baselineName: 'same editor, no relations, until annotations are drawn',
      baseline: scrollBase,
      unit: 'ms',
      lowerIsBetter: true,
      goal: '≤ 1.2× baseline',
      met: scroll <= 1.2 * scrollBase,
    },
  ];
}

/** The figures, each beside its baseline from the same run. */
function results(samples: Samples): BenchResult[] {
  const render = median(samples.firstRender.annotated);
  const renderBase = median(samples.firstRender['bare-decorated']);
  const key = { annotated: pooled(samples.keystroke.annotated), empty: pooled(samples.keystroke.empty), bare: pooled(samples.keystroke.bare) };
  const keyP95 = percentile(key.annotated, 95);
  const keyEmptyP95 = percentile(key.empty, 95);
  const keyBareP95 = percentile(key.bare, 95);
  const annotateP95 = percentile(pooled(samples.annotate), 95);
  const remoteP95 = percentile(pooled(samples.remoteAnnotation), 95);
  return [
    {
      name: 'first render, 1 MB, 10k annotations (median of loads)',
      value: render,
      baselineName: 'bare ProseMirror with the 10k as inline decorations',
      baseline: renderBase,
      unit: 'ms',
      lowerIsBetter: true,
      goal: '≤ 1.2× baseline and ≤ 1 s',
      met: render <= 1.2 * renderBase && render <= 1000,
    },
    {
      name: 'first render, 1 MB, no annotations (median of loads)',
      value: median(samples.firstRender.empty),
      baselineName: 'bare ProseMirror',
      baseline: median(samples.firstRender.bare),
      unit: 'ms',
      lowerIsBetter: true,
    },
    {
      name: `keystroke-to-paint p95, 1 MB, 10k annotations (${key.annotated.length} keys over ${LOADS} loads)`,
      value: keyP95,
      baselineName: 'same editor, no annotations',
      baseline: keyEmptyP95,
      unit: 'ms',
      lowerIsBetter: true,
      goal: '≤ baseline + 1 frame (16.7 ms)',
      met: keyP95 <= keyEmptyP95 + FRAME_MS,
    },
    {
      name: 'keystroke-to-paint p95 per load, median of loads, 10k annotations',
      value: p95OfLoads(samples.keystroke.annotated),
      baselineName: 'same editor, no annotations',
      baseline: p95OfLoads(samples.keystroke.empty),
      unit: 'ms',
      lowerIsBetter: true,
    },
    {
      name: 'keystroke-to-paint median, 1 MB, 10k annotations',
      value: median(key.annotated),
      baselineName: 'same editor, no annotations',
      baseline: median(key.empty),
      unit: 'ms',
      lowerIsBetter: true,
    },
    {
      name: 'keystroke-to-paint p95, 1 MB, Yjs stack without annotations',
      value: keyEmptyP95,
      baselineName: 'bare ProseMirror',
      baseline: keyBareP95,
      unit: 'ms',
      lowerIsBetter: true,
    },
    {
      name: `annotate-to-paint p95, 10k annotations present (${pooled(samples.annotate).length} over ${LOADS} loads)`,
      value: annotateP95,
      baselineName: 'bare ProseMirror keystroke-to-paint p95',
      baseline: keyBareP95,
      unit: 'ms',
      lowerIsBetter: true,
      goal: '≤ baseline + 1 frame (16.7 ms)',
      met: annotateP95 <= keyBareP95 + FRAME_MS,
    },
    {
      name: 'annotate-to-paint p95 per load, median of loads',
      value: p95OfLoads(samples.annotate),
      baselineName: 'bare ProseMirror keystroke-to-paint, same statistic',
      baseline: p95OfLoads(samples.keystroke.bare),
      unit: 'ms',
      lowerIsBetter: true,
    },
    {
      name: 'annotate-to-paint median, 10k annotations present',
      value: median(pooled(samples.annotate)),
      baselineName: 'bare ProseMirror keystroke-to-paint median',
      baseline: median(key.bare),
      unit: 'ms',
      lowerIsBetter: true,
    },
    {
      name: `remote annotation to paint in another page p95 (loopback relay, 10k present, ${pooled(samples.remoteAnnotation).length} over ${REMOTE_PAIRS} pairs)`,
      value: remoteP95,
      baselineName: 'remote keystroke to paint, no annotations',
      baseline: percentile(pooled(samples.remoteText), 95),
      unit: 'ms',
      lowerIsBetter: true,
      goal: '≤ 50 ms',
      met: remoteP95 <= 50,
    },
    {
      name: 'remote annotation to paint median',
      value: median(pooled(samples.remoteAnnotation)),
      baselineName: 'remote keystroke to paint, no annotations',
      baseline: median(pooled(samples.remoteText)),
      unit: 'ms',
      lowerIsBetter: true,
    },
    {
      name: 'scroll to 75% until annotations are drawn in view (median)',
      value: median(samples.scroll.annotated),
      baselineName: 'bare ProseMirror, all 10k decorated',
      baseline: median(samples.scroll['bare-decorated']),
      unit: 'ms',
      lowerIsBetter: true,
    },
  ];
}

/** The machine's load average over one minute, per core, as a short phrase. */
function loadPhrase(): string {
  const [oneMinute] = os.loadavg();
  return `${(oneMinute ?? 0).toFixed(1)} on ${os.cpus().length} cores`;
}

/** Which part runs: every part (null), or only `editor`, `app` or `relations`, from the first argument or GLOSSA_BENCH_ONLY. */
const only = ((): 'editor' | 'app' | 'relations' | null => {
  const value = process.argv[2] ?? process.env['GLOSSA_BENCH_ONLY'];
  if (value === undefined || value === '') return null;
  if (value === 'editor' || value === 'app' || value === 'relations') return value;
  throw new Error(`bench:browser: expected no part, "editor", "app" or "relations", got ${JSON.stringify(value)}`);
})();

async function main(): Promise<void> {
  const { fixture, files } = await buildWorkload((ANNOTATES + 1) * LOADS);
  const loadBefore = loadPhrase();
  process.stderr.write(`bench:browser: ${fixture.text.length.toLocaleString('en-US')} code units, ${fixture.spans.length.toLocaleString('en-US')} annotations\n`);
  const server = await serve(files);
  const browser = await launchBrowser();
  const version = browser.version();
  const machine = (started: number, before: string): string =>
    `Last run: Chromium ${version}, ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}; load average ${before} before and ` +
    `${loadPhrase()} after (${((performance.now() - started) / 60_000).toFixed(1)} min). Figures from a loaded machine are slower and noisier, baselines included.`;
  try {
    if (only === null || only === 'editor' || only === 'relations') {
      const samples: Samples = {
        firstRender: emptyByKind<number[]>(() => []),
        keystroke: emptyByKind<PerLoad>(() => []),
        annotate: [],
        scroll: { annotated: [], 'bare-decorated': [], related: [] },
        remoteAnnotation: [],
        remoteText: [],
      };
      const started = performance.now();
      await measureEditors(browser, server.url, fixture, samples, only === 'relations' ? ['annotated', 'related'] : ['bare', 'bare-decorated', 'empty', 'annotated', 'related']);
      if (only !== 'relations') await measureRemote(browser, server.url, server.relayUrl, fixture, samples);
      const readme = path.join(root, 'bench/README.md');
      if (only === 'relations') await replaceBrowserRows(readme, 'browser', relationResults(samples, fixture.relations), `Relation rows: ${machine(started, loadBefore)}`);
      else await writeBrowserTable(readme, 'browser', [...results(samples), ...relationResults(samples, fixture.relations)], machine(started, loadBefore));
    }
    if (only === null || only === 'app') {
      const before = loadPhrase();
      const started = performance.now();
      const app = await serveApp(fixture);
      try {
        const samples = await measureApp(browser, app.url, server.url);
        await writeBrowserTable(path.join(root, 'bench/README.md'), 'browser-app', appResults(samples), machine(started, before), APP_SECTION);
      } finally {
        await app.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();

/**
 * `pnpm bench:browser`: measures the annotation editor in Chromium beside a
 * bare ProseMirror editor holding the same text, in the same run.
 *
 * It builds the workload (a 1 MB text from the seed corpus, 10,000 seeded
 * annotations, the Yjs docs holding them), bundles the page (packages/prosemirror/test/browser/bench-page.ts)
 * with esbuild, serves it on 127.0.0.1 (port 0) together with a WebSocket
 * relay for two-page measurements, drives Debian's Chromium with
 * playwright-core over repeated fresh page loads, and rewrites the
 * "Browser" table of bench/README.md.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { createContentDoc, writeAnnotations } from '@glossa/collab';
import type { SpanAnnotation } from '@glossa/core';
import { percentile, seededRandom } from '../harness.js';
import type { BenchResult } from '../harness.js';
import type { BenchFixture, EditorKind, PageApi } from './protocol.js';
import { writeBrowserTable } from './report.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const CHROMIUM = process.env['GLOSSA_CHROMIUM'] ?? '/usr/bin/chromium';
/** Size of the benchmark document in UTF-16 code units. */
const TEXT_SIZE = 1_000_000;
const ANNOTATIONS = 10_000;
/** Fresh page loads per editor kind. */
const LOADS = 5;
/** Measured keystrokes per page load. */
const KEYSTROKES = 40;
/** Measured annotations per page load. */
const ANNOTATES = 20;
/** Remote measurements per pair of pages, and pairs. */
const REMOTE_ROUNDS = 20;
const REMOTE_PAIRS = 3;
/** One frame at 60 Hz, in milliseconds. */
const FRAME_MS = 16.7;

declare const glossaBench: PageApi;

/** The seed texts repeated up to `TEXT_SIZE`, cut at a paragraph break. */
async function benchText(): Promise<string> {
  const dir = path.join(root, 'seeds');
  const files = (await readdir(dir)).filter((file) => file.endsWith('.txt')).sort();
  const seeds = await Promise.all(files.map((file) => readFile(path.join(dir, file), 'utf8')));
  let text = '';
  for (let i = 0; text.length < TEXT_SIZE; i++) text += (text === '' ? '' : '\n') + (seeds[i % seeds.length] as string).trimEnd();
  const cut = text.lastIndexOf('\n', TEXT_SIZE);
  return text.slice(0, cut > 0 ? cut : TEXT_SIZE);
}

/** Whether `offset` falls between the two halves of a surrogate pair. */
function splitsPair(text: string, offset: number): boolean {
  const code = text.charCodeAt(offset);
  return offset > 0 && offset < text.length && code >= 0xdc00 && code <= 0xdfff;
}

/** 10,000 annotations from a fixed seed: 3 to 60 code units long, overlapping and nested by chance. */
function benchSpans(text: string): SpanAnnotation[] {
  const random = seededRandom(20_240_611);
  const labels = ['org', 'place', 'policy'];
  const spans: SpanAnnotation[] = [];
  while (spans.length < ANNOTATIONS) {
    let start = Math.floor(random() * (text.length - 80));
    let end = start + 3 + Math.floor(random() * 58);
    if (splitsPair(text, start)) start--;
    if (splitsPair(text, end)) end++;
    spans.push({
      id: `a${spans.length}`,
      start,
      end,
      label: labels[spans.length % labels.length] as string,
      author: 'bench',
      status: 'proposed',
      note: '',
      created: 0,
      source: 'import',
    });
  }
  return spans;
}

/** Word ranges after `from` to annotate, one per measurement. */
function wordRanges(text: string, from: number, count: number): [number, number][] {
  const ranges: [number, number][] = [];
  const word = /[\p{L}\p{N}]{4,}/gu;
  word.lastIndex = from;
  for (let match = word.exec(text); match !== null && ranges.length < count; match = word.exec(text)) {
    ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}

/** Builds the fixture and the Yjs updates the pages load. */
async function buildWorkload(): Promise<{ fixture: BenchFixture; files: Map<string, Uint8Array> }> {
  const text = await benchText();
  const spans = benchSpans(text);
  const middle = spans.filter((span) => span.start > text.length / 2).sort((a, b) => a.start - b.start)[0] as SpanAnnotation;
  const fixture: BenchFixture = {
    text,
    spans,
    caret: middle.start,
    annotateRanges: wordRanges(text, middle.start + 200, ANNOTATES * LOADS),
  };
  const content = createContentDoc(text);
  const layer = new Y.Doc();
  writeAnnotations(layer, content, spans);
  const files = new Map<string, Uint8Array>([
    ['/fixture.json', new TextEncoder().encode(JSON.stringify(fixture))],
    ['/content.bin', Y.encodeStateAsUpdate(content)],
    ['/layer.bin', Y.encodeStateAsUpdate(layer)],
    ['/layer-empty.bin', Y.encodeStateAsUpdate(new Y.Doc())],
  ]);
  return { fixture, files };
}

/** Bundles the page and serves it, the workload and the relay on 127.0.0.1. */
async function serve(files: Map<string, Uint8Array>): Promise<{ url: string; relayUrl: string; close: () => Promise<void> }> {
  const outdir = await mkdtemp(path.join(os.tmpdir(), 'glossa-bench-'));
  await build({
    entryPoints: [path.join(root, 'packages/prosemirror/test/browser/bench-page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    outfile: path.join(outdir, 'page.js'),
    logLevel: 'warning',
  });
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Glossa browser bench</title>' +
    '<style>body{margin:0;font:16px/1.5 sans-serif}#editor{max-width:880px;margin:0 auto;padding:16px}' +
    '.ProseMirror{white-space:pre-wrap;outline:none}.ProseMirror p{margin:0 0 .5em}</style></head>' +
    '<body><div id="editor"></div><script type="module" src="/page.js"></script></body></html>';
  files.set('/', new TextEncoder().encode(html));
  files.set('/page.js', await readFile(path.join(outdir, 'page.js')));
  const types: Record<string, string> = { '/': 'text/html', '/page.js': 'text/javascript', '/fixture.json': 'application/json' };
  const server = createServer((request, response) => {
    const body = files.get(request.url ?? '');
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[request.url ?? ''] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    response.end(body);
  });
  const relay = new WebSocketServer({ server, path: '/relay' });
  relay.on('connection', (socket: WebSocket) => {
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      for (const other of relay.clients) if (other !== socket && other.readyState === other.OPEN) other.send(data, { binary: isBinary });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    relayUrl: `ws://127.0.0.1:${port}/relay`,
    close: async () => {
      for (const client of relay.clients) client.terminate();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(outdir, { recursive: true, force: true });
    },
  };
}

/** A fresh page of the bench, with the editor of `kind` open; returns the page and its first-render time. */
async function openEditor(browser: Browser, url: string, kind: EditorKind, relayUrl?: string): Promise<{ page: Page; firstRender: number }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => process.stderr.write(`page error (${kind}): ${error.message}\n`));
  await page.goto(url);
  await page.waitForFunction(() => 'glossaBench' in window);
  const firstRender = await page.evaluate(([k, r]) => glossaBench.open(k, r ?? undefined), [kind, relayUrl ?? null] as const);
  return { page, firstRender };
}

/** Keydown-to-paint times of `count` real keystrokes at the caret. */
async function typeKeys(page: Page, caret: number, count: number): Promise<number[]> {
  await page.evaluate((offset) => glossaBench.placeCaret(offset), caret);
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    await page.evaluate(() => glossaBench.armKeystroke());
    await page.keyboard.press(i % 5 === 4 ? 'Space' : 'x');
    latencies.push(await page.evaluate((index) => glossaBench.keystrokeLatency(index), i));
  }
  return latencies;
}

interface Samples {
  firstRender: Record<EditorKind, number[]>;
  keystroke: Record<EditorKind, number[]>;
  annotate: number[];
  scroll: Record<'annotated' | 'bare-decorated', number[]>;
  remoteAnnotation: number[];
  remoteText: number[];
}

function emptyByKind(): Record<EditorKind, number[]> {
  return { bare: [], 'bare-decorated': [], empty: [], annotated: [] };
}

/** Measures every editor kind over fresh page loads, interleaved so that drift hits all alike. */
async function measureEditors(browser: Browser, url: string, fixture: BenchFixture, samples: Samples): Promise<void> {
  const kinds: EditorKind[] = ['bare', 'bare-decorated', 'empty', 'annotated'];
  for (let load = 0; load < LOADS; load++) {
    for (const kind of kinds) {
      process.stderr.write(`bench:browser: load ${load + 1}/${LOADS}, ${kind}…\n`);
      const { page, firstRender } = await openEditor(browser, url, kind);
      samples.firstRender[kind].push(firstRender);
      if (kind === 'annotated' || kind === 'bare-decorated') {
        const scrolled = await page.evaluate(() => glossaBench.scrollTo(0.75));
        if (kind === 'annotated') {
          const window = scrolled.window;
          if (window === null || scrolled.visiblePos < window.from || scrolled.visiblePos > window.to) {
            throw new Error(`viewport tracking: the decorated window ${JSON.stringify(window)} misses the visible position ${scrolled.visiblePos}`);
          }
        }
        samples.scroll[kind].push(scrolled.ms);
      }
      samples.keystroke[kind].push(...(await typeKeys(page, fixture.caret, KEYSTROKES)));
      if (kind === 'annotated') {
        for (let i = 0; i < ANNOTATES; i++) {
          const [from, to] = fixture.annotateRanges[load * ANNOTATES + i] as readonly [number, number];
          // Typing moved the text after the caret by KEYSTROKES code units.
          samples.annotate.push(await page.evaluate(([f, t]) => glossaBench.annotate(f, t, 'policy'), [from + KEYSTROKES, to + KEYSTROKES] as const));
        }
      }
      await page.close();
    }
  }
}

/** Time from a change in one page to the paint showing it in another, through the relay. */
async function measureRemote(browser: Browser, url: string, relayUrl: string, fixture: BenchFixture, samples: Samples): Promise<void> {
  for (let pair = 0; pair < REMOTE_PAIRS; pair++) {
    for (const kind of ['annotated', 'empty'] as const) {
      process.stderr.write(`bench:browser: remote pair ${pair + 1}/${REMOTE_PAIRS}, ${kind}…\n`);
      const writer = await openEditor(browser, url, kind, relayUrl);
      const reader = await openEditor(browser, url, kind, relayUrl);
      await reader.page.evaluate((offset) => glossaBench.placeCaret(offset), fixture.caret);
      for (let i = 0; i < REMOTE_ROUNDS; i++) {
        const awaited: 'annotation' | 'text' = kind === 'annotated' ? 'annotation' : 'text';
        const arrival = reader.page.evaluate((k) => glossaBench.awaitRemote(k), awaited);
        // Make sure the reader listens before the writer changes anything.
        await reader.page.evaluate(() => undefined);
        let sent: number;
        if (kind === 'annotated') {
          const [from, to] = fixture.annotateRanges[(pair * REMOTE_ROUNDS + i) % fixture.annotateRanges.length] as readonly [number, number];
          sent = await writer.page.evaluate(([f, t]) => glossaBench.annotateAt(f, t, 'place'), [from, to] as const);
        } else {
          sent = await writer.page.evaluate((offset) => glossaBench.typeAt(offset, 'x'), fixture.caret);
        }
        const shown = await arrival;
        (kind === 'annotated' ? samples.remoteAnnotation : samples.remoteText).push(shown - sent);
      }
      await writer.page.close();
      await reader.page.close();
    }
  }
}

function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The figures, each beside its baseline from the same run. */
function results(samples: Samples): BenchResult[] {
  const render = median(samples.firstRender.annotated);
  const renderBase = median(samples.firstRender['bare-decorated']);
  const keyP95 = percentile(samples.keystroke.annotated, 95);
  const keyEmptyP95 = percentile(samples.keystroke.empty, 95);
  const keyBareP95 = percentile(samples.keystroke.bare, 95);
  const annotateP95 = percentile(samples.annotate, 95);
  const remoteP95 = percentile(samples.remoteAnnotation, 95);
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
      name: 'keystroke-to-paint p95, 1 MB, 10k annotations',
      value: keyP95,
      baselineName: 'same editor, no annotations',
      baseline: keyEmptyP95,
      unit: 'ms',
      lowerIsBetter: true,
      goal: '≤ baseline + 1 frame (16.7 ms)',
      met: keyP95 <= keyEmptyP95 + FRAME_MS,
    },
    {
      name: 'keystroke-to-paint median, 1 MB, 10k annotations',
      value: median(samples.keystroke.annotated),
      baselineName: 'same editor, no annotations',
      baseline: median(samples.keystroke.empty),
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
      name: 'annotate-to-paint p95, 10k annotations present',
      value: annotateP95,
      baselineName: 'bare ProseMirror keystroke-to-paint p95',
      baseline: keyBareP95,
      unit: 'ms',
      lowerIsBetter: true,
      goal: '≤ baseline + 1 frame (16.7 ms)',
      met: annotateP95 <= keyBareP95 + FRAME_MS,
    },
    {
      name: 'remote annotation to paint in another page p95 (loopback relay, 10k present)',
      value: remoteP95,
      baselineName: 'remote keystroke to paint, no annotations',
      baseline: percentile(samples.remoteText, 95),
      unit: 'ms',
      lowerIsBetter: true,
      goal: '≤ 50 ms',
      met: remoteP95 <= 50,
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

async function main(): Promise<void> {
  const { fixture, files } = await buildWorkload();
  process.stderr.write(`bench:browser: ${fixture.text.length.toLocaleString('en-US')} code units, ${fixture.spans.length.toLocaleString('en-US')} annotations\n`);
  const server = await serve(files);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const samples: Samples = {
    firstRender: emptyByKind(),
    keystroke: emptyByKind(),
    annotate: [],
    scroll: { annotated: [], 'bare-decorated': [] },
    remoteAnnotation: [],
    remoteText: [],
  };
  try {
    await measureEditors(browser, server.url, fixture, samples);
    await measureRemote(browser, server.url, server.relayUrl, fixture, samples);
  } finally {
    await browser.close();
    await server.close();
  }
  const figures = results(samples);
  await writeBrowserTable(path.join(root, 'bench/README.md'), 'browser', figures);
}

await main();

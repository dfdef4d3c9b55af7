/**
 * Profiles one editor path of the browser benchmark with Chromium's CPU
 * profiler (CDP `Profiler` through playwright-core) and prints the functions
 * with the most self time, and the path's latencies.
 *
 *   node --conditions=source --import tsx bench/browser/profile.ts [keystroke|annotate|remote] [annotated|empty|bare]
 *
 * Not part of `pnpm bench:browser`; a tool for finding where the time goes.
 */
import type { CDPSession } from 'playwright-core';
import { percentile } from '../harness.js';
import type { EditorKind, PageApi } from './protocol.js';
import { buildWorkload } from './workload.js';
import { serve } from './server.js';
import { launchBrowser, openEditor, typeKeys } from './driver.js';

declare const glossaBench: PageApi;

/** The parts of a CDP CPU profile read here. */
interface CpuProfile {
  readonly nodes: readonly { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

/** Self time per function (ms), most first. */
function selfTimes(profile: CpuProfile): [string, number][] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byNode.get(samples[i] as number);
    if (node === undefined) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.split('/').pop() ?? '';
    const key = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    totals.set(key, (totals.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

async function profiled<T>(session: CDPSession, work: () => Promise<T>): Promise<{ result: T; profile: CpuProfile }> {
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  await session.send('Profiler.start');
  const result = await work();
  const { profile } = (await session.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  return { result, profile };
}

async function main(): Promise<void> {
  const path = (process.argv[2] ?? 'keystroke') as 'keystroke' | 'annotate' | 'remote';
  const kind = (process.argv[3] ?? 'annotated') as EditorKind;
  const { fixture, files } = await buildWorkload(40);
  const server = await serve(files);
  const browser = await launchBrowser();
  try {
    const writer = await openEditor(browser, server.url, kind, path === 'remote' ? server.relayUrl : undefined);
    const reader = path === 'remote' ? await openEditor(browser, server.url, kind, server.relayUrl) : null;
    const target = reader ?? writer;
    const session = await target.page.context().newCDPSession(target.page);
    let latencies: number[];
    if (path === 'keystroke') {
      const r = await profiled(session, () => typeKeys(writer.page, fixture.caret, 40, 5));
      print(r.profile);
      latencies = r.result;
    } else if (path === 'annotate') {
      // As in the benchmark: typing first, then annotating after the typed text.
      await typeKeys(writer.page, fixture.caret, 45);
      const run = async (): Promise<number[]> => {
        const out: number[] = [];
        for (const [from, to] of fixture.annotateRanges.slice(0, 30)) {
          out.push(await writer.page.evaluate(([f, t]) => glossaBench.annotate(f, t, 'policy'), [from + 45, to + 45] as const));
        }
        return out;
      };
      const r = await profiled(session, run);
      print(r.profile);
      latencies = r.result;
    } else {
      const readerPage = (reader as { page: typeof writer.page }).page;
      const run = async (): Promise<number[]> => {
        const out: number[] = [];
        for (const [from, to] of fixture.annotateRanges.slice(0, 30)) {
          const arrival = readerPage.evaluate(() => glossaBench.awaitRemote('annotation'));
          await readerPage.evaluate(() => undefined);
          const sent = await writer.page.evaluate(([f, t]) => glossaBench.annotateAt(f, t, 'place'), [from, to] as const);
          out.push((await arrival) - sent);
        }
        return out;
      };
      const r = await profiled(session, run);
      print(r.profile);
      latencies = r.result;
    }
    process.stdout.write(`transactions: ${JSON.stringify(await target.page.evaluate(() => glossaBench.transactionCounts()))}\n`);
    process.stdout.write(`in order: ${latencies.map((v) => v.toFixed(0)).join(' ')}\n`);
    const sorted = [...latencies].sort((a, b) => a - b);
    process.stdout.write(`${path} on ${kind}: median ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, all ${sorted.map((v) => v.toFixed(0)).join(' ')}\n`);
  } finally {
    await browser.close();
    await server.close();
  }
}

function print(profile: CpuProfile): void {
  for (const [name, ms] of selfTimes(profile).slice(0, 35)) process.stdout.write(`${ms.toFixed(1).padStart(9)} ms  ${name}\n`);
}

await main();

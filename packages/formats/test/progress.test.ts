import { describe, expect, it } from 'vitest';
import type { ExportReport } from '../src/index.js';
import { MemorySink, ProgressPrinter, jsonlFormat, summaryLine } from '../src/index.js';
import { corpus, schema, stream } from './corpus.js';

function recorder(isTTY: boolean): { out: string[]; stream: { write(s: string): void; isTTY: boolean } } {
  const out: string[] = [];
  return { out, stream: { write: (s: string) => void out.push(s), isTTY } };
}

describe('ProgressPrinter', () => {
  it('prints nothing for a few documents, then plain lines on a non-TTY', () => {
    let now = 0;
    const r = recorder(false);
    const p = new ProgressPrinter(r.stream, { label: 'export', minDocuments: 3, lineIntervalMs: 1000, now: () => now });
    p.update({ documents: 1, spans: 2 });
    expect(r.out).toEqual([]);
    now = 2000;
    p.update({ documents: 4, spans: 8 });
    now = 2500;
    p.update({ documents: 5, spans: 9 });
    expect(r.out).toEqual(['export: 4 documents, 8 spans, 2.0 docs/s\n']);
  });

  it('draws a bar with counts on a TTY', () => {
    const r = recorder(true);
    const p = new ProgressPrinter(r.stream, { label: 'export', minDocuments: 0, barWidth: 4, now: () => 1000 });
    p.update({ documents: 2, spans: 3, total: 4 });
    expect(r.out[0]).toContain('[##..] 2/4 documents, 3 spans');
  });

  it('summarizes a real export in one line', async () => {
    const sink = new MemorySink();
    const r = recorder(false);
    const p = new ProgressPrinter(r.stream, { label: 'export' });
    const report = (await jsonlFormat.export?.(stream(corpus()), { schema, onProgress: p.listener }, sink)) as ExportReport;
    p.finish(report);
    const bytes = sink.bytes('corpus.jsonl').length;
    expect(r.out.join('')).toContain(`jsonl: 3 documents, ${report.spans} spans, ${bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} kB`} in 1 file`);
    expect(summaryLine(report)).toContain('losses (see report)');
  });
});

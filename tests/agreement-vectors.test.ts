/**
 * `glossa agreement --json` on a corpus imported from native JSONL gives the
 * published figures of FORMATS.md §10 for the unitizing example (L = 30):
 * A = {HATE[0,9), SPAM[6,14), HATE[20,25)}, B = {HATE[0,3), SPAM[6,14), HATE[19,25)}
 * → α_u 0.695223 (HATE 0.480862, SPAM 1.0), span F1 exact 1/3, relaxed 1.0.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGlossa } from '../packages/cli/test/support/run-cli.js';

let cwd: string;
const glossa = (...argv: string[]) => runGlossa(cwd, argv);

const TEXT = 'abcdefghijklmnopqrstuvwxyzABCD'; // 30 code points, no whitespace
const A: [number, number, string][] = [[0, 9, 'hate'], [6, 14, 'spam'], [20, 25, 'hate']];
const B: [number, number, string][] = [[0, 3, 'hate'], [6, 14, 'spam'], [19, 25, 'hate']];

beforeAll(async () => {
  cwd = mkdtempSync(path.join(tmpdir(), 'glossa-vectors-'));
  const spans = [
    ...A.map(([start, end, label]) => ({ start, end, label, annotator: 'a' })),
    ...B.map(([start, end, label]) => ({ start, end, label, annotator: 'b' })),
  ];
  writeFileSync(path.join(cwd, 'corpus.jsonl'), JSON.stringify({ id: 'd1', text: TEXT, spans }) + '\n');
  const schema = {
    version: 1,
    name: 'toy',
    groups: [],
    labels: [
      { id: 'hate', name: 'Hate', description: 'Hateful speech.', color: '#ffcccc' },
      { id: 'spam', name: 'Spam', description: 'Unsolicited advertising.', color: '#ccffcc' },
    ],
    documentLabels: [],
  };
  writeFileSync(path.join(cwd, 'schema.json'), JSON.stringify(schema));
  const imported = await glossa('import', 'corpus.jsonl', '--project', 't', '--mode', 'independent', '--schema', 'schema.json');
  expect(imported.stderr).toBe('');
  expect(imported.code).toBe(0);
});

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('glossa agreement on the published unitizing example', () => {
  it('gives α_u 0.695223 (HATE 0.480862, SPAM 1.0) and span F1 1/3 exact, 1.0 relaxed', async () => {
    const run = await glossa('agreement', '--project', 't', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      labels: Record<string, { alpha_u: number; f1_exact: number; f1_overlap: number }>;
      overall: { alpha_u_pooled: number };
      pairs: { f1_exact: number; f1_overlap: number }[];
    };
    expect(report.labels.hate?.alpha_u).toBeCloseTo(0.480862, 6);
    expect(report.labels.spam?.alpha_u).toBeCloseTo(1.0, 6);
    expect(report.overall.alpha_u_pooled).toBeCloseTo(0.695223, 6);
    expect(report.pairs).toHaveLength(1);
    expect(report.pairs[0]?.f1_exact).toBeCloseTo(1 / 3, 6);
    expect(report.pairs[0]?.f1_overlap).toBeCloseTo(1.0, 6);
  });
});

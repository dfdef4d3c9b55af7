/**
 * `glossa agreement` on layers with relations: the relation table and the
 * JSON's `relations` against figures computed by hand.
 *
 * Text: "The measure is funded by the budget line and the tax." Both
 * annotators mark "measure" (m) and "tax" (t); alice marks "budget line"
 * (b), bob only "budget" (b2), which overlaps it.
 *
 * | label     | alice          | bob          | exact | overlap                   |
 * |-----------|----------------|--------------|-------|---------------------------|
 * | funded-by | m→b, m→t       | m→b2, t→m    | 0     | 1 (m→b ~ m→b2; t→m is the |
 * |           |                |              |       | other direction)          |
 * | same      | b—t            | t—b2         | 0     | 1 (undirected: either way)|
 *
 * funded-by: F1 exact 0, overlap 2·1/(2+2) = 0.5, support 4; same: exact
 * 0, overlap 2·1/(1+1) = 1, support 2. Mean over the two labels: exact 0,
 * overlap 0.75, support 6. The pair alice/bob sums over labels: exact 0,
 * overlap 2·2/(3+3) = 0.667.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementReport } from '@glossa/core';
import { runGlossa, type Run } from './support/run-cli.js';

let cwd: string;

function glossa(...argv: string[]): Promise<Run> {
  return runGlossa(cwd, argv);
}

const TEXT = 'The measure is funded by the budget line and the tax.';
const at = (s: string): { start: number; end: number } => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });

const schema = {
  version: 1,
  name: 'relations',
  textColor: '#000000',
  groups: [],
  labels: [{ id: 'item', name: 'Item', description: 'A thing.', color: '#81b29a' }],
  documentLabels: [],
  relationLabels: [
    { id: 'funded-by', name: 'Funded by', description: 'Paid from.', directed: true, color: '#a8dadc' },
    { id: 'same', name: 'Same', description: 'The same thing.', directed: false, color: '#f4a261' },
  ],
};

const line = {
  id: 'd1',
  text: TEXT,
  spans: [
    { id: 'am', ...at('measure'), label: 'item', annotator: 'alice' },
    { id: 'ab', ...at('budget line'), label: 'item', annotator: 'alice' },
    { id: 'at', ...at('tax'), label: 'item', annotator: 'alice' },
    { id: 'bm', ...at('measure'), label: 'item', annotator: 'bob' },
    { id: 'bb', ...at('budget'), label: 'item', annotator: 'bob' },
    { id: 'bt', ...at('tax'), label: 'item', annotator: 'bob' },
  ],
  relations: [
    { id: 'r1', from: 'am', to: 'ab', label: 'funded-by', annotator: 'alice' },
    { id: 'r2', from: 'am', to: 'at', label: 'funded-by', annotator: 'alice' },
    { id: 'r3', from: 'ab', to: 'at', label: 'same', directed: false, annotator: 'alice' },
    { id: 'r4', from: 'bm', to: 'bb', label: 'funded-by', annotator: 'bob' },
    { id: 'r5', from: 'bt', to: 'bm', label: 'funded-by', annotator: 'bob' },
    { id: 'r6', from: 'bt', to: 'bb', label: 'same', directed: false, annotator: 'bob' },
  ],
};

beforeAll(async () => {
  cwd = mkdtempSync(path.join(tmpdir(), 'glossa-agreement-relations-'));
  writeFileSync(path.join(cwd, 'schema.json'), JSON.stringify(schema));
  writeFileSync(path.join(cwd, 'corpus.jsonl'), JSON.stringify(line) + '\n');
  const imported = await glossa('import', 'corpus.jsonl', '--project', 'rel', '--mode', 'independent', '--schema', 'schema.json');
  expect(imported.stderr).toBe('');
  expect(imported.code).toBe(0);
});

afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

describe('glossa agreement with relations', () => {
  it('gives relation F1 per label, overall and per pair as computed by hand (--json)', async () => {
    const run = await glossa('agreement', '--project', 'rel', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { relations } = JSON.parse(run.stdout) as AgreementReport;
    expect(relations.labels).toEqual({
      'funded-by': { f1_exact: 0, f1_overlap: 0.5, support: 4 },
      same: { f1_exact: 0, f1_overlap: 1, support: 2 },
    });
    expect(relations.overall).toEqual({ f1_exact: 0, f1_overlap: 0.75, support: 6, labels: 2 });
    expect(relations.pairs).toHaveLength(1);
    expect(relations.pairs[0]).toMatchObject({ a: 'alice', b: 'bob', f1_exact: 0 });
    expect(relations.pairs[0]?.f1_overlap).toBeCloseTo(2 / 3, 10);
    expect(relations.dangling).toBe(0);
  });

  it('prints the relation tables', async () => {
    const run = await glossa('agreement', '--project', 'rel');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n').map((l) => l.trim().split(/\s{2,}/));
    expect(lines).toContainEqual(['RELATION', 'SUPPORT', 'F1_EXACT', 'F1_OVERLAP']);
    expect(lines).toContainEqual(['funded-by', '4', '0.000', '0.500']);
    expect(lines).toContainEqual(['same', '2', '0.000', '1.000']);
    expect(lines).toContainEqual(['(mean of 2 relation labels)', '6', '0.000', '0.750']);
    expect(lines).toContainEqual(['RELATION PAIR', 'F1_EXACT', 'F1_OVERLAP']);
    expect(lines).toContainEqual(['alice / bob', '0.000', '0.667']);
  });

  it('prints no relation table for a project without relations', async () => {
    writeFileSync(path.join(cwd, 'plain.jsonl'), JSON.stringify({ ...line, id: 'p1', relations: [] }) + '\n');
    const imported = await glossa('import', 'plain.jsonl', '--project', 'plain', '--mode', 'independent', '--schema', 'schema.json');
    expect(imported.code).toBe(0);
    const run = await glossa('agreement', '--project', 'plain');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('RELATION');
  });
});

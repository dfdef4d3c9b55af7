/**
 * `glossa agreement`, run in-process with `runCli` on a temporary data
 * directory holding a native JSONL corpus imported with `glossa import`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAgreement, toUtf16Offset, type AgreementReport } from '@glossa/core';
import { runGlossa, type Run } from './support/run-cli.js';

let cwd: string;

function glossa(...argv: string[]): Promise<Run> {
  return runGlossa(cwd, argv);
}

// Offsets in code points. In d2, "raids" is [25, 30) in code points but [26, 31) in UTF-16 (after 😀).
const D1 = 'The army patrols the streets of Medellín at night.';
const D2 = 'Youth programs 😀 replace raids.';
const SPANS: Record<string, { start: number; end: number; label: string; annotator: string }[]> = {
  d1: [
    { start: 4, end: 15, label: 'militarization', annotator: 'alice' },
    { start: 4, end: 8, label: 'militarization', annotator: 'bob' },
    { start: 0, end: 3, label: 'drug-policy', annotator: 'carol' },
    { start: 4, end: 15, label: 'militarization', annotator: 'carol' },
    { start: 0, end: 50, label: 'militarization', annotator: 'gold' },
  ],
  d2: [
    { start: 0, end: 14, label: 'social-prevention', annotator: 'alice' },
    { start: 0, end: 14, label: 'social-prevention', annotator: 'bob' },
    { start: 25, end: 30, label: 'militarization', annotator: 'bob' },
    { start: 15, end: 16, label: 'human-rights', annotator: 'shared' },
  ],
};
const TEXTS: Record<string, string> = { d1: D1, d2: D2 };

beforeAll(async () => {
  cwd = mkdtempSync(path.join(tmpdir(), 'glossa-agreement-'));
  const lines = Object.entries(SPANS).map(([id, spans]) =>
    JSON.stringify({ id, text: TEXTS[id], spans: spans.map(({ annotator, ...s }) => (annotator === 'shared' ? s : { ...s, annotator })) }),
  );
  writeFileSync(path.join(cwd, 'corpus.jsonl'), lines.join('\n') + '\n');
  const imported = await glossa('import', 'corpus.jsonl', '--project', 'policy', '--mode', 'independent');
  expect(imported.stderr).toBe('');
  expect(imported.code).toBe(0);
});

afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

async function jsonReport(...flags: string[]): Promise<AgreementReport & { confusion?: unknown }> {
  const run = await glossa('agreement', '--project', 'policy', '--json', ...flags);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as AgreementReport;
}

describe('glossa agreement --json', () => {
  it('compares the annotator layers, leaving out shared and gold', async () => {
    const report = await jsonReport();
    expect(report.annotators).toEqual(['alice', 'bob', 'carol']);
    expect(report.unit).toBe('char');
    expect(report.documents).toBe(2);
    expect(Object.keys(report.labels)).toEqual(['drug-policy', 'militarization', 'social-prevention']);
    expect(report.pairs.map((p) => [p.a, p.b, p.documents])).toEqual([
      ['alice', 'bob', 2],
      ['alice', 'carol', 1],
      ['bob', 'carol', 1],
    ]);
    expect(report.labels['social-prevention']).toMatchObject({ kappa: 1, alpha: 1, f1_exact: 1, f1_overlap: 1, support: 2 });
  });

  it('gives what computeAgreement gives on the same layers, read back with UTF-16 offsets', async () => {
    const documents = Object.entries(SPANS).map(([id, spans]) => {
      const text = TEXTS[id] as string;
      const layers: Record<string, { start: number; end: number; label: string }[]> = {};
      for (const s of spans) {
        if (s.annotator === 'shared' || s.annotator === 'gold') continue;
        (layers[s.annotator] ??= []).push({ start: toUtf16Offset(text, s.start), end: toUtf16Offset(text, s.end), label: s.label });
      }
      return { id, text, layers };
    });
    expect(await jsonReport()).toEqual(JSON.parse(JSON.stringify(computeAgreement({ documents }))));
  });

  it('adds confusion matrices counting code points, not UTF-16 units', async () => {
    const report = await jsonReport('--annotators', 'alice,bob', '--confusion');
    const confusion = report.confusion as { a: string; b: string; labels: string[]; matrix: number[][] }[];
    expect(confusion).toHaveLength(1);
    const [pair] = confusion;
    expect(pair?.labels).toEqual(['militarization', 'social-prevention', 'none']);
    // alice "army patrol" (10 units) vs bob "army" (4); bob "raids" (5) where alice has nothing; "Youth programs" (13) both.
    expect(pair?.matrix).toEqual([
      [4, 0, 6],
      [0, 13, 0],
      [5, 0, 41],
    ]);
  });

  it('measures over tokens of the formats tokenizer with --unit token', async () => {
    const report = await jsonReport('--unit', 'token');
    expect(report.unit).toBe('token');
    // d1: The army patrols the streets of Medellín at night . (10); d2: Youth programs 😀 replace raids . (6).
    expect(report.units).toBe(16);
    expect(report.perDocument.map((d) => [d.doc, d.units])).toEqual([
      ['d1', 10],
      ['d2', 6],
    ]);
  });

  it('restricts annotators, labels and documents', async () => {
    const report = await jsonReport('--annotators', 'carol,gold', '--labels', 'militarization', '--docs', 'd1');
    expect(report.annotators).toEqual(['carol', 'gold']);
    expect(Object.keys(report.labels)).toEqual(['militarization']);
    expect(report.documents).toBe(1);
    // carol "army patrol" (10 units) inside gold's whole sentence (42 units): F1 0 exact, 1 by overlap.
    expect(report.labels.militarization).toMatchObject({ f1_exact: 0, f1_overlap: 1, support: 2 });
    expect(report.units).toBe(42);
  });
});

describe('glossa agreement tables', () => {
  it('prints labels × measures, pairs and documents, with a dash for undefined values', async () => {
    const run = await glossa('agreement', '--project', 'policy');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Agreement in project "policy": 3 annotators (alice, bob, carol), 2 documents compared, 69 character units');
    expect(run.stdout).toMatch(/^LABEL +SUPPORT +KAPPA +FLEISS +ALPHA +ALPHA_U +F1_EXACT +F1_OVERLAP$/m);
    // social-prevention appears only in d2, which carol lacks: Fleiss and α_U need documents every annotator has.
    expect(run.stdout).toMatch(/^social-prevention +2 +1\.000 +- +1\.000 +- +1\.000 +1\.000$/m);
    expect(run.stdout).toMatch(/^\(mean of 3 labels\) +7 /m);
    expect(run.stdout).toMatch(/^alice \/ bob +2 +69 /m);
    expect(run.stdout).toMatch(/^d2 +alice, bob +27 /m);
  });

  it('prints a confusion matrix per pair with --confusion', async () => {
    const run = await glossa('agreement', '--project', 'policy', '--annotators', 'alice,bob', '--confusion');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Confusion \(units\): alice in rows, bob in columns, 2 documents$/m);
    expect(run.stdout).toMatch(/^none +5 +0 +41$/m);
  });
});

describe('glossa agreement with bad flags', () => {
  const cases: { name: string; argv: string[]; code: number; stderr: RegExp }[] = [
    { name: 'no --project', argv: [], code: 2, stderr: /glossa agreement: --project is required/ },
    { name: 'an unknown project', argv: ['--project', 'nope'], code: 1, stderr: /unknown project "nope"; expected one of policy/ },
    { name: 'an unknown --unit', argv: ['--project', 'policy', '--unit', 'word'], code: 2, stderr: /unknown --unit "word"; expected one of char, token/ },
    { name: 'an unknown annotator', argv: ['--project', 'policy', '--annotators', 'alice,dave'], code: 1, stderr: /unknown annotator "dave" in project "policy"; expected one of alice, bob, carol/ },
    { name: 'a single annotator', argv: ['--project', 'policy', '--annotators', 'alice'], code: 1, stderr: /has only the annotator layer "alice"; agreement needs at least two annotators/ },
    { name: 'an empty annotator entry', argv: ['--project', 'policy', '--annotators', 'alice,,bob'], code: 2, stderr: /--annotators "alice,,bob" has an empty entry/ },
    { name: 'an unknown label', argv: ['--project', 'policy', '--labels', 'militarization,hate'], code: 1, stderr: /unknown label "hate" in project "policy"; expected one of militarization, / },
    { name: 'an unknown document', argv: ['--project', 'policy', '--docs', 'd1,d9'], code: 1, stderr: /unknown document "d9" in project "policy"; expected one of d1, d2/ },
    { name: 'an unknown flag', argv: ['--project', 'policy', '--kappa'], code: 2, stderr: /glossa agreement: Unknown option '--kappa'/ },
    { name: 'a missing data directory', argv: ['--project', 'policy', '--data', 'elsewhere'], code: 1, stderr: /unknown project "policy"; there is no data directory at .*elsewhere/ },
  ];
  it.each(cases)('$name', async ({ argv, code, stderr }) => {
    const run = await glossa('agreement', ...argv);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(stderr);
    expect(run.stdout).toBe('');
  });
});

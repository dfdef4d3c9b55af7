/**
 * Every dataset format through the CLI: export the test corpus
 * (`fixtures/corpus.jsonl`), import the result back into a fresh data
 * directory without naming the format, export again and compare; strict
 * exports, the report file, progress, the dataset card's agreement figures.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { Unpackr } from 'msgpackr';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportFormatNames, getFormat, type ExportReport } from '@glossa/formats';
import { CORPUS_FIXTURE, importCorpusFixture, runGlossa, treeOf, type Run } from './support/run-cli.js';

const fixtureLines = readFileSync(CORPUS_FIXTURE, 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => JSON.parse(l) as { id: string; text: string; spans?: { start: number; end: number; label: string; annotator?: string; status?: string }[] });

let cwd: string;

beforeEach(async () => {
  cwd = mkdtempSync(path.join(tmpdir(), 'glossa-cli-formats-'));
  const imported = await importCorpusFixture(cwd, '--data', 'a');
  expect(imported.stderr).toBe('');
  expect(imported.code).toBe(0);
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function glossa(...argv: string[]): Promise<Run> {
  return runGlossa(cwd, argv);
}

/** `--out` for a format: a folder, or the main file inside `dir`. */
function outFor(format: string, dir: string): string {
  const adapter = getFormat(format);
  if (adapter?.kind === 'folder') return dir;
  mkdirSync(path.join(cwd, dir), { recursive: true });
  return `${dir}/corpus${adapter?.extension ?? ''}`;
}

/** What to hand `glossa import` for an export: the folder, or the files with the format's extension. */
function importArgsFor(format: string, dir: string): string[] {
  const adapter = getFormat(format);
  if (adapter?.kind === 'folder') return [dir];
  return readdirSync(path.join(cwd, dir))
    .filter((f) => f.endsWith(adapter?.extension ?? '') && !f.endsWith('.report.json'))
    .map((f) => `${dir}/${f}`);
}

/** The exported files as text by path, without the report files. */
function exported(dir: string): Record<string, string> {
  const tree = treeOf(path.join(cwd, dir));
  return Object.fromEntries(Object.entries(tree).filter(([p]) => !p.endsWith('.report.json')).map(([p, hex]) => [p, Buffer.from(hex, 'hex').toString('utf8')]));
}

function readReport(file: string): ExportReport & { project: string; out: string } {
  return JSON.parse(readFileSync(path.join(cwd, file), 'utf8')) as ExportReport & { project: string; out: string };
}

const roundTripping = exportFormatNames.filter((name) => getFormat(name)?.import !== undefined);
const exportOnly = exportFormatNames.filter((name) => getFormat(name)?.import === undefined);

describe('export → import → export through the CLI', () => {
  it('covers every exportable format', () => {
    expect([...roundTripping].sort()).toEqual(['brat', 'conll', 'doccano', 'jsonl', 'labelstudio', 'w3c', 'webanno']);
    expect([...exportOnly].sort()).toEqual(['csv', 'hf', 'spacy', 'spacy-json']);
  });

  for (const flags of [[], ['--consolidate', 'union']]) {
    it.each(roundTripping)(`%s ${flags.join(' ') || '(default consolidation)'} gives identical files`, async (format) => {
      // CoNLL's one file of several layers names no layer: its layers come back from the folder form, a file per layer.
      const outIn = (dir: string): string => (format === 'conll' && flags.length === 0 ? `${dir}/` : outFor(format, dir));
      const first = await glossa('export', '--project', 'policy', '--format', format, '--out', outIn('one'), '--data', 'a', ...flags);
      expect(first.stderr).toMatch(new RegExp(`^${format}: 4 documents, \\d+ spans`, 'm'));
      expect(first.code).toBe(0);
      const back = await glossa('import', ...importArgsFor(format, 'one'), '--project', 'policy', '--data', 'b');
      expect(back.stderr).toBe('');
      expect(back.code).toBe(0);
      const second = await glossa('export', '--project', 'policy', '--format', format, '--out', outIn('two'), '--data', 'b', ...flags);
      expect(second.code).toBe(0);
      const one = exported('one');
      expect(Object.keys(one).length).toBeGreaterThan(0);
      expect(exported('two')).toEqual(one);
    });
  }

  it.each(['jsonl', 'w3c'])('%s carries every layer, span and document label', async (format) => {
    const out = outFor(format, 'one');
    await glossa('export', '--project', 'policy', '--format', format, '--out', out, '--data', 'a');
    expect((await glossa('import', ...importArgsFor(format, 'one'), '--project', 'policy', '--mode', 'independent', '--data', 'b')).code).toBe(0);
    // Titles are metadata W3C does not carry, and texts are exported with LF line breaks.
    const layers = async (data: string): Promise<unknown> =>
      (JSON.parse((await glossa('list', '--project', 'policy', '--json', '--data', data)).stdout) as { documents: { id: string; layers: unknown }[] }).documents.map((d) => [d.id, d.layers]);
    expect(await layers('b')).toEqual(await layers('a'));
    const spans = fixtureLines.reduce((n, l) => n + (l.spans?.length ?? 0), 0);
    const report = readReport(`${out}.report.json`);
    expect(report.spans).toBe(spans);
    expect(report.losses).toEqual([]);
  });

  it.each(exportOnly)('%s writes its files and a report that lists them', async (format) => {
    const out = outFor(format, 'one');
    const run = await glossa('export', '--project', 'policy', '--format', format, '--out', out, '--data', 'a');
    expect(run.code).toBe(0);
    const report = readReport(`${out}.report.json`);
    expect(report).toMatchObject({ format, project: 'policy', out, documents: fixtureLines.length });
    const root = getFormat(format)?.kind === 'folder' ? path.join(cwd, out) : path.join(cwd, 'one');
    expect(report.files.length).toBeGreaterThan(0);
    for (const file of report.files) expect(statSync(path.join(root, file.path)).size).toBe(file.bytes);
  });
});

describe('what the exports hold', () => {
  it('hf span rows carry code point offsets of the fixture, and the card the agreement figures', async () => {
    expect((await glossa('export', '--project', 'policy', '--format', 'hf', '--out', 'hf', '--data', 'a', '--consolidate', 'none')).code).toBe(0);
    const rows = readFileSync(path.join(cwd, 'hf/data/train-00000-of-00001.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; annotator: string; text: string; spans: { start: number; end: number; label: string }[] });
    for (const line of fixtureLines) {
      // Exports other than jsonl have LF line breaks: a CRLF before an offset counts once.
      const points = Array.from(line.text);
      const lf = (cp: number): number => cp - points.slice(0, cp).filter((c, i) => c === '\r' && points[i + 1] === '\n').length;
      // Rejected spans and the label the seed schema excludes from export (boilerplate) are left out by default.
      const expected = (line.spans ?? []).filter((s) => s.status !== 'rejected' && s.label !== 'boilerplate').map((s) => `${s.annotator ?? 'shared'} ${lf(s.start)} ${lf(s.end)} ${s.label}`);
      const got = rows.filter((r) => r.id === line.id).flatMap((r) => r.spans.map((s) => `${r.annotator} ${s.start} ${s.end} ${s.label}`));
      expect(got.sort()).toEqual(expected.sort());
    }
    const agreement = JSON.parse((await glossa('agreement', '--project', 'policy', '--json', '--data', 'a')).stdout) as { overall: { alpha_u: number } };
    const card = readFileSync(path.join(cwd, 'hf/README.md'), 'utf8');
    expect(card).toContain(`Krippendorff's alpha_u (unitizing, characters), mean over labels: **${agreement.overall.alpha_u.toFixed(4)}**`);
  });

  it('hf splits by --split and --seed into one file per split', async () => {
    const run = await glossa('export', '--project', 'policy', '--format', 'hf', '--out', 'hf', '--data', 'a', '--split', 'train=0.5,test=0.5', '--seed', '7', '--stratify', 'kind', '--parquet');
    expect(run.code).toBe(0);
    expect(readdirSync(path.join(cwd, 'hf/data')).sort()).toEqual(['test-00000-of-00001.parquet', 'train-00000-of-00001.parquet']);
  });

  it('spacy writes a DocBin with one doc per document', async () => {
    expect((await glossa('export', '--project', 'policy', '--format', 'spacy', '--out', outFor('spacy', 'one'), '--data', 'a')).code).toBe(0);
    const docBin = new Unpackr({ mapsAsObjects: false }).unpack(inflateSync(readFileSync(path.join(cwd, 'one/corpus.spacy')))) as Map<string, unknown>;
    expect(docBin.get('version')).toBe('0.1');
    expect((docBin.get('cats') as unknown[]).length).toBe(fixtureLines.length);
  });

  it('cuts boilerplate out of the texts with --strip-boilerplate', async () => {
    const run = await glossa('export', '--project', 'policy', '--format', 'jsonl', '--out', '-', '--data', 'a', '--strip-boilerplate');
    expect(run.code).toBe(0);
    const line = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; text: string })
      .find((l) => l.id === 'c-boilerplate');
    const original = fixtureLines.find((l) => l.id === 'c-boilerplate')!.text;
    expect(line?.text).toBe(original.replace('Menu | Home | Login', ''));
  });

  it('exports only spans with the given statuses', async () => {
    const run = await glossa('export', '--project', 'policy', '--format', 'jsonl', '--out', '-', '--data', 'a', '--status', 'rejected');
    const spans = run.stdout
      .trim()
      .split('\n')
      .flatMap((l) => (JSON.parse(l) as { spans: { status?: string }[] }).spans);
    expect(spans.map((s) => s.status)).toEqual(fixtureLines.flatMap((l) => (l.spans ?? []).filter((s) => s.status === 'rejected').map(() => 'rejected')));
  });
});

describe('losses and strict exports', () => {
  it('reports losses on stderr and in <out>.report.json', async () => {
    const run = await glossa('export', '--project', 'policy', '--format', 'conll', '--out', outFor('conll', 'one'), '--data', 'a');
    expect(run.code).toBe(0);
    const report = readReport('one/corpus.conll.report.json');
    const overlap = report.losses.find((l) => l.kind === 'overlap');
    expect(overlap?.count).toBeGreaterThan(0);
    expect(overlap?.examples[0]?.document).toBe('a-emoji');
    expect(run.stderr).toMatch(new RegExp(`conll could not carry everything: \\d+ losses; every kind with its first examples is in one/corpus\\.conll\\.report\\.json\\n(.|\\n)*  overlap: ${overlap?.count}\\n    a-emoji \\(alice\\): `));
    // Exactly the file asked for (a tag column per annotator), and its report.
    expect(readdirSync(path.join(cwd, 'one')).sort()).toEqual(['corpus.conll', 'corpus.conll.report.json']);
  });

  it.each([
    ['conll', /strict export: status-filter in document a-emoji \(layer carol\): drug-policy \[\d+,\d+\) has status rejected/],
    ['brat', /strict export: status-filter in document a-emoji/],
    ['hf', /strict export: /],
  ])('--strict on a lossy %s export fails and leaves no output', async (format, message) => {
    const before = treeOf(cwd);
    const out = getFormat(format)?.kind === 'folder' ? 'out' : 'corpus.out';
    const run = await glossa('export', '--project', 'policy', '--format', format, '--out', out, '--data', 'a', '--strict');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/nothing was written/);
    expect(run.code).toBe(1);
    expect(treeOf(cwd)).toEqual(before);
  });

  it('--strict passes when nothing is lost', async () => {
    const run = await glossa('export', '--project', 'policy', '--format', 'jsonl', '--out', 'all.jsonl', '--data', 'a', '--strict');
    expect(run.code).toBe(0);
    expect(existsSync(path.join(cwd, 'all.jsonl'))).toBe(true);
  });

  it('--force replaces the content of a non-empty folder', async () => {
    mkdirSync(path.join(cwd, 'out/old'), { recursive: true });
    const refused = await glossa('export', '--project', 'policy', '--format', 'brat', '--out', 'out', '--data', 'a');
    expect(refused.code).toBe(1);
    const run = await glossa('export', '--project', 'policy', '--format', 'brat', '--out', 'out', '--data', 'a', '--force');
    expect(run.code).toBe(0);
    expect(readdirSync(path.join(cwd, 'out')).sort()).toEqual(['alice', 'bob', 'carol', 'shared']);
    expect(readdirSync(cwd).filter((f) => f.startsWith('.out'))).toEqual([]);
  });
});

describe('progress', () => {
  it('prints progress and a summary line for more than a few documents', async () => {
    const lines = Array.from({ length: 25 }, (_, i) => JSON.stringify({ id: `doc-${String(i).padStart(2, '0')}`, text: `Text ${i}.` })).join('\n');
    writeFileSync(path.join(cwd, 'many.jsonl'), lines + '\n');
    expect((await glossa('import', 'many.jsonl', '--project', 'many', '--data', 'a')).code).toBe(0);
    const run = await glossa('export', '--project', 'many', '--format', 'jsonl', '--out', 'many-out.jsonl', '--data', 'a');
    expect(run.stderr).toMatch(/^export jsonl: 25\/25 documents, 0 spans, .* docs\/s$/m);
    expect(run.stderr).toMatch(/^jsonl: 25 documents, 0 spans, .* in 1 file, [\d.]+ s, nothing lost$/m);
  });
});

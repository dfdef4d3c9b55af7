/**
 * `glossa export` writes exactly the path it is given, for every format ×
 * {one layer, several layers, consolidated} × {a file path, a folder path}:
 * a file format writes that one file (its folder form only at a path
 * ending in /), a folder format that folder, the report beside it and
 * nothing else. CoNLL and W3C are read back by small readers of their own;
 * the one layer exported is the gold layer, whose accepted spans are no
 * status loss.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONLL_DOCSTART, exportFormatNames, getFormat, type ExportReport } from '@glossa/formats';
import { importCorpusFixture, runGlossa } from './support/run-cli.js';

/** A curated document: its gold spans are accepted, as curation writes them. */
const GOLD_DOCUMENT = {
  id: 'g-curated',
  text: 'The National Guard patrols the city. Mayors ask for more police.',
  spans: [
    { id: 'g1', start: 4, end: 18, label: 'militarization', annotator: 'gold', status: 'accepted' },
    { id: 'g2', start: 58, end: 64, label: 'police-professionalization', annotator: 'gold', status: 'accepted' },
    { id: 'a9', start: 4, end: 18, label: 'militarization', annotator: 'alice' },
  ],
};

/** The layers of the project: the fixture's annotators and gold. */
const LAYERS = ['alice', 'bob', 'carol', 'gold'];

const SELECTIONS = {
  'one layer': ['--layer', 'gold'],
  'several layers': [],
  consolidated: ['--consolidate', 'union'],
} as const;
type Selection = keyof typeof SELECTIONS;

let cwd = '';

beforeAll(async () => {
  cwd = mkdtempSync(path.join(tmpdir(), 'glossa-export-paths-'));
  expect((await importCorpusFixture(cwd, '--data', 'data')).code).toBe(0);
  writeFileSync(path.join(cwd, 'curated.jsonl'), `${JSON.stringify(GOLD_DOCUMENT)}\n`);
  const gold = await runGlossa(cwd, ['import', 'curated.jsonl', '--project', 'policy', '--mode', 'independent', '--data', 'data']);
  expect(gold.stderr).toBe('');
}, 60_000);

afterAll(() => {
  if (cwd !== '') rmSync(cwd, { recursive: true, force: true });
});

/** The tag-column count of every token line and the token count of every document of a CoNLL file. */
function readConll(file: string): { columns: Set<number>; documents: number[] } {
  const documents: number[] = [];
  const columns = new Set<number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line === CONLL_DOCSTART) documents.push(0);
    else if (line !== '') {
      const cells = line.split(' ');
      expect(cells.slice(1, 3)).toEqual(['-X-', '_']);
      columns.add(cells.length - 3);
      documents[documents.length - 1] = (documents.at(-1) ?? 0) + 1;
    }
  }
  return { columns, documents };
}

/** What a CoNLL file must hold: every document once, each with tokens, and `columns` tag columns. */
function expectConll(file: string, documents: number, columns: number): void {
  const read = readConll(file);
  expect(read.documents).toHaveLength(documents);
  expect(read.documents.every((tokens) => tokens > 0)).toBe(true);
  expect(read.columns).toEqual(new Set([columns]));
}

const cases = exportFormatNames.flatMap((format) => (Object.keys(SELECTIONS) as Selection[]).flatMap((selection) => (['file', 'folder'] as const).map((where) => [format, selection, where] as const)));

describe('glossa export writes exactly --out', () => {
  it.each(cases)('%s, %s, to a %s path', async (format, selection, where) => {
    const adapter = getFormat(format);
    if (adapter === undefined) throw new Error(`no format ${format}`);
    const dir = path.join(cwd, `${format}-${selection.replace(' ', '-')}-${where}`);
    mkdirSync(dir);
    const name = adapter.kind === 'file' ? `dataset${adapter.extension ?? ''}` : 'dataset';
    const out = path.relative(cwd, path.join(dir, name)) + (where === 'folder' ? '/' : '');
    const run = await runGlossa(cwd, ['export', '--project', 'policy', '--format', format, '--out', out, '--data', 'data', ...SELECTIONS[selection]]);
    expect(run.code, run.stderr).toBe(0);

    // The output and its report, nothing else; a file where a file was asked for.
    expect(readdirSync(dir).sort()).toEqual([name, `${name}.report.json`]);
    const target = path.join(dir, name);
    const oneFile = adapter.kind === 'file' && where === 'file';
    expect(statSync(target).isFile()).toBe(oneFile);
    const report = JSON.parse(readFileSync(`${target}.report.json`, 'utf8')) as ExportReport;
    const root = oneFile ? dir : target;
    if (oneFile) expect(report.files.map((f) => f.path)).toEqual([name]);
    for (const file of report.files) expect(statSync(path.join(root, file.path)).size, file.path).toBe(file.bytes);
    expect(report.files.length).toBeGreaterThan(0);

    // Only real losses: the gold layer's spans are accepted, which is what a gold layer says.
    if (selection === 'one layer') expect(report.losses.map((l) => l.kind)).not.toContain('status');

    const layerColumns = selection === 'several layers' ? LAYERS.length : 1;
    if (format === 'conll' && oneFile) expectConll(target, report.documents, layerColumns);
    if (format === 'conll' && !oneFile) {
      const files = selection === 'consolidated' ? ['policy.conll'] : (selection === 'one layer' ? ['gold'] : LAYERS).map((layer) => `policy.${layer}.conll`);
      expect(readdirSync(target).sort()).toEqual(files);
      for (const file of files) expectConll(path.join(target, file), report.documents, 1);
    }
    if (format === 'w3c' && oneFile) {
      const collection = JSON.parse(readFileSync(target, 'utf8')) as { type: string; total: number; first: { type: string; items: unknown[] }; 'glossa:texts': { value: string }[] };
      expect(collection.type).toBe('AnnotationCollection');
      expect(collection.first.type).toBe('AnnotationPage');
      expect(collection.first.items).toHaveLength(collection.total);
      expect(collection['glossa:texts']).toHaveLength(report.documents);
    }
    if (format === 'w3c' && !oneFile) expect(readdirSync(target)).toEqual(expect.arrayContaining(['annotations.jsonld', 'texts']));
  });
});

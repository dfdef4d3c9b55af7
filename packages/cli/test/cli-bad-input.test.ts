/**
 * Bad flags of `glossa export` and bad files of every import format: each
 * gets a clear message and a non-zero exit, and neither the data directory
 * nor the working directory changes.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dumpDataDir, importCorpusFixture, runGlossa, treeOf, writeUnder, type Run } from './support/run-cli.js';

let cwd: string;

beforeEach(async () => {
  cwd = mkdtempSync(path.join(tmpdir(), 'glossa-cli-bad-'));
  const imported = await importCorpusFixture(cwd);
  expect(imported.code).toBe(0);
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function glossa(...argv: string[]): Promise<Run> {
  return runGlossa(cwd, argv);
}

/** Runs `argv` and checks the message, the exit code, empty stdout, and that nothing changed on disk. */
async function expectRefused(argv: readonly string[], stderr: RegExp, code: number): Promise<void> {
  const dataBefore = dumpDataDir(path.join(cwd, '.glossa'));
  const filesBefore = treeOf(cwd);
  const run = await glossa(...argv);
  expect(run.stderr).toMatch(stderr);
  expect(run.code).toBe(code);
  expect(run.stdout).toBe('');
  expect(dumpDataDir(path.join(cwd, '.glossa'))).toEqual(dataBefore);
  expect(treeOf(cwd)).toEqual(filesBefore);
}

describe('bad export flags', () => {
  const exportOf = (...rest: string[]): string[] => ['export', '--project', 'policy', ...rest];
  /** [case, argv, message, exit code, files to create first] */
  const cases: [string, string[], RegExp, number, Record<string, string>?][] = [
    ['an unknown format', exportOf('--format', 'conll2003', '--out', 'x'), /glossa export: unknown --format "conll2003"; expected one of jsonl, hf, conll, spacy, spacy-json, brat, w3c, labelstudio, doccano, webanno, csv\n/, 2],
    ['an import-only format', exportOf('--format', 'html', '--out', 'x'), /unknown --format "html" \("html" can only be imported\)/, 2],
    ['a split that does not sum to 1', exportOf('--format', 'hf', '--out', 'hf', '--split', 'train=0.8,test=0.1'), /glossa export: bad --split "train=0\.8,test=0\.1": split fractions must sum to 1, got 0\.9/, 2],
    ['a split without fractions', exportOf('--format', 'hf', '--out', 'hf', '--split', 'train,test'), /bad --split "train,test": split 'train': expected name=fraction, e\.g\. train=0\.8/, 2],
    ['a split named twice', exportOf('--format', 'hf', '--out', 'hf', '--split', 'train=0.5,train=0.5'), /split 'train' is given twice/, 2],
    ['a split for a format without splits', exportOf('--format', 'conll', '--out', 'c.conll', '--split', 'train=1'), /--split applies to --format hf, not conll/, 2],
    ['a bad seed', exportOf('--format', 'hf', '--out', 'hf', '--split', 'train=1', '--seed', '1.5'), /bad --seed "1\.5"; expected a whole number ≥ 0/, 2],
    ['a seed without a split', exportOf('--format', 'hf', '--out', 'hf', '--seed', '3'), /--seed needs --split/, 2],
    ['an unknown consolidation', exportOf('--format', 'jsonl', '--out', 'x.jsonl', '--consolidate', 'vote'), /unknown --consolidate "vote"; expected one of none, gold, majority, union, intersection/, 2],
    ['an unknown stratify group', exportOf('--format', 'hf', '--out', 'hf', '--split', 'train=0.5,test=0.5', '--stratify', 'topic'), /unknown --stratify group "topic" in the schema of project "policy"; expected one of kind, stance-on-militarization, country/, 2],
    ['a stratify group without a split', exportOf('--format', 'hf', '--out', 'hf', '--stratify', 'kind'), /--stratify needs --split/, 2],
    ['an unknown scheme', exportOf('--format', 'conll', '--out', 'c.conll', '--scheme', 'bilou'), /unknown --scheme "bilou"; expected one of bio, bioes, iob1/, 2],
    ['a scheme for a format without tags', exportOf('--format', 'brat', '--out', 'b', '--scheme', 'bio'), /--scheme applies to --format conll or hf, not brat/, 2],
    ['an unknown status', exportOf('--format', 'jsonl', '--out', 'x.jsonl', '--status', 'done'), /unknown --status "done"; expected one of proposed, accepted, rejected/, 2],
    ['parquet for another format', exportOf('--format', 'conll', '--out', 'c.conll', '--parquet'), /--parquet applies to --format hf, not conll/, 2],
    ['ents for another format', exportOf('--format', 'hf', '--out', 'hf', '--ents'), /--ents applies to --format spacy, not hf/, 2],
    ['a base URL that is not a URL', exportOf('--format', 'w3c', '--out', 'w', '--base-url', 'docs here'), /bad --base-url "docs here"; expected an absolute URL/, 2],
    ['standard output for a folder format', exportOf('--format', 'brat', '--out', '-'), /--out - \(standard output\) needs a file format; brat writes a folder/, 2],
    ['standard output for a folder form', exportOf('--format', 'conll', '--out', '-', '--folder'), /--out - \(standard output\) writes one file; --folder writes a folder/, 2],
    ['an existing non-empty folder', exportOf('--format', 'brat', '--out', 'full'), /glossa export: full is a folder that is not empty; choose a new or empty folder, or give --force/, 1, { 'full/keep.txt': 'mine' }],
    ['a file where a folder goes', exportOf('--format', 'doccano', '--out', 'taken'), /cannot write taken: it is a file; this format writes a folder/, 1, { taken: 'mine' }],
    ['a file where the folder form goes', exportOf('--format', 'w3c', '--out', 'taken', '--folder'), /cannot write taken: it is a file; this format writes a folder/, 1, { taken: 'mine' }],
    ['the folder form into a non-empty folder', exportOf('--format', 'csv', '--out', 'dir'), /glossa export: dir is a folder that is not empty; choose a new or empty folder, or give --force/, 1, { 'dir/keep.txt': 'mine' }],
    ['a missing parent folder', exportOf('--format', 'doccano', '--out', 'no/such/out'), /cannot write no\/such\/out: the folder no\/such does not exist/, 1],
    ['an unknown layer', exportOf('--format', 'conll', '--out', 'c.conll', '--layer', 'dave'), /unknown layer "dave" in project "policy"; expected one of alice, bob, carol/, 1],
    ['an unknown project', ['export', '--project', 'nope', '--format', 'conll', '--out', 'c.conll'], /unknown project "nope"; expected one of policy/, 1],
    ['a missing --format', ['export', '--project', 'policy', '--out', 'c.conll'], /glossa export: --format is required/, 2],
  ];

  it.each(cases)('refuses %s', async (_case, argv, stderr, code, files = {}) => {
    for (const [name, content] of Object.entries(files)) writeUnder(cwd, name, content);
    await expectRefused(argv, stderr, code);
  });
});

describe('bad import files', () => {
  const invalidUtf8 = new Uint8Array([0x6f, 0x6b, 0x20, 0xc3, 0x28, 0x0a]);
  const page = (items: unknown[]): string => JSON.stringify({ type: 'AnnotationPage', items });
  const annotation = (id: string, start: number, end: number, exact: string, label = 'militarization'): unknown => ({
    id,
    type: 'Annotation',
    body: { type: 'TextualBody', purpose: 'classifying', value: label },
    target: { source: 'urn:glossa:p:d', selector: [{ type: 'TextPositionSelector', start, end }, { type: 'TextQuoteSelector', exact }] },
  });
  const task = (start: number, end: number, label: string, docId = 'd'): unknown => ({
    id: 1,
    data: { text: 'a😀b', doc_id: docId },
    annotations: [{ completed_by: 'alice', result: [{ type: 'labels', from_name: 'label', to_name: 'text', value: { start, end, labels: [label] } }] }],
  });
  const tsvHeader = '#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|label\n\n\n#Text=ab\n';

  /** [format, case, files, paths to import, message] */
  const cases: [string, string, Record<string, string | Uint8Array>, string[], RegExp][] = [
    ['jsonl', 'a truncated line', { 'c.jsonl': '{"id":"d1","text":"abc","spans":[' }, ['c.jsonl'], /glossa import: 1 problem; nothing was imported:\n {2}c\.jsonl:1: /],
    ['jsonl', 'an unknown label', { 'c.jsonl': '{"id":"d1","text":"abc","spans":[{"start":0,"end":2,"label":"weather"}]}\n' }, ['c.jsonl'], /c\.jsonl:1: .*"weather"/],
    ['jsonl', 'invalid UTF-8', { 'c.jsonl': invalidUtf8 }, ['c.jsonl'], /c\.jsonl: invalid UTF-8 at byte offset 3/],
    ['doccano', 'an offset past the text', { 'alice.jsonl': '{"text":"abc","label":[[0,4,"militarization"]]}\n' }, ['alice.jsonl'], /alice\.jsonl:1: label\[0\]: end 4 is past the end of the text \(3 code points\)/],
    ['doccano', 'an unknown label', { 'dc/alice.jsonl': '{"text":"abc","label":[[0,2,"NOPE"]]}\n' }, ['dc'], /dc\/alice\.jsonl:1: .*unknown label 'NOPE': expected one of militarization/],
    ['doccano', 'start after end', { 'dc/bob.jsonl': '{"text":"abc","label":[[2,1,"militarization"]]}\n' }, ['dc'], /dc\/bob\.jsonl:1: .*expected 0 ≤ start < end/],
    ['brat', 'a quote that does not match', { 'brat/d.txt': 'a😀b', 'brat/d.ann': 'T1\tmilitarization 0 2\tab' }, ['brat'], /brat\/d\.ann:1: text: text 'ab' does not match the text at the offsets: 'a😀'/],
    ['brat', 'a missing .txt', { 'brat/d.ann': 'T1\tmilitarization 0 1\ta' }, ['brat'], /brat\/d\.ann: no d\.txt beside it/],
    ['brat', 'annotators with different texts', { 'brat/alice/d.txt': 'abc', 'brat/alice/d.ann': '', 'brat/bob/d.txt': 'abd', 'brat/bob/d.ann': '' }, ['brat'], /the text differs from another annotator's d\.txt/],
    ['brat', 'a truncated line', { 'brat/d.txt': 'abc', 'brat/d.ann': 'T1\tmilitarization 0' }, ['brat'], /brat\/d\.ann:1: data: expected 'LABEL start end/],
    ['w3c', 'a truncated page', { 'w3c/pages/p.jsonld': '{"type":"AnnotationPage","items":[', 'w3c/texts/d.txt': 'abc' }, ['w3c'], /w3c\/pages\/p\.jsonld: not valid JSON/],
    ['w3c', 'no text for a source', { 'w3c/pages/p.jsonld': page([annotation('x', 0, 1, 'a')]) }, ['w3c'], /no text for document 'd': expected texts\/d\.txt/],
    ['w3c', 'an unknown label', { 'w3c/pages/p.jsonld': page([annotation('x', 0, 1, 'a', 'NOPE')]), 'w3c/texts/d.txt': 'abc' }, ['w3c'], /w3c\/pages\/p\.jsonld: record x: .*unknown label 'NOPE'/],
    ['labelstudio', 'truncated JSON', { 't.json': '[{"data":' }, ['t.json'], /t\.json: not valid JSON/],
    ['labelstudio', 'an offset past the text', { 't.json': JSON.stringify([task(0, 7, 'militarization')]) }, ['t.json'], /t\.json: record 0: annotations\[0\]\.result\[0\]\.value\.end: end 7 is past the end of the text \(3 code points\)/],
    ['labelstudio', 'an invalid document id', { 't.json': JSON.stringify([task(0, 1, 'militarization', 'a b')]) }, ['t.json'], /t\.json: record a b: id: "a b" is not a valid document id/],
    ['conll', 'an unknown label', { 'x.conll': 'a -X- _ B-NOPE\n' }, ['x.conll'], /x\.conll:1: tag: unknown label 'NOPE'/],
    ['conll', 'a bad tag', { 'x.conll': 'a -X- _ Q-militarization\n' }, ['x.conll'], /x\.conll:1: tag: tag 'Q-militarization': expected O or B-/],
    ['conll', 'a line without a tag', { 'x.conll': 'a -X- _ O\nb\n' }, ['x.conll'], /x\.conll:2: expected at least two columns/],
    ['webanno', 'not WebAnno TSV', { 'd.tsv': 'hello\n' }, ['d.tsv'], /d\.tsv:1: expected '#FORMAT=WebAnno TSV 3\.3'/],
    ['webanno', 'an unknown label', { 'wa/alice/d.tsv': `${tsvHeader}1-1\t0-2\tab\tNOPE\n` }, ['wa'], /wa\/alice\/d\.tsv:6: label: unknown label 'NOPE'/],
    ['webanno', 'offsets not matching the token', { 'd.tsv': `${tsvHeader}1-1\t0-3\tab\t_\n` }, ['d.tsv'], /d\.tsv:6: offsets: token 'ab' has 2 UTF-16 units but offsets 0-3/],
    ['txt', 'invalid UTF-8', { 'a.txt': invalidUtf8 }, ['a.txt'], /a\.txt: invalid UTF-8 at byte offset 3/],
    ['txt', 'a file name that is no document id', { 'my notes.txt': 'x' }, ['my notes.txt'], /my notes\.txt: the document id "my notes" .* is not valid/],
    ['md', 'invalid UTF-8', { 'b.md': invalidUtf8 }, ['b.md'], /b\.md: invalid UTF-8 at byte offset 3/],
    ['html', 'invalid UTF-8', { 'c.html': invalidUtf8 }, ['c.html'], /c\.html: invalid UTF-8 at byte offset 3/],
    ['mixed', 'one bad file among good ones', { 'good.txt': 'fine', 'ok.jsonl': '{"id":"ok","text":"fine"}\n', 'bad.conll': 'a -X- _ B-NOPE\n' }, ['good.txt', 'ok.jsonl', 'bad.conll'], /1 problem; nothing was imported:\n {2}bad\.conll:1: tag: unknown label 'NOPE'/],
    ['mixed', 'the same document twice with different texts', { 'one/d.txt': 'first', 'two/d.txt': 'second' }, ['one/d.txt', 'two/d.txt'], /two\/d\.txt: record d: id: document "d" appears twice in this import \(first in one\/d\.txt\)/],
  ];

  it.each(cases)('%s: %s', async (_format, _case, files, paths, message) => {
    for (const [name, content] of Object.entries(files)) writeUnder(cwd, name, content);
    await expectRefused(['import', ...paths, '--project', 'fresh'], message, 1);
  });

  it('refuses a file over 50 MiB without reading it', async () => {
    // A sparse file: its size is over the limit without writing 50 MiB.
    const fd = openSync(path.join(cwd, 'big.txt'), 'w');
    ftruncateSync(fd, 50 * 1024 * 1024 + 1);
    closeSync(fd);
    await expectRefused(['import', 'big.txt', '--project', 'fresh'], /big\.txt: file is 52428801 bytes, over the import limit of 52428800 bytes/, 1);
  });

  it('refuses a folder whose format cannot be told', async () => {
    mkdirSync(path.join(cwd, 'odd'));
    writeUnder(cwd, 'odd/a.xyz', 'x');
    await expectRefused(['import', 'odd', '--project', 'fresh'], /odd: cannot tell the format of this folder from its files/, 1);
  });
});

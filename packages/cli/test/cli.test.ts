/**
 * The CLI round trip, run in-process with `runCli` against a temporary data
 * directory: import, export, list, and bad input that must leave the data
 * directory untouched.
 */
import { existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { parseFlags } from '../src/args.js';
import { serveFlags, serverOptionsFrom } from '../src/commands/serve.js';
import { dumpDataDir, runGlossa, writeUnder, type Run } from './support/run-cli.js';
import { REPO_ROOT } from './support/spawn-glossa.js';

const seedsDir = path.join(REPO_ROOT, 'seeds');
const seedFiles = readdirSync(seedsDir)
  .filter((f) => f.endsWith('.txt'))
  .sort();

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'glossa-cli-'));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function glossa(...argv: string[]): Promise<Run> {
  return runGlossa(cwd, argv);
}

function write(name: string, content: string): string {
  return writeUnder(cwd, name, content);
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** `[start, end)` of `quote` in `text`, in code points (its `nth` occurrence). */
function cpSpan(text: string, quote: string, nth = 0): { start: number; end: number } {
  let at = -1;
  for (let n = 0; n <= nth; n++) at = text.indexOf(quote, at + 1);
  if (at < 0) throw new Error(`fixture: "${quote}" not found`);
  const start = Array.from(text.slice(0, at)).length;
  return { start, end: start + Array.from(quote).length };
}

describe('import and export of the seed texts', () => {
  it('gives back every seed text byte for byte', async () => {
    const files = seedFiles.map((f) => path.join(seedsDir, f));
    const imported = await glossa('import', ...files, '--project', 'seeds');
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(new RegExp(`^Imported ${seedFiles.length} documents, 0 spans in no layers into project "seeds" \\(created, shared mode\\)\\.\\n$`));

    const exported = await glossa('export', '--project', 'seeds', '--format', 'jsonl', '--out', 'seeds.jsonl');
    expect(exported.stderr).toMatch(new RegExp(`^jsonl: ${seedFiles.length} documents, 0 spans, [\\d.]+ kB in 1 file, [\\d.]+ s, nothing lost\\n$`));
    expect(exported.code).toBe(0);
    const lines = jsonLines(readFileSync(path.join(cwd, 'seeds.jsonl'), 'utf8'));
    expect(lines.map((l) => l.id)).toEqual(seedFiles.map((f) => f.replace(/\.txt$/, '')));
    for (const [i, line] of lines.entries()) {
      const original = readFileSync(path.join(seedsDir, seedFiles[i]!));
      expect(Buffer.from(line.text as string, 'utf8').equals(original)).toBe(true);
      expect(line.spans).toEqual([]);
    }
  });

  it('writes to standard output with --out -', async () => {
    await glossa('import', path.join(seedsDir, seedFiles[0]!), '--project', 'seeds');
    const exported = await glossa('export', '--project', 'seeds', '--format', 'jsonl', '--out', '-');
    expect(exported.code).toBe(0);
    const [line] = jsonLines(exported.stdout);
    expect(line?.text).toBe(readFileSync(path.join(seedsDir, seedFiles[0]!), 'utf8'));
  });
});

describe('native JSONL round trip', () => {
  const emojiText = 'Ban 😀 all militarization now 👩‍👩‍👧 families\r\nCafe\u0301 police; e\u0301\u0301 drugs';
  const rtlText = 'الشرطة المجتمعية community policing\r\n\r\nשלום police reform 🇲🇽 end';
  // Canonical lines: keys in the documented order, spans in canonical order, no spaces.
  const canonical = [
    {
      id: 'a-emoji',
      text: emojiText,
      spans: [
        { id: 'a1', ...cpSpan(emojiText, 'Ban 😀 all militarization'), label: 'militarization', annotator: 'alice' },
        { id: 'b1', ...cpSpan(emojiText, '😀 all militarization now 👩‍👩‍👧'), label: 'militarization', annotator: 'bob', status: 'accepted' },
        { id: 'c1', ...cpSpan(emojiText, 'militarization now 👩‍👩‍👧 families\r\nCafe\u0301'), label: 'social-prevention', annotator: 'carol', note: 'crosses a CRLF' },
        { id: 'a2', ...cpSpan(emojiText, 'Cafe\u0301 police'), label: 'police-professionalization', annotator: 'alice' },
        { id: 'b2', ...cpSpan(emojiText, 'e\u0301\u0301 drugs'), label: 'drug-policy', annotator: 'bob', status: 'rejected' },
      ],
      annotatorLabels: { alice: { country: ['mexico'], kind: 'interview' }, bob: { kind: 'news-brief' } },
      meta: { source: 'fixture', title: 'Emoji, combining marks, CRLF' },
    },
    {
      id: 'b-rtl',
      text: rtlText,
      spans: [
        { id: 's1', ...cpSpan(rtlText, 'الشرطة المجتمعية community policing'), label: 'community-policing' },
        { id: 'c1', ...cpSpan(rtlText, 'المجتمعية community'), label: 'community-policing', annotator: 'carol' },
        { id: 'a1', ...cpSpan(rtlText, 'policing\r\n\r\nשלום police'), label: 'justice-reform', annotator: 'alice' },
        { id: 'b1', ...cpSpan(rtlText, 'police reform 🇲🇽'), label: 'police-professionalization', annotator: 'bob' },
      ],
      labels: { country: ['mexico', 'peru'] },
    },
  ];
  const corpus = canonical.map((line) => JSON.stringify(line)).join('\n') + '\n';

  it('exports exactly the lines it imported', async () => {
    write('corpus.jsonl', corpus);
    const imported = await glossa('import', 'corpus.jsonl', '--project', 'policy', '--mode', 'independent');
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toBe('Imported 2 documents, 9 spans in 4 layers (alice, bob, carol, shared) into project "policy" (created, independent mode).\n');
    const exported = await glossa('export', '--project', 'policy', '--format', 'jsonl', '--out', 'out/corpus.jsonl');
    expect(exported.code).toBe(1);
    expect(exported.stderr).toMatch(/cannot write out\/corpus.jsonl/);
    mkdirSync(path.join(cwd, 'out'));
    const again = await glossa('export', '--project', 'policy', '--format', 'jsonl', '--out', 'out/corpus.jsonl');
    expect(again.stderr).toMatch(/^jsonl: 2 documents, 9 spans, .* nothing lost\n$/);
    expect(again.code).toBe(0);
    expect(readFileSync(path.join(cwd, 'out/corpus.jsonl'), 'utf8')).toBe(corpus);
    expect(readdirSync(path.join(cwd, 'out'))).toEqual(['corpus.jsonl', 'corpus.jsonl.report.json']);
  });

  it('exports only the chosen layers', async () => {
    write('corpus.jsonl', corpus);
    await glossa('import', 'corpus.jsonl', '--project', 'policy');
    const exported = await glossa('export', '--project', 'policy', '--format', 'jsonl', '--out', '-', '--layer', 'carol', '--layer', 'shared');
    expect(exported.code).toBe(0);
    const lines = jsonLines(exported.stdout);
    const annotators = lines.map((l) => (l.spans as { annotator?: string }[]).map((s) => s.annotator ?? 'shared'));
    expect(annotators).toEqual([['carol'], ['shared', 'carol']]);
    expect(lines[0]?.annotatorLabels).toBeUndefined();
    expect(lines[1]?.labels).toEqual({ country: ['mexico', 'peru'] });
  });

  it('lists projects and documents as tables and as JSON', async () => {
    write('corpus.jsonl', corpus);
    await glossa('import', 'corpus.jsonl', '--project', 'policy', '--mode', 'independent');
    await glossa('import', path.join(seedsDir, seedFiles[2]!), '--project', 'seeds');

    const projects = await glossa('list');
    expect(projects.code).toBe(0);
    expect(projects.stdout).toBe(
      ['PROJECT  MODE         DOCUMENTS  SCHEMA', 'policy   independent  2          Public-security policy', 'seeds    shared       1          Public-security policy', ''].join('\n'),
    );

    const documents = await glossa('list', '--project', 'policy');
    expect(documents.stdout).toBe(
      [
        'Project "policy" (independent mode, schema "Public-security policy"): 2 documents',
        'DOCUMENT  CHARACTERS  LAYERS (ANNOTATIONS)',
        `a-emoji   ${String(Array.from(emojiText).length).padEnd(10)}  alice: 2, bob: 2, carol: 1`,
        `b-rtl     ${String(Array.from(rtlText).length).padEnd(10)}  alice: 1, bob: 1, carol: 1, shared: 1`,
        '',
      ].join('\n'),
    );

    const json = await glossa('list', '--json');
    expect((JSON.parse(json.stdout) as { id: string; documents: number }[]).map((p) => [p.id, p.documents])).toEqual([
      ['policy', 2],
      ['seeds', 1],
    ]);
    const docsJson = JSON.parse((await glossa('list', '--project', 'policy', '--json')).stdout) as { project: { mode: string }; documents: { id: string; layers: unknown[] }[] };
    expect(docsJson.project.mode).toBe('independent');
    expect(docsJson.documents[1]).toEqual({ id: 'b-rtl', characters: Array.from(rtlText).length, layers: [{ layer: 'alice', spans: 1 }, { layer: 'bob', spans: 1 }, { layer: 'carol', spans: 1 }, { layer: 'shared', spans: 1 }] });
  });

  it('says so when there are no projects, without creating a data directory', async () => {
    const listed = await glossa('list');
    expect(listed).toEqual({ code: 0, stdout: `No projects in ${path.join(cwd, '.glossa')}.\n`, stderr: '' });
    expect(existsSync(path.join(cwd, '.glossa'))).toBe(false);
  });

  it('uses --data, resolved against the working directory', async () => {
    write('a.txt', 'A text.');
    expect((await glossa('import', 'a.txt', '--project', 'p', '--data', 'elsewhere/db')).code).toBe(0);
    expect(existsSync(path.join(cwd, 'elsewhere/db/glossa.db'))).toBe(true);
    expect((await glossa('list', '--data', 'elsewhere/db', '--json')).stdout).toContain('"id": "p"');
    expect((await glossa('list')).stdout).toMatch(/^No projects/);
  });

  it('replaces a document with --replace and takes a schema with --schema', async () => {
    write('schema.json', JSON.stringify({ version: 1, name: 'Tiny', textColor: '#000000', groups: [], labels: [{ id: 'x', name: 'X', description: 'An x.', color: '#ffffff' }], documentLabels: [] }));
    write('d.txt', 'first version');
    expect((await glossa('import', 'd.txt', '--project', 'tiny', '--schema', 'schema.json')).code).toBe(0);
    write('d.txt', 'second version');
    const replaced = await glossa('import', 'd.txt', '--project', 'tiny', '--replace');
    expect(replaced.stdout).toBe('Imported 1 document, 1 replaced, 0 spans in no layers into project "tiny".\n');
    const exported = jsonLines((await glossa('export', '--project', 'tiny', '--format', 'jsonl', '--out', '-')).stdout);
    expect(exported.map((l) => l.text)).toEqual(['second version']);
    expect((await glossa('list')).stdout).toContain('tiny     shared  1          Tiny');
  });
});

describe('bad input', () => {
  const valid = JSON.stringify({ id: 'ok', text: 'The army patrols.', spans: [{ start: 4, end: 8, label: 'militarization', annotator: 'alice' }] });
  const cases: { name: string; files?: Record<string, string>; argv: string[]; code?: number; stderr: RegExp }[] = [
    { name: 'a missing file', argv: ['import', 'missing.txt', '--project', 'p'], stderr: /glossa import: cannot read missing.txt: no such file/ },
    { name: 'a folder of unknown files', files: { 'dir/x.xyz': 'x' }, argv: ['import', 'dir', '--project', 'p'], stderr: /glossa import: dir: cannot tell the format of this folder from its files;.* or give --format/ },
    { name: 'a folder without files of the format', files: { 'dir/x.xyz': 'x' }, argv: ['import', 'dir', '--project', 'p', '--format', 'txt'], stderr: /glossa import: dir: the folder holds no txt files/ },
    { name: 'an unknown --format', files: { 'a.txt': 'a' }, argv: ['import', 'a.txt', '--project', 'p', '--format', 'csv'], code: 2, stderr: /unknown --format "csv"; expected one of jsonl, .*brat/ },
    { name: 'an unknown extension', files: { 'a.xyz': 'a' }, argv: ['import', 'a.xyz', '--project', 'p'], stderr: /a.xyz: cannot tell the format from the extension; expected one of .txt .*, or give --format/ },
    { name: 'invalid UTF-8', files: { 'latin1.txt': '\u00ff' }, argv: ['import', 'latin1.txt', '--project', 'p'], stderr: /latin1.txt: invalid UTF-8 at byte offset 3/ },
    { name: 'a bad JSONL line', files: { 'bad.jsonl': `${valid}\n{"id": "two", "text": \n` }, argv: ['import', 'bad.jsonl', '--project', 'p'], stderr: /nothing was imported:\n {2}bad.jsonl:2: / },
    {
      name: 'a span past the text',
      files: { 'past.jsonl': JSON.stringify({ id: 'past', text: 'short', spans: [{ start: 2, end: 40, label: 'militarization' }] }) + '\n' },
      argv: ['import', 'past.jsonl', '--project', 'p'],
      stderr: /past.jsonl:1: .*spans\[0\]/,
    },
    {
      name: 'an unknown label',
      files: { 'label.jsonl': JSON.stringify({ id: 'lbl', text: 'short', spans: [{ start: 0, end: 2, label: 'weather' }] }) + '\n' },
      argv: ['import', 'label.jsonl', '--project', 'p'],
      stderr: /label.jsonl:1: .*"weather"/,
    },
    {
      name: 'an invalid annotator name',
      files: { 'who.jsonl': JSON.stringify({ id: 'who', text: 'short', spans: [{ start: 0, end: 2, label: 'militarization', annotator: 'a b' }] }) + '\n' },
      argv: ['import', 'who.jsonl', '--project', 'p'],
      stderr: /who.jsonl.*"a b"/,
    },
    { name: 'a duplicate document id', files: { 'seed.txt': 'again' }, argv: ['import', 'seed.txt', '--project', 'p'], stderr: /seed.txt: record seed: id: document "seed" already exists in project "p"/ },
    { name: 'the same id twice in one import', files: { 'x/n.txt': '1', 'y/n.txt': '2' }, argv: ['import', 'x/n.txt', 'y/n.txt', '--project', 'p'], stderr: /appears twice in this import/ },
    { name: 'an unknown --mode', files: { 'a.txt': 'a' }, argv: ['import', 'a.txt', '--project', 'q', '--mode', 'solo'], code: 2, stderr: /unknown --mode "solo"; expected one of shared, independent/ },
    { name: 'a --mode that contradicts the project', files: { 'a.txt': 'a' }, argv: ['import', 'a.txt', '--project', 'p', '--mode', 'independent'], stderr: /project "p" is in shared mode/ },
    { name: 'a bad schema file', files: { 'a.txt': 'a', 's.json': '{\n  "version": 1,\n  "name": "S",\n  "labels": [}\n' }, argv: ['import', 'a.txt', '--project', 'q', '--schema', 's.json'], stderr: /s.json:4: .*invalid JSON/ },
    { name: 'an invalid schema', files: { 'a.txt': 'a', 's.json': '{"version": 1, "name": "S", "textColor": "#000000", "groups": [], "labels": [{"id": "x"}], "documentLabels": []}' }, argv: ['import', 'a.txt', '--project', 'q', '--schema', 's.json'], stderr: /s.json:1: labels\[0\]/ },
    { name: 'a missing schema file', files: { 'a.txt': 'a' }, argv: ['import', 'a.txt', '--project', 'q', '--schema', 'nope.json'], stderr: /cannot read nope.json: no such file/ },
    { name: 'a missing --project on import', files: { 'a.txt': 'a' }, argv: ['import', 'a.txt'], code: 2, stderr: /glossa import: --project is required/ },
    { name: 'no file to import', argv: ['import', '--project', 'p'], code: 2, stderr: /no FILE given/ },
    { name: 'an invalid project id', files: { 'a.txt': 'a' }, argv: ['import', 'a.txt', '--project', 'my project'], stderr: /"my project" is not a valid project id/ },
    { name: 'an unknown flag', argv: ['import', 'a.txt', '--project', 'p', '--colour'], code: 2, stderr: /glossa import: Unknown option '--colour'/ },
    { name: 'an unknown project on export', argv: ['export', '--project', 'nope', '--format', 'jsonl', '--out', 'x.jsonl'], stderr: /unknown project "nope"; expected one of p/ },
    { name: 'an unknown layer', argv: ['export', '--project', 'p', '--format', 'jsonl', '--out', 'x.jsonl', '--layer', 'ghost'], stderr: /unknown layer "ghost" in project "p"; expected one of alice/ },
    { name: 'an unknown export format', argv: ['export', '--project', 'p', '--format', 'conll2003', '--out', 'x'], code: 2, stderr: /unknown --format "conll2003"; expected one of jsonl, hf, conll/ },
    { name: 'a missing --out', argv: ['export', '--project', 'p', '--format', 'jsonl'], code: 2, stderr: /--out is required/ },
    { name: 'a missing --project on export', argv: ['export', '--format', 'jsonl', '--out', '-'], code: 2, stderr: /glossa export: --project is required/ },
    { name: 'an export into a missing directory', argv: ['export', '--project', 'p', '--format', 'jsonl', '--out', 'no/such/dir/x.jsonl'], stderr: /cannot write no\/such\/dir\/x.jsonl/ },
    { name: 'an unknown project on list', argv: ['list', '--project', 'nope'], stderr: /unknown project "nope"; expected one of p/ },
  ];

  for (const { name, files = {}, argv, code = 1, stderr } of cases) {
    it(`reports ${name} and changes nothing`, async () => {
      write('seed.txt', 'An existing document.');
      write('ok.jsonl', valid + '\n');
      const setup = await glossa('import', 'seed.txt', 'ok.jsonl', '--project', 'p');
      expect(setup.code).toBe(0);
      for (const [file, content] of Object.entries(files)) {
        if (file === 'latin1.txt') writeFileSync(path.join(cwd, file), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
        else write(file, content);
      }
      const before = dumpDataDir(path.join(cwd, '.glossa'));
      const entriesBefore = readdirSync(cwd).sort();
      const run = await glossa(...argv);
      expect(run.stderr).toMatch(stderr);
      expect(run.code).toBe(code);
      expect(run.stdout).toBe('');
      expect(dumpDataDir(path.join(cwd, '.glossa'))).toEqual(before);
      expect(readdirSync(cwd).sort()).toEqual(entriesBefore);
    });
  }

  it('reports a missing data directory on export without creating it', async () => {
    const run = await glossa('export', '--project', 'p', '--format', 'jsonl', '--out', '-', '--data', 'nowhere');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/no Glossa data directory at .*nowhere/);
    expect(existsSync(path.join(cwd, 'nowhere'))).toBe(false);
  });
});

describe('glossa serve', () => {
  it.each([
    ['an address of no interface here', ['--host', '203.0.113.7'], /glossa serve: cannot listen on 203\.0\.113\.7 port 0: .*address/i],
    ['a host name that does not resolve', ['--host', 'no-such-host.invalid'], /glossa serve: cannot listen on no-such-host\.invalid port 0: /],
  ])('reports %s as bad input, not as an internal error', async (_what, flags, stderr) => {
    const run = await glossa('serve', ...flags, '--port', '0');
    expect(run.stderr).toMatch(stderr);
    expect(run.code).toBe(1);
  });

  it.each([
    [[], false],
    [['--fsync'], true],
  ])('with flags %j asks the server for fsync %j', (flags, fsync) => {
    const { values } = parseFlags('serve', flags, serveFlags);
    const io = { stdout: new PassThrough(), stderr: new PassThrough(), cwd, env: {} };
    expect(serverOptionsFrom('serve', values, io).fsync).toBe(fsync);
  });
});
